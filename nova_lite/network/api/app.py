"""The network API's WSGI application and its pipeline.

request id -> fault wrapper (Neutron's error body) -> auth (noauth2 or
keystonemiddleware, per ``[api] auth_strategy``, shared with the Compute
API) -> context -> pecan.  ``GET /`` (version discovery) skips auth, as in
Neutron.  Built here in Python: there is one pipeline and nothing to
paste together.
"""

from oslo_middleware import request_id
import pecan

from nova_lite.api import auth
from nova_lite.api import pecan_argspec
from nova_lite.network.api import faults
from nova_lite.network.api import root


class ContextHook(pecan.hooks.PecanHook):
    priority = 10

    def before(self, state):
        request = state.request
        request.context = request.environ.get(auth.ENV_CONTEXT)
        request.want = None  # no microversions in the network API

    def on_error(self, state, error):
        return faults.response_for(error)


def setup_app():
    """The bare pecan app (no auth: tests drive it with a context)."""
    pecan_argspec.install()
    return pecan.make_app(root.RootController(),
                          hooks=[ContextHook()],
                          guess_content_type_from_ext=False,
                          force_canonical=False,
                          debug=False)


class VersionsRouter:
    """``GET /`` to the bare app, everything else through auth."""

    def __init__(self, versions_app, authenticated_app):
        self.versions_app = versions_app
        self.authenticated_app = authenticated_app

    def __call__(self, environ, start_response):
        if environ.get('PATH_INFO', '') in ('', '/') and \
                environ.get('REQUEST_METHOD') in ('GET', 'HEAD'):
            return self.versions_app(environ, start_response)
        return self.authenticated_app(environ, start_response)


def load_app(conf):
    """The whole pipeline, for ``[api] auth_strategy``."""
    app = setup_app()
    authenticated = auth.ContextMiddleware(app)
    if conf.api.auth_strategy == 'keystone':
        authenticated = auth.keystone_filter_factory(
            {}, fault_response=faults.error_response)(authenticated)
    else:
        authenticated = auth.NoAuthMiddleware(authenticated)
    return request_id.RequestId(
        faults.FaultWrapper(VersionsRouter(app, authenticated)))
