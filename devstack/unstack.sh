#!/usr/bin/env bash
# Stop every daemon stack.sh started, by the PID (or unit) it recorded.
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA_DIR=${DATA_DIR:-$TOP/devstack/data}
PIDS=$DATA_DIR/pids

shopt -s nullglob
# Guests of this stack (VIRT_DRIVER=libvirt) go before libvirtd does: QEMU
# processes outlive libvirtd.
for dir in "$DATA_DIR"/instances/*-*-*-*-*; do
    dom=instance-$(basename "$dir")
    virsh -q -c qemu:///system destroy "$dom" >/dev/null 2>&1
    virsh -q -c qemu:///system undefine "$dom" >/dev/null 2>&1 &&
        echo "unstack.sh: removed guest $dom"
done
for unitfile in "$PIDS"/*.pid.unit; do
    unit=$(cat "$unitfile")
    systemctl stop "$unit" && rm -f "/etc/systemd/system/$unit"
    rm -f "$unitfile"
    echo "unstack.sh: stopped $unit"
done
pids=()
for pidfile in "$PIDS"/*.pid; do
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        pids+=("$pid")
        echo "unstack.sh: stopping $(basename "$pidfile" .pid) (pid $pid)"
    fi
    rm -f "$pidfile"
done
for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "unstack.sh: pid $pid ignored SIGTERM, killing"
        kill -KILL "$pid"
    fi
done
# the network namespace stack.sh made for libvirtd (VIRT_DRIVER=libvirt)
if [ -f "$PIDS/libvirt.netns" ]; then
    netns=$(cat "$PIDS/libvirt.netns")
    ip netns del "$netns" 2>/dev/null && echo "unstack.sh: removed netns $netns"
    rm -f "$PIDS/libvirt.netns"
fi
exit 0
