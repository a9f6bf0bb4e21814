"""Nova's error body, and the WSGI safety net that guarantees it.

Controllers raise :class:`~nova_lite.exception.NovaLiteException`; the pecan
hook in ``app.py`` answers with :func:`fault_response`.  A database that
cannot be reached (:func:`db_unavailable`) is a 503 with ``Retry-After``
wherever in the request it shows.  Anything else that escapes becomes a
JSON 500 here, without a traceback in the body.
"""

from oslo_db import exception as db_exc
from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_serialization import jsonutils
import webob
import webob.dec
import webob.exc

from nova_lite.api import middleware
from nova_lite.db.lazy import sa

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


DB_UNAVAILABLE_MESSAGE = ('The database is unavailable. Please try again '
                          'later.')
RETRY_AFTER = 5  # seconds; a restarting SQL server is back within a few


# what the conductor raised, when a call of ours ends in its RemoteError
_REMOTE_DB_UNAVAILABLE = ('DBConnectionError', 'OperationalError',
                          'DisconnectionError')


def db_unavailable(error):
    """True if ``error`` says the database cannot be reached (down,
    restarting, connection lost, pool exhausted): a 503, not a 500."""
    for _ in range(4):  # a DBError may wrap the real cause
        if isinstance(error, db_exc.DBConnectionError):
            return True
        if isinstance(error, messaging.RemoteError):
            return error.exc_type in _REMOTE_DB_UNAVAILABLE
        if type(error).__module__.startswith('sqlalchemy.'):
            # OperationalError: the server went away or refuses
            # connections (oslo.db passes these through unwrapped unless
            # it knows the message); TimeoutError: no free pooled
            # connection.
            return isinstance(error, (sa.exc.OperationalError,
                                      sa.exc.DisconnectionError,
                                      sa.exc.TimeoutError))
        if not isinstance(error, db_exc.DBError):
            return False
        error = error.inner_exception
    return False


def unavailable_response(headers=()):
    return fault_response(503, DB_UNAVAILABLE_MESSAGE,
                          list(headers) + [('Retry-After',
                                            str(RETRY_AFTER))])


class FaultWrapper(middleware.Middleware):
    """Outermost safety net of the pipeline (after request id)."""

    @webob.dec.wsgify
    def __call__(self, request):
        try:
            return request.get_response(self.application)
        except webob.exc.HTTPException as exc:
            return fault_response(exc.code, exc.explanation or exc.title)
        except Exception as exc:
            if db_unavailable(exc):
                LOG.warning('%s %s: database unavailable: %s',
                            request.method, request.path, exc)
                return unavailable_response()
            LOG.exception('Unhandled error serving %s %s', request.method,
                          request.path)
            return fault_response(
                500, 'Unexpected API Error. Please report this at your '
                     'cloud operator and attach the request id.')
