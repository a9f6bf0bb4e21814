"""The libvirt driver without libvirtd: domain XML per flavor/image
shape, power state mapping, host resources, bridges and taps."""

import types
from unittest import mock
import xml.etree.ElementTree as ET

import pytest

from nova_lite.compute import states
from nova_lite import conf as nl_conf
from nova_lite.network import linux_net
from nova_lite.virt.libvirt import config as vconfig
from nova_lite.virt.libvirt import driver as lv_driver
from nova_lite.virt.libvirt import host as vhost

UUID = '0b9c5d52-7a63-4c1e-9f3a-5e2f0b8a1c11'
PORT = '8dc820ce-df11-4a5c-b4b0-6f0e9e6f2a10'
NET = '45878f6a-7cc6-4391-a759-c8bb2075777a'

MEMINFO = """MemTotal:       24576000 kB
MemFree:         1000000 kB
MemAvailable:   20480000 kB
Buffers:          100000 kB
"""


@pytest.fixture
def conf():
    from oslo_config import cfg
    c = nl_conf.register_all(cfg.ConfigOpts())
    c([], project='nova_lite')
    c.set_override('state_path', '/var/lib/nl')
    return c


def _instance(memory_mb=128, vcpus=1):
    return types.SimpleNamespace(
        uuid=UUID, image_ref='img',
        flavor=types.SimpleNamespace(memory_mb=memory_mb, vcpus=vcpus))


def _vif(address='10.0.0.5'):
    return {'id': PORT, 'address': 'fa:16:3e:00:00:01',
            'network': {'id': NET, 'subnets': [{
                'cidr': '10.0.0.0/24', 'gateway': '10.0.0.1',
                'ips': [{'address': address, 'version': 4}]}]}}


def _parse(guest):
    return ET.fromstring(vconfig.domain_xml(guest))


@pytest.mark.parametrize('memory_mb,vcpus', [(128, 1), (2048, 2),
                                             (4096, 4)])
def test_flavor_sets_memory_and_vcpus(conf, memory_mb, vcpus):
    guest = lv_driver.guest_config(conf, _instance(memory_mb, vcpus), {},
                                   {'disk': '/i/disk'}, [])
    dom = _parse(guest)
    assert dom.get('type') == 'qemu'
    assert dom.findtext('name') == 'instance-' + UUID
    assert dom.findtext('uuid') == UUID
    assert dom.find('memory').get('unit') == 'KiB'
    assert int(dom.findtext('memory')) == memory_mb * 1024
    assert int(dom.findtext('vcpu')) == vcpus


def test_kvm_virt_type_sets_domain_type(conf):
    conf.set_override('virt_type', 'kvm', group='libvirt')
    guest = lv_driver.guest_config(conf, _instance(), {}, {}, [])
    assert _parse(guest).get('type') == 'kvm'


def test_disk_image_boots_from_qcow2_overlay(conf):
    guest = lv_driver.guest_config(
        conf, _instance(), {'disk_format': 'qcow2'},
        {'disk': '/i/disk', 'console': '/i/console.log'}, [])
    dom = _parse(guest)
    assert dom.find('os/boot').get('dev') == 'hd'
    assert dom.find('os/kernel') is None
    [disk] = dom.findall('devices/disk')
    assert disk.find('driver').get('type') == 'qcow2'
    assert disk.find('source').get('file') == '/i/disk'
    assert disk.find('target').attrib == {'dev': 'vda', 'bus': 'virtio'}
    serial = dom.find('devices/serial')
    assert serial.get('type') == 'file'
    assert serial.find('source').get('path') == '/i/console.log'


def test_direct_kernel_boot_with_image_command_line(conf):
    meta = {'kernel_id': 'k', 'ramdisk_id': 'r',
            'os_command_line': 'console=ttyS0 quiet'}
    guest = lv_driver.guest_config(
        conf, _instance(), meta,
        {'kernel': '/b/k', 'ramdisk': '/b/r', 'console': '/i/c.log'}, [])
    dom = _parse(guest)
    assert dom.findtext('os/kernel') == '/b/k'
    assert dom.findtext('os/initrd') == '/b/r'
    assert dom.find('os/boot') is None
    cmdline = dom.findtext('os/cmdline').split()
    # the image's words kept, console not doubled, TCG's timer fix added
    assert cmdline[:2] == ['console=ttyS0', 'quiet']
    assert cmdline.count('console=ttyS0') == 1
    assert 'no_timer_check' in cmdline
    assert dom.findall('devices/disk') == []


def test_kernel_without_ramdisk_and_default_cmdline(conf):
    guest = lv_driver.guest_config(conf, _instance(), {'kernel_id': 'k'},
                                   {'kernel': '/b/k'}, [])
    dom = _parse(guest)
    assert dom.find('os/initrd') is None
    assert dom.findtext('os/cmdline') == vconfig.DEFAULT_CMDLINE


def test_kernel_gets_the_ip_of_its_first_port(conf):
    guest = lv_driver.guest_config(
        conf, _instance(), {'kernel_id': 'k'}, {'kernel': '/b/k'}, [],
        network_info=[_vif('10.0.0.7')])
    assert _parse(guest).findtext('os/cmdline').endswith(
        'ip=10.0.0.7::10.0.0.1:255.255.255.0::eth0:off')


def test_one_bridge_interface_per_port(conf):
    vifs = [('fa:16:3e:00:00:01', 'nlbr1', 'tap1'),
            ('fa:16:3e:00:00:02', 'nlbr2', 'tap2')]
    guest = lv_driver.guest_config(conf, _instance(), {}, {}, vifs)
    ifaces = _parse(guest).findall('devices/interface')
    assert [(i.get('type'), i.find('mac').get('address'),
             i.find('source').get('bridge'), i.find('target').get('dev'),
             i.find('model').get('type')) for i in ifaces] == [
        ('bridge', 'fa:16:3e:00:00:01', 'nlbr1', 'tap1', 'virtio'),
        ('bridge', 'fa:16:3e:00:00:02', 'nlbr2', 'tap2', 'virtio')]


@pytest.mark.parametrize('libvirt_state,power', [
    (0, states.NOSTATE), (1, states.RUNNING), (2, states.RUNNING),
    (3, states.PAUSED), (4, states.SHUTDOWN), (5, states.SHUTDOWN),
    (6, states.CRASHED), (7, states.SUSPENDED), (99, states.NOSTATE)])
def test_power_state_mapping(libvirt_state, power):
    assert lv_driver.power_state(libvirt_state) == power


def test_meminfo(tmp_path):
    path = tmp_path / 'meminfo'
    path.write_text(MEMINFO)
    assert vhost.meminfo_mb(str(path)) == (24000, 20000)


def test_available_resource_from_proc_meminfo_not_libvirt(conf, tmp_path):
    driver = lv_driver.LibvirtDriver(conf)
    driver.instances_path = str(tmp_path)
    host = mock.Mock()
    host.cpu_count.return_value = 2
    host.version.return_value = 7002000
    driver._host = host
    with mock.patch.object(vhost, 'meminfo_mb', return_value=(24000, 100)), \
            mock.patch.object(vhost, 'disk_gb', return_value=(50, 10)):
        res = driver.get_available_resource('compute1')
    assert res == {'vcpus': 2, 'memory_mb': 24000, 'local_gb': 50,
                   'hypervisor_type': 'QEMU', 'hypervisor_version': 7002000,
                   'hypervisor_hostname': 'compute1', 'cpu_arch': 'x86_64'}
    host.get_connection.assert_not_called()  # no getInfo/getFreeMemory


def test_console_output_is_the_log_tail(conf, tmp_path):
    driver = lv_driver.LibvirtDriver(conf)
    driver.instances_path = str(tmp_path)
    driver._host = mock.Mock()
    (tmp_path / UUID).mkdir()
    log = tmp_path / UUID / 'console.log'
    log.write_bytes(b'x' * lv_driver.MAX_CONSOLE_BYTES + b'MARKER\n')
    output = driver.get_console_output(None, _instance())
    assert len(output) == lv_driver.MAX_CONSOLE_BYTES
    assert output.endswith('MARKER\n')


def test_bridge_and_tap_names_fit_the_kernel_limit():
    assert linux_net.bridge_name('nlbr', NET) == 'nlbr45878f6a7cc'
    assert len(linux_net.bridge_name('nlbr', NET)) == 15
    assert linux_net.tap_name(PORT) == 'tap8dc820ce-df'
    assert len(linux_net.tap_name(PORT)) <= 15


def test_bridge_ports_in_a_namespace():
    out = ('1: lo: <LOOPBACK,UP> mtu 65536 state UNKNOWN\\    link/loopback\n'
           '2: nlbr45878f6a7cc: <BROADCAST,UP> mtu 1500 state UP\\ x\n'
           '3: tap8dc820ce-df: <BROADCAST,UP> mtu 1500 master '
           'nlbr45878f6a7cc state UNKNOWN\\ x\n'
           '4: veth0@if5: <BROADCAST> mtu 1500 master other state UP\\ x\n')
    with mock.patch.object(linux_net, '_ip', return_value=mock.Mock(
            stdout=out)):
        assert linux_net.bridge_ports('ns', 'nlbr') == {
            'nlbr45878f6a7cc': ['tap8dc820ce-df']}


def test_agent_reports_a_port_once_its_tap_is_on_a_bridge(conf):
    from nova_lite.network import agent as network_agent
    conf.set_override('tap_poll_interval', 0.05, group='libvirt')
    with mock.patch.object(network_agent.network_rpcapi, 'NetworkAPI'):
        agent = network_agent.NetworkAgent(conf, 'compute1')
    seen = [{}, {'nlbrx': []}, {'nlbrx': [linux_net.tap_name(PORT)]}]
    reported = []
    with mock.patch.object(linux_net, 'bridge_ports',
                           side_effect=lambda ns, p: seen.pop(0) if
                           len(seen) > 1 else seen[0]), \
            mock.patch.object(agent, 'device_up', side_effect=reported.append):
        agent.watch([PORT])
        import time
        deadline = time.monotonic() + 5
        while not reported and time.monotonic() < deadline:
            time.sleep(0.02)
    assert reported == [PORT]


def test_agent_with_reporting_off_watches_nothing(conf):
    from nova_lite.network import agent as network_agent
    conf.set_override('report_vifs', False, group='libvirt')
    with mock.patch.object(network_agent.network_rpcapi, 'NetworkAPI'):
        agent = network_agent.NetworkAgent(conf, 'compute1')
    with mock.patch.object(network_agent.utils, 'spawn') as spawn:
        agent.watch([PORT])
    spawn.assert_not_called()


def _probe_host(states_and_cpu):
    libvirt = types.SimpleNamespace(VIR_DOMAIN_RUNNING=1,
                                    libvirtError=RuntimeError)
    dom = mock.Mock()
    dom.info.side_effect = [(s, 0, 0, 1, cpu) for s, cpu in states_and_cpu]
    host = mock.Mock(libvirt=libvirt)
    host.get_connection.return_value.createXML.return_value = dom
    return host, dom


def test_kvm_probe_refuses_a_guest_burning_a_cpu(tmp_path):
    # /dev/kvm of a PVM host: the firmware crawls through the emulator
    host, dom = _probe_host([(1, 0), (1, int(0.05 * 1e9))])
    with mock.patch.object(vhost.os.path, 'exists', return_value=True), \
            pytest.raises(Exception, match='use virt_type = qemu'):
        vhost.probe_kvm(host, str(tmp_path), seconds=0.05)
    dom.destroy.assert_called_once_with()


def test_kvm_probe_accepts_an_idle_guest(tmp_path):
    host, dom = _probe_host([(1, 0), (1, 1000)])
    with mock.patch.object(vhost.os.path, 'exists', return_value=True):
        vhost.probe_kvm(host, str(tmp_path), seconds=0.05)
    dom.destroy.assert_called_once_with()


def test_guest_names_its_host_and_others_are_not_listed(conf):
    conf.set_override('host', 'compute1')
    guest = lv_driver.guest_config(conf, _instance(), {}, {}, [])
    dom_xml = _parse(guest)
    [owner] = dom_xml.find('metadata')
    assert owner.tag == '{%s}instance' % vconfig.METADATA_NS
    assert owner.get('host') == 'compute1'

    def domain(name, uuid, host):
        dom = mock.Mock()
        dom.name.return_value = name
        dom.UUIDString.return_value = uuid
        dom.metadata.return_value = \
            '<instance xmlns="%s" host="%s"/>' % (vconfig.METADATA_NS, host)
        return dom
    driver = lv_driver.LibvirtDriver(conf)
    driver._host = mock.Mock()
    driver._host.libvirt = types.SimpleNamespace(
        VIR_DOMAIN_METADATA_ELEMENT=2, libvirtError=RuntimeError)
    driver._host.list_domains.return_value = [
        domain('instance-a', 'a', 'compute1'),
        domain('instance-b', 'b', 'compute2'),
        domain('bare-c', 'c', 'compute1')]
    assert driver.list_instances() == ['a']
