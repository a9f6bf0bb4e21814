"""The filter scheduler: filter the hosts, weigh the rest, pick, consume.

A request no host passes raises NoValidHost with Nova's short message for
everyone and, in ``details`` (shown to admins), the trail of every filter —
how many hosts went in and came out — and the hosts already tried with why
each failed: the answer to the opaque "No valid host was found".
"""

import random
import time

from oslo_log import log as logging
from oslo_versionedobjects import base as ovo_base

from nova_lite import exception
from nova_lite.scheduler import filters
from nova_lite.scheduler import host_manager
from nova_lite.scheduler import weights

LOG = logging.getLogger(__name__)

SHORT_REASON = 'There are not enough hosts available.'


class FilterScheduler:
    def __init__(self, conf):
        self.conf = conf
        self.host_manager = host_manager.HostManager(conf)
        self.filters = filters.load(conf.filter_scheduler.enabled_filters)
        self.weighers = weights.load(conf)

    def select_destinations(self, context, spec_obj, instance_uuids,
                            return_alternates=False):
        """One list per instance: the chosen host, then its alternates."""
        started = time.monotonic()
        with self.host_manager.lock:
            hosts = self.host_manager.get_host_states(context)
            selections = self._select(context, spec_obj, instance_uuids,
                                      hosts)
        LOG.info('Selected %s for %d instance(s) among %d nodes in %.1f ms',
                 ', '.join(s[0]['host'] for s in selections),
                 len(instance_uuids), len(hosts),
                 (time.monotonic() - started) * 1000)
        if return_alternates:
            return selections
        return [s[0] for s in selections]

    def _select(self, context, spec_obj, instance_uuids, hosts):
        excluded = set(spec_obj.retry_hosts) | set(spec_obj.ignore_hosts)
        candidates = [h for h in hosts if h.host not in excluded]
        forced = spec_obj.scheduler_hints.get('force_hosts')
        if forced:
            # An admin's "zone:host": that host or nothing.
            candidates = [h for h in candidates if h.host in forced]
        prepared = {f.name: f.prepare(context, spec_obj)
                    for f in self.filters}
        # Filters and weighers read the spec once per host: from plain
        # attributes, not through the object's field getters.
        view = _ReadView(spec_obj)
        max_alternates = self.conf.scheduler.max_attempts - 1
        selections, placed = [], []
        for uuid in instance_uuids:
            passed, trail = self._filter(candidates, view, prepared)
            if not passed:
                for state, placed_uuid in placed:  # undo the partial batch
                    state.release(placed_uuid)
                raise exception.NoValidHost(
                    reason=SHORT_REASON,
                    details=self._explain(len(hosts), len(candidates),
                                          trail, spec_obj))
            subset_size = self.conf.filter_scheduler.host_subset_size
            # Only the best few are needed: the subset to pick from and the
            # alternates; all of them when nodes share hosts too much.
            wanted = subset_size + max_alternates
            weighed = [h for _w, h in weights.best(self.weighers, passed,
                                                     view, wanted)]
            chosen = random.choice(weighed[:subset_size])
            chosen.consume(uuid, spec_obj.flavor)
            placed.append((chosen, uuid))
            alternates = self._alternates(chosen, weighed, max_alternates)
            if len(alternates) < max_alternates and \
                    len(weighed) < len(passed):
                weighed = [h for _w, h in weights.weigh(self.weighers,
                                                        passed, view)]
                alternates = self._alternates(chosen, weighed,
                                              max_alternates)
            selections.append([_selection(s) for s in [chosen] + alternates])
        return selections

    @staticmethod
    def _alternates(chosen, weighed, count):
        """Up to ``count`` states of other hosts than ``chosen``'s, one per
        host, in ``weighed`` order."""
        alternates, seen = [], {chosen.host}
        for state in weighed:
            if len(alternates) >= count:
                break
            if state.host not in seen:
                seen.add(state.host)
                alternates.append(state)
        return alternates

    def _filter(self, hosts, spec_obj, prepared):
        trail = []
        for host_filter in self.filters:
            before = len(hosts)
            data = prepared[host_filter.name]
            if host_filter.applies(spec_obj, data):
                hosts = [h for h in hosts
                         if host_filter.host_passes(h, spec_obj, data)]
            trail.append((host_filter.name, before, len(hosts)))
            if not hosts:
                break
        return hosts, trail

    @staticmethod
    def _explain(known, candidates, trail, spec_obj):
        parts = []
        if not known:
            parts.append('There are no compute nodes.')
        elif not candidates:
            parts.append('None of the %d compute nodes is left to try.' %
                         known)
        else:
            parts.append('Filters: %s.' % ', '.join(
                '%s: %d\u2192%d' % step for step in trail))
        flavor = spec_obj.flavor
        parts.append('Flavor %s: %d MB RAM, %d vCPUs, %d GB disk.' % (
            flavor.name, flavor.memory_mb, flavor.vcpus,
            flavor.root_gb + flavor.ephemeral_gb))
        if spec_obj.retry_hosts:
            parts.append('Hosts tried: %s.' % spec_obj.describe_attempts())
        return ' '.join(parts)


def _selection(state):
    return {'host': state.host, 'nodename': state.nodename}


class _ReadView:
    """Read-only stand-in for a versioned object during one selection:
    each attribute is fetched from the object once, then read as a plain
    attribute (nested objects get a view too)."""

    def __init__(self, obj):
        self.__dict__['_obj'] = obj

    def __getattr__(self, name):
        value = getattr(self.__dict__['_obj'], name)
        if isinstance(value, ovo_base.VersionedObject):
            value = _ReadView(value)
        self.__dict__[name] = value
        return value

    def __setattr__(self, name, value):
        raise AttributeError('read-only view of %s' % name)
