"""Building blocks of the request schemas."""

import copy

name = {
    'type': 'string', 'minLength': 1, 'maxLength': 255,
    # no leading or trailing whitespace, as Nova
    'pattern': r'^(?! )[^\x00-\x1f\x7f]*(?<! )$',
}

description = {
    'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255,
    'pattern': r'^[^\x00-\x1f\x7f]*$',
}

positive_integer = {
    'type': ['integer', 'string'],
    'pattern': '^[0-9]*$', 'minimum': 1, 'minLength': 1,
}

non_negative_integer = {
    'type': ['integer', 'string'],
    'pattern': '^[0-9]*$', 'minimum': 0, 'minLength': 1,
}

metadata = {
    'type': 'object',
    'patternProperties': {
        '^[a-zA-Z0-9-_:. ]{1,255}$': {'type': 'string', 'maxLength': 255},
    },
    'additionalProperties': False,
}

# A host name as Nova accepts it (RFC 952, plus the underscores real
# systems have).
fqdn = {
    'type': 'string', 'minLength': 1, 'maxLength': 255,
    'pattern': '^[a-zA-Z0-9-._]*$',
}

flavor_ref = {'type': ['string', 'integer'], 'minLength': 1}

image_ref = {'type': 'string', 'maxLength': 255}

boolean = {
    'type': ['boolean', 'string'],
    'enum': [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES',
             'Yes', 'yes', False, 'False', 'FALSE', 'false', '0', 'OFF',
             'Off', 'off', 'NO', 'No', 'no'],
}


def single_value(schema):
    """Query parameters arrive as lists; this allows exactly one value."""
    return {'type': 'array', 'items': schema, 'maxItems': 1}


def multi_value(schema):
    return {'type': 'array', 'items': schema}


def deepcopy(schema):
    return copy.deepcopy(schema)
