"""IPAM arithmetic: subnets, gateways, pools, free addresses."""

import random

import pytest

from nova_lite.network import exceptions
from nova_lite.network import ipam


def _net(cidr='10.0.0.0/24'):
    return ipam.parse_cidr(cidr)


@pytest.mark.parametrize('cidr, error', [
    ('10.0.0.5/24', exceptions.InvalidInput),   # host bits set
    ('10.0.0.0/31', exceptions.InvalidInput),   # no room for hosts
    ('fd00::/64', exceptions.InvalidInput),     # IPv6
    ('nonsense', exceptions.InvalidInput),
    ('10.0.0.0/33', exceptions.InvalidInput),
])
def test_bad_cidrs(cidr, error):
    with pytest.raises(error) as info:
        ipam.parse_cidr(cidr)
    assert info.value.code == 400


def test_default_gateway_is_the_first_host():
    assert ipam.default_gateway(_net()) == '10.0.0.1'
    assert ipam.default_gateway(_net('192.168.8.0/22')) == '192.168.8.1'


def test_default_pool_is_every_host_but_the_gateway():
    assert ipam.default_pools(_net(), '10.0.0.1') == [
        {'start': '10.0.0.2', 'end': '10.0.0.254'}]
    assert ipam.default_pools(_net(), None) == [
        {'start': '10.0.0.1', 'end': '10.0.0.254'}]


def test_gateway_in_the_middle_splits_the_default_pool():
    assert ipam.default_pools(_net(), '10.0.0.100') == [
        {'start': '10.0.0.1', 'end': '10.0.0.99'},
        {'start': '10.0.0.101', 'end': '10.0.0.254'}]
    assert ipam.default_pools(_net(), '10.0.0.254') == [
        {'start': '10.0.0.1', 'end': '10.0.0.253'}]


@pytest.mark.parametrize('gateway', ['10.0.0.0', '10.0.0.255', '10.0.1.1',
                                     'x'])
def test_gateway_must_be_a_host_of_the_subnet(gateway):
    with pytest.raises(exceptions.InvalidInput):
        ipam.check_gateway(_net(), gateway)


def test_pools_are_sorted_and_normalized():
    pools = ipam.validate_pools(_net(), [
        {'start': '10.0.0.100', 'end': '10.0.0.110'},
        {'start': '10.0.0.10', 'end': '10.0.0.20'}], '10.0.0.1')
    assert pools == [{'start': '10.0.0.10', 'end': '10.0.0.20'},
                     {'start': '10.0.0.100', 'end': '10.0.0.110'}]
    assert ipam.pool_size(pools) == 22


@pytest.mark.parametrize('pools, error, code', [
    ([{'start': '10.0.0.20', 'end': '10.0.0.10'}],
     exceptions.InvalidAllocationPool, 400),
    ([{'start': '10.0.0.0', 'end': '10.0.0.10'}],
     exceptions.OutOfBoundsAllocationPool, 400),
    ([{'start': '10.0.0.250', 'end': '10.0.1.10'}],
     exceptions.OutOfBoundsAllocationPool, 400),
    ([{'start': '10.0.0.10', 'end': '10.0.0.20'},
      {'start': '10.0.0.20', 'end': '10.0.0.30'}],
     exceptions.OverlappingAllocationPools, 409),
    ([{'start': '10.0.0.1', 'end': '10.0.0.20'}],
     exceptions.GatewayConflictWithAllocationPools, 409),
    ([{'start': 'bad', 'end': '10.0.0.20'}], exceptions.InvalidInput, 400),
])
def test_bad_pools(pools, error, code):
    with pytest.raises(error) as info:
        ipam.validate_pools(_net(), pools, '10.0.0.1')
    assert info.value.code == code


def test_first_free_address_skips_used_ones_across_pools():
    pools = [{'start': '10.0.0.2', 'end': '10.0.0.3'},
             {'start': '10.0.0.10', 'end': '10.0.0.11'}]
    assert ipam.choose_address(pools, set()) == '10.0.0.2'
    assert ipam.choose_address(pools, {'10.0.0.2'}) == '10.0.0.3'
    assert ipam.choose_address(pools, {'10.0.0.2', '10.0.0.3'}) == \
        '10.0.0.10'
    assert list(ipam.free_addresses(pools, {'10.0.0.3', '10.0.0.10'})) == \
        ['10.0.0.2', '10.0.0.11']


def test_exhausted_pools_give_none():
    pools = [{'start': '10.0.0.2', 'end': '10.0.0.3'}]
    assert ipam.choose_address(pools, {'10.0.0.2', '10.0.0.3'}) is None
    assert ipam.choose_address([], set()) is None


def test_retry_window_picks_among_the_first_free_addresses():
    pools = [{'start': '10.0.0.2', 'end': '10.0.0.254'}]
    used = {'10.0.0.2', '10.0.0.4'}
    rng = random.Random(7)
    picked = {ipam.choose_address(pools, used, window=4, rng=rng)
              for _ in range(200)}
    assert picked == {'10.0.0.3', '10.0.0.5', '10.0.0.6', '10.0.0.7'}
    assert ipam.retry_window(0) == 1
    assert ipam.retry_window(3) == 8
    assert ipam.retry_window(30) == 64


def test_a_large_sparse_subnet_is_cheap():
    net = _net('10.0.0.0/8')
    pools = ipam.default_pools(net, ipam.default_gateway(net))
    assert ipam.pool_size(pools) == 2 ** 24 - 3
    assert ipam.choose_address(pools, {'10.0.0.2'}) == '10.0.0.3'


@pytest.mark.parametrize('ip', ['10.0.0.0', '10.0.0.255', '10.0.0.1',
                                '10.0.1.5', 'nope'])
def test_fixed_ip_must_be_a_host_other_than_the_gateway(ip):
    with pytest.raises(exceptions.BadRequest):
        ipam.check_fixed_ip(_net(), ip, '10.0.0.1')


def test_fixed_ip_outside_the_pools_is_allowed():
    assert ipam.check_fixed_ip(_net(), '10.0.0.250', '10.0.0.1') == \
        '10.0.0.250'


def test_route_destinations_take_any_prefix():
    assert ipam.parse_destination('0.0.0.0/0') == '0.0.0.0/0'
    assert ipam.parse_destination('192.168.1.7/32') == '192.168.1.7/32'
    with pytest.raises(exceptions.InvalidInput):
        ipam.parse_destination('192.168.1.7/24')
