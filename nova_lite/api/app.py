"""The WSGI application: the pecan app, its hooks, and the paste factories.

The whole API process serves one pecan app (compute under /v2.1, image
under /image) behind the pipelines of ``etc/nova_lite/api-paste.ini``:
request id -> fault wrapper -> body size limit -> auth (noauth2 or
keystonemiddleware) -> context -> pecan.  ``GET /`` (version discovery)
skips auth, as in Nova; image uploads skip the body size limit.
"""

import os

from oslo_log import log as logging
from oslo_middleware import request_id
import pecan
from paste import deploy

from nova_lite.api import auth
from nova_lite.api.controllers import root
from nova_lite.api import errors
from nova_lite.api import microversion
from nova_lite.api import pecan_argspec
from nova_lite.compute import api as compute_api
from nova_lite.conf import CONF
from nova_lite import exception

LOG = logging.getLogger(__name__)


class ComputeRequestId(request_id.RequestId):
    """x-openstack-request-id plus Nova's x-compute-request-id."""
    compat_headers = ['x-compute-request-id']


class ContextHook(pecan.hooks.PecanHook):
    priority = 10

    def before(self, state):
        request = state.request
        request.context = request.environ.get(auth.ENV_CONTEXT)
        if request.path.startswith('/v2.1'):
            request.want = microversion.negotiate(request.headers)
        else:
            request.want = None

    def after(self, state):
        want = getattr(state.request, 'want', None)
        if want is not None:
            for name, value in microversion.response_headers(want):
                state.response.headers[name] = value

    def on_error(self, state, error):
        headers = []
        want = getattr(state.request, 'want', None)
        if want is not None:
            headers = microversion.response_headers(want)
        if errors.db_unavailable(error):
            LOG.warning('%s %s: database unavailable: %s',
                        state.request.method, state.request.path, error)
            return errors.unavailable_response(headers)
        if isinstance(error, exception.NovaLiteException):
            return errors.fault_response(error.code, error.format_message(),
                                         headers)
        code = getattr(error, 'code', None)
        if isinstance(code, int) and 400 <= code < 500:
            # pecan's own routing errors (404, 405) in Nova's shape
            message = getattr(error, 'explanation', None) or \
                getattr(error, 'title', '') or str(error)
            return errors.fault_response(code, message, headers)
        return None


def setup_app(compute=None):
    compute = compute or compute_api.API(CONF)
    pecan_argspec.install()
    return pecan.make_app(root.RootController(compute),
                          hooks=[ContextHook()],
                          guess_content_type_from_ext=False,
                          force_canonical=False,
                          debug=False)


def app_factory(global_config, **local_config):
    return setup_app()


# Block Storage version discovery, unauthenticated as in Cinder
_VOLUME_VERSIONS = ('/volume', '/volume/', '/volume/v3', '/volume/v3/')


class VersionsRouter:
    """``/`` unauthenticated to the app, everything else to the pipeline."""

    def __init__(self, versions_app, pipeline, image_pipeline):
        self.versions_app = versions_app
        self.pipeline = pipeline
        self.image_pipeline = image_pipeline

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '')
        if (path in ('', '/', '/image', '/image/') + _VOLUME_VERSIONS or
                path.startswith('/identity')) and \
                environ.get('REQUEST_METHOD') in ('GET', 'HEAD'):
            return self.versions_app(environ, start_response)
        if path.startswith('/image/'):
            return self.image_pipeline(environ, start_response)
        return self.pipeline(environ, start_response)


def root_factory(loader, global_config, **local_config):
    strategy = CONF.api.auth_strategy
    return VersionsRouter(loader.get_app(local_config['versions']),
                          loader.get_app(local_config[strategy]),
                          loader.get_app(local_config['image_' + strategy]))


def paste_config_path():
    path = CONF.api.api_paste_config
    if not os.path.isabs(path):
        found = CONF.find_file(path)
        if found:
            return os.path.abspath(found)
        bundled = os.path.join(os.path.dirname(__file__), '..', '..', 'etc',
                               'nova_lite', path)
        if os.path.exists(bundled):
            return os.path.abspath(bundled)
        raise exception.NovaLiteException(
            'Cannot find paste config %s beside the config files' % path)
    return path


def load_app(name='nova_lite_api'):
    return deploy.loadapp('config:%s' % paste_config_path(), name=name)
