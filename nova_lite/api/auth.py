"""Authentication middlewares: noauth2, and the context from identity headers.

``NoAuthMiddleware`` trusts ``X-Auth-Token: user:project`` (user ``admin``
gets the admin role) and writes the same identity headers keystonemiddleware
would.  ``ContextMiddleware`` builds our RequestContext from those headers
either way.
"""

import webob
import webob.dec

from nova_lite.api import errors
from nova_lite.api import middleware
from nova_lite import context as nl_context

ENV_CONTEXT = 'nova_lite.context'


class NoAuthMiddleware(middleware.Middleware):
    @webob.dec.wsgify
    def __call__(self, request):
        token = request.headers.get('X-Auth-Token')
        if not token:
            return errors.fault_response(401, 'Authentication required')
        user_id, _sep, project_id = token.partition(':')
        if not user_id:
            return errors.fault_response(401, 'Authentication required')
        project_id = project_id or user_id
        roles = ['member', 'reader']
        if user_id == 'admin':
            roles.append('admin')
        for name in ('X-User-Id', 'X-Project-Id', 'X-Roles',
                     'X-Identity-Status', 'X-User-Name', 'X-Project-Name'):
            request.headers.pop(name, None)
        request.headers.update({
            'X-Identity-Status': 'Confirmed',
            'X-User-Id': user_id, 'X-User-Name': user_id,
            'X-Project-Id': project_id, 'X-Project-Name': project_id,
            'X-Roles': ','.join(roles)})
        return request.get_response(self.application)


def keystone_filter_factory(global_config, **local_config):
    """keystonemiddleware auth_token reading our ConfigOpts."""
    from keystonemiddleware import auth_token

    from nova_lite.conf import CONF
    local_config['oslo_config_config'] = CONF
    return auth_token.filter_factory(global_config, **local_config)


class ContextMiddleware(middleware.Middleware):
    @webob.dec.wsgify
    def __call__(self, request):
        if request.headers.get('X-Identity-Status', 'Confirmed') != \
                'Confirmed':
            return errors.fault_response(401, 'Authentication required')
        context = nl_context.RequestContext.from_environ(request.environ)
        if not context.user_id or not context.project_id:
            return errors.fault_response(401, 'Authentication required')
        request.environ[ENV_CONTEXT] = context
        return request.get_response(self.application)
