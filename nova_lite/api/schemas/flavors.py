"""Request schemas of /flavors."""

from nova_lite.api.schemas import parameter_types as types

create = {
    'type': 'object',
    'properties': {
        'flavor': {
            'type': 'object',
            'properties': {
                'name': types.name,
                'id': {'type': ['string', 'null'], 'minLength': 1,
                       'maxLength': 255,
                       'pattern': r'^(?! )[a-zA-Z0-9. _-]+(?<! )$'},
                'ram': {'type': ['integer', 'string'], 'pattern': '^[0-9]+$',
                        'minimum': 1, 'maximum': 2147483647},
                'vcpus': {'type': ['integer', 'string'],
                          'pattern': '^[0-9]+$', 'minimum': 1,
                          'maximum': 2147483647},
                'disk': {'type': ['integer', 'string'], 'pattern': '^[0-9]+$',
                         'minimum': 0, 'maximum': 2147483647},
                'OS-FLV-EXT-DATA:ephemeral': {
                    'type': ['integer', 'string'], 'pattern': '^[0-9]+$',
                    'minimum': 0, 'maximum': 2147483647},
                'swap': {'type': ['integer', 'string'],
                         'pattern': '^[0-9]*$', 'minimum': 0,
                         'maximum': 2147483647},
                'rxtx_factor': {'type': ['number', 'string'],
                                'pattern': r'^[0-9]+(\.[0-9]+)?$',
                                'minimum': 0, 'exclusiveMinimum': True,
                                'maximum': 3.40282e+38},
                'os-flavor-access:is_public': types.boolean,
            },
            'required': ['name', 'ram', 'vcpus', 'disk'],
            'additionalProperties': False,
        },
    },
    'required': ['flavor'],
    'additionalProperties': False,
}

index_query = {
    'type': 'object',
    'properties': {
        'limit': types.single_value(types.non_negative_integer),
        'marker': types.single_value({'type': 'string'}),
        'is_public': types.single_value({'type': 'string'}),
        'minRam': types.single_value(types.non_negative_integer),
        'minDisk': types.single_value(types.non_negative_integer),
        'sort_key': types.single_value({'type': 'string', 'enum': [
            'created_at', 'description', 'disabled', 'ephemeral_gb',
            'flavorid', 'id', 'is_public', 'memory_mb', 'name', 'root_gb',
            'rxtx_factor', 'swap', 'updated_at', 'vcpu_weight', 'vcpus']}),
        'sort_dir': types.single_value({'type': 'string',
                                        'enum': ['asc', 'desc']}),
    },
    'additionalProperties': True,
}
