"""The fake hypervisor: guests are dict entries, resources come from config.

Several nodes per host (``[fake_driver] nodes``) imitate a driver like
ironic's.  Failure injection (``fail_spawn_name_prefix``) and a spawn delay
let tests drive the failure paths of a build.  Plugging a VIF makes the
host's network agent report it up after ``vif_plug_delay`` (never when
``plug_vifs`` is False: a broken agent), from a background thread, as the
event arrives later than the plug in a real cloud.  Power actions flip
the guest's state; :meth:`FakeDriver.crash_guest` stops a guest "on its
own", behind the compute manager's back.
"""

import threading
import time

from nova_lite.compute import states
from nova_lite import exception
from nova_lite.network import agent as network_agent
from nova_lite import utils
from nova_lite.virt import driver


class FakeDriver(driver.ComputeDriver):
    def __init__(self, conf, agent=None):
        self.conf = conf
        self._guests = {}
        # uuid -> {mountpoint: connection_info} of attached volumes
        self.volumes = {}
        self._lock = threading.Lock()
        self._host = None
        self._agent = agent

    def init_host(self, host):
        self._host = host

    @property
    def agent(self):
        """This host's network agent (made at first use: needs RPC)."""
        if self._agent is None:
            self._agent = network_agent.NetworkAgent(self.conf, self._host)
        return self._agent

    def get_available_nodes(self):
        count = self.conf.fake_driver.nodes
        if count == 1:
            return [self._host]
        return ['%s-node%d' % (self._host, i) for i in range(1, count + 1)]

    def get_available_resource(self, nodename):
        fake = self.conf.fake_driver
        return {'vcpus': fake.vcpus, 'memory_mb': fake.memory_mb,
                'local_gb': fake.local_gb, 'hypervisor_type': 'fake',
                'hypervisor_version': 1000, 'hypervisor_hostname': nodename,
                'cpu_arch': fake.cpu_arch}

    def spawn(self, context, instance, image_meta, network_info,
              paused=False):
        fake = self.conf.fake_driver
        if fake.spawn_delay:
            time.sleep(fake.spawn_delay)
        prefix = fake.fail_spawn_name_prefix
        if prefix and (instance.display_name or '').startswith(prefix):
            raise exception.InstanceBuildFailed(
                instance_uuid=instance.uuid,
                reason='fake driver failure injected on %s' % self._host)
        with self._lock:
            self._guests[instance.uuid] = driver.InstanceInfo(
                states.PAUSED if paused else states.RUNNING,
                instance.flavor.memory_mb, instance.flavor.vcpus)
        self._plug_vifs(network_info or [])

    def _plug_vifs(self, network_info):
        fake = self.conf.fake_driver
        ports = [vif['id'] for vif in network_info]
        if not ports or not fake.plug_vifs:
            return

        def report():
            if fake.vif_plug_delay:
                time.sleep(fake.vif_plug_delay)
            for port_id in ports:
                self.agent.device_up(port_id)
        utils.spawn(report)

    def _set_state(self, instance, state):
        with self._lock:
            info = self._guests.get(instance.uuid)
            if info is None:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            info.state = state

    def unpause(self, context, instance):
        self._set_state(instance, states.RUNNING)

    def power_off(self, context, instance):
        self._set_state(instance, states.SHUTDOWN)

    def power_on(self, context, instance):
        self._set_state(instance, states.RUNNING)

    def reboot(self, context, instance, reboot_type):
        self._set_state(instance, states.RUNNING)

    def crash_guest(self, uuid, state=states.SHUTDOWN):
        """Test hook: the guest stops by itself (the OS shut down, the
        hypervisor lost it)."""
        with self._lock:
            self._guests[uuid].state = state

    def destroy(self, context, instance, network_info=None):
        with self._lock:
            existed = self._guests.pop(instance.uuid, None) is not None
            self.volumes.pop(instance.uuid, None)  # its disks went too
        if existed and self.conf.fake_driver.plug_vifs:
            for vif in network_info or []:
                self.agent.device_down(vif['id'])

    def get_info(self, instance):
        with self._lock:
            info = self._guests.get(instance.uuid)
        return info or driver.InstanceInfo(states.NOSTATE)

    def list_instances(self):
        with self._lock:
            return list(self._guests)

    def get_console_output(self, context, instance):
        """A boot log as a real guest would print, one line a state."""
        info = self.get_info(instance)
        if info.state == states.NOSTATE:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        return ('fake guest %s booting on %s\n'
                'login prompt of %s\n' % (instance.uuid, self._host,
                                           instance.display_name))

    def attach_volume(self, context, instance, connection_info,
                      mountpoint):
        with self._lock:
            if instance.uuid not in self._guests:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            self.volumes.setdefault(instance.uuid, {})[mountpoint] = \
                connection_info

    def detach_volume(self, context, instance, mountpoint):
        with self._lock:
            self.volumes.get(instance.uuid, {}).pop(mountpoint, None)

    def guest_usage(self, uuid):
        """(vcpus, memory_mb) a guest uses, known or not to nova_lite."""
        with self._lock:
            info = self._guests.get(uuid)
        return (info.vcpus, info.memory_mb) if info else (0, 0)

    def add_guest(self, uuid, memory_mb, vcpus):
        """A guest nova_lite did not create (orphans, tests)."""
        with self._lock:
            self._guests[uuid] = driver.InstanceInfo(states.RUNNING,
                                                     memory_mb, vcpus)
