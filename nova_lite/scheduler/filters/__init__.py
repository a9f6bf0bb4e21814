"""Host filters, one per module, selected by ``enabled_filters``."""

from nova_lite.scheduler.filters import affinity_filters
from nova_lite.scheduler.filters import availability_zone_filter
from nova_lite.scheduler.filters import compute_filter
from nova_lite.scheduler.filters import core_filter
from nova_lite.scheduler.filters import disk_filter
from nova_lite.scheduler.filters import image_properties_filter
from nova_lite.scheduler.filters import ram_filter

ALL_FILTERS = {cls.__name__: cls for cls in (
    compute_filter.ComputeFilter,
    availability_zone_filter.AvailabilityZoneFilter,
    ram_filter.RamFilter, core_filter.CoreFilter, disk_filter.DiskFilter,
    image_properties_filter.ImagePropertiesFilter,
    affinity_filters.SameHostFilter, affinity_filters.DifferentHostFilter)}


def load(names):
    unknown = [n for n in names if n not in ALL_FILTERS]
    if unknown:
        raise ValueError('Unknown scheduler filters %s; known: %s' % (
            ', '.join(unknown), ', '.join(sorted(ALL_FILTERS))))
    return [ALL_FILTERS[name]() for name in names]
