"""The compute API as the REST layer uses it: create and delete servers.

Runs in the API process (it has the DB): it validates against the flavor
and image, writes the Instance and RequestSpec records, and casts to the
conductor; delete casts to the instance's compute host, or deletes the
record at once when no host holds it yet.
"""

from oslo_log import log as logging
from oslo_utils import uuidutils

from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.compute import states
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite import exception
from nova_lite.objects import flavor as flavor_obj
from nova_lite.objects import image as image_obj
from nova_lite.objects import instance as instance_obj
from nova_lite.objects import request_spec as spec_obj
from nova_lite.objects import service as service_obj
from nova_lite.servicegroup import api as servicegroup

LOG = logging.getLogger(__name__)


class API:
    def __init__(self, conf):
        self.conf = conf
        self.compute_task_api = conductor_rpcapi.ComputeTaskAPI(conf)
        self.compute_rpcapi = compute_rpcapi.ComputeAPI(conf)
        self.servicegroup = servicegroup.API(conf)

    def _image(self, context, image_ref):
        if not image_ref:
            raise exception.Invalid(
                'Cannot boot without an image: booting from volume is not '
                'supported.')
        try:
            image = image_obj.Image.get_by_id(context, image_ref)
        except exception.ImageNotFound:
            raise exception.Invalid('Image %s could not be found.' %
                                    image_ref)
        if image.status != 'active':
            raise exception.Invalid('Image %s is not active.' % image_ref)
        return image

    def _flavor(self, context, flavor_ref):
        try:
            flavor = flavor_obj.Flavor.get_by_flavor_id(context,
                                                        str(flavor_ref))
        except exception.FlavorNotFound:
            raise exception.Invalid('Flavor %s could not be found.' %
                                    flavor_ref)
        if flavor.disabled:
            raise exception.Invalid('Flavor %s is disabled.' % flavor_ref)
        return flavor

    def create(self, context, name, image_ref, flavor_ref, min_count=1,
               max_count=1, metadata=None, description=None,
               availability_zone=None, user_data=None, config_drive=None,
               forced_host=None, scheduler_hints=None):
        """Create the records and cast the build; returns the instances."""
        flavor = self._flavor(context, flavor_ref)
        image = self._image(context, image_ref)
        if image.min_ram and flavor.memory_mb < image.min_ram:
            raise exception.Invalid('Flavor\'s memory is too small for '
                                    'requested image.')
        if image.min_disk and flavor.root_gb and \
                flavor.root_gb < image.min_disk:
            raise exception.Invalid('Flavor\'s disk is too small for '
                                    'requested image.')
        reservation_id = 'r-' + uuidutils.generate_uuid()[:8]
        count = max_count
        instances, specs = [], []
        for index in range(count):
            display_name = name if count == 1 else '%s-%d' % (name,
                                                              index + 1)
            instance = instance_obj.Instance(
                context, uuid=uuidutils.generate_uuid(),
                user_id=context.user_id, project_id=context.project_id,
                display_name=display_name, display_description=description,
                hostname=_hostname(display_name), image_ref=image.id,
                flavor=flavor, memory_mb=flavor.memory_mb,
                vcpus=flavor.vcpus, root_gb=flavor.root_gb,
                ephemeral_gb=flavor.ephemeral_gb,
                vm_state=states.BUILDING, task_state=states.SCHEDULING,
                power_state=states.NOSTATE,
                availability_zone=availability_zone,
                reservation_id=reservation_id, launch_index=index,
                metadata=metadata or {}, user_data=user_data,
                config_drive=config_drive or '')
            spec = spec_obj.RequestSpec(
                context, instance_uuid=instance.uuid,
                project_id=context.project_id, user_id=context.user_id,
                flavor=flavor, image_ref=image.id,
                image_properties=image.properties,
                availability_zone=availability_zone, num_instances=count,
                ignore_hosts=[], retry_hosts=[], num_attempts=0,
                scheduler_hints=dict(scheduler_hints or {}, **(
                    {'force_hosts': [forced_host]} if forced_host else {})))
            instances.append(instance)
            specs.append(spec)
        created = []
        try:
            for instance, spec in zip(instances, specs):
                instance.create()
                created.append(instance)
                spec.create()
        except Exception:
            # Never leave half a batch behind.
            for instance in created:
                try:
                    instance.destroy()
                except exception.InstanceNotFound:
                    pass
            raise
        self.compute_task_api.build_instances(context, instances=instances,
                                              request_specs=specs)
        return instances, reservation_id

    def get(self, context, uuid, expected_attrs=None):
        return instance_obj.Instance.get_by_uuid(
            context, uuid, expected_attrs=expected_attrs)

    def get_all(self, context, filters, sort_key, sort_dir, limit, marker,
                expected_attrs=None):
        return instance_obj.InstanceList.get_by_filters(
            context, filters, sort_key=sort_key, sort_dir=sort_dir,
            limit=limit, marker=marker, expected_attrs=expected_attrs)

    def _host_is_up(self, context, host):
        try:
            service = service_obj.Service.get_by_host_and_binary(
                context.elevated(), host, 'nova-lite-compute')
        except exception.ServiceNotFound:
            return False
        return self.servicegroup.service_is_up(service)

    def delete(self, context, instance):
        if not instance.host or not self._host_is_up(context, instance.host):
            # Not on a (living) compute: the record goes now.  A build that
            # claims it later finds it gone and cleans up.
            instance.destroy()
            LOG.info('Instance %s deleted before reaching a host',
                     instance.uuid)
            return
        instance.task_state = states.DELETING
        try:
            instance.save(expected_task_state=[None, states.SPAWNING,
                                               states.SCHEDULING,
                                               states.DELETING])
        except exception.UnexpectedTaskStateError as exc:
            raise exception.Conflict(reason=exc.format_message())
        self.compute_rpcapi.terminate_instance(context, instance)


def _hostname(display_name):
    """A DNS-safe hostname from the display name, as Nova sanitises it."""
    allowed = []
    for char in display_name.lower().replace(' ', '-').replace('_', '-'):
        if char.isalnum() and char.isascii() or char in '-.':
            allowed.append(char)
    hostname = ''.join(allowed).strip('.-')[:63]
    return hostname or 'server'
