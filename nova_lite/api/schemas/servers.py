"""Request schemas of /servers, one per microversion window."""

from nova_lite.api.schemas import parameter_types as types

_server_base = {
    'type': 'object',
    'properties': {
        'name': types.name,
        'imageRef': types.image_ref,
        'flavorRef': types.flavor_ref,
        'adminPass': {'type': 'string'},
        'metadata': types.metadata,
        'networks': {
            'type': 'array',
            'items': {
                'type': 'object',
                'properties': {
                    'uuid': {'type': 'string'},
                    'port': {'type': ['string', 'null']},
                    'fixed_ip': {'type': 'string', 'format': 'ipv4'},
                },
                'additionalProperties': False,
            },
        },
        'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']},
        'availability_zone': {'type': 'string', 'minLength': 1,
                              'maxLength': 255},
        'user_data': {'type': 'string', 'format': 'base64',
                      'maxLength': 65535},
        'config_drive': types.boolean,
        'key_name': types.name,
        'security_groups': {
            'type': 'array',
            'items': {'type': 'object',
                      'properties': {'name': {'type': 'string'}},
                      'additionalProperties': False},
        },
        'min_count': types.positive_integer,
        'max_count': types.positive_integer,
        'return_reservation_id': types.boolean,
        'block_device_mapping_v2': {
            'type': 'array',
            'items': {
                'type': 'object',
                'properties': {
                    'uuid': {'type': 'string'},
                    'source_type': {'type': 'string'},
                    'destination_type': {'type': 'string'},
                    'boot_index': {'type': ['integer', 'string', 'null']},
                    'delete_on_termination': types.boolean,
                    'device_name': {'type': 'string'},
                    'volume_size': {'type': ['integer', 'string', 'null']},
                },
                'additionalProperties': False,
            },
        },
        'accessIPv4': {'type': 'string', 'format': 'ipv4'},
        'accessIPv6': {'type': 'string', 'format': 'ipv6'},
    },
    'required': ['name', 'flavorRef'],
    'additionalProperties': False,
}

_uuids = {'oneOf': [{'type': 'string', 'format': 'uuid'},
                    {'type': 'array', 'items': {'type': 'string',
                                                'format': 'uuid'}}]}
_hints = {
    'type': 'object',
    'properties': {'same_host': _uuids, 'different_host': _uuids},
    # Nova accepts hints of filters it does not run and ignores them.
    'additionalProperties': True,
}

create_v21 = {
    'type': 'object',
    'properties': {
        'server': _server_base,
        'os:scheduler_hints': _hints,
        'OS-SCH-HNT:scheduler_hints': _hints,
    },
    'required': ['server'],
    'additionalProperties': False,
}

create_v219 = types.deepcopy(create_v21)
create_v219['properties']['server']['properties']['description'] = \
    types.description

create_v237 = types.deepcopy(create_v219)
create_v237['properties']['server']['properties']['networks'] = {
    'oneOf': [
        create_v219['properties']['server']['properties']['networks'],
        {'type': 'string', 'enum': ['auto', 'none']},
    ]}
create_v237['properties']['server']['required'].append('networks')

_sort_keys = ['created_at', 'updated_at', 'display_name', 'uuid', 'host',
              'vm_state', 'launched_at']

index_query = {
    'type': 'object',
    'properties': {
        'limit': types.single_value(types.non_negative_integer),
        'marker': types.single_value({'type': 'string'}),
        'name': types.single_value({'type': 'string'}),
        'status': types.single_value({'type': 'string'}),
        'host': types.single_value({'type': 'string'}),
        'image': types.single_value({'type': 'string'}),
        'changes-since': types.single_value(
            {'type': 'string', 'format': 'date-time'}),
        'all_tenants': types.single_value({'type': 'string'}),
        'project_id': types.single_value({'type': 'string'}),
        'tenant_id': types.single_value({'type': 'string'}),
        'deleted': types.single_value(types.boolean),
        'sort_key': types.multi_value({'type': 'string',
                                       'enum': _sort_keys}),
        'sort_dir': types.multi_value({'type': 'string',
                                       'enum': ['asc', 'desc']}),
    },
    # Nova ignores filters it does not know for list requests.
    'additionalProperties': True,
}

update_v21 = {
    'type': 'object',
    'properties': {
        'server': {
            'type': 'object',
            'properties': {
                'name': types.name,
                'OS-DCF:diskConfig': {'type': 'string',
                                      'enum': ['AUTO', 'MANUAL']},
                'accessIPv4': {'type': 'string', 'format': 'ipv4'},
                'accessIPv6': {'type': 'string', 'format': 'ipv6'},
            },
            'additionalProperties': False,
        },
    },
    'required': ['server'],
    'additionalProperties': False,
}

update_v219 = types.deepcopy(update_v21)
update_v219['properties']['server']['properties']['description'] = \
    types.description

# POST /servers/{id}/action: exactly one action a request.  The handler
# dispatches on the key.
_reboot = {
    'type': 'object',
    'properties': {
        'type': {'type': 'string',
                 'enum': ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']},
    },
    'required': ['type'],
    'additionalProperties': False,
}

# Nova's: length an integer or a string of one, -1 meaning all lines.
_console_output = {
    'type': 'object',
    'properties': {
        'length': {'type': ['integer', 'string', 'null'],
                   'pattern': '^-?[0-9]+$', 'minimum': -1},
    },
    'additionalProperties': False,
}

_resize = {
    'type': 'object',
    'properties': {
        'flavorRef': types.flavor_ref,
        'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']},
    },
    'required': ['flavorRef'],
    'additionalProperties': False,
}

_rebuild = {
    'type': 'object',
    'properties': {
        'imageRef': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'name': types.name,
        'description': types.description,
        'metadata': types.metadata,
        'adminPass': {'type': 'string'},
        'preserve_ephemeral': types.boolean,
        'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']},
        'accessIPv4': {'type': 'string'},
        'accessIPv6': {'type': 'string'},
        'personality': {'type': 'array'},
    },
    'required': ['imageRef'],
    'additionalProperties': False,
}

action = {
    'type': 'object',
    'properties': {
        'os-getConsoleOutput': _console_output,
        'os-stop': {'type': 'null'},
        'os-start': {'type': 'null'},
        'reboot': _reboot,
        'migrate': {'type': 'null'},
        'resize': _resize,
        'confirmResize': {'type': 'null'},
        'revertResize': {'type': 'null'},
        'rebuild': _rebuild,
        'shelve': {'type': 'null'},
        'shelveOffload': {'type': 'null'},
        'unshelve': {'type': 'null'},
    },
    'minProperties': 1,
    'maxProperties': 1,
    'additionalProperties': False,
}
