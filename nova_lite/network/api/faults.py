"""Neutron's error body, and the WSGI safety net that guarantees it.

``{"NeutronError": {"type": ..., "message": ..., "detail": ""}}``: the
type is the exception's class name for network/exceptions.py errors, and
the HTTP status name (``HTTPBadRequest``...) for validation, routing and
other generic errors.  A database that cannot be reached is a 503 with a
Retry-After, as in the Compute API, so a compute releasing ports during
an outage sees the service unavailable, not failing.  Anything unexpected
becomes a JSON 500 here, with no traceback in the body.
"""

from oslo_log import log as logging
from oslo_serialization import jsonutils
import webob
import webob.dec
import webob.exc

from nova_lite.api import errors as api_errors
from nova_lite.api import middleware
from nova_lite import exception
from nova_lite.network import exceptions

LOG = logging.getLogger(__name__)

_HTTP_TYPES = {
    400: 'HTTPBadRequest', 401: 'HTTPUnauthorized', 403: 'HTTPForbidden',
    404: 'HTTPNotFound', 405: 'HTTPMethodNotAllowed',
    406: 'HTTPNotAcceptable', 409: 'HTTPConflict',
    413: 'HTTPRequestEntityTooLarge', 415: 'HTTPUnsupportedMediaType',
    500: 'HTTPInternalServerError', 501: 'HTTPNotImplemented',
    503: 'HTTPServiceUnavailable',
}
INTERNAL_ERROR = 'Request Failed: internal server error while processing ' \
                 'your request.'


def error_body(code, message, error_type=None):
    return {'NeutronError': {
        'type': error_type or _HTTP_TYPES.get(code, 'HTTPError'),
        'message': message, 'detail': ''}}


def error_response(code, message, error_type=None):
    response = webob.Response(status=code, content_type='application/json',
                              charset='utf-8')
    response.body = jsonutils.dump_as_bytes(
        error_body(code, message, error_type))
    return response


def response_for(error):
    """The error response for an exception, or None if unexpected."""
    if isinstance(error, exceptions.NeutronError):
        return error_response(error.code, error.format_message(),
                              error.error_type)
    if isinstance(error, exception.PolicyNotAuthorized):
        return error_response(
            403, '(rule:%s) is disallowed by policy' %
            error.kwargs.get('action'), 'PolicyNotAuthorized')
    if isinstance(error, exception.NovaLiteException) and error.code < 500:
        return error_response(error.code, error.format_message())
    if api_errors.db_unavailable(error):
        LOG.warning('Database unavailable: %s', error)
        response = error_response(503, api_errors.DB_UNAVAILABLE_MESSAGE)
        response.headers['Retry-After'] = str(api_errors.RETRY_AFTER)
        return response
    code = getattr(error, 'code', None)
    if isinstance(code, int) and 400 <= code < 500:
        # pecan's routing errors (404, 405) and other webob 4xx
        message = getattr(error, 'explanation', None) or \
            getattr(error, 'title', '') or str(error)
        return error_response(code, message)
    return None


class FaultWrapper(middleware.Middleware):
    """Outermost safety net of the network API pipeline."""

    @webob.dec.wsgify
    def __call__(self, request):
        try:
            return request.get_response(self.application)
        except Exception as error:
            response = response_for(error)
            if response is not None:
                return response
            LOG.exception('Unhandled error serving %s %s', request.method,
                          request.path)
            return error_response(500, INTERNAL_ERROR)
