"""A database that cannot be reached is a 503 with Nova's error body and a
Retry-After, not a 500; once it is back, the same requests succeed.

The outage is made below oslo.db: every statement on the engine fails with
the DB-API's own OperationalError, as when the server went away, so the
error takes the real path (SQLAlchemy wraps it, oslo.db's filters pass it
on or wrap it) up to the API.
"""

import sqlite3

from oslo_db import exception as db_exc
import pytest
import sqlalchemy as sa

from nova_lite.db import api as db_api
from nova_lite.objects import instance as instance_obj


class Outage:
    def __init__(self, message):
        self.message = message
        self.down = False

    def __call__(self, conn, cursor, statement, *args):
        if self.down:
            raise sqlite3.OperationalError(self.message)


@pytest.fixture
def outage(cloud):
    engine = db_api._STATE['manager'].writer.get_engine()
    fault = Outage('unable to open database file')
    sa.event.listen(engine, 'before_cursor_execute', fault)
    try:
        yield fault
    finally:
        fault.down = False
        sa.event.remove(engine, 'before_cursor_execute', fault)


def _assert_503(resp):
    assert resp.status_int == 503, resp.text
    assert resp.content_type == 'application/json'
    assert set(resp.json) == {'serviceUnavailable'}
    body = resp.json['serviceUnavailable']
    assert body['code'] == 503
    assert 'database' in body['message']
    assert 'Traceback' not in resp.text
    assert int(resp.headers['Retry-After']) > 0


def _server(cloud, name):
    return {'server': {'name': name, 'imageRef': cloud.image_id,
                       'flavorRef': 'm1.tiny', 'networks': 'none'}}


@pytest.mark.parametrize('method,path', [
    ('GET', '/v2.1/servers'),
    ('GET', '/v2.1/servers/detail'),
    ('GET', '/v2.1/flavors/detail'),
    ('GET', '/v2.1/os-services'),
])
def test_reads_while_down(cloud, outage, method, path):
    outage.down = True
    resp = cloud.request(method, path, token='admin:admin', version='2.47')
    _assert_503(resp)
    # microversion headers still present on the error
    assert resp.headers['OpenStack-API-Version'] == 'compute 2.47'
    outage.down = False
    assert cloud.request(method, path, token='admin:admin').status_int == 200


def test_create_while_down_then_after(cloud, outage):
    outage.down = True
    _assert_503(cloud.request('POST', '/v2.1/servers',
                              _server(cloud, 'during'), version='2.47'))
    outage.down = False
    # nothing half-made was left behind
    assert instance_obj.InstanceList.get_by_filters(cloud.admin, {}) \
        .objects == []
    resp = cloud.request('POST', '/v2.1/servers', _server(cloud, 'after'),
                         version='2.47')
    assert resp.status_int == 202, resp.text
    cloud.wait_for_status(resp.json['server']['id'], ['ACTIVE'])


def test_connection_error_from_deep_in_a_request(cloud, monkeypatch):
    """oslo.db's DBConnectionError (what it raises when it recognises a
    lost or refused connection) from an object method."""
    def boom(*args, **kwargs):
        raise db_exc.DBConnectionError(
            sa.exc.OperationalError('SELECT 1', {}, Exception(
                'server closed the connection unexpectedly')))

    monkeypatch.setattr(instance_obj.InstanceList, 'get_by_filters',
                        classmethod(boom))
    _assert_503(cloud.request('GET', '/v2.1/servers/detail'))


def test_other_errors_are_still_500(cloud, monkeypatch):
    def boom(*args, **kwargs):
        raise db_exc.DBError(ValueError('a bug, not an outage'))

    monkeypatch.setattr(instance_obj.InstanceList, 'get_by_filters',
                        classmethod(boom))
    resp = cloud.request('GET', '/v2.1/servers/detail')
    assert resp.status_int == 500
    assert set(resp.json) == {'computeFault'}
    assert 'Retry-After' not in resp.headers


def test_batch_cut_off_half_way_leaves_nothing(cloud, outage, monkeypatch):
    """min_count 3: the database goes away after the second server's
    action was written; the batch is one transaction, so none of the
    instances, request specs or actions written before remain."""
    from nova_lite.objects import instance_action
    real = instance_action.InstanceAction.action_start.__func__
    calls = []

    def action_start(cls, context, instance_uuid, action):
        calls.append(instance_uuid)
        if len(calls) == 3:
            outage.down = True
        return real(cls, context, instance_uuid, action)

    monkeypatch.setattr(instance_action.InstanceAction, 'action_start',
                        classmethod(action_start))
    body = _server(cloud, 'batch')
    body['server']['min_count'] = body['server']['max_count'] = 3
    _assert_503(cloud.request('POST', '/v2.1/servers', body,
                              version='2.47'))
    outage.down = False
    assert len(calls) == 3
    engine = db_api._STATE['manager'].writer.get_engine()
    with engine.connect() as conn:
        for table in ('instances', 'request_specs', 'instance_actions'):
            count = conn.execute(sa.text('SELECT COUNT(*) FROM ' + table))
            assert count.scalar() == 0, table
