"""The libvirt connection of this host, and what the host has to offer.

One connection per driver, opened lazily and reopened when libvirtd went
away.  Host resources: CPUs from libvirt's CPU map, memory from
``/proc/meminfo`` (libvirt's own figures are wrong on hosts whose memory
is not plain NUMA cells), disk from the file system of the instances
directory.  :func:`probe_kvm` runs a tiny guest because a ``kvm`` in
libvirt's capabilities does not prove a guest can run.
"""

import os
import threading
import time

from oslo_log import log as logging

from nova_lite import exception

LOG = logging.getLogger(__name__)

MEMINFO = '/proc/meminfo'


def import_libvirt():
    """The libvirt module; a clear error when libvirt-python is missing."""
    try:
        import libvirt
    except ImportError as exc:
        raise exception.NovaLiteException(
            'compute_driver = libvirt needs libvirt-python: %s' % exc)
    # libvirt prints every error to stderr by default, the expected ones
    # too (a lookup of a guest that is gone); they arrive as exceptions.
    libvirt.registerErrorHandler(lambda _ctx, _err: None, None)
    return libvirt


class Host:
    def __init__(self, uri):
        self.uri = uri
        self._conn = None
        self._lock = threading.Lock()
        self.libvirt = import_libvirt()

    def get_connection(self):
        with self._lock:
            if self._conn is not None:
                try:
                    if self._conn.isAlive():
                        return self._conn
                except self.libvirt.libvirtError:
                    pass
                LOG.warning('libvirt connection to %s lost; reconnecting',
                            self.uri)
            self._conn = self.libvirt.open(self.uri)
            return self._conn

    def lookup(self, uuid):
        """The domain of guest ``uuid``, or None."""
        try:
            return self.get_connection().lookupByUUIDString(uuid)
        except self.libvirt.libvirtError as exc:
            if exc.get_error_code() == self.libvirt.VIR_ERR_NO_DOMAIN:
                return None
            raise

    def list_domains(self):
        return self.get_connection().listAllDomains()

    def cpu_count(self):
        return self.get_connection().getCPUMap()[0]

    def version(self):
        return self.get_connection().getVersion()


def meminfo_mb(path=MEMINFO):
    """(total, available) host memory in MiB from /proc/meminfo."""
    values = {}
    with open(path) as info:
        for line in info:
            key, _, rest = line.partition(':')
            parts = rest.split()
            if parts:
                values[key] = int(parts[0])
    total = values['MemTotal']
    available = values.get('MemAvailable', values.get('MemFree', 0))
    return total // 1024, available // 1024


def disk_gb(path):
    """(total, free) GiB of the file system holding ``path``."""
    os.makedirs(path, exist_ok=True)
    stat = os.statvfs(path)
    return (stat.f_blocks * stat.f_frsize // 2 ** 30,
            stat.f_bavail * stat.f_frsize // 2 ** 30)


def probe_kvm(host, workdir, seconds=3.0):
    """Raise unless a KVM guest really runs on this host.

    The firmware (SeaBIOS) of a KVM guest halts in well under a second
    when KVM works: the guest is then idle.  Where ``/dev/kvm`` cannot run
    ordinary guests the vCPU crawls through the instruction emulator or
    stops with an internal error: the domain dies, or keeps a whole core
    busy.  Both are refused.
    """
    libvirt = host.libvirt
    if not os.path.exists('/dev/kvm'):
        raise exception.NovaLiteException(
            'virt_type = kvm but /dev/kvm does not exist; use qemu')
    log = os.path.join(workdir, 'kvm-probe.log')
    xml = ("<domain type='kvm'><name>nova-lite-kvm-probe-%d</name>"
           "<memory unit='MiB'>32</memory><vcpu>1</vcpu>"
           "<os><type arch='x86_64'>hvm</type></os>"
           "<devices><serial type='file'><source path='%s'/></serial>"
           "</devices></domain>" % (os.getpid(), log))
    try:
        dom = host.get_connection().createXML(xml, 0)
    except libvirt.libvirtError as exc:
        raise exception.NovaLiteException(
            'virt_type = kvm but libvirt cannot start a KVM guest: %s' % exc)
    try:
        start_cpu = dom.info()[4]
        time.sleep(seconds)
        state, _, _, _, cpu = dom.info()
        busy = (cpu - start_cpu) / (seconds * 1e9)
    except libvirt.libvirtError as exc:
        raise exception.NovaLiteException(
            'virt_type = kvm: the probe guest died (%s); use qemu' % exc)
    finally:
        try:
            dom.destroy()
        except libvirt.libvirtError:
            pass
    if state != libvirt.VIR_DOMAIN_RUNNING or busy > 0.5:
        raise exception.NovaLiteException(
            'virt_type = kvm: a KVM guest does not run properly here '
            '(state %s, %.0f%% of a CPU while idle in its firmware); use '
            'virt_type = qemu' % (state, busy * 100))
