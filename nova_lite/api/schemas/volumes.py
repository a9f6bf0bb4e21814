"""Request schemas of the Block Storage API subset (/volume/v3)."""

import copy

from nova_lite.api.schemas import parameter_types

_uuid_or_null = {'type': ['string', 'null'], 'format': 'uuid'}
_text_or_null = {'type': ['string', 'null'], 'maxLength': 255}
_size = {'type': ['integer', 'string', 'null'], 'pattern': '^[0-9]+$',
         'minimum': 1}

create = {
    'type': 'object',
    'properties': {
        'volume': {
            'type': 'object',
            'properties': {
                'size': _size,
                'name': _text_or_null,
                'description': _text_or_null,
                'display_name': _text_or_null,
                'display_description': _text_or_null,
                'availability_zone': _text_or_null,
                'volume_type': _text_or_null,
                'snapshot_id': _uuid_or_null,
                'source_volid': _uuid_or_null,
                'imageRef': _text_or_null,
                'metadata': {'oneOf': [parameter_types.metadata,
                                       {'type': 'null'}]},
                # sent by clients, accepted and ignored as Cinder without
                # those features: no multiattach, groups or backups here
                'multiattach': {'type': ['boolean', 'null']},
                'consistencygroup_id': {'type': 'null'},
                'group_id': {'type': 'null'},
                'backup_id': {'type': 'null'},
            },
            'additionalProperties': False,
        },
        'OS-SCH-HNT:scheduler_hints': {'type': ['object', 'null']},
    },
    'required': ['volume'],
    'additionalProperties': False,
}

update = {
    'type': 'object',
    'properties': {
        'volume': {
            'type': 'object',
            'properties': {
                'name': _text_or_null,
                'description': _text_or_null,
                'display_name': _text_or_null,
                'display_description': _text_or_null,
                'metadata': parameter_types.metadata,
            },
            'additionalProperties': False,
        },
    },
    'required': ['volume'],
    'additionalProperties': False,
}

snapshot_create = {
    'type': 'object',
    'properties': {
        'snapshot': {
            'type': 'object',
            'properties': {
                'volume_id': {'type': 'string', 'format': 'uuid'},
                'name': _text_or_null,
                'description': _text_or_null,
                'display_name': _text_or_null,
                'display_description': _text_or_null,
                'force': {'type': ['boolean', 'string', 'null']},
                'metadata': {'oneOf': [parameter_types.metadata,
                                       {'type': 'null'}]},
            },
            'required': ['volume_id'],
            'additionalProperties': False,
        },
    },
    'required': ['snapshot'],
    'additionalProperties': False,
}

type_create = {
    'type': 'object',
    'properties': {
        'volume_type': {
            'type': 'object',
            'properties': {
                'name': parameter_types.name,
                'description': _text_or_null,
                'os-volume-type-access:is_public': {'type': 'boolean'},
                'extra_specs': copy.deepcopy(parameter_types.metadata),
            },
            'required': ['name'],
            'additionalProperties': False,
        },
    },
    'required': ['volume_type'],
    'additionalProperties': False,
}

_limit = {'type': 'integer', 'minimum': -1}

quota_update = {
    'type': 'object',
    'properties': {
        'quota_set': {
            'type': 'object',
            'properties': {'volumes': _limit, 'gigabytes': _limit,
                           'snapshots': _limit},
            'additionalProperties': False,
        },
    },
    'required': ['quota_set'],
    'additionalProperties': False,
}
