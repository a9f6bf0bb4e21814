"""The compute API as the REST layer uses it: create, update, delete and
power actions on servers.

Runs in the API process (it has the DB): it validates against the flavor
and image, writes the Instance and RequestSpec records, and casts to the
conductor; delete casts to the instance's compute host, or deletes the
record at once when no host holds it yet.  Stop, start and reboot move the
instance to their task state with a compare-and-swap (of two racing
actions one wins, the other is a 409) and cast to the compute.  Every
action accepted is recorded as an instance action under the request id,
before the cast, so the services' events of the request find it.
"""

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_utils import uuidutils

from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.compute import states
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite.db import api as db_api
from nova_lite import exception
from nova_lite.network import neutron
from nova_lite import notifications
from nova_lite.objects import flavor as flavor_obj
from nova_lite.objects import image as image_obj
from nova_lite.objects import instance as instance_obj
from nova_lite.objects import instance_action
from nova_lite.objects import migration as migration_obj
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
        self.network_api = neutron.API(conf)

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
               forced_host=None, scheduler_hints=None,
               requested_networks=None):
        """Create the records and cast the build; returns the instances.

        ``requested_networks``: the request's ``networks`` (None when not
        given, ``'auto'``, ``'none'`` or a list); resolved against the
        network service here, so a bad network is a 4xx now, not an ERROR
        later.
        """
        count = max_count
        # Before the transaction: no connection held across the network
        # service's answer.
        networks = self.network_api.validate_networks(
            context, requested_networks, count)
        reservation_id = 'r-' + uuidutils.generate_uuid()[:8]
        # The reads and the batch (instances, request specs, actions) in
        # one transaction: one commit per POST, never half a batch behind.
        with db_api.writing(context):
            flavor = self._flavor(context, flavor_ref)
            image = self._image(context, image_ref)
            _check_fits(flavor, image)
            instances, specs = [], []
            for index in range(count):
                display_name = name if count == 1 else '%s-%d' % (
                    name, index + 1)
                instance = instance_obj.Instance(
                    context, uuid=uuidutils.generate_uuid(),
                    user_id=context.user_id, project_id=context.project_id,
                    display_name=display_name,
                    display_description=description,
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
                    availability_zone=availability_zone,
                    num_instances=count, ignore_hosts=[], retry_hosts=[],
                    num_attempts=0, requested_networks=networks,
                    scheduler_hints=dict(scheduler_hints or {}, **(
                        {'force_hosts': [forced_host]} if forced_host
                        else {})))
                instance.create()
                spec.create()
                _record_action(context, instance, 'create')
                instances.append(instance)
                specs.append(spec)
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
            # (an offloaded server has ports, unbound, and no host)
            has_ports = instance.host or \
                instance.vm_state == states.SHELVED_OFFLOADED
            _record_action(context, instance, 'delete')
            with notifications.notify_action(context, instance, 'delete',
                                             self.conf.host,
                                             binary='nova-api'):
                instance.destroy()
            LOG.info('Instance %s deleted without its compute (%s)',
                     instance.uuid, instance.host or 'no host')
            if has_ports:
                self._release_ports(context, instance)
            return
        instance.task_state = states.DELETING
        try:
            instance.save(expected_task_state=[None, states.SPAWNING,
                                               states.SCHEDULING,
                                               states.DELETING])
        except exception.UnexpectedTaskStateError as exc:
            raise exception.Conflict(reason=exc.format_message())
        _record_action(context, instance, 'delete')
        if instance.vm_state == states.RESIZED:
            self._confirm_before_delete(context, instance)
        self.compute_rpcapi.terminate_instance(context, instance)

    def _confirm_before_delete(self, context, instance):
        """A server waiting for confirm is confirmed first, as in Nova:
        the source host drops the old guest and frees its resources."""
        for migration in migration_obj.MigrationList.get_by_filters(
                context.elevated(), {'instance_uuid': instance.uuid,
                                     'status': ['finished']}):
            try:
                migration.status = 'confirming'
                migration.save(expected_status='finished')
            except exception.MigrationStatusConflict:
                continue
            self.compute_rpcapi.confirm_resize(context, instance, migration)

    def update(self, context, instance, **values):
        """Rename, or change the description (``display_name``,
        ``display_description``)."""
        for name, value in values.items():
            setattr(instance, name, value)
        instance.save()
        return instance

    def _begin(self, context, instance, action, allowed, task_state,
               needs_host=True):
        """Compare-and-swap the instance into ``task_state``.

        ``allowed``: (vm_states, task_states) the action may start from.
        Raises InstanceInvalidState (409) naming the state in the way.
        """
        vm_states, task_states = allowed
        if needs_host and not instance.host or \
                instance.vm_state not in vm_states:
            raise exception.InstanceInvalidState(
                action=action, instance_uuid=instance.uuid,
                attr='vm_state', state=instance.vm_state)
        if not self.compute_rpcapi.can_power_action():
            raise exception.Conflict(
                reason='compute RPC is capped below 1.2: %s is not '
                       'available during this upgrade' % action)
        if action not in ('stop', 'start', 'reboot') and not (
                self.compute_rpcapi.can_move() and
                self.compute_task_api.can_move()):
            raise exception.Conflict(
                reason='compute RPC is capped below 1.3 or compute-task '
                       'RPC below 1.1: %s is not available during this '
                       'upgrade' % action)
        instance.task_state = task_state
        try:
            instance.save(expected_task_state=list(task_states),
                          expected_vm_state=list(vm_states))
        except exception.UnexpectedTaskStateError:
            instance = self.get(context, instance.uuid)
            attr = 'vm_state' if instance.vm_state not in vm_states \
                else 'task_state'
            raise exception.InstanceInvalidState(
                action=action, instance_uuid=instance.uuid, attr=attr,
                state=getattr(instance, attr))
        _record_action(context, instance, action)

    def stop(self, context, instance):
        self._begin(context, instance, 'stop', states.ALLOWED['stop'],
                    states.POWERING_OFF)
        self.compute_rpcapi.stop_instance(context, instance)

    def start(self, context, instance):
        self._begin(context, instance, 'start', states.ALLOWED['start'],
                    states.POWERING_ON)
        self.compute_rpcapi.start_instance(context, instance)

    def reboot(self, context, instance, reboot_type):
        if reboot_type == 'HARD':
            allowed, task_state = states.ALLOWED['reboot_hard'], \
                states.REBOOTING_HARD
        else:
            allowed, task_state = states.ALLOWED['reboot_soft'], \
                states.REBOOTING
        self._begin(context, instance, 'reboot', allowed, task_state)
        self.compute_rpcapi.reboot_instance(context, instance,
                                            reboot_type=reboot_type)

    # -- cold migration and resize ----------------------------------------

    def migrate(self, context, instance):
        self._move(context, instance, 'migrate', None)

    def resize(self, context, instance, flavor_ref):
        flavor = self._flavor(context, flavor_ref)
        if flavor.flavorid == instance.flavor.flavorid:
            raise exception.Invalid(
                'When resizing, instances must change flavor!')
        if not flavor.root_gb and instance.flavor.root_gb:
            raise exception.Invalid(
                'Resize to zero disk flavor is not allowed.')
        self._move(context, instance, 'resize', flavor)

    def _move(self, context, instance, action, flavor):
        """The conductor answers (a call) before the API does: a
        NoValidHost is a 400 and the server stays where it is."""
        self._begin(context, instance, action, states.ALLOWED[action],
                    states.RESIZE_PREP)
        try:
            self.compute_task_api.migrate_server(context, instance, flavor)
        except exception.NoValidHost as exc:
            raise exception.Invalid(exc.format_message())
        except messaging.MessagingTimeout:
            self._clear(instance, states.RESIZE_PREP)
            raise exception.Conflict(
                reason='The conductor did not answer in time; %s of %s '
                       'was not started.' % (action, instance.uuid))

    @staticmethod
    def _clear(instance, task_state):
        try:
            instance.task_state = None
            instance.save(expected_task_state=[task_state])
        except (exception.InstanceNotFound,
                exception.UnexpectedTaskStateError):
            pass

    def _finished_migration(self, context, instance, action):
        if instance.vm_state != states.RESIZED:
            raise exception.InstanceInvalidState(
                action=action, instance_uuid=instance.uuid,
                attr='vm_state', state=instance.vm_state)
        found = migration_obj.MigrationList.get_by_filters(
            context.elevated(), {'instance_uuid': instance.uuid,
                                 'status': ['finished']})
        if not found:
            raise exception.Invalid('Instance has not been resized.')
        return found[0]

    def confirm_resize(self, context, instance):
        migration = self._finished_migration(context, instance,
                                             'confirmResize')
        self._begin(context, instance, 'confirmResize',
                    states.ALLOWED['confirmResize'],
                    states.RESIZE_CONFIRMING)
        migration.status = 'confirming'
        migration.save(expected_status='finished')
        self.compute_rpcapi.confirm_resize(context, instance, migration)

    def revert_resize(self, context, instance):
        migration = self._finished_migration(context, instance,
                                             'revertResize')
        self._begin(context, instance, 'revertResize',
                    states.ALLOWED['revertResize'],
                    states.RESIZE_REVERTING)
        migration.status = 'reverting'
        migration.save(expected_status='finished')
        self.compute_rpcapi.revert_resize(context, instance, migration)

    # -- rebuild, shelve ---------------------------------------------------

    def rebuild(self, context, instance, image_ref, **values):
        """Cast through the conductor; returns the instance as the API
        answers it (new image, name, metadata, status REBUILD)."""
        image = self._image(context, image_ref)
        if image.min_ram and instance.flavor.memory_mb < image.min_ram:
            raise exception.Invalid('Flavor\'s memory is too small for '
                                    'requested image.')
        self._begin(context, instance, 'rebuild', states.ALLOWED['rebuild'],
                    states.REBUILDING)
        instance.image_ref = image.id
        for name, value in values.items():
            setattr(instance, name, value)
        instance.save(expected_task_state=[states.REBUILDING])
        self.compute_task_api.rebuild_instance(context, instance, image.id)
        return instance

    def shelve(self, context, instance):
        self._begin(context, instance, 'shelve', states.ALLOWED['shelve'],
                    states.SHELVING)
        self.compute_rpcapi.shelve_instance(
            context, instance, offload=self.conf.shelved_offload_time == 0)

    def shelve_offload(self, context, instance):
        self._begin(context, instance, 'shelveOffload',
                    states.ALLOWED['shelveOffload'],
                    states.SHELVING_OFFLOADING)
        self.compute_rpcapi.shelve_offload_instance(context, instance)

    def unshelve(self, context, instance):
        self._begin(context, instance, 'unshelve', states.ALLOWED['unshelve'],
                    states.UNSHELVING, needs_host=False)
        self.compute_task_api.unshelve_instance(context, instance)

    def update_metadata(self, context, instance, metadata, delete=False):
        """Merge ``metadata`` into the server's (replace all when
        ``delete``); returns the result."""
        current = {} if delete else dict(instance.metadata)
        current.update(metadata)
        instance.metadata = current
        instance.save()
        return current

    def delete_metadata_item(self, context, instance, key):
        current = dict(instance.metadata)
        if key not in current:
            raise exception.NotFound('Metadata item was not found')
        del current[key]
        instance.metadata = current
        instance.save()
    def get_console_output(self, context, instance, tail_length=None):
        """The guest's console log, asked of its compute (a call)."""
        if not instance.host or instance.vm_state not in (
                states.ACTIVE, states.STOPPED):
            raise exception.InstanceInvalidState(
                action='os-getConsoleOutput', instance_uuid=instance.uuid,
                attr='vm_state', state=instance.vm_state)
        return self.compute_rpcapi.get_console_output(
            context, instance, tail_length=tail_length)

    def _release_ports(self, context, instance):
        """Ports of an instance whose compute is down: freed here."""
        try:
            self.network_api.deallocate_for_instance(context, instance)
        except (exception.NetworkServiceUnavailable,
                exception.NetworkRequestFailed) as exc:
            LOG.warning('Could not release the ports of %s: %s',
                        instance.uuid, exc.format_message())

    def external_instance_event(self, context, instances, events):
        """Cast each compute host the events of its instances, once."""
        by_uuid = {instance.uuid: instance for instance in instances}
        per_host = {}
        for event in events:
            instance = by_uuid[event.instance_uuid]
            if not instance.host:
                # The REST layer answers 422 for these; never cast to a
                # topic without a server (any compute would get it).
                LOG.warning('Event %s of instance %s dropped: no host',
                            event.key, instance.uuid)
                continue
            host_instances, host_events = per_host.setdefault(
                instance.host, ({}, []))
            host_instances[instance.uuid] = instance
            host_events.append(event)
        for host, (host_instances, host_events) in per_host.items():
            self.compute_rpcapi.external_instance_event(
                context, host=host, instances=list(host_instances.values()),
                events=host_events)


def _check_fits(flavor, image):
    if image.min_ram and flavor.memory_mb < image.min_ram:
        raise exception.Invalid('Flavor\'s memory is too small for '
                                'requested image.')
    if image.min_disk and flavor.root_gb and \
            flavor.root_gb < image.min_disk:
        raise exception.Invalid('Flavor\'s disk is too small for '
                                'requested image.')


def _record_action(context, instance, action):
    """The instance action the services' events of this request join."""
    instance_action.InstanceAction.action_start(context, instance.uuid,
                                                action)


def _hostname(display_name):
    """A DNS-safe hostname from the display name, as Nova sanitises it."""
    allowed = []
    for char in display_name.lower().replace(' ', '-').replace('_', '-'):
        if char.isalnum() and char.isascii() or char in '-.':
            allowed.append(char)
    hostname = ''.join(allowed).strip('.-')[:63]
    return hostname or 'server'
