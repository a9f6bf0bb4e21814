"""Compute RPC endpoint: thin.  Builds run in ``compute/build.py``.

This process has no database: every object method goes to the conductor
(indirection API set by ``nova-lite-compute`` at start).
"""

from oslo_concurrency import lockutils
from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_service import periodic_task

from nova_lite.compute import build
from nova_lite.compute import resource_tracker
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite import exception
from nova_lite import manager
from nova_lite import utils
from nova_lite.virt import driver as virt_driver

LOG = logging.getLogger(__name__)

RPC_API_VERSION = '1.0'


class ComputeManager(manager.Manager):
    target = messaging.Target(version=RPC_API_VERSION)

    def __init__(self, conf, host, driver=None):
        super().__init__(conf)
        self.host = host
        self.driver = driver or virt_driver.load_driver(conf)
        self.resource_tracker = resource_tracker.ResourceTracker(
            conf, host, self.driver)
        self.compute_task_api = conductor_rpcapi.ComputeTaskAPI(conf)
        self.set_task_spacing('update_available_resource',
                              conf.compute.update_resources_interval)

    def instance_lock(self, instance_uuid):
        """Serialises build and delete of one instance on this host."""
        return lockutils.internal_lock('instance-%s' % instance_uuid)

    def init_host(self):
        self.driver.init_host(self.host)

    def pre_start_hook(self):
        # Know our resources before the first build request can arrive.
        from nova_lite import context as nl_context
        self.resource_tracker.update_available_resource(
            nl_context.get_admin_context())

    def build_and_run_instance(self, context, instance, node, request_spec):
        """Cast: start the build in the background, free the RPC worker."""
        task = build.BuildTask(self, context, instance, request_spec, node)
        utils.spawn(task.run)

    def terminate_instance(self, context, instance):
        with self.instance_lock(instance.uuid):
            self.driver.destroy(context, instance)
            if instance.node:
                self.resource_tracker.drop_claim(context, instance,
                                                 instance.node)
            try:
                instance.destroy()
            except exception.InstanceNotFound:
                pass
            LOG.info('Instance %s deleted', instance.uuid)

    @periodic_task.periodic_task(run_immediately=False)
    def update_available_resource(self, context):
        self.resource_tracker.update_available_resource(context)
