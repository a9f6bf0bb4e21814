"""Request schemas of /os-services (the update forms before 2.53)."""

from nova_lite.api.schemas import parameter_types as types

# PUT /os-services/{enable,disable,disable-log-reason}: the service is
# named by host and binary in the body.
update = {
    'type': 'object',
    'properties': {
        'host': types.fqdn,
        'binary': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'disabled_reason': {'type': 'string', 'minLength': 1,
                            'maxLength': 255},
    },
    'required': ['host', 'binary'],
    'additionalProperties': False,
}

# 2.11 adds PUT /os-services/force-down and its ``forced_down``.
update_v211 = types.deepcopy(update)
update_v211['properties']['forced_down'] = types.boolean
