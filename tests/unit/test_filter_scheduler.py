"""FilterScheduler.select_destinations on prepared host states (no DB)."""

import collections
import random

import pytest

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite.scheduler import filter_scheduler
from tests.fixtures import scheduler as fx


@pytest.fixture
def hosts():
    """Three identical hosts, 4 GB RAM each; the states persist across
    requests as the HostManager's do."""
    return [fx.host_state(h, memory_mb=4096) for h in ('h1', 'h2', 'h3')]


@pytest.fixture
def make_scheduler(conf, monkeypatch):
    def factory(states):
        scheduler = filter_scheduler.FilterScheduler(conf)
        monkeypatch.setattr(scheduler.host_manager, 'get_host_states',
                            lambda context: list(states))
        return scheduler
    return factory


def _select(scheduler, spec, uuids, return_alternates=True):
    return scheduler.select_destinations(
        nl_context.get_admin_context(), spec, uuids,
        return_alternates=return_alternates)


def _chosen(selections):
    return [s[0]['host'] for s in selections]


def test_batch_spreads_and_consumes(make_scheduler, hosts):
    scheduler = make_scheduler(hosts)
    flavor = fx.flavor(memory_mb=1024)
    selections = _select(scheduler, fx.spec(flavor), ['u1', 'u2', 'u3'])
    # Each pick consumed RAM on its host, so the next went elsewhere.
    assert sorted(_chosen(selections)) == ['h1', 'h2', 'h3']
    by_host = {h.host: h for h in hosts}
    for uuid, host in zip(['u1', 'u2', 'u3'], _chosen(selections)):
        assert list(by_host[host].in_flight) == [uuid]
        assert by_host[host].free_ram_mb == 3072


def test_second_request_sees_first_consumption(make_scheduler):
    states = [fx.host_state(h, memory_mb=1024) for h in ('h1', 'h2')]
    scheduler = make_scheduler(states)
    spec = fx.spec(fx.flavor(memory_mb=1024))
    first = _chosen(_select(scheduler, spec, ['u1']))
    second = _chosen(_select(scheduler, spec, ['u2']))
    assert sorted(first + second) == ['h1', 'h2']
    with pytest.raises(exception.NoValidHost):
        _select(scheduler, spec, ['u3'])


def test_alternates_are_distinct_other_hosts(conf, make_scheduler):
    # Two nodes per host: alternates name hosts, each once.
    states = [fx.host_state(h, nodename='%s-node%d' % (h, n))
              for h in ('h1', 'h2', 'h3', 'h4') for n in (1, 2)]
    scheduler = make_scheduler(states)
    assert conf.scheduler.max_attempts == 3
    for _ in range(10):
        selections = _select(scheduler, fx.spec(), ['u1', 'u2'])
        for selection in selections:
            hosts = [s['host'] for s in selection]
            assert len(hosts) == 3  # chosen + max_attempts - 1
            assert len(set(hosts)) == 3
            assert all(s['nodename'].startswith(s['host'] + '-node')
                       for s in selection)


@pytest.mark.parametrize('max_attempts, hosts_count, length', [
    (1, 3, 1),   # no alternates
    (2, 3, 2),
    (5, 3, 3),   # fewer hosts than attempts: every other host
    (3, 1, 1),
])
def test_alternates_bounded(conf, make_scheduler, max_attempts, hosts_count,
                            length):
    conf.set_override('max_attempts', max_attempts, group='scheduler')
    scheduler = make_scheduler(
        [fx.host_state('h%d' % i) for i in range(hosts_count)])
    selection, = _select(scheduler, fx.spec(), ['u1'])
    assert len(selection) == length
    assert len({s['host'] for s in selection}) == length


def test_alternates_only_hosts_that_pass(make_scheduler):
    states = [fx.host_state('h1'), fx.host_state('h2'),
              fx.host_state('full', memory_mb=256)]
    scheduler = make_scheduler(states)
    for _ in range(10):
        selection, = _select(scheduler, fx.spec(), [None])
        assert 'full' not in [s['host'] for s in selection]


@pytest.mark.parametrize('field', ['retry_hosts', 'ignore_hosts'])
def test_excluded_hosts(make_scheduler, hosts, field):
    scheduler = make_scheduler(hosts)
    random.seed(7)
    seen = collections.Counter()
    for i in range(6):
        spec = fx.spec(**{field: ['h1', 'h3']})
        for selection in _select(scheduler, spec, ['u%d' % i]):
            seen.update(s['host'] for s in selection)
    assert set(seen) == {'h2'}


def test_force_hosts(make_scheduler, hosts):
    scheduler = make_scheduler(hosts)
    random.seed(7)
    spec = fx.spec(scheduler_hints={'force_hosts': ['h2']})
    selections = _select(scheduler, spec, ['u%d' % i for i in range(3)])
    assert _chosen(selections) == ['h2', 'h2', 'h2']
    assert all(len(s) == 1 for s in selections)


def test_force_hosts_still_filtered(make_scheduler):
    states = [fx.host_state('h1'), fx.host_state('h2', is_up=False)]
    scheduler = make_scheduler(states)
    spec = fx.spec(scheduler_hints={'force_hosts': ['h2']})
    with pytest.raises(exception.NoValidHost) as error:
        _select(scheduler, spec, ['u1'])
    assert 'ComputeFilter: 1\u21920' in error.value.kwargs['details']


def test_no_valid_host_explains_each_filter(make_scheduler, hosts):
    scheduler = make_scheduler(hosts)
    spec = fx.spec(fx.flavor(memory_mb=8192, name='m1.big'))
    with pytest.raises(exception.NoValidHost) as error:
        _select(scheduler, spec, ['u1'])
    # The short message, for everyone.
    assert error.value.kwargs['reason'] == \
        'There are not enough hosts available.'
    assert error.value.format_message() == \
        'No valid host was found. There are not enough hosts available.'
    assert 'RamFilter' not in error.value.format_message()
    # The trail, for admins.
    details = error.value.kwargs['details']
    assert 'ComputeFilter: 3\u21923' in details
    assert 'AvailabilityZoneFilter: 3\u21923' in details
    assert 'RamFilter: 3\u21920' in details
    assert 'CoreFilter' not in details  # nothing left to filter
    assert 'Flavor m1.big: 8192 MB RAM' in details
    assert 'Hosts tried' not in details


def test_no_valid_host_names_hosts_tried(make_scheduler, hosts):
    scheduler = make_scheduler(hosts)
    spec = fx.spec(fx.flavor(memory_mb=8192),
                   retry_hosts=['h1', 'h2'],
                   retry_reasons={'h1': 'fake driver failure'})
    with pytest.raises(exception.NoValidHost) as error:
        _select(scheduler, spec, ['u1'])
    details = error.value.kwargs['details']
    assert 'RamFilter: 1\u21920' in details
    assert 'Hosts tried: h1 (fake driver failure); h2 (failed).' in details


def test_no_valid_host_when_every_host_was_tried(make_scheduler, hosts):
    scheduler = make_scheduler(hosts)
    spec = fx.spec(retry_hosts=['h1', 'h2', 'h3'],
                   retry_reasons={'h3': 'claim failed'})
    with pytest.raises(exception.NoValidHost) as error:
        _select(scheduler, spec, ['u1'])
    details = error.value.kwargs['details']
    assert 'None of the 3 compute nodes is left to try.' in details
    assert 'h3 (claim failed)' in details


def test_no_valid_host_without_compute_nodes(make_scheduler):
    with pytest.raises(exception.NoValidHost) as error:
        _select(make_scheduler([]), fx.spec(), ['u1'])
    assert 'There are no compute nodes.' in error.value.kwargs['details']


def test_failed_batch_removes_its_in_flight(make_scheduler):
    states = [fx.host_state(h, memory_mb=2048) for h in ('h1', 'h2')]
    scheduler = make_scheduler(states)
    flavor = fx.flavor(memory_mb=1024)
    earlier = _chosen(_select(scheduler, fx.spec(flavor), ['earlier']))
    # Room for three more: a batch of four fails on its fourth.
    with pytest.raises(exception.NoValidHost):
        _select(scheduler, fx.spec(flavor), ['u1', 'u2', 'u3', 'u4'])
    in_flight = {h.host: list(h.in_flight) for h in states}
    assert in_flight == {earlier[0]: ['earlier'],
                         ({'h1', 'h2'} - set(earlier)).pop(): []}
    # The room the batch had taken is free again.
    assert len(_select(scheduler, fx.spec(flavor), ['v1', 'v2', 'v3'])) == 3


def test_return_alternates_false_returns_flat_list(make_scheduler, hosts):
    scheduler = make_scheduler(hosts)
    flat = _select(scheduler, fx.spec(), ['u1', 'u2'],
                   return_alternates=False)
    assert len(flat) == 2
    for selection in flat:
        assert set(selection) == {'host', 'nodename'}
        assert selection['host'] in ('h1', 'h2', 'h3')


def test_selection_names_host_and_node(make_scheduler):
    scheduler = make_scheduler([fx.host_state('h1', nodename='h1-node7')])
    assert _select(scheduler, fx.spec(), ['u1'], False) == [
        {'host': 'h1', 'nodename': 'h1-node7'}]


def test_read_view_reads_once_and_refuses_writes():
    spec = fx.spec(fx.flavor(memory_mb=512))
    view = filter_scheduler._ReadView(spec)
    assert view.flavor.memory_mb == 512
    assert isinstance(view.flavor, filter_scheduler._ReadView)
    assert view.flavor is view.flavor  # cached after the first read
    spec.flavor.memory_mb = 1024  # the view is a snapshot of that request
    assert view.flavor.memory_mb == 512
    with pytest.raises(AttributeError):
        view.flavor = None


def test_filter_the_request_does_not_use_looks_at_no_host(make_scheduler,
                                                          hosts,
                                                          monkeypatch):
    """No zone, no image properties, no hints: those filters are skipped
    as a whole (the trail still shows them), the others run per host."""
    scheduler = make_scheduler(hosts)
    looked = collections.Counter()
    for host_filter in scheduler.filters:
        def counting(state, spec, data, _f=host_filter,
                     _orig=host_filter.host_passes):
            looked[_f.name] += 1
            return _orig(state, spec, data)
        monkeypatch.setattr(host_filter, 'host_passes', counting)
    _select(scheduler, fx.spec(fx.flavor()), ['u1'])
    assert looked['AvailabilityZoneFilter'] == 0
    assert looked['ImagePropertiesFilter'] == 0
    assert looked['RamFilter'] == 3
    looked.clear()
    spec = fx.spec(fx.flavor(memory_mb=8192))
    spec.availability_zone = 'nova'
    with pytest.raises(exception.NoValidHost) as error:
        _select(scheduler, spec, ['u2'])
    assert looked['AvailabilityZoneFilter'] == 3
    assert 'ImagePropertiesFilter' not in error.value.kwargs['details']


def test_alternates_found_beyond_the_best_nodes_of_one_host(conf,
                                                           make_scheduler):
    # The three best nodes all belong to h1: the alternates come from the
    # full ranking, not from the few best nodes only.
    states = [fx.host_state('h1', nodename='h1-node%d' % n, memory_mb=8192)
              for n in range(3)]
    states += [fx.host_state('h2', memory_mb=4096),
               fx.host_state('h3', memory_mb=2048)]
    scheduler = make_scheduler(states)
    selection, = _select(scheduler, fx.spec(), ['u1'])
    assert [s['host'] for s in selection] == ['h1', 'h2', 'h3']
