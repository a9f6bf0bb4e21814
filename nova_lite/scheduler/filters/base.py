"""The filter interface.

``prepare(context, spec_obj)`` runs once per request (lookups a filter needs,
e.g. the hosts of other instances) and its result comes back to every
``host_passes(host_state, spec_obj, prepared)``.
"""


class BaseHostFilter:
    @property
    def name(self):
        return self.__class__.__name__

    def prepare(self, context, spec_obj):
        return None

    def host_passes(self, host_state, spec_obj, prepared=None):
        raise NotImplementedError()
