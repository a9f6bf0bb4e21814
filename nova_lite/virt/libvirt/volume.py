"""Volumes as virtio disks of a libvirt guest.

A file-backed volume (``driver_volume_type = file``, the volume service's
file backend on this host) becomes a raw ``<disk type='file'>`` at
``vdb``, ``vdc``...  with the volume id as its serial.  Attach changes
the running guest and its persistent definition (LIVE | CONFIG) or, when
the guest is off, the definition only (CONFIG): the disk then survives
stop/start and reboots, which start the defined domain again.

Detach from a running guest is a request the guest OS must answer (an
ACPI eject): the driver asks, repeats the request, and waits for the disk
to leave the live XML, at most ``[libvirt] device_detach_timeout``
seconds; only then is it removed from the definition too, so a guest that
keeps the disk leaves everything as it was (the volume stays in-use).
"""

import os
import re
import time
import xml.etree.ElementTree as ET

from oslo_log import log as logging

from nova_lite import exception
from nova_lite.virt.libvirt import config as vconfig

LOG = logging.getLogger(__name__)

_VIRTIO = re.compile(r'^vd[a-z]$')
POLL_INTERVAL = 0.25
RESEND_INTERVAL = 3.0


def device_names():
    for letter in 'abcdefghijklmnopqrstuvwxyz':
        yield 'vd' + letter


def choose_device(mountpoint, used):
    """The target dev of a new disk: the requested ``/dev/vdX`` when it is
    free (an error when a disk has it), else -- no request, or a name of
    another bus such as ``/dev/sdb`` -- the first free ``vdX``."""
    wanted = os.path.basename(mountpoint or '')
    if _VIRTIO.match(wanted):
        if wanted in used:
            raise exception.InvalidVolume(
                reason='device /dev/%s is already in use' % wanted)
        return wanted
    for name in device_names():
        if name not in used:
            return name
    raise exception.InvalidVolume(reason='no free virtio device name')


def file_path(connection_info):
    """The volume's file; only the file backend can be attached."""
    kind = connection_info.get('driver_volume_type')
    path = connection_info.get('data', {}).get('path')
    if kind != 'file' or not path:
        raise exception.FeatureNotSupported(
            'The libvirt driver attaches file volumes only, not %s' % kind)
    return path


class VolumeOps:
    """Attach and detach on one libvirt host (the driver's ``Host``)."""

    def __init__(self, host, detach_timeout):
        self.host = host
        self.detach_timeout = detach_timeout

    def _xml(self, dom, live):
        libvirt = self.host.libvirt
        return dom.XMLDesc(0 if live else libvirt.VIR_DOMAIN_XML_INACTIVE)

    def _disks(self, dom, active):
        """(live disks, persistent disks): ``{dev: element}`` each; the
        live ones are empty when the guest is off."""
        live = vconfig.disks(self._xml(dom, True)) if active else {}
        return live, vconfig.disks(self._xml(dom, False))

    def attach(self, dom, connection_info, mountpoint, serial):
        """Attach; returns the device path the guest got (``/dev/vdX``)."""
        libvirt = self.host.libvirt
        path = file_path(connection_info)
        active = dom.isActive()
        live, persistent = self._disks(dom, active)
        dev = choose_device(mountpoint, set(live) | set(persistent))
        flags = libvirt.VIR_DOMAIN_AFFECT_CONFIG
        if active:
            flags |= libvirt.VIR_DOMAIN_AFFECT_LIVE
        xml = vconfig.volume_disk_xml(path, dev, serial)
        try:
            dom.attachDeviceFlags(xml, flags)
        except libvirt.libvirtError as exc:
            raise exception.NovaLiteException(
                'libvirt could not attach %s as %s: %s' % (path, dev, exc))
        LOG.info('Volume %s attached as %s (%s)', serial, dev,
                 'live and persistent' if active else 'persistent')
        return '/dev/' + dev

    def detach(self, dom, mountpoint):
        """Remove the disk at ``mountpoint`` from the guest and its
        definition; nothing to do when neither has it."""
        libvirt = self.host.libvirt
        dev = os.path.basename(mountpoint or '')
        active = dom.isActive()
        live, persistent = self._disks(dom, active)
        if dev in live:
            self._detach_live(dom, dev, live[dev])
        if dev in persistent:
            xml = ET.tostring(persistent[dev], encoding='unicode')
            dom.detachDeviceFlags(xml, libvirt.VIR_DOMAIN_AFFECT_CONFIG)
        if dev in live or dev in persistent:
            LOG.info('Disk %s detached from %s', dev, dom.UUIDString())

    def _detach_live(self, dom, dev, element):
        libvirt = self.host.libvirt
        xml = ET.tostring(element, encoding='unicode')
        deadline = time.monotonic() + self.detach_timeout
        next_request = 0.0
        while True:
            now = time.monotonic()
            if now >= next_request:
                try:
                    dom.detachDeviceFlags(xml,
                                          libvirt.VIR_DOMAIN_AFFECT_LIVE)
                except libvirt.libvirtError as exc:
                    # an unplug already under way, or the guest stopped
                    LOG.debug('Detach request for %s: %s', dev, exc)
                next_request = now + RESEND_INTERVAL
            if not dom.isActive() or \
                    dev not in vconfig.disks(self._xml(dom, True)):
                return
            if now >= deadline:
                raise exception.NovaLiteException(
                    'The guest %s did not release disk %s within %d s' % (
                        dom.UUIDString(), dev, self.detach_timeout))
            time.sleep(POLL_INTERVAL)
