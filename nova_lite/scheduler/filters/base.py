"""The filter interface: ``host_passes(host_state, spec_obj) -> bool``."""


class BaseHostFilter:
    @property
    def name(self):
        return self.__class__.__name__

    def host_passes(self, host_state, spec_obj):
        raise NotImplementedError()
