"""Nova's error body, and the WSGI safety net that guarantees it.

Controllers raise :class:`~nova_lite.exception.NovaLiteException`; the pecan
hook in ``app.py`` answers with :func:`fault_response`.  Anything else that
escapes becomes a JSON 500 here, without a traceback in the body.
"""

from oslo_log import log as logging
from oslo_serialization import jsonutils
import webob
import webob.dec
import webob.exc

from nova_lite.api import middleware

LOG = logging.getLogger(__name__)

_FAULT_NAMES = {
    400: 'badRequest', 401: 'unauthorized', 403: 'forbidden',
    404: 'itemNotFound', 405: 'badMethod', 409: 'conflictingRequest',
    413: 'overLimit', 415: 'badMediaType', 429: 'overLimit',
    501: 'notImplemented', 503: 'serviceUnavailable',
}


def fault_body(code, message):
    name = _FAULT_NAMES.get(code, 'computeFault')
    return {name: {'code': code, 'message': message}}


def fault_response(code, message, headers=None):
    response = webob.Response(status=code, content_type='application/json',
                              charset='utf-8')
    response.body = jsonutils.dump_as_bytes(fault_body(code, message))
    for name, value in headers or ():
        response.headers[name] = value
    return response


class FaultWrapper(middleware.Middleware):
    """Outermost safety net of the pipeline (after request id)."""

    @webob.dec.wsgify
    def __call__(self, request):
        try:
            return request.get_response(self.application)
        except webob.exc.HTTPException as exc:
            return fault_response(exc.code, exc.explanation or exc.title)
        except Exception:
            LOG.exception('Unhandled error serving %s %s', request.method,
                          request.path)
            return fault_response(
                500, 'Unexpected API Error. Please report this at your '
                     'cloud operator and attach the request id.')
