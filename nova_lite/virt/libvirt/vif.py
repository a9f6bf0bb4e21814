"""VIF plugging of the libvirt driver.

A VIF is a tap on its network's Linux bridge: the driver makes sure the
bridge exists (``network/linux_net.py``), libvirt creates and enslaves the
tap when the guest starts (paused or not) and removes it when the guest
goes.  Unplugging removes a tap libvirt left behind.
"""

from nova_lite.network import linux_net


def plug_vifs(conf, network_info):
    """Bridges ready; [(mac, bridge, tap)] for the domain XML."""
    netns = conf.libvirt.netns
    plugged = []
    for vif in network_info or []:
        bridge = linux_net.bridge_name(conf.libvirt.bridge_prefix,
                                       vif['network']['id'])
        linux_net.ensure_bridge(netns, bridge)
        plugged.append((vif['address'], bridge,
                        linux_net.tap_name(vif['id'])))
    return plugged


def unplug_vifs(conf, network_info):
    for vif in network_info or []:
        linux_net.delete_link(conf.libvirt.netns,
                              linux_net.tap_name(vif['id']))
