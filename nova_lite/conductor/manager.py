"""Conductor RPC endpoints: thin; the work is in ``conductor/build.py``.

:class:`ConductorManager` runs remotable object methods on behalf of
processes without DB access and sends back what changed.
:class:`ComputeTaskManager` orchestrates builds.
"""

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_service import periodic_task
from oslo_utils import versionutils
from oslo_versionedobjects import exception as ovo_exc

from nova_lite.conductor import build
from nova_lite.conductor import lifecycle
from nova_lite.conductor import migrate
from nova_lite.conductor import reconciler
from nova_lite.conductor import volume_reconciler
from nova_lite import exception
from nova_lite import manager
from nova_lite.network import neutron
from nova_lite.objects import base as objects_base
from nova_lite.servicegroup import api as servicegroup

LOG = logging.getLogger(__name__)

RPC_API_VERSION = '1.0'
# compute_task 1.1: migrate_server, rebuild_instance, unshelve_instance
COMPUTE_TASK_RPC_API_VERSION = '1.1'

# Raised by object methods because of what the caller asked: they go back to
# the caller without a traceback in the conductor's log.
_EXPECTED = (exception.NotFound, exception.Conflict, exception.Invalid,
             exception.ObjectActionError, ovo_exc.OrphanedObjectError)


def _changes(before, after):
    """Fields of ``after`` that differ from ``before``, as primitives."""
    updates = {}
    for name, field in after.fields.items():
        if not after.obj_attr_is_set(name):
            continue
        if (not before.obj_attr_is_set(name) or
                getattr(before, name) != getattr(after, name)):
            updates[name] = field.to_primitive(after, name,
                                               getattr(after, name))
    updates['obj_what_changed'] = after.obj_what_changed()
    return updates


class ConductorManager(manager.Manager):
    target = messaging.Target(version=RPC_API_VERSION)

    def __init__(self, conf):
        super().__init__(conf)
        self.servicegroup = servicegroup.API(conf)
        self.network_api = neutron.API(conf)
        self.set_task_spacing('reconcile_stuck_instances',
                              conf.conductor.reconcile_interval)

    @periodic_task.periodic_task(run_immediately=True)
    def reconcile_stuck_instances(self, context):
        failed, deleted = reconciler.reconcile(
            context, self.conf, self.servicegroup, self.network_api)
        recovered = reconciler.recover_actions(context, self.conf,
                                               self.servicegroup)
        if failed or deleted or recovered:
            LOG.info('Reconciler: %d stuck builds set to ERROR, %d deletes '
                     'finished, %d stuck actions ended', failed, deleted,
                     recovered)
        volume_reconciler.reconcile_volumes(context, self.conf)

    @messaging.expected_exceptions(*_EXPECTED)
    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        objclass = objects_base.NovaLiteObject.obj_class_from_name(
            objname, object_versions[objname])
        result = getattr(objclass, objmethod)(context, *args, **kwargs)
        if isinstance(result, objects_base.NovaLiteObject):
            # Answer in the version the caller knows: the serializer passes
            # a primitive through, and the caller hydrates it.
            wanted = object_versions.get(objname, result.VERSION)
            if versionutils.convert_version_to_tuple(wanted) != \
                    versionutils.convert_version_to_tuple(result.VERSION):
                result = result.obj_to_primitive(
                    target_version=wanted, version_manifest=object_versions)
        return result

    @messaging.expected_exceptions(*_EXPECTED)
    def object_action(self, context, objinst, objmethod, args, kwargs):
        before = objinst.obj_clone()
        result = getattr(objinst, objmethod)(*args, **kwargs)
        return _changes(before, objinst), result

    def object_backport_versions(self, context, objinst, object_versions):
        target = object_versions[objinst.obj_name()]
        return objinst.obj_to_primitive(target_version=target,
                                        version_manifest=object_versions)


class ComputeTaskManager:
    target = messaging.Target(namespace='compute_task',
                              version=COMPUTE_TASK_RPC_API_VERSION)

    def __init__(self, conf, host=None):
        self.conf = conf
        self.builder = build.Builder(conf, host=host or conf.host)
        self.migrator = migrate.Migrator(conf, host=host or conf.host)
        self.lifecycle = lifecycle.Lifecycle(conf, host=host or conf.host)

    def build_instances(self, context, instances, request_specs):
        self.builder.schedule_and_build(context, instances, request_specs)

    @messaging.expected_exceptions(exception.NoValidHost, exception.Conflict,
                                   exception.NotFound)
    def migrate_server(self, context, instance, flavor):
        return self.migrator.migrate_server(context, instance, flavor)

    def rebuild_instance(self, context, instance, image_ref):
        self.lifecycle.rebuild_instance(context, instance, image_ref)

    def unshelve_instance(self, context, instance):
        self.lifecycle.unshelve_instance(context, instance)
