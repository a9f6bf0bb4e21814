"""/servers/{server_id}/metadata: the server's key/value metadata, in
Nova's shapes (``metadata`` for the whole set, ``meta`` for one item)."""

import pecan
from pecan import rest

from nova_lite.api.schemas import parameter_types as types
from nova_lite.api import validation
from nova_lite import exception
from nova_lite import policy

POLICY = 'os_compute_api:server-metadata:%s'

_all = {'type': 'object', 'properties': {'metadata': types.metadata},
        'required': ['metadata'], 'additionalProperties': False}
_one = {'type': 'object',
        'properties': {'meta': dict(types.metadata, minProperties=1,
                                    maxProperties=1)},
        'required': ['meta'], 'additionalProperties': False}


class ServerMetadataController(rest.RestController):
    def __init__(self, compute_api):
        super().__init__()
        self.compute_api = compute_api

    def _instance(self, server_id, rule):
        context = pecan.request.context
        instance = self.compute_api.get(context, server_id)
        if not context.is_admin and \
                instance.project_id != context.project_id:
            raise exception.InstanceNotFound(instance_id=server_id)
        policy.authorize(context, POLICY % rule,
                         {'project_id': instance.project_id})
        return context, instance

    @pecan.expose('json')
    def get_all(self, server_id):
        _context, instance = self._instance(server_id, 'index')
        return {'metadata': dict(instance.metadata)}

    @pecan.expose('json')
    def get_one(self, server_id, key):
        _context, instance = self._instance(server_id, 'show')
        if key not in instance.metadata:
            raise exception.NotFound('Metadata item was not found')
        return {'meta': {key: instance.metadata[key]}}

    @pecan.expose('json')
    @validation.schema(_all)
    def post(self, server_id, body):
        context, instance = self._instance(server_id, 'create')
        return {'metadata': self.compute_api.update_metadata(
            context, instance, body['metadata'])}

    @pecan.expose('json')
    @validation.schema({'oneOf': [_all, _one]})
    def put(self, server_id, key=None, body=None):
        if key is None:
            validation.validate(body, _all)
            context, instance = self._instance(server_id, 'update_all')
            return {'metadata': self.compute_api.update_metadata(
                context, instance, body['metadata'], delete=True)}
        validation.validate(body, _one)
        if key not in body['meta']:
            raise exception.Invalid('Request body and URI mismatch')
        context, instance = self._instance(server_id, 'update')
        self.compute_api.update_metadata(context, instance, body['meta'])
        return {'meta': body['meta']}

    @pecan.expose(content_type='application/json')
    def delete(self, server_id, key):
        context, instance = self._instance(server_id, 'delete')
        self.compute_api.delete_metadata_item(context, instance, key)
        pecan.response.status = 204
        return ''
