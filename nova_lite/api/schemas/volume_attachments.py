"""Request schemas of /servers/{id}/os-volume_attachments."""

create = {
    'type': 'object',
    'properties': {
        'volumeAttachment': {
            'type': 'object',
            'properties': {
                'volumeId': {'type': 'string', 'format': 'uuid'},
                'device': {'type': ['string', 'null'],
                           'pattern': '(^/dev/x{0,1}[a-z]{0,1}d{0,1})'
                                      '([a-z]+)[0-9]*$'},
                'tag': {'type': 'string', 'maxLength': 60},
                'delete_on_termination': {'type': 'boolean'},
            },
            'required': ['volumeId'],
            'additionalProperties': False,
        },
    },
    'required': ['volumeAttachment'],
    'additionalProperties': False,
}
