#!/usr/bin/env bash
# Build the tiny bootable guest of the libvirt driver, once, into a cache:
# a Debian kernel (extracted from its package, not installed) and a
# busybox-static initramfs whose /init prints the marker line
# "NOVA_LITE_GUEST_UP" on the serial console, loads the virtio NIC driver
# and configures eth0 from the kernel's "ip=" argument
# (ip=ADDR::GATEWAY:NETMASK::eth0:off, which the libvirt driver adds).
#
#   devstack/tools/build_tiny_image.sh [CACHE_DIR]
#
# CACHE_DIR defaults to ~/.cache/nova_lite/tiny-image; prints the directory,
# which then holds vmlinuz, initrd.gz and disk.raw (a small empty root disk).
# Needs busybox-static and cpio (install_libvirt.sh installs them).
set -euo pipefail
CACHE=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/nova_lite/tiny-image}
MARKER=NOVA_LITE_GUEST_UP
mkdir -p "$CACHE"
exec 9> "$CACHE/.lock"
flock 9
if [ -s "$CACHE/vmlinuz" ] && [ -s "$CACHE/initrd.gz" ] && [ -f "$CACHE/disk.raw" ]; then
    echo "$CACHE"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
[ -n "$kpkg" ] || { echo "no Debian kernel package found" >&2; exit 1; }
apt-get download -q "$kpkg" >&2
dpkg-deb -x ./*.deb kernel
kver=$(basename "$(ls -d kernel/lib/modules/*)")
cp kernel/boot/vmlinuz-"$kver" vmlinuz

moddir=kernel/lib/modules/$kver
# The NIC driver and what it needs, in load order; a module the kernel
# has built in is simply not found.
mods=()
for name in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev \
            virtio_pci failover net_failover virtio_net; do
    path=$(cd "$moddir" && find . -name "$name.ko*" | head -1)
    [ -n "$path" ] && mods+=("$path")
done
echo "guest modules: ${mods[*]}" >&2

root=$work/root
mkdir -p "$root"/{bin,dev,proc,sys,lib/modules}
cp /bin/busybox "$root/bin/busybox"
for m in "${mods[@]}"; do
    out=$root/lib/modules/$(basename "$m")
    case "$m" in
        *.xz) xz -dc "$moddir/$m" > "${out%.xz}" ;;
        *.zst) zstd -qdc "$moddir/$m" > "${out%.zst}" ;;
        *) cp "$moddir/$m" "$out" ;;
    esac
done
load=""
for m in "${mods[@]}"; do
    b=$(basename "$m"); b=${b%.xz}; b=${b%.zst}
    load="$load /lib/modules/$b"
done
cat > "$root/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "$MARKER \$(uname -r)" > /dev/console
for m in $load; do insmod \$m 2>/dev/null; done
ipcfg=\$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^ip=//p')
if [ -n "\$ipcfg" ]; then
    addr=\$(echo "\$ipcfg" | cut -d: -f1)
    gw=\$(echo "\$ipcfg" | cut -d: -f3)
    mask=\$(echo "\$ipcfg" | cut -d: -f4)
    if ifconfig eth0 "\$addr" netmask "\$mask" up; then
        [ -n "\$gw" ] && route add default gw "\$gw"
        echo "eth0 up \$addr" > /dev/console
    fi
fi
while true; do sleep 3600; done
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -9) > initrd.gz
head -c 1048576 /dev/zero > disk.raw
mv vmlinuz initrd.gz disk.raw "$CACHE/"
echo "$kver" > "$CACHE/kernel-version"
echo "$CACHE"
