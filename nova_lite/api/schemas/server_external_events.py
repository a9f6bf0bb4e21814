"""Request schema of /os-server-external-events (2.1 to our maximum)."""

from nova_lite.objects import external_event

create = {
    'type': 'object',
    'properties': {
        'events': {
            'type': 'array', 'minItems': 1,
            'items': {
                'type': 'object',
                'properties': {
                    'server_uuid': {'type': 'string', 'format': 'uuid'},
                    'name': {'type': 'string',
                             'enum': external_event.EVENT_NAMES},
                    'status': {'type': 'string',
                               'enum': external_event.EVENT_STATUSES},
                    'tag': {'type': 'string', 'maxLength': 255},
                },
                'required': ['server_uuid', 'name'],
                'additionalProperties': False,
            },
        },
    },
    'required': ['events'],
    'additionalProperties': False,
}
