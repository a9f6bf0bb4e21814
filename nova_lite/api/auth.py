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


class AuthTokenFaults(middleware.Middleware):
    """keystonemiddleware's own refusals in the service's error body.

    auth_token answers a missing, garbage or expired token itself (401,
    ``{"error": {...}}``) before our fault wrapper sees anything; this
    rewrites such an answer with ``fault_response(code, message)`` (Nova's
    ``{"unauthorized": {...}}`` or Neutron's ``{"NeutronError": {...}}``)
    and keeps its headers (``WWW-Authenticate``).
    """

    def __init__(self, application, fault_response=errors.fault_response):
        super().__init__(application)
        self.fault_response = fault_response

    @webob.dec.wsgify
    def __call__(self, request):
        response = request.get_response(self.application)
        if response.status_int < 400 or response.content_type != \
                'application/json':
            return response
        try:
            error = response.json['error']
            message = error['message']
            error['title']  # keystonemiddleware's shape, not a handler's
        except (ValueError, TypeError, KeyError):
            return response
        fault = self.fault_response(response.status_int, message)
        for name in ('WWW-Authenticate', 'Retry-After'):
            if name in response.headers:
                fault.headers[name] = response.headers[name]
        return fault


def keystone_filter_factory(global_config, fault_response=None,
                            **local_config):
    """keystonemiddleware auth_token reading our ConfigOpts, its refusals
    in our error body (Nova's unless ``fault_response`` says otherwise)."""
    from keystonemiddleware import auth_token

    from nova_lite.conf import CONF
    local_config['oslo_config_config'] = CONF
    authtoken = auth_token.filter_factory(global_config, **local_config)

    def _filter(application):
        return AuthTokenFaults(authtoken(application),
                               fault_response or errors.fault_response)
    return _filter


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
