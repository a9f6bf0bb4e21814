"""Host filters, one by one, on HostStates built from ComputeNodes."""

import pytest

from nova_lite import context as nl_context
from nova_lite.objects import instance as instance_obj
from nova_lite.scheduler import filters
from nova_lite.scheduler.filters import affinity_filters
from nova_lite.scheduler.filters import availability_zone_filter
from nova_lite.scheduler.filters import compute_filter
from nova_lite.scheduler.filters import core_filter
from nova_lite.scheduler.filters import disk_filter
from nova_lite.scheduler.filters import image_properties_filter
from nova_lite.scheduler.filters import ram_filter
from tests.fixtures import scheduler as fx


def _passes(host_filter, state, spec, context=None):
    prepared = host_filter.prepare(
        context or nl_context.get_admin_context(), spec)
    return host_filter.host_passes(state, spec, prepared)


# -- ComputeFilter ----------------------------------------------------------

@pytest.mark.parametrize('is_up, disabled, passes', [
    (True, False, True),
    (False, False, False),  # service down
    (True, True, False),    # service disabled
    (False, True, False),
])
def test_compute_filter(is_up, disabled, passes):
    state = fx.host_state(is_up=is_up, disabled=disabled)
    assert _passes(compute_filter.ComputeFilter(), state,
                   fx.spec()) is passes


# -- AvailabilityZoneFilter -------------------------------------------------

@pytest.mark.parametrize('wanted, host_zone, passes', [
    (None, 'nova', True),   # no zone asked: any host
    ('', 'az2', True),
    ('nova', 'nova', True),
    ('az2', 'nova', False),
    ('nova', 'az2', False),
])
def test_availability_zone_filter(wanted, host_zone, passes):
    state = fx.host_state(availability_zone=host_zone)
    spec = fx.spec(availability_zone=wanted)
    assert _passes(availability_zone_filter.AvailabilityZoneFilter(), state,
                   spec) is passes


# -- RamFilter / CoreFilter / DiskFilter ------------------------------------

@pytest.mark.parametrize('ratio, wanted, passes', [
    (1.0, 512, True),    # 1024 - 512 = 512 free: exactly enough
    (1.0, 513, False),
    (1.5, 1024, True),   # 1024 * 1.5 - 512 = 1024 free
    (1.5, 1025, False),
    (0.5, 1, False),     # 512 - 512 = 0 free
])
def test_ram_filter(ratio, wanted, passes):
    state = fx.host_state(memory_mb=1024, memory_mb_used=512,
                          ram_allocation_ratio=ratio)
    spec = fx.spec(fx.flavor(memory_mb=wanted))
    assert _passes(ram_filter.RamFilter(), state, spec) is passes


def test_ram_filter_counts_in_flight_consumption():
    state = fx.host_state(memory_mb=1024, memory_mb_used=0)
    spec = fx.spec(fx.flavor(memory_mb=1024))
    assert _passes(ram_filter.RamFilter(), state, spec)
    state.consume('other-instance', fx.flavor(memory_mb=1))
    assert not _passes(ram_filter.RamFilter(), state, spec)


@pytest.mark.parametrize('ratio, wanted, passes', [
    (1.0, 1, False),     # all 4 used
    (2.0, 4, True),      # 4 * 2 - 4 = 4 free
    (2.0, 5, False),
    (16.0, 60, True),
    (16.0, 61, False),
])
def test_core_filter(ratio, wanted, passes):
    state = fx.host_state(vcpus=4, vcpus_used=4, cpu_allocation_ratio=ratio)
    spec = fx.spec(fx.flavor(vcpus=wanted))
    assert _passes(core_filter.CoreFilter(), state, spec) is passes


@pytest.mark.parametrize('ratio, root, ephemeral, passes', [
    (1.0, 10, 0, True),   # 20 - 10 = 10 free
    (1.0, 5, 5, True),    # root + ephemeral
    (1.0, 5, 6, False),
    (1.0, 11, 0, False),
    (2.0, 15, 15, True),  # 20 * 2 - 10 = 30 free
    (2.0, 15, 16, False),
])
def test_disk_filter(ratio, root, ephemeral, passes):
    state = fx.host_state(local_gb=20, local_gb_used=10,
                          disk_allocation_ratio=ratio)
    spec = fx.spec(fx.flavor(root_gb=root, ephemeral_gb=ephemeral))
    assert _passes(disk_filter.DiskFilter(), state, spec) is passes


# -- ImagePropertiesFilter --------------------------------------------------

@pytest.mark.parametrize('properties, passes', [
    ({}, True),
    ({'hw_architecture': 'x86_64'}, True),
    ({'hw_architecture': 'X86_64'}, True),     # case does not matter
    ({'hw_architecture': 'aarch64'}, False),
    ({'architecture': 'x86_64'}, True),        # the older key
    ({'architecture': 'aarch64'}, False),
    # the newer key wins over the older one
    ({'hw_architecture': 'x86_64', 'architecture': 'aarch64'}, True),
    ({'hw_architecture': 'aarch64', 'architecture': 'x86_64'}, False),
    ({'hw_architecture': None, 'architecture': 'aarch64'}, False),
    ({'img_hv_type': 'fake'}, True),
    ({'img_hv_type': 'FAKE'}, True),
    ({'img_hv_type': 'kvm'}, False),
    ({'hypervisor_type': 'fake'}, True),       # the older key
    ({'hypervisor_type': 'kvm'}, False),
    ({'img_hv_type': 'kvm', 'hypervisor_type': 'fake'}, False),
    ({'hw_architecture': 'x86_64', 'img_hv_type': 'fake'}, True),
    ({'hw_architecture': 'x86_64', 'img_hv_type': 'kvm'}, False),
    ({'hw_architecture': 'aarch64', 'img_hv_type': 'fake'}, False),
    ({'os_distro': 'cirros'}, True),           # not looked at
])
def test_image_properties_filter(properties, passes):
    state = fx.host_state(cpu_arch='x86_64', hypervisor_type='fake')
    spec = fx.spec(image_properties=properties)
    assert _passes(image_properties_filter.ImagePropertiesFilter(), state,
                   spec) is passes


def test_image_properties_filter_host_without_arch():
    state = fx.host_state(cpu_arch=None)
    host_filter = image_properties_filter.ImagePropertiesFilter()
    assert _passes(host_filter, state, fx.spec())
    assert not _passes(host_filter, state,
                       fx.spec(image_properties={'architecture': 'x86_64'}))


# -- SameHostFilter / DifferentHostFilter -----------------------------------

class _Instance:
    def __init__(self, uuid, host):
        self.uuid = uuid
        self.host = host


@pytest.fixture
def instances(monkeypatch):
    """Instances by uuid that the affinity filters' lookup finds."""
    known = {'u-a': _Instance('u-a', 'h1'), 'u-b': _Instance('u-b', 'h2'),
             'u-unplaced': _Instance('u-unplaced', None)}
    lookups = []

    def get_by_filters(context, filters, sort_key=None):
        lookups.append(sorted(filters['uuid']))
        return [known[u] for u in filters['uuid'] if u in known]

    monkeypatch.setattr(instance_obj.InstanceList, 'get_by_filters',
                        get_by_filters)
    return lookups


@pytest.mark.parametrize('hint, passing', [
    (['u-a'], {'h1'}),
    (['u-a', 'u-b'], {'h1', 'h2'}),
    (['u-unplaced'], set()),       # no host yet: no host is "the same"
    (['u-gone'], set()),
])
def test_same_host_filter(instances, hint, passing):
    host_filter = affinity_filters.SameHostFilter()
    spec = fx.spec(scheduler_hints={'same_host': hint})
    prepared = host_filter.prepare(nl_context.get_admin_context(), spec)
    assert instances == [sorted(hint)]
    passed = {h for h in ('h1', 'h2', 'h3')
              if host_filter.host_passes(fx.host_state(h), spec, prepared)}
    assert passed == passing


@pytest.mark.parametrize('hint, passing', [
    (['u-a'], {'h2', 'h3'}),
    (['u-a', 'u-b'], {'h3'}),
    (['u-unplaced'], {'h1', 'h2', 'h3'}),
])
def test_different_host_filter(instances, hint, passing):
    host_filter = affinity_filters.DifferentHostFilter()
    spec = fx.spec(scheduler_hints={'different_host': hint})
    prepared = host_filter.prepare(nl_context.get_admin_context(), spec)
    passed = {h for h in ('h1', 'h2', 'h3')
              if host_filter.host_passes(fx.host_state(h), spec, prepared)}
    assert passed == passing


@pytest.mark.parametrize('cls', [affinity_filters.SameHostFilter,
                                 affinity_filters.DifferentHostFilter])
def test_affinity_filters_without_hint(instances, cls):
    host_filter = cls()
    # The other filter's hint is not this one's business.
    other = 'different_host' if cls is affinity_filters.SameHostFilter \
        else 'same_host'
    for hints in ({}, {other: ['u-a']}):
        spec = fx.spec(scheduler_hints=hints)
        prepared = host_filter.prepare(nl_context.get_admin_context(), spec)
        assert prepared is None
        assert host_filter.host_passes(fx.host_state('h1'), spec, prepared)
    assert instances == []  # no lookup without the hint


# -- load -------------------------------------------------------------------

def test_load_in_order():
    loaded = filters.load(['RamFilter', 'ComputeFilter'])
    assert [type(f) for f in loaded] == [ram_filter.RamFilter,
                                         compute_filter.ComputeFilter]
    assert [f.name for f in loaded] == ['RamFilter', 'ComputeFilter']


def test_load_default_filters(conf):
    names = conf.filter_scheduler.enabled_filters
    assert [f.name for f in filters.load(names)] == names


def test_load_rejects_unknown_names():
    with pytest.raises(ValueError) as error:
        filters.load(['RamFilter', 'NoSuchFilter', 'JsonFilter'])
    assert 'NoSuchFilter' in str(error.value)
    assert 'JsonFilter' in str(error.value)
    assert 'RamFilter' in str(error.value)  # the known ones are listed
