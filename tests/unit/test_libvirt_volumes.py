"""Volumes on the libvirt driver without libvirtd: the disk XML, the
device name, the attach/detach flags of a running and a shut-off guest
(a fake domain keeping a live and a persistent XML)."""

import types
from unittest import mock
import xml.etree.ElementTree as ET

import pytest

from nova_lite import conf as nl_conf
from nova_lite import exception
from nova_lite.virt.libvirt import config as vconfig
from nova_lite.virt.libvirt import driver as lv_driver
from nova_lite.virt.libvirt import volume as lv_volume

UUID = '0b9c5d52-7a63-4c1e-9f3a-5e2f0b8a1c11'
VOL = '6a1f0c1e-3b9d-4a53-8f2e-0d6c7b1a2f33'
PATH = '/var/lib/nl/volumes/volume1/volume-' + VOL
CONNECTION = {'driver_volume_type': 'file', 'data': {'path': PATH},
              'serial': VOL}

LIVE, CONFIG, INACTIVE = 1, 2, 4


class FakeLibvirtError(Exception):
    pass


LIBVIRT = types.SimpleNamespace(
    VIR_DOMAIN_AFFECT_LIVE=LIVE, VIR_DOMAIN_AFFECT_CONFIG=CONFIG,
    VIR_DOMAIN_XML_INACTIVE=INACTIVE, VIR_ERR_NO_DOMAIN=42,
    libvirtError=FakeLibvirtError)


class FakeDomain:
    """A guest with a root disk: live XML (while running) and persistent
    XML, changed by attach/detachDeviceFlags as libvirt does.
    ``keep_live``: the guest OS ignores the eject requests."""

    def __init__(self, active=True, keep_live=False, unplug_after=1):
        self.active = active
        self.keep_live = keep_live
        self.unplug_after = unplug_after
        root = vconfig.volume_disk_xml('/i/disk', 'vda', 'root')
        self.xml = {True: [root] if active else [], False: [root]}
        self.calls = []
        self.pending = {}

    def UUIDString(self):
        return UUID

    def isActive(self):
        return self.active

    def XMLDesc(self, flags):
        live = not flags & INACTIVE and self.active
        return '<domain><devices>%s</devices></domain>' % ''.join(
            self.xml[live])

    def attachDeviceFlags(self, xml, flags):
        self.calls.append(('attach', flags))
        if flags & LIVE:
            self.xml[True].append(xml)
        if flags & CONFIG:
            self.xml[False].append(xml)

    def detachDeviceFlags(self, xml, flags):
        self.calls.append(('detach', flags))
        dev = ET.fromstring(xml).find('target').get('dev')
        if flags & CONFIG:
            self.xml[False] = [d for d in self.xml[False]
                               if dev not in vconfig.disks(
                                   '<d><devices>%s</devices></d>' % d)]
        if flags & LIVE and not self.keep_live:
            # the guest answers the ACPI eject after a few looks
            self.pending[dev] = self.unplug_after

    def poll(self):
        for dev, left in list(self.pending.items()):
            if left <= 0:
                self.xml[True] = [d for d in self.xml[True]
                                  if 'dev="%s"' % dev not in d]
                del self.pending[dev]
            else:
                self.pending[dev] = left - 1


def _ops(timeout=5):
    return lv_volume.VolumeOps(types.SimpleNamespace(libvirt=LIBVIRT),
                               timeout)


def _devs(dom, live):
    return sorted(vconfig.disks(dom.XMLDesc(0 if live else INACTIVE)))


def test_volume_disk_xml():
    disk = ET.fromstring(vconfig.volume_disk_xml(PATH, 'vdb', VOL))
    assert disk.tag == 'disk'
    assert disk.attrib == {'type': 'file', 'device': 'disk'}
    assert disk.find('driver').attrib == {'name': 'qemu', 'type': 'raw'}
    assert disk.find('source').attrib == {'file': PATH}
    assert disk.find('target').attrib == {'dev': 'vdb', 'bus': 'virtio'}
    assert disk.findtext('serial') == VOL


@pytest.mark.parametrize('mountpoint,used,dev', [
    ('/dev/vdb', {'vda'}, 'vdb'),
    ('/dev/vdd', {'vda'}, 'vdd'),         # the requested name, a gap left
    (None, {'vda', 'vdb'}, 'vdc'),        # no request: the next free one
    ('/dev/sdb', {'vda'}, 'vdb'),         # another bus: the next free vd
    ('/dev/xvdc', {'vda', 'vdb'}, 'vdc'),
    ('vdc', {'vda', 'vdb', 'vdd'}, 'vdc')])
def test_device_name_choice(mountpoint, used, dev):
    assert lv_volume.choose_device(mountpoint, used) == dev


def test_requested_device_in_use_is_refused():
    with pytest.raises(exception.InvalidVolume, match='vda'):
        lv_volume.choose_device('/dev/vda', {'vda'})


def test_no_free_device_name():
    used = set(lv_volume.device_names())
    with pytest.raises(exception.InvalidVolume, match='no free'):
        lv_volume.choose_device(None, used)


def test_only_file_volumes():
    with pytest.raises(exception.FeatureNotSupported, match='iscsi'):
        lv_volume.file_path({'driver_volume_type': 'iscsi', 'data': {}})


def test_attach_to_a_running_guest_is_live_and_persistent():
    dom = FakeDomain(active=True)
    assert _ops().attach(dom, CONNECTION, '/dev/vdb', VOL) == '/dev/vdb'
    assert dom.calls == [('attach', LIVE | CONFIG)]
    assert _devs(dom, True) == _devs(dom, False) == ['vda', 'vdb']
    disk = vconfig.disks(dom.XMLDesc(0))['vdb']
    assert disk.find('source').get('file') == PATH
    assert disk.findtext('serial') == VOL


def test_attach_to_a_shut_off_guest_changes_the_definition_only():
    dom = FakeDomain(active=False)
    assert _ops().attach(dom, CONNECTION, None, VOL) == '/dev/vdb'
    assert dom.calls == [('attach', CONFIG)]
    assert _devs(dom, False) == ['vda', 'vdb']


def test_attach_skips_names_used_only_in_the_definition():
    dom = FakeDomain(active=True)
    dom.xml[False].append(vconfig.volume_disk_xml('/v/x', 'vdb', 'x'))
    assert _ops().attach(dom, CONNECTION, '/dev/sdb', VOL) == '/dev/vdc'


def test_libvirt_refusal_is_an_attach_error():
    dom = FakeDomain(active=True)
    dom.attachDeviceFlags = mock.Mock(side_effect=FakeLibvirtError('no'))
    with pytest.raises(exception.NovaLiteException, match='could not'):
        _ops().attach(dom, CONNECTION, '/dev/vdb', VOL)


def _sleeping(dom):
    return mock.patch.object(lv_volume.time, 'sleep',
                             side_effect=lambda _s: dom.poll())


def test_detach_from_a_running_guest_waits_then_removes_the_config():
    dom = FakeDomain(active=True, unplug_after=2)
    _ops().attach(dom, CONNECTION, '/dev/vdb', VOL)
    with _sleeping(dom):
        _ops().detach(dom, '/dev/vdb')
    assert dom.calls[1:] == [('detach', LIVE), ('detach', CONFIG)]
    assert _devs(dom, True) == _devs(dom, False) == ['vda']


def test_detach_from_a_shut_off_guest_changes_the_definition_only():
    dom = FakeDomain(active=False)
    _ops().attach(dom, CONNECTION, '/dev/vdb', VOL)
    _ops().detach(dom, '/dev/vdb')
    assert dom.calls[1:] == [('detach', CONFIG)]
    assert _devs(dom, False) == ['vda']


def test_a_guest_keeping_the_disk_fails_the_detach_and_changes_nothing():
    dom = FakeDomain(active=True, keep_live=True)
    _ops().attach(dom, CONNECTION, '/dev/vdb', VOL)
    clock = iter(range(0, 1000))
    with mock.patch.object(lv_volume.time, 'monotonic',
                           side_effect=lambda: next(clock)), \
            mock.patch.object(lv_volume.time, 'sleep'), \
            pytest.raises(exception.NovaLiteException, match='release'):
        _ops(timeout=10).detach(dom, '/dev/vdb')
    detaches = [c for c in dom.calls if c[0] == 'detach']
    # the request was repeated, the definition kept the disk
    assert len(detaches) > 1 and set(detaches) == {('detach', LIVE)}
    assert _devs(dom, True) == _devs(dom, False) == ['vda', 'vdb']


def test_detach_of_a_disk_that_is_gone_does_nothing():
    dom = FakeDomain(active=True)
    _ops().detach(dom, '/dev/vdc')
    assert dom.calls == []


@pytest.fixture
def driver():
    from oslo_config import cfg
    conf = nl_conf.register_all(cfg.ConfigOpts())
    conf([], project='nova_lite')
    drv = lv_driver.LibvirtDriver(conf)
    drv._host = mock.Mock(libvirt=LIBVIRT)
    drv.volumes = lv_volume.VolumeOps(drv._host, 5)
    return drv


def test_driver_attach_uses_the_volume_id_as_serial(driver):
    dom = FakeDomain(active=True)
    driver._host.lookup.return_value = dom
    instance = types.SimpleNamespace(uuid=UUID)
    assert driver.attach_volume(None, instance, CONNECTION,
                                '/dev/vdb') == '/dev/vdb'
    assert vconfig.disks(dom.XMLDesc(0))['vdb'].findtext('serial') == VOL


def test_driver_attach_to_a_missing_guest(driver):
    driver._host.lookup.return_value = None
    with pytest.raises(exception.InstanceNotFound):
        driver.attach_volume(None, types.SimpleNamespace(uuid=UUID),
                             CONNECTION, '/dev/vdb')


def test_driver_detach_from_a_missing_guest_is_no_error(driver):
    driver._host.lookup.return_value = None
    driver.detach_volume(None, types.SimpleNamespace(uuid=UUID), '/dev/vdb')


def test_destroy_leaves_the_volume_files(driver, tmp_path):
    """destroy removes the instance directory, never a volume's file."""
    volume_file = tmp_path / 'volumes' / ('volume-' + VOL)
    volume_file.parent.mkdir()
    volume_file.write_bytes(b'data')
    driver.instances_path = str(tmp_path / 'instances')
    (tmp_path / 'instances' / UUID).mkdir(parents=True)
    dom = FakeDomain(active=True)
    dom.destroy = mock.Mock()
    dom.undefine = mock.Mock()
    dom.attachDeviceFlags(vconfig.volume_disk_xml(str(volume_file), 'vdb',
                                                  VOL), LIVE | CONFIG)
    driver._host.lookup.return_value = dom
    driver._agent = mock.Mock()
    driver.destroy(None, types.SimpleNamespace(uuid=UUID), [])
    dom.destroy.assert_called_once_with()
    dom.undefine.assert_called_once_with()
    assert not (tmp_path / 'instances' / UUID).exists()
    assert volume_file.read_bytes() == b'data'
