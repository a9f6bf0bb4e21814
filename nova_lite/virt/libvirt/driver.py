"""The libvirt virt driver: real QEMU guests on this host.

spawn: the image (and its kernel/ramdisk, for direct kernel boot) comes
from the image cache; the root disk is a qcow2 overlay in the instance
directory ``<instances_path>/<uuid>`` beside the serial console log; the
VIFs' bridges are made; the domain is defined and started -- paused when
the build waits for ``network-vif-plugged`` -- and the network agent is
told which ports to watch for.  destroy removes domain, taps and the
instance directory.  Domains are named ``instance-<uuid>`` and carry the
owning host in their metadata: other domains on the same libvirtd (another
compute's, anyone's) are never listed.
"""

import os
import shutil
import time
import xml.etree.ElementTree as ET

import netaddr
from oslo_log import log as logging

from nova_lite.compute import states
from nova_lite import exception
from nova_lite.network import agent as network_agent
from nova_lite.virt import driver
from nova_lite.virt.libvirt import config as vconfig
from nova_lite.virt.libvirt import host as vhost
from nova_lite.virt.libvirt import imagecache
from nova_lite.virt.libvirt import vif
from nova_lite.virt.libvirt import volume as lv_volume

LOG = logging.getLogger(__name__)

NAME_PREFIX = 'instance-'
# Nova's limit of what os-getConsoleOutput returns.
MAX_CONSOLE_BYTES = 100 * 1024
CONNECT_TIMEOUT = 60

# libvirt's virDomainState -> power state
_POWER_STATE = {0: states.NOSTATE, 1: states.RUNNING, 2: states.RUNNING,
                3: states.PAUSED, 4: states.SHUTDOWN, 5: states.SHUTDOWN,
                6: states.CRASHED, 7: states.SUSPENDED}


def power_state(libvirt_state):
    return _POWER_STATE.get(libvirt_state, states.NOSTATE)


def domain_name(uuid):
    return NAME_PREFIX + uuid


def ip_argument(network_info):
    """The kernel's ``ip=`` argument for the first VIF's first IPv4
    address (a direct-kernel-boot guest has no DHCP client to ask)."""
    for vif_info in network_info or []:
        for subnet in vif_info.get('network', {}).get('subnets', []):
            for ip in subnet.get('ips', []):
                if ip.get('version', 4) != 4:
                    continue
                net = netaddr.IPNetwork(subnet['cidr'])
                return 'ip=%s::%s:%s::eth0:off' % (
                    ip['address'], subnet.get('gateway') or '', net.netmask)
    return None


def guest_config(conf, instance, image_meta, paths, vifs,
                 network_info=None):
    """The :class:`GuestConfig` of ``instance``; ``paths`` has the local
    files: ``disk``, ``kernel``, ``ramdisk``, ``console``."""
    props = image_meta.get('properties', image_meta)
    kernel = paths.get('kernel')
    cmdline = None
    if kernel:
        cmdline = vconfig.kernel_cmdline(props.get('os_command_line'))
        ip_arg = ip_argument(network_info)
        if ip_arg and ' ip=' not in ' ' + cmdline:
            cmdline += ' ' + ip_arg
    return vconfig.GuestConfig(
        uuid=instance.uuid, name=domain_name(instance.uuid),
        memory_mb=instance.flavor.memory_mb, vcpus=instance.flavor.vcpus,
        virt_type=conf.libvirt.virt_type, disk_path=paths.get('disk'),
        kernel_path=kernel, ramdisk_path=paths.get('ramdisk'),
        cmdline=cmdline,
        console_log=paths.get('console'), vifs=vifs, host=conf.host)


class LibvirtDriver(driver.ComputeDriver):
    def __init__(self, conf, agent=None):
        self.conf = conf
        self._host = None
        self._hostname = None
        self._agent = agent
        self.instances_path = None
        self.image_cache = None
        self.volumes = None

    # -- host ---------------------------------------------------------------

    def init_host(self, host):
        self._hostname = host
        self.instances_path = self.conf.libvirt.instances_path or \
            os.path.join(self.conf.state_path, 'instances')
        os.makedirs(self.instances_path, exist_ok=True)
        self.image_cache = imagecache.ImageCache(
            self.conf, os.path.join(self.instances_path, '_base'))
        self._host = vhost.Host(self.conf.libvirt.connection_uri)
        self._connect()
        self.volumes = lv_volume.VolumeOps(
            self._host, self.conf.libvirt.device_detach_timeout)
        if self.conf.libvirt.virt_type == 'kvm':
            vhost.probe_kvm(self._host, self.instances_path)
        LOG.info('libvirt driver on %s: %s, virt_type %s, instances in %s',
                 host, self.conf.libvirt.connection_uri,
                 self.conf.libvirt.virt_type, self.instances_path)

    def _connect(self):
        """libvirtd answers some seconds after it starts: wait for it."""
        deadline = time.monotonic() + CONNECT_TIMEOUT
        while True:
            try:
                return self._host.get_connection()
            except self._host.libvirt.libvirtError as exc:
                if time.monotonic() > deadline:
                    raise exception.NovaLiteException(
                        'Cannot connect to libvirt at %s: %s' % (
                            self.conf.libvirt.connection_uri, exc))
                time.sleep(1)

    @property
    def agent(self):
        if self._agent is None:
            self._agent = network_agent.NetworkAgent(self.conf,
                                                     self._hostname)
        return self._agent

    def get_available_nodes(self):
        return [self._hostname]

    def get_available_resource(self, nodename):
        memory_mb, _ = vhost.meminfo_mb()
        disk_total, _ = vhost.disk_gb(self.instances_path)
        return {'vcpus': self._host.cpu_count(), 'memory_mb': memory_mb,
                'local_gb': disk_total, 'hypervisor_type': 'QEMU',
                'hypervisor_version': self._host.version(),
                'hypervisor_hostname': nodename, 'cpu_arch': 'x86_64'}

    # -- guests -------------------------------------------------------------

    def _instance_dir(self, uuid):
        return os.path.join(self.instances_path, uuid)

    def _domain(self, instance):
        dom = self._host.lookup(instance.uuid)
        if dom is None:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        return dom

    def _prepare_files(self, instance):
        """Image files cached, root disk made; the paths and the image's
        record."""
        meta = self.image_cache.image_meta(instance.image_ref)
        directory = self._instance_dir(instance.uuid)
        os.makedirs(directory, exist_ok=True)
        paths = {'console': os.path.join(directory, 'console.log')}
        if meta.get('kernel_id'):
            paths['kernel'] = self.image_cache.fetch(meta['kernel_id'])
            if meta.get('ramdisk_id'):
                paths['ramdisk'] = self.image_cache.fetch(meta['ramdisk_id'])
        if meta.get('size') or not meta.get('kernel_id'):
            base = self.image_cache.fetch(instance.image_ref)
            paths['disk'] = os.path.join(directory, 'disk')
            imagecache.create_overlay(
                base, 'qcow2' if meta.get('disk_format') == 'qcow2'
                else 'raw', paths['disk'])
        return paths, meta

    def spawn(self, context, instance, image_meta, network_info,
              paused=False):
        libvirt = self._host.libvirt
        paths, meta = self._prepare_files(instance)
        vifs = vif.plug_vifs(self.conf, network_info)
        xml = vconfig.domain_xml(guest_config(self.conf, instance, meta,
                                              paths, vifs, network_info))
        # Watch before the start: the taps appear as the guest starts.
        self.agent.watch([v['id'] for v in network_info or []])
        try:
            dom = self._host.get_connection().defineXML(xml)
            dom.createWithFlags(libvirt.VIR_DOMAIN_START_PAUSED if paused
                                else 0)
        except libvirt.libvirtError as exc:
            raise exception.InstanceBuildFailed(
                instance_uuid=instance.uuid,
                reason='libvirt could not start the guest: %s' % exc)
        LOG.info('Guest %s started%s', instance.uuid,
                 ' paused' if paused else '')

    def unpause(self, context, instance):
        self._domain(instance).resume()

    def _wait_shutdown(self, dom, timeout):
        """Ask the guest OS to stop (ACPI); True if it did in time."""
        libvirt = self._host.libvirt
        if not timeout:
            return False
        try:
            dom.shutdown()
        except libvirt.libvirtError:
            return False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not dom.isActive():
                return True
            time.sleep(0.5)
        return False

    def _hard_stop(self, dom):
        libvirt = self._host.libvirt
        try:
            if dom.isActive():
                dom.destroy()
        except libvirt.libvirtError as exc:
            if dom.isActive():
                raise
            LOG.debug('Guest stopped while being destroyed: %s', exc)

    def power_off(self, context, instance):
        dom = self._domain(instance)
        if not dom.isActive():
            return
        if not self._wait_shutdown(dom, self.conf.libvirt.shutdown_timeout):
            self._hard_stop(dom)

    def power_on(self, context, instance):
        dom = self._domain(instance)
        if not dom.isActive():
            dom.create()

    def reboot(self, context, instance, reboot_type):
        dom = self._domain(instance)
        if reboot_type == 'SOFT' and dom.isActive() and \
                self._wait_shutdown(dom, self.conf.libvirt.shutdown_timeout):
            dom.create()
            return
        # HARD, or a guest OS that did not stop: cut the power.
        self._hard_stop(dom)
        dom.create()

    def destroy(self, context, instance, network_info=None):
        libvirt = self._host.libvirt
        dom = self._host.lookup(instance.uuid)
        if dom is not None:
            self._hard_stop(dom)
            try:
                dom.undefine()
            except libvirt.libvirtError as exc:
                if exc.get_error_code() != libvirt.VIR_ERR_NO_DOMAIN:
                    raise
        ports = [v['id'] for v in network_info or []]
        self.agent.unwatch(ports)
        vif.unplug_vifs(self.conf, network_info)
        shutil.rmtree(self._instance_dir(instance.uuid), ignore_errors=True)

    def attach_volume(self, context, instance, connection_info,
                      mountpoint):
        """A file volume as a virtio disk (see ``volume.py``); the
        device path the guest got."""
        serial = connection_info.get('serial') or \
            connection_info.get('data', {}).get('volume_id', '')
        return self.volumes.attach(self._domain(instance), connection_info,
                                   mountpoint, serial)

    def detach_volume(self, context, instance, mountpoint):
        dom = self._host.lookup(instance.uuid)
        if dom is not None:
            self.volumes.detach(dom, mountpoint)

    def get_info(self, instance):
        dom = self._host.lookup(instance.uuid)
        if dom is None:
            return driver.InstanceInfo(states.NOSTATE)
        state, _, memory_kib, vcpus, cpu_time = dom.info()
        return driver.InstanceInfo(power_state(state), memory_kib // 1024,
                                   vcpus, cpu_time)

    def _ours(self, dom):
        """A guest of this compute host (name and metadata)."""
        if not dom.name().startswith(NAME_PREFIX):
            return False
        libvirt = self._host.libvirt
        try:
            owner = ET.fromstring(dom.metadata(
                libvirt.VIR_DOMAIN_METADATA_ELEMENT,
                vconfig.METADATA_NS)).get('host')
        except libvirt.libvirtError:
            return True  # no metadata: defined by hand, count it
        return owner == self.conf.host

    def list_instances(self):
        return [dom.UUIDString() for dom in self._host.list_domains()
                if self._ours(dom)]

    def guest_usage(self, uuid):
        dom = self._host.lookup(uuid)
        if dom is None or not self._ours(dom):
            return (0, 0)
        _, max_kib, _, vcpus, _ = dom.info()
        return (vcpus, max_kib // 1024)

    def get_console_output(self, context, instance):
        self._domain(instance)
        path = os.path.join(self._instance_dir(instance.uuid), 'console.log')
        try:
            with open(path, 'rb') as log:
                log.seek(max(0, os.path.getsize(path) - MAX_CONSOLE_BYTES))
                data = log.read()
        except FileNotFoundError:
            return ''
        return data.decode('utf-8', errors='replace')
