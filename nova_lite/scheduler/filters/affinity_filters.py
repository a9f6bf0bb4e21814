"""SameHostFilter / DifferentHostFilter: the ``same_host`` and
``different_host`` scheduler hints (lists of instance uuids)."""

from nova_lite.objects import instance as instance_obj
from nova_lite.scheduler.filters import base


def _hosts_of(context, uuids):
    if not uuids:
        return None
    instances = instance_obj.InstanceList.get_by_filters(
        context.elevated(), {'uuid': list(uuids)}, sort_key='id')
    return {i.host for i in instances if i.host}


class SameHostFilter(base.BaseHostFilter):
    HINT = 'same_host'

    def prepare(self, context, spec_obj):
        return _hosts_of(context, spec_obj.scheduler_hints.get(self.HINT))

    def applies(self, spec_obj, prepared):
        return prepared is not None

    def host_passes(self, host_state, spec_obj, prepared=None):
        if prepared is None:
            return True
        return host_state.host in prepared


class DifferentHostFilter(SameHostFilter):
    HINT = 'different_host'

    def host_passes(self, host_state, spec_obj, prepared=None):
        if prepared is None:
            return True
        return host_state.host not in prepared
