"""IP address management arithmetic: subnets, gateways, pools, free
addresses.  Pure functions on strings and ints (stdlib ``ipaddress``), no
database: network/db.py feeds them the addresses in use and stores what
they choose, and the ``ipallocations`` unique constraint settles races.

IPv4 only.  A pool is ``{'start': ip, 'end': ip}``, both inclusive.
"""

import ipaddress
import random

from nova_lite.network import exceptions

MAX_PREFIXLEN = 30  # a /31 or /32 has no room for a gateway and a host


def parse_cidr(cidr: str) -> ipaddress.IPv4Network:
    """The IPv4 network of ``cidr``, or InvalidInput."""
    try:
        net = ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        raise exceptions.InvalidInput(
            error_message="'%s' is not a valid IP subnet" % cidr)
    if net.version != 4:
        raise exceptions.InvalidInput(
            error_message='only IPv4 subnets are supported')
    if str(net) != cidr:
        raise exceptions.InvalidInput(
            error_message="'%s' isn't a recommended CIDR, did you mean "
                          "'%s'?" % (cidr, net))
    if net.prefixlen > MAX_PREFIXLEN:
        raise exceptions.InvalidInput(
            error_message='the prefix length of %s leaves no room for '
                          'hosts (at most /%d)' % (cidr, MAX_PREFIXLEN))
    return net


def parse_ip(value):
    try:
        ip = ipaddress.ip_address(value)
    except ValueError:
        raise exceptions.InvalidInput(
            error_message="'%s' is not a valid IP address" % value)
    if ip.version != 4:
        raise exceptions.InvalidInput(
            error_message="'%s' is not an IPv4 address" % value)
    return ip


def parse_destination(cidr: str) -> str:
    """A host route's destination: any IPv4 network, /0 to /32."""
    try:
        net = ipaddress.ip_network(cidr)
    except ValueError:
        raise exceptions.InvalidInput(
            error_message="'%s' is not a valid route destination" % cidr)
    if net.version != 4:
        raise exceptions.InvalidInput(
            error_message="'%s' is not an IPv4 network" % cidr)
    return str(net)


def _hosts(net):
    """First and last usable host addresses as ints."""
    return int(net.network_address) + 1, int(net.broadcast_address) - 1


def is_host_address(net, ip):
    first, last = _hosts(net)
    return first <= int(ip) <= last


def default_gateway(net: ipaddress.IPv4Network) -> str:
    return str(net.network_address + 1)


def check_gateway(net, gateway):
    """The normalized gateway; it must be a host address of ``net``."""
    ip = parse_ip(gateway)
    if not is_host_address(net, ip):
        raise exceptions.InvalidInput(
            error_message='gateway IP %s is not a host address of %s' % (
                gateway, net))
    return str(ip)


def _pool(start, end):
    return {'start': str(ipaddress.IPv4Address(start)),
            'end': str(ipaddress.IPv4Address(end))}


def default_pools(net, gateway):
    """Every host address but the gateway, as one or two pools."""
    first, last = _hosts(net)
    if gateway is None:
        return [_pool(first, last)]
    gw = int(ipaddress.IPv4Address(gateway))
    pools = []
    if first < gw:
        pools.append(_pool(first, gw - 1))
    if gw < last:
        pools.append(_pool(gw + 1, last))
    return pools


def _bounds(pool):
    return (int(ipaddress.IPv4Address(pool['start'])),
            int(ipaddress.IPv4Address(pool['end'])))


def _pool_text(pool):
    return '%s-%s' % (pool['start'], pool['end'])


def validate_pools(net, pools, gateway):
    """Normalized, sorted ``pools``; raises on a bad or overlapping one."""
    first, last = _hosts(net)
    checked = []
    for pool in pools:
        start, end = parse_ip(pool['start']), parse_ip(pool['end'])
        if int(start) > int(end):
            raise exceptions.InvalidAllocationPool(pool=_pool_text(pool))
        if int(start) < first or int(end) > last:
            raise exceptions.OutOfBoundsAllocationPool(
                pool=_pool_text(pool), subnet_cidr=str(net))
        checked.append(_pool(start, end))
    checked.sort(key=_bounds)
    for before, after in zip(checked, checked[1:]):
        if _bounds(after)[0] <= _bounds(before)[1]:
            raise exceptions.OverlappingAllocationPools(
                pool_1=_pool_text(before), pool_2=_pool_text(after),
                subnet_cidr=str(net))
    if gateway is not None:
        gw = int(ipaddress.IPv4Address(gateway))
        for pool in checked:
            start, end = _bounds(pool)
            if start <= gw <= end:
                raise exceptions.GatewayConflictWithAllocationPools(
                    ip_address=gateway, pool=_pool_text(pool))
    return checked


def check_fixed_ip(net, ip_address, gateway):
    """The normalized address a port asks for: a host of ``net``, not the
    gateway (pools do not matter: an owner may pick any host address)."""
    ip = parse_ip(ip_address)
    if not is_host_address(net, ip) or str(ip) == gateway:
        raise exceptions.InvalidIpForSubnet(ip_address=ip_address)
    return str(ip)


def pool_size(pools: list[dict]) -> int:
    return sum(end - start + 1 for start, end in map(_bounds, pools))


def free_addresses(pools, used):
    """Free addresses of ``pools`` in order; ``used`` holds ints or strs."""
    taken = {int(ipaddress.IPv4Address(ip)) for ip in used}
    for start, end in map(_bounds, pools):
        value = start
        while value <= end:
            if value not in taken:
                yield str(ipaddress.IPv4Address(value))
            value += 1


def choose_address(pools: list[dict], used, window: int = 1,
                   rng=random) -> str | None:
    """The first free address of ``pools``, or None when they are full.

    ``window`` > 1 picks at random among the first ``window`` free
    addresses instead: writers that just lost a race for the first one
    spread out rather than collide again.
    """
    candidates = []
    for address in free_addresses(pools, used):
        candidates.append(address)
        if len(candidates) >= window:
            break
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    return rng.choice(candidates)


def retry_window(attempt: int) -> int:
    """Candidates to choose among on the ``attempt``-th try (0-based)."""
    return min(2 ** attempt, 64)
