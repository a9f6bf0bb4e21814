"""Bare libvirt boot time of the tiny guest, for comparison with a boot
through the whole control plane: define + start + marker on the serial
console, N times, p50.  No nova_lite service involved, the same XML the
driver writes.

    .venv/bin/python tools/libvirt_bare_boot.py [N]
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import libvirt

from nova_lite.virt.libvirt import config

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKER = 'NOVA_LITE_GUEST_UP'


def boot_once(conn, image_dir, workdir):
    guest_uuid = str(uuid.uuid4())
    log = os.path.join(workdir, guest_uuid + '.log')
    xml = config.domain_xml(config.GuestConfig(
        uuid=guest_uuid, name='bare-' + guest_uuid, memory_mb=128, vcpus=1,
        kernel_path=os.path.join(image_dir, 'vmlinuz'),
        ramdisk_path=os.path.join(image_dir, 'initrd.gz'),
        cmdline=config.kernel_cmdline(None), console_log=log))
    started = time.monotonic()
    dom = conn.defineXML(xml)
    try:
        dom.create()
        while True:
            if os.path.exists(log) and MARKER in open(log).read():
                return time.monotonic() - started
            if time.monotonic() - started > 120:
                raise RuntimeError('no marker in 120 s')
            time.sleep(0.1)
    finally:
        dom.destroy()
        dom.undefine()


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    image_dir = subprocess.run(
        [os.path.join(TOP, 'devstack', 'tools', 'build_tiny_image.sh')],
        check=True, capture_output=True, text=True).stdout.strip()
    conn = libvirt.open('qemu:///system')
    with tempfile.TemporaryDirectory() as workdir:
        times = [boot_once(conn, image_dir, workdir) for _ in range(count)]
    print('bare libvirt boot (define+start+marker), %d runs: %s; p50 %.2f s'
          % (count, ', '.join('%.2f' % t for t in times),
             statistics.median(times)))


if __name__ == '__main__':
    main()
