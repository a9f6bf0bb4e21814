"""The three volume scheduler drivers (``[volume] volume_scheduler_driver``).

Each ``select(context, spec, hosts)`` returns one :class:`VolumeHostState`
or raises NoValidHost saying why.  ``spec``: ``size``,
``availability_zone``, ``force_host`` (an admin's ``zone:host``) and
``ignore_hosts`` (hosts a rescheduled create already failed on).

* ``filter``: availability-zone and capacity filters, then the capacity
  weigher (most unallocated GiB first).
* ``chance``: a random host that is up and enabled (and in the zone).
* ``simple``: the up, enabled host with the fewest allocated GiB,
  refusing a host past ``max_gigabytes``.
"""

import random

from nova_lite import exception


def _usable(hosts, spec):
    ignore = set(spec.get('ignore_hosts') or ())
    return [h for h in hosts
            if h.up and not h.disabled and h.host not in ignore]


def _forced(hosts, spec):
    """The forced host (if any) when it is up; NoValidHost otherwise."""
    force = spec.get('force_host')
    if not force:
        return None
    for state in hosts:
        if state.host == force:
            if not state.up:
                raise exception.NoValidHost(
                    reason='forced host %s is down' % force)
            return state
    raise exception.NoValidHost(reason='forced host %s is not a volume '
                                       'host' % force)


def _in_zone(hosts, spec):
    zone = spec.get('availability_zone')
    return [h for h in hosts if zone is None or h.availability_zone == zone]


class _Driver:
    """Forced host first; otherwise ``_choose`` among the usable hosts."""

    name = None
    zone_first = True  # filter: its own AvailabilityZoneFilter counts

    def select(self, context, spec, hosts):
        forced = _forced(hosts, spec)
        if forced is not None:
            return forced
        candidates = _usable(hosts, spec)
        if self.zone_first:
            candidates = _in_zone(candidates, spec)
        if not candidates:
            raise exception.NoValidHost(reason='no volume host is up')
        return self._choose(spec, candidates)

    def _choose(self, spec, candidates):
        raise NotImplementedError()


class FilterDriver(_Driver):
    name = 'filter'
    zone_first = False

    def _choose(self, spec, candidates):
        removed = []
        for name, keep in (
                ('AvailabilityZoneFilter',
                 lambda h: spec.get('availability_zone') in
                 (None, h.availability_zone)),
                ('CapacityFilter',
                 lambda h: h.virtual_free_gb >= spec['size'] and
                 h.free_gb >= 0)):
            before = len(candidates)
            candidates = [h for h in candidates if keep(h)]
            removed.append('%s removed %d' % (name,
                                              before - len(candidates)))
            if not candidates:
                raise exception.NoValidHost(
                    reason='Filter results: %s.' % ', '.join(removed))
        # CapacityWeigher: the most unallocated space wins.
        return max(candidates, key=lambda h: (h.virtual_free_gb, h.host))


class ChanceDriver(_Driver):
    name = 'chance'

    def _choose(self, spec, candidates):
        return random.choice(candidates)


class SimpleDriver(_Driver):
    name = 'simple'

    def __init__(self, max_gigabytes):
        self.max_gigabytes = max_gigabytes

    def _choose(self, spec, candidates):
        for state in sorted(candidates,
                            key=lambda h: (h.allocated_gb, h.host)):
            if state.allocated_gb + spec['size'] > self.max_gigabytes:
                break
            return state
        raise exception.NoValidHost(
            reason='Not enough allocatable volume gigabytes remaining '
                   '(max_gigabytes %d).' % self.max_gigabytes)


def load(conf):
    name = conf.volume.volume_scheduler_driver
    if name == 'chance':
        return ChanceDriver()
    if name == 'simple':
        return SimpleDriver(conf.volume.max_gigabytes)
    return FilterDriver()
