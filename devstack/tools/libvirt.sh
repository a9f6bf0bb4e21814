#!/usr/bin/env bash
# Install and start libvirt/QEMU for compute_driver = libvirt (no systemd
# needed: virtlogd and libvirtd are started by hand).
#
#   devstack/tools/libvirt.sh install [VENV]  apt packages, libvirt-python
#                                             into VENV (pinned)
#   devstack/tools/libvirt.sh start [NETNS]   virtlogd + libvirtd, libvirtd
#                                             inside network namespace
#                                             NETNS when given; prints
#                                             "started", or "running NS"
#                                             for a libvirtd already up
#                                             (NS: its netns, may be empty)
#   devstack/tools/libvirt.sh stop            stop what "start" started
#
# Pid files: /run/nova-lite-virtlogd.pid, /run/nova-lite-libvirtd.pid.
# A libvirtd someone else started (not from our pid file) is used as it is
# and never stopped here.
set -euo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PACKAGES="qemu-system-x86 qemu-utils busybox-static cpio libvirt-daemon-system
libvirt-clients libvirt-daemon-driver-qemu libvirt-dev pkg-config iproute2"
LIBVIRTD_PID=/run/nova-lite-libvirtd.pid
VIRTLOGD_PID=/run/nova-lite-virtlogd.pid
QEMU_CONF=/etc/libvirt/qemu.conf

say() { echo "libvirt.sh: $*" >&2; }

install() {
    local venv=${1:-}
    local missing=()
    for p in $PACKAGES; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing ${missing[*]}"
        apt-get update -q >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
            --no-install-recommends "${missing[@]}" >&2
    fi
    if [ -n "$venv" ] && ! "$venv/bin/python" -c 'import libvirt' 2>/dev/null; then
        say "installing libvirt-python into $venv"
        "$venv/bin/pip" install -q -r "$TOP/devstack/libvirt-requirements.txt" >&2
    fi
    # QEMU runs as root: instance directories may sit under private
    # directories (a test's tmp dir) that libvirt-qemu cannot enter.
    if ! grep -q '^# nova_lite' "$QEMU_CONF" 2>/dev/null; then
        printf '# nova_lite\nuser = "root"\ngroup = "root"\n' >> "$QEMU_CONF"
    fi
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

answers() {
    virsh -c qemu:///system version >/dev/null 2>&1
}

start() {
    local netns=${1:-}
    if answers && ! alive "$LIBVIRTD_PID"; then
        local pid
        pid=$(pgrep -xo libvirtd || true)
        echo "running $( [ -n "$pid" ] && ip netns identify "$pid" 2>/dev/null)"
        return
    fi
    if answers; then  # ours, from an earlier start
        echo "running $(ip netns identify "$(cat "$LIBVIRTD_PID")" 2>/dev/null)"
        return
    fi
    alive "$VIRTLOGD_PID" || virtlogd -d -p "$VIRTLOGD_PID"
    if ! alive "$LIBVIRTD_PID"; then
        if [ -n "$netns" ]; then
            ip netns list | grep -qw "^$netns" || ip netns add "$netns"
            ip netns exec "$netns" ip link set lo up
            ip netns exec "$netns" libvirtd -d -p "$LIBVIRTD_PID"
        else
            libvirtd -d -p "$LIBVIRTD_PID"
        fi
    fi
    for _ in $(seq 1 60); do
        answers && { echo started; return; }
        sleep 0.5
    done
    say "libvirtd does not answer"
    exit 1
}

stop() {
    local f
    for f in "$LIBVIRTD_PID" "$VIRTLOGD_PID"; do
        if alive "$f"; then
            local pid
            pid=$(cat "$f")
            kill "$pid"
            for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        fi
        rm -f "$f"
    done
}

case "${1:-}" in
    install) install "${2:-}" ;;
    start) start "${2:-}" ;;
    stop) stop ;;
    *) echo "usage: $0 install [VENV] | start [NETNS] | stop" >&2; exit 2 ;;
esac
