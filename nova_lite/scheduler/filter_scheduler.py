"""The filter scheduler: filter the hosts, weigh the rest, pick, consume.

A request that no host passes raises NoValidHost whose reason says, per
filter, how many hosts went in and how many came out — the answer to the
opaque "No valid host was found".
"""

import random

from oslo_log import log as logging

from nova_lite import exception
from nova_lite.scheduler import filters
from nova_lite.scheduler import host_manager
from nova_lite.scheduler import weights

LOG = logging.getLogger(__name__)


class FilterScheduler:
    def __init__(self, conf):
        self.conf = conf
        self.host_manager = host_manager.HostManager(conf)
        self.filters = filters.load(conf.filter_scheduler.enabled_filters)
        self.weighers = weights.load(conf)

    def select_destinations(self, context, spec_obj, instance_uuids):
        hosts = self.host_manager.get_host_states(context)
        hosts = [h for h in hosts if h.host not in spec_obj.retry_hosts and
                 h.host not in spec_obj.ignore_hosts]
        forced = spec_obj.scheduler_hints.get('force_hosts')
        if forced:
            # An admin's "zone:host": that host or nothing.
            hosts = [h for h in hosts if h.host in forced]
        selections = []
        for _uuid in instance_uuids:
            passed, trail = self._filter(hosts, spec_obj)
            if not passed:
                raise exception.NoValidHost(reason=self._explain(
                    len(hosts), trail, spec_obj))
            chosen = self._pick(passed, spec_obj)
            chosen.consume(spec_obj.flavor)
            selections.append({'host': chosen.host,
                               'nodename': chosen.nodename})
        return selections

    def _filter(self, hosts, spec_obj):
        trail = []
        for host_filter in self.filters:
            before = len(hosts)
            hosts = [h for h in hosts if host_filter.host_passes(h, spec_obj)]
            trail.append((host_filter.name, before, len(hosts)))
            if not hosts:
                break
        return hosts, trail

    @staticmethod
    def _explain(candidates, trail, spec_obj):
        if not candidates:
            if spec_obj.retry_hosts:
                return 'No compute host left after trying %s.' % ', '.join(
                    spec_obj.retry_hosts)
            return 'There are no compute hosts.'
        steps = ', '.join('%s: %d->%d' % step for step in trail)
        flavor = spec_obj.flavor
        return ('Filters removed every host (%s) for flavor %s (%d MB RAM, '
                '%d vCPUs, %d GB disk).' % (steps, flavor.name,
                                            flavor.memory_mb, flavor.vcpus,
                                            flavor.root_gb +
                                            flavor.ephemeral_gb))

    def _pick(self, hosts, spec_obj):
        weighed = weights.weigh(self.weighers, hosts, spec_obj)
        subset = weighed[:self.conf.filter_scheduler.host_subset_size]
        return random.choice(subset)
