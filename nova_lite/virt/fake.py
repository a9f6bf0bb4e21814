"""The fake hypervisor: guests are dict entries, resources come from config.

Failure injection (``[fake_driver] fail_spawn_name_prefix``) and a spawn
delay let tests drive the failure paths of a build.
"""

import threading
import time

from nova_lite.compute import states
from nova_lite import exception
from nova_lite.virt import driver


class FakeDriver(driver.ComputeDriver):
    def __init__(self, conf):
        self.conf = conf
        self._guests = {}
        self._lock = threading.Lock()
        self._host = None

    def init_host(self, host):
        self._host = host

    def get_available_nodes(self):
        return [self._host]

    def get_available_resource(self, nodename):
        fake = self.conf.fake_driver
        return {'vcpus': fake.vcpus, 'memory_mb': fake.memory_mb,
                'local_gb': fake.local_gb, 'hypervisor_type': 'fake',
                'hypervisor_version': 1000, 'hypervisor_hostname': nodename}

    def spawn(self, context, instance, image_meta):
        fake = self.conf.fake_driver
        if fake.spawn_delay:
            time.sleep(fake.spawn_delay)
        prefix = fake.fail_spawn_name_prefix
        if prefix and (instance.display_name or '').startswith(prefix):
            raise exception.InstanceBuildFailed(
                instance_uuid=instance.uuid,
                reason='fake driver failure injected')
        with self._lock:
            self._guests[instance.uuid] = driver.InstanceInfo(
                states.RUNNING, instance.flavor.memory_mb,
                instance.flavor.vcpus)

    def destroy(self, context, instance):
        with self._lock:
            self._guests.pop(instance.uuid, None)

    def get_info(self, instance):
        with self._lock:
            info = self._guests.get(instance.uuid)
        return info or driver.InstanceInfo(states.NOSTATE)

    def list_instances(self):
        with self._lock:
            return list(self._guests)
