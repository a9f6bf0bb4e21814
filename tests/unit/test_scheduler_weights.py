"""Host weighers: normalisation, multipliers, ties, loading."""

import collections
import random

import pytest

from nova_lite.scheduler import weights
from nova_lite.scheduler.weights import cpu
from nova_lite.scheduler.weights import disk
from nova_lite.scheduler.weights import num_instances
from nova_lite.scheduler.weights import ram
from tests.fixtures import scheduler as fx


def _only(conf, **multipliers):
    """The loaded weighers with every multiplier 0 but ``multipliers``."""
    for name in ('ram', 'cpu', 'disk', 'num_instances'):
        conf.set_override('%s_weight_multiplier' % name,
                          multipliers.get(name, 0.0),
                          group='filter_scheduler')
    return weights.load(conf)


def _ram_hosts():
    return [fx.host_state('small', memory_mb=1000),
            fx.host_state('large', memory_mb=3000),
            fx.host_state('medium', memory_mb=2000)]


def _ranked(weighers, hosts):
    return [(total, state.host)
            for total, state in weights.weigh(weighers, hosts, fx.spec())]


def test_scores_are_normalised(conf):
    ranked = _ranked(_only(conf, ram=1.0), _ram_hosts())
    assert ranked == [(1.0, 'large'), (0.5, 'medium'), (0.0, 'small')]


def test_normalisation_is_independent_of_scale(conf):
    # Ten times the RAM everywhere: the same weights.
    hosts = [fx.host_state('small', memory_mb=10000),
             fx.host_state('large', memory_mb=30000),
             fx.host_state('medium', memory_mb=20000)]
    ranked = _ranked(_only(conf, ram=1.0), hosts)
    assert ranked == [(1.0, 'large'), (0.5, 'medium'), (0.0, 'small')]


def test_equal_scores_normalise_to_zero(conf):
    hosts = [fx.host_state('a'), fx.host_state('b')]
    assert sorted(_ranked(_only(conf, ram=5.0), hosts)) == \
        [(0.0, 'a'), (0.0, 'b')]


def test_multiplier_scales(conf):
    ranked = _ranked(_only(conf, ram=2.0), _ram_hosts())
    assert ranked == [(2.0, 'large'), (1.0, 'medium'), (0.0, 'small')]


def test_negative_multiplier_stacks(conf):
    ranked = _ranked(_only(conf, ram=-1.0), _ram_hosts())
    assert ranked == [(0.0, 'small'), (-0.5, 'medium'), (-1.0, 'large')]


def test_weighers_are_summed(conf):
    # RAM prefers a, CPU (twice as heavy) prefers b: b wins.
    hosts = [fx.host_state('a', memory_mb=4000, vcpus=2),
             fx.host_state('b', memory_mb=1000, vcpus=8)]
    ranked = _ranked(_only(conf, ram=1.0, cpu=2.0), hosts)
    assert ranked == [(2.0, 'b'), (1.0, 'a')]


@pytest.mark.parametrize('multiplier, first', [(-1.0, 'empty'),
                                               (1.0, 'busy')])
def test_num_instances_weigher(conf, multiplier, first):
    hosts = [fx.host_state('busy', running_vms=5),
             fx.host_state('empty', running_vms=0),
             fx.host_state('some', running_vms=2)]
    ranked = _ranked(_only(conf, num_instances=multiplier), hosts)
    assert ranked[0][1] == first
    assert [h for _t, h in ranked][1] == 'some'


def test_num_instances_counts_in_flight(conf):
    hosts = [fx.host_state('a', running_vms=1),
             fx.host_state('b', running_vms=0)]
    hosts[1].consume('u1', fx.flavor())
    hosts[1].consume('u2', fx.flavor())
    ranked = _ranked(_only(conf, num_instances=-1.0), hosts)
    assert [h for _t, h in ranked] == ['a', 'b']


def test_free_resources_include_in_flight(conf):
    hosts = [fx.host_state('a', memory_mb=4096),
             fx.host_state('b', memory_mb=4096)]
    hosts[0].consume('u1', fx.flavor(memory_mb=1024))
    for _ in range(20):
        ranked = _ranked(_only(conf, ram=1.0), hosts)
        assert [h for _t, h in ranked] == ['b', 'a']


def test_ties_come_in_random_order(conf):
    random.seed(1234)
    weighers = _only(conf, ram=1.0)
    hosts = [fx.host_state(h) for h in ('a', 'b', 'c', 'd')]
    hosts.append(fx.host_state('worse', memory_mb=1024))
    firsts = collections.Counter()
    for _ in range(400):
        ranked = _ranked(weighers, hosts)
        firsts[ranked[0][1]] += 1
        assert ranked[-1][1] == 'worse'  # ties are shuffled, not the rest
    assert set(firsts) == {'a', 'b', 'c', 'd'}
    # Roughly even: each of the four gets a fair share of 400.
    assert min(firsts.values()) > 50, firsts


def test_weigh_without_weighers_keeps_every_host(conf):
    hosts = [fx.host_state(h) for h in ('a', 'b', 'c')]
    ranked = _ranked(_only(conf), hosts)
    assert sorted(h for _t, h in ranked) == ['a', 'b', 'c']
    assert {t for t, _h in ranked} == {0.0}


def test_load_defaults(conf):
    # num_instances_weight_multiplier defaults to 0: not loaded.
    assert [type(w) for w in weights.load(conf)] == [
        ram.RAMWeigher, cpu.CPUWeigher, disk.DiskWeigher]


def test_load_drops_zero_multipliers(conf):
    loaded = _only(conf, cpu=-2.0, num_instances=0.5)
    assert [type(w) for w in loaded] == [cpu.CPUWeigher,
                                         num_instances.NumInstancesWeigher]
    assert [w.multiplier for w in loaded] == [-2.0, 0.5]
    assert _only(conf) == []


def test_load_reads_config_at_run_time(conf):
    conf.set_override('disk_weight_multiplier', 3.0,
                      group='filter_scheduler')
    by_type = {type(w): w for w in weights.load(conf)}
    assert by_type[disk.DiskWeigher].multiplier == 3.0


def test_best_is_the_head_of_the_full_ranking(conf):
    weighers = _only(conf, ram=1.0, cpu=0.5)
    hosts = [fx.host_state('h%d' % i, memory_mb=1000 + 100 * (i % 7),
                           vcpus=4 + i % 3) for i in range(40)]
    full = [total for total, _h in weights.weigh(weighers, hosts,
                                                 fx.spec())]
    for count in (1, 3, 10, 40, 50):
        best = weights.best(weighers, hosts, fx.spec(), count)
        assert [total for total, _h in best] == full[:count]
        assert len({id(h) for _t, h in best}) == len(best)


def test_best_samples_ties_at_random(conf):
    # Identical hosts: every one of them gets picked first about equally.
    weighers = _only(conf, ram=1.0)
    hosts = [fx.host_state('h%d' % i) for i in range(5)]
    random.seed(7)
    firsts = collections.Counter(
        weights.best(weighers, hosts, fx.spec(), 2)[0][1].host
        for _ in range(1000))
    assert set(firsts) == {h.host for h in hosts}
    assert max(firsts.values()) < 2 * min(firsts.values())


def test_weigher_without_attribute_is_called(conf):
    class Custom:
        multiplier = 1.0

        def weigh(self, host_state, spec_obj):
            return -host_state.free_ram_mb  # prefer the fullest

    ranked = _ranked([Custom()], _ram_hosts())
    assert [host for _t, host in ranked] == ['small', 'medium', 'large']
