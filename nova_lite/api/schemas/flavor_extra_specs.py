"""Request schemas of /flavors/{id}/os-extra_specs."""

_key = '^[a-zA-Z0-9-_:. ]{1,255}$'
_value = {'type': ['string', 'number', 'boolean'], 'minLength': 0,
          'maxLength': 255}

create = {
    'type': 'object',
    'properties': {
        'extra_specs': {
            'type': 'object',
            'patternProperties': {_key: _value},
            'additionalProperties': False,
        },
    },
    'required': ['extra_specs'],
    'additionalProperties': False,
}

update = {
    'type': 'object',
    'patternProperties': {_key: _value},
    'additionalProperties': False,
    'minProperties': 1,
    'maxProperties': 1,
}
