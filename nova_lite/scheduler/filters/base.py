"""The filter interface.

``prepare(context, spec_obj)`` runs once per request (lookups a filter needs,
e.g. the hosts of other instances) and its result comes back to every
``host_passes(host_state, spec_obj, prepared)``, unless ``applies(spec_obj,
prepared)`` says the request asks nothing of this filter (no zone, no image
properties, no hint): then every host passes without being looked at.
"""


class BaseHostFilter:
    @property
    def name(self):
        return self.__class__.__name__

    def prepare(self, context, spec_obj):
        return None

    def applies(self, spec_obj, prepared):
        return True

    def host_passes(self, host_state, spec_obj, prepared=None):
        raise NotImplementedError()
