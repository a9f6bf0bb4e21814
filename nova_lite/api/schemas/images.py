"""Request schemas of the image service (Glance v2 subset)."""

create = {
    'type': 'object',
    'properties': {
        'id': {'type': 'string', 'format': 'uuid'},
        'name': {'type': ['string', 'null'], 'maxLength': 255},
        'visibility': {'type': 'string',
                       'enum': ['public', 'private', 'shared', 'community']},
        'disk_format': {'type': ['string', 'null'], 'enum': [
            None, 'ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw',
            'qcow2', 'vdi', 'iso', 'ploop']},
        'container_format': {'type': ['string', 'null'], 'enum': [
            None, 'ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker',
            'compressed']},
        'min_disk': {'type': 'integer', 'minimum': 0},
        'min_ram': {'type': 'integer', 'minimum': 0},
        'protected': {'type': 'boolean'},
        'tags': {'type': 'array', 'items': {'type': 'string'},
                 'maxItems': 0},
    },
    # Glance takes any other string key as an image property.
    'additionalProperties': {'type': ['string', 'null'], 'maxLength': 255},
}
