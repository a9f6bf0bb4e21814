"""Which errors mean "the database cannot be reached" (503), and the
safety net's answer for them outside the controllers."""

from oslo_db import exception as db_exc
import oslo_messaging as messaging
import pytest
import sqlalchemy as sa
import webob

from nova_lite.api import errors


def _operational(message='connection to server at "127.0.0.1", port '
                         '55432 failed: Connection refused'):
    return sa.exc.OperationalError('SELECT 1', {}, Exception(message))


@pytest.mark.parametrize('error', [
    db_exc.DBConnectionError(_operational()),
    _operational(),  # oslo.db passes it through when it does not know it
    sa.exc.DisconnectionError('gone'),
    sa.exc.TimeoutError('QueuePool limit of size 5 overflow 10 reached'),
    db_exc.DBError(_operational()),
    db_exc.DBError(db_exc.DBConnectionError(_operational())),
    messaging.RemoteError('DBConnectionError', 'refused'),
], ids=lambda e: type(e).__name__)
def test_unavailable(error):
    assert errors.db_unavailable(error)


@pytest.mark.parametrize('error', [
    ValueError('bug'),
    db_exc.DBError(ValueError('bug')),
    db_exc.DBDuplicateEntry(['name']),
    sa.exc.IntegrityError('INSERT', {}, Exception('duplicate')),
    messaging.RemoteError('InstanceNotFound', 'x'),
    messaging.MessagingTimeout('no reply'),
], ids=lambda e: type(e).__name__)
def test_not_unavailable(error):
    assert not errors.db_unavailable(error)


def _wrapped(error):
    def app(environ, start_response):
        raise error
    return errors.FaultWrapper(app)


def test_fault_wrapper_503():
    resp = webob.Request.blank('/v2.1/servers').get_response(
        _wrapped(db_exc.DBConnectionError(_operational())))
    assert resp.status_int == 503
    assert resp.json == {'serviceUnavailable': {
        'code': 503, 'message': errors.DB_UNAVAILABLE_MESSAGE}}
    assert resp.headers['Retry-After'] == str(errors.RETRY_AFTER)


def test_fault_wrapper_500():
    resp = webob.Request.blank('/v2.1/servers').get_response(
        _wrapped(RuntimeError('bug')))
    assert resp.status_int == 500
    assert set(resp.json) == {'computeFault'}
    assert 'bug' not in resp.text
