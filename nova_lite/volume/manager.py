"""Volume RPC endpoint (topic ``volume``, server = this host): thin; the
create work is in ``volume/create.py``, the bytes in ``volume/driver.py``.

No database here: Volume/Snapshot/VolumeCapacity calls go through the
conductor.  A periodic task reports this host's capacity.
"""

import os

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_service import periodic_task

from nova_lite import exception
from nova_lite import manager
from nova_lite.objects import volume_capacity
from nova_lite.scheduler.volume import rpcapi as scheduler_rpcapi
from nova_lite.volume import create
from nova_lite.volume import driver as file_driver
from nova_lite.volume import notify

LOG = logging.getLogger(__name__)

# Version 1.0: create_volume, delete_volume, create_snapshot,
#              delete_snapshot, initialize_connection, terminate_connection
RPC_API_VERSION = '1.0'


def volumes_dir(conf, host):
    return conf.volume.volumes_dir or os.path.join(conf.state_path,
                                                   'volumes', host)


def image_dir(conf):
    return conf.image.store_dir or os.path.join(conf.state_path, 'images')


class VolumeManager(manager.Manager):
    target = messaging.Target(version=RPC_API_VERSION)

    def __init__(self, conf, host):
        super().__init__(conf)
        self.host = host
        self.driver = file_driver.FileDriver(volumes_dir(conf, host),
                                             conf.volume.capacity_gb)
        self.scheduler = scheduler_rpcapi.VolumeSchedulerAPI(conf)
        self.set_task_spacing('report_capacity',
                              conf.volume.capacity_report_interval)

    def init_host(self):
        self.driver.setup()

    def pre_start_hook(self):
        from nova_lite import context as nl_context
        self.report_capacity(nl_context.get_admin_context())

    @periodic_task.periodic_task(run_immediately=True)
    def report_capacity(self, context):
        total, free, allocated = self.driver.get_capacity()
        volume_capacity.VolumeCapacity(
            context, host=self.host, total_gb=total, free_gb=free,
            allocated_gb=allocated,
            availability_zone=self.conf.volume.storage_availability_zone
        ).report()

    def create_volume(self, context, volume, request_spec=None,
                      allow_reschedule=False):
        create.create_volume(context, self.driver, self.host, volume,
                             request_spec, allow_reschedule,
                             self.scheduler, image_dir(self.conf))

    def delete_volume(self, context, volume):
        notify.notify_volume(context, volume, 'volume.delete.start',
                             self.host)
        try:
            self.driver.delete_volume(volume)
        except Exception as exc:
            LOG.exception('Deleting volume %s failed', volume.id)
            volume.status = 'error_deleting'
            volume.status_reason = str(exc)
            volume.save()
            return
        volume.destroy()
        notify.notify_volume(context, volume, 'volume.delete.end',
                             self.host)

    def create_snapshot(self, context, snapshot):
        payload = notify.snapshot_payload(snapshot)
        notify.notify(context, self.host, 'snapshot.create.start', payload)
        try:
            self.driver.create_snapshot(snapshot)
        except Exception as exc:
            LOG.warning('Snapshot %s failed: %s', snapshot.id, exc)
            snapshot.status = 'error'
            snapshot.save()
            return
        snapshot.status = 'available'
        snapshot.progress = '100%'
        snapshot.save()
        notify.notify(context, self.host, 'snapshot.create.end',
                      notify.snapshot_payload(snapshot))

    def delete_snapshot(self, context, snapshot):
        self.driver.delete_snapshot(snapshot)
        snapshot.destroy()
        notify.notify(context, self.host, 'snapshot.delete.end',
                      notify.snapshot_payload(snapshot))

    @messaging.expected_exceptions(exception.VolumeBackendFailed)
    def initialize_connection(self, context, volume):
        return self.driver.initialize_connection(volume)

    def terminate_connection(self, context, volume):
        return {}
