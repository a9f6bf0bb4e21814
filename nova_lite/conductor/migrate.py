"""The conductor's part of cold migration and resize: choose a host.

``migrate_server`` is a *call* from the API: the caller waits for the
answer, so a NoValidHost reaches the user as a 400 and the server stays
where it was (its task state cleared here before answering).  On success
the conductor records the Migration (``pre-migrating``) and casts
``prep_resize`` to the destination; the computes carry it on
(``compute/migrate.py``).  The source host is never a destination of a
cold migration, nor of a resize unless ``allow_resize_to_same_host``.
The pass is the ``conductor_migrate_server`` event of the request.
"""

from oslo_log import log as logging
import oslo_messaging as messaging

from nova_lite.compute import action_events
from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.compute import states
from nova_lite import exception
from nova_lite.objects import migration as migration_obj
from nova_lite.objects import request_spec as spec_obj
from nova_lite.scheduler import rpcapi as scheduler_rpcapi

LOG = logging.getLogger(__name__)


class Migrator:
    def __init__(self, conf, host):
        self.conf = conf
        self.host = host
        self.scheduler = scheduler_rpcapi.SchedulerAPI(conf)
        self.compute = compute_rpcapi.ComputeAPI(conf)

    def migrate_server(self, context, instance, flavor):
        """``flavor``: the new flavor of a resize, None for a migration.
        Returns the migration's id."""
        with action_events.record(context, [instance.uuid],
                                  'conductor_migrate_server',
                                  self.host) as step:
            try:
                return self._migrate(context, instance, flavor)
            except Exception as exc:
                step.failed(exc)
                self._clear_task_state(instance)
                if isinstance(exc, messaging.MessagingTimeout):
                    raise exception.NoValidHost(
                        reason='The scheduler did not answer in time.')
                raise

    def _spec(self, context, instance, flavor, resize):
        try:
            spec = spec_obj.RequestSpec.get_by_instance_uuid(context,
                                                             instance.uuid)
        except exception.RequestSpecNotFound:
            spec = spec_obj.RequestSpec(
                context, instance_uuid=instance.uuid,
                project_id=instance.project_id, user_id=instance.user_id,
                image_ref=instance.image_ref, image_properties={},
                availability_zone=instance.availability_zone)
        spec.flavor = flavor
        same_host = resize and self.conf.allow_resize_to_same_host
        spec.ignore_hosts = [] if same_host else [instance.host]
        spec.retry_hosts = []
        spec.retry_reasons = {}
        spec.alternates = []
        spec.num_attempts = 1
        spec.num_instances = 1
        # A host forced at boot does not pin the server forever.
        hints = dict(spec.scheduler_hints)
        hints.pop('force_hosts', None)
        spec.scheduler_hints = hints
        return spec

    def _migrate(self, context, instance, flavor):
        resize = flavor is not None
        new_flavor = flavor if resize else instance.flavor
        spec = self._spec(context, instance, new_flavor, resize)
        try:
            selections = self.scheduler.select_destinations(
                context, spec, [instance.uuid])
        except exception.NoValidHost as exc:
            if not resize:
                raise exception.NoValidHost(
                    reason='No valid host found for cold migrate')
            raise exc
        chosen = selections[0][0]
        migration = migration_obj.Migration(
            context, instance_uuid=instance.uuid,
            source_compute=instance.host, source_node=instance.node,
            dest_compute=chosen['host'], dest_node=chosen['nodename'],
            dest_host=chosen['host'],
            old_instance_type_id=instance.flavor.id,
            new_instance_type_id=new_flavor.id,
            old_flavor=instance.flavor, new_flavor=new_flavor,
            old_vm_state=instance.vm_state, status='pre-migrating',
            migration_type='resize' if resize else 'migration',
            project_id=instance.project_id, user_id=instance.user_id)
        migration.create()
        LOG.info('Instance %s: %s from %s to %s (migration %d)',
                 instance.uuid, migration.migration_type, instance.host,
                 chosen['host'], migration.id)
        self.compute.prep_resize(context, instance, migration,
                                 chosen['host'])
        return migration.id

    @staticmethod
    def _clear_task_state(instance):
        try:
            instance.task_state = None
            instance.save(expected_task_state=[states.RESIZE_PREP])
        except (exception.InstanceNotFound,
                exception.UnexpectedTaskStateError) as exc:
            LOG.info('Instance %s changed meanwhile: %s', instance.uuid,
                     exc.format_message())
