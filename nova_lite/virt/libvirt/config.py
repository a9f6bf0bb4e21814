"""Domain XML of a guest, from its flavor, image properties and VIFs.

Pure functions over plain values (no libvirt import), so every shape is
unit tested by parsing the XML.  Two boot shapes:

* direct kernel boot: the image has ``kernel_id`` (and optionally
  ``ramdisk_id``) properties; the kernel command line is the image's
  ``os_command_line`` plus ``console=ttyS0`` when it lacks a console;
* disk boot: the root disk (a qcow2 overlay on the cached image) boots.

Either way the root disk is attached as virtio ``vda``; the serial console
goes to a file in the instance directory (``get_console_output`` reads
it); each VIF is an ``<interface type='bridge'>`` with the port's MAC and
a tap named after the port.
"""

import xml.etree.ElementTree as ET

# Without no_timer_check, TCG guests on a loaded host sometimes panic
# with "IO-APIC + timer doesn't work!".
DEFAULT_CMDLINE = 'console=ttyS0 no_timer_check panic=-1'
# Our metadata element: which compute host owns the guest (several
# computes may share one libvirtd, as in devstack's tests).
METADATA_NS = 'http://openstack.org/xmlns/nova_lite/1.0'


class GuestConfig:
    """What the XML is built from (the driver fills it in)."""

    def __init__(self, uuid, name, memory_mb, vcpus, virt_type='qemu',
                 disk_path=None, disk_format='qcow2', kernel_path=None,
                 ramdisk_path=None, cmdline=None, console_log=None,
                 vifs=(), host=None):
        self.uuid = uuid
        self.name = name
        self.memory_mb = memory_mb
        self.vcpus = vcpus
        self.virt_type = virt_type
        self.disk_path = disk_path
        self.disk_format = disk_format
        self.kernel_path = kernel_path
        self.ramdisk_path = ramdisk_path
        self.cmdline = cmdline
        self.console_log = console_log
        self.vifs = list(vifs)  # [(mac, bridge, tap name)]
        self.host = host


def kernel_cmdline(image_cmdline):
    """The image's command line, made to log to the serial console and
    survive TCG's slow timers."""
    words = (image_cmdline or '').split()
    for word in DEFAULT_CMDLINE.split():
        key = word.split('=')[0]
        if not any(w == word or w.startswith(key + '=') for w in words):
            words.append(word)
    return ' '.join(words)


def _sub(parent, tag, text=None, **attrs):
    node = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        node.text = str(text)
    return node


def _os(domain, guest):
    os_node = _sub(domain, 'os')
    _sub(os_node, 'type', 'hvm', arch='x86_64', machine='pc')
    if guest.kernel_path:
        _sub(os_node, 'kernel', guest.kernel_path)
        if guest.ramdisk_path:
            _sub(os_node, 'initrd', guest.ramdisk_path)
        _sub(os_node, 'cmdline', guest.cmdline or DEFAULT_CMDLINE)
    else:
        _sub(os_node, 'boot', dev='hd')


def _devices(domain, guest):
    devices = _sub(domain, 'devices')
    if guest.disk_path:
        disk = _sub(devices, 'disk', type='file', device='disk')
        _sub(disk, 'driver', name='qemu', type=guest.disk_format)
        _sub(disk, 'source', file=guest.disk_path)
        _sub(disk, 'target', dev='vda', bus='virtio')
    for mac, bridge, tap in guest.vifs:
        iface = _sub(devices, 'interface', type='bridge')
        _sub(iface, 'mac', address=mac)
        _sub(iface, 'source', bridge=bridge)
        _sub(iface, 'target', dev=tap)
        _sub(iface, 'model', type='virtio')
    if guest.console_log:
        serial = _sub(devices, 'serial', type='file')
        _sub(serial, 'source', path=guest.console_log, append='on')
        _sub(serial, 'target', port=0)
    # A memory balloon and USB would only cost boot time.
    _sub(devices, 'memballoon', model='none')
    _sub(devices, 'controller', type='usb', model='none')


def domain_xml(guest: GuestConfig) -> str:
    domain = ET.Element('domain', type=guest.virt_type)
    _sub(domain, 'name', guest.name)
    _sub(domain, 'uuid', guest.uuid)
    if guest.host:
        metadata = _sub(domain, 'metadata')
        ET.SubElement(metadata, '{%s}instance' % METADATA_NS,
                      {'host': guest.host})
    _sub(domain, 'memory', guest.memory_mb * 1024, unit='KiB')
    _sub(domain, 'vcpu', guest.vcpus)
    _os(domain, guest)
    features = _sub(domain, 'features')
    _sub(features, 'acpi')
    _sub(features, 'apic')
    _sub(domain, 'on_poweroff', 'destroy')
    _sub(domain, 'on_reboot', 'restart')
    _sub(domain, 'on_crash', 'destroy')
    _devices(domain, guest)
    return ET.tostring(domain, encoding='unicode')


def volume_disk_xml(path, dev, serial):
    """The ``<disk>`` of a file-backed volume: a raw file at virtio
    ``dev`` (``vdb``...), the volume id as its serial (the guest sees it
    as ``/dev/disk/by-id/virtio-<id>``, first 20 characters)."""
    disk = ET.Element('disk', type='file', device='disk')
    _sub(disk, 'driver', name='qemu', type='raw')
    _sub(disk, 'source', file=path)
    _sub(disk, 'target', dev=dev, bus='virtio')
    _sub(disk, 'serial', serial)
    return ET.tostring(disk, encoding='unicode')


def disks(xml):
    """``{target dev: <disk> element}`` of a domain's XML, for finding
    the free device names and the disk of a volume."""
    found = {}
    for disk in ET.fromstring(xml).findall('devices/disk'):
        target = disk.find('target')
        if target is not None and target.get('dev'):
            found[target.get('dev')] = disk
    return found
