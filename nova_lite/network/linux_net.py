"""Linux bridges and taps of this host: the plumbing the network agent
watches and the libvirt driver plugs into.

Each network gets one Linux bridge, created on demand, named
``<bridge_prefix><start of the network id>`` (15 characters at most, the
kernel's limit).  libvirt creates each port's tap (``tap`` + the start of
the port id) and enslaves it to the bridge when the guest starts, even
paused; the network agent (``network/agent.py``) sees it there and reports
the port up.  With ``[libvirt] netns`` libvirtd lives in that network
namespace, so bridges are made there too.
"""

import os
import subprocess

from oslo_concurrency import lockutils
from oslo_log import log as logging

LOG = logging.getLogger(__name__)

IFNAMSIZ = 15
TAP_PREFIX = 'tap'


def bridge_name(prefix, network_id):
    return (prefix + network_id.replace('-', ''))[:IFNAMSIZ]


def tap_name(port_id):
    return (TAP_PREFIX + port_id)[:14]


def port_id_prefix(tap):
    """The start of the port id a tap was named after, or None."""
    if not tap.startswith(TAP_PREFIX):
        return None
    return tap[len(TAP_PREFIX):]


def _ip(netns, *args, check=True):
    cmd = ['ip'] + list(args)
    if netns:
        cmd = ['ip', 'netns', 'exec', netns] + cmd
    return subprocess.run(cmd, capture_output=True, text=True, check=check,
                          timeout=30)


def link_exists(netns, name):
    if not netns:
        return os.path.exists(os.path.join('/sys/class/net', name))
    return _ip(netns, 'link', 'show', 'dev', name,
               check=False).returncode == 0


def ensure_bridge(netns, name):
    """Create bridge ``name`` (up, no STP, no forward delay) if missing."""
    with lockutils.internal_lock('bridge-%s' % name):
        if link_exists(netns, name):
            return
        LOG.info('Creating bridge %s%s', name,
                 ' in netns %s' % netns if netns else '')
        _ip(netns, 'link', 'add', 'name', name, 'type', 'bridge',
            'forward_delay', '0', 'stp_state', '0')
        _ip(netns, 'link', 'set', 'dev', name, 'up')


def delete_link(netns, name):
    """Remove a link left behind (libvirt normally removes its taps)."""
    if link_exists(netns, name):
        LOG.info('Removing leftover link %s', name)
        _ip(netns, 'link', 'del', 'dev', name, check=False)


def bridge_ports(netns, prefix):
    """{bridge: [tap names]} of our bridges, as the kernel sees them."""
    if not netns:
        root = '/sys/class/net'
        found = {}
        for name in os.listdir(root):
            if name.startswith(prefix):
                brif = os.path.join(root, name, 'brif')
                if os.path.isdir(brif):
                    found[name] = os.listdir(brif)
        return found
    out = _ip(netns, '-o', 'link', 'show', check=False).stdout
    found = {}
    masters = {}
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        name = fields[1].rstrip(':').split('@')[0]
        if name.startswith(prefix):
            found.setdefault(name, [])
        if 'master' in fields:
            masters[name] = fields[fields.index('master') + 1]
    for name, master in masters.items():
        if master in found:
            found[master].append(name)
    return found
