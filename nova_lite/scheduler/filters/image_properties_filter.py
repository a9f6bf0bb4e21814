"""ImagePropertiesFilter: the host can run what the image asks for.

Image properties looked at: ``hw_architecture`` (or the older
``architecture``) against the host's CPU architecture, and
``img_hv_type`` (or ``hypervisor_type``) against its hypervisor type.
"""

from nova_lite.scheduler.filters import base

_ARCH_KEYS = ('hw_architecture', 'architecture')
_HV_KEYS = ('img_hv_type', 'hypervisor_type')


def _wanted(properties, keys):
    for key in keys:
        if properties.get(key):
            return properties[key].lower()
    return None


class ImagePropertiesFilter(base.BaseHostFilter):
    def applies(self, spec_obj, prepared):
        properties = spec_obj.image_properties or {}
        return bool(_wanted(properties, _ARCH_KEYS) or
                    _wanted(properties, _HV_KEYS))

    def host_passes(self, host_state, spec_obj, prepared=None):
        properties = spec_obj.image_properties or {}
        arch = _wanted(properties, _ARCH_KEYS)
        if arch and arch != (host_state.cpu_arch or '').lower():
            return False
        hv_type = _wanted(properties, _HV_KEYS)
        if hv_type and hv_type != (host_state.hypervisor_type or '').lower():
            return False
        return True
