"""Clients of the conductor's two RPC APIs (topic ``conductor``).

* :class:`ConductorAPI` (default namespace): object indirection. Processes
  without DB access set an instance of it as
  ``NovaLiteObject.indirection_api``.
* :class:`ComputeTaskAPI` (namespace ``compute_task``): build orchestration.
"""

import oslo_messaging as messaging
from oslo_versionedobjects import base as ovo_base

from nova_lite import exception
from nova_lite import rpc

TOPIC = 'conductor'
RPC_API_VERSION = '1.0'
COMPUTE_TASK_NAMESPACE = 'compute_task'
COMPUTE_TASK_RPC_API_VERSION = '1.1'


class ConductorAPI(ovo_base.VersionedObjectIndirectionAPI):
    # Version 1.0: object_class_action_versions, object_action,
    #              object_backport_versions

    def __init__(self, conf):
        target = messaging.Target(topic=TOPIC, version=RPC_API_VERSION)
        self.client = rpc.get_client(target,
                                     rpc.version_cap(conf, 'conductor'))

    def _prepare(self):
        # a heartbeat's object save asks for a shorter timeout
        return self.client.prepare(version='1.0',
                                   timeout=rpc.timeout_override())

    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        cctxt = self._prepare()
        return cctxt.call(context, 'object_class_action_versions',
                          objname=objname, objmethod=objmethod,
                          object_versions=object_versions,
                          args=args, kwargs=kwargs)

    def object_action(self, context, objinst, objmethod, args, kwargs):
        cctxt = self._prepare()
        return cctxt.call(context, 'object_action', objinst=objinst,
                          objmethod=objmethod, args=args, kwargs=kwargs)

    def object_backport_versions(self, context, objinst, object_versions):
        cctxt = self._prepare()
        return cctxt.call(context, 'object_backport_versions',
                          objinst=objinst, object_versions=object_versions)


class ComputeTaskAPI:
    # Version 1.0: build_instances
    # Version 1.1: migrate_server (call), rebuild_instance,
    #              unshelve_instance

    def __init__(self, conf):
        target = messaging.Target(topic=TOPIC,
                                  namespace=COMPUTE_TASK_NAMESPACE,
                                  version=COMPUTE_TASK_RPC_API_VERSION)
        self.client = rpc.get_client(target,
                                     rpc.version_cap(conf, 'conductor'))

    def build_instances(self, context, instances, request_specs):
        """Cast: schedule and build ``instances`` (one spec each)."""
        cctxt = self.client.prepare(version='1.0')
        cctxt.cast(context, 'build_instances', instances=instances,
                   request_specs=request_specs)

    def can_move(self):
        """Whether the version cap lets migrate_server, rebuild_instance
        and unshelve_instance through (1.1)."""
        return self.client.can_send_version('1.1')

    def _prepare11(self, method):
        if not self.client.can_send_version('1.1'):
            raise exception.Conflict(
                reason='conductor compute-task RPC is capped below 1.1: '
                       '%s is not available during this upgrade' % method)
        return self.client.prepare(version='1.1')

    def migrate_server(self, context, instance, flavor):
        """Call: schedule a cold migration (``flavor`` None) or a resize
        and start it; NoValidHost when no host fits (nothing changed)."""
        return self._prepare11('migrate_server').call(
            context, 'migrate_server', instance=instance, flavor=flavor)

    def rebuild_instance(self, context, instance, image_ref):
        """Cast: rebuild ``instance`` from ``image_ref`` on its host."""
        self._prepare11('rebuild_instance').cast(
            context, 'rebuild_instance', instance=instance,
            image_ref=image_ref)

    def unshelve_instance(self, context, instance):
        """Cast: start a shelved instance, or schedule an offloaded one."""
        self._prepare11('unshelve_instance').cast(
            context, 'unshelve_instance', instance=instance)
