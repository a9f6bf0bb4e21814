"""Concurrent address allocation on real PostgreSQL and MariaDB servers.

There, unlike SQLite, writers really run at the same time: the
``ipallocations`` unique constraint and the retried transaction must keep
every address unique, and an exhausted pool must still answer a clean 409.
Runs the network API in this process on a private, dropped-afterwards
database (no daemons, no RabbitMQ).
"""

import concurrent.futures
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import url as sa_url

from tests.fixtures import network as network_fixture
from tests.integration import conftest

ADMIN = 'admin:admin'


def _create_database(url):
    target = sa_url.make_url(url)
    if target.get_backend_name() == 'postgresql':
        engine = sa.create_engine(target.set(database='postgres'),
                                  isolation_level='AUTOCOMMIT')
        stmt = 'CREATE DATABASE "%s"' % target.database
    else:
        engine = sa.create_engine(target.set(database=''))
        stmt = 'CREATE DATABASE `%s` CHARACTER SET utf8mb4' % \
            target.database
    with engine.connect() as conn:
        conn.execute(sa.text(stmt))
    engine.dispose()


@pytest.fixture(params=['postgresql', 'mariadb'])
def net(request, tmp_path):
    backend = request.param
    conftest._require_port(5432 if backend == 'postgresql' else 3306,
                           backend)
    url = conftest.DATABASES[backend] % ('nl_net_' + uuid.uuid4().hex[:10])
    _create_database(url)
    try:
        cloud = network_fixture.NetworkCloud(
            tmp_path, **{'database.connection': url,
                         'database.max_pool_size': 20,
                         'database.max_overflow': 40})
        try:
            yield cloud
        finally:
            cloud.stop()
    finally:
        conftest._drop_database(url)


def _in_parallel(count, fn):
    with concurrent.futures.ThreadPoolExecutor(count) as pool:
        return list(pool.map(fn, range(count)))


def _network(net, cidr):
    return net.network_with_subnet(cidr=cidr, token=ADMIN)


def test_concurrent_ports_get_distinct_addresses(net):
    network, subnet = _network(net, '10.1.0.0/24')
    responses = _in_parallel(40, lambda _i: net.request(
        'POST', '/v2.0/ports', {'port': {'network_id': network['id']}},
        token=ADMIN))
    assert [r.status_int for r in responses] == [201] * 40, [
        r.text for r in responses if r.status_int != 201]
    ips = [r.json['port']['fixed_ips'][0]['ip_address'] for r in responses]
    assert len(set(ips)) == 40
    ports = net.request('GET', '/v2.0/ports', token=ADMIN).json['ports']
    assert sorted(p['fixed_ips'][0]['ip_address'] for p in ports) == \
        sorted(ips)


def test_concurrent_exhaustion_is_a_clean_409(net):
    network, _subnet = _network(net, '10.2.0.0/27')  # .2 - .30: 29
    responses = _in_parallel(40, lambda _i: net.request(
        'POST', '/v2.0/ports', {'port': {'network_id': network['id']}},
        token=ADMIN))
    created = [r for r in responses if r.status_int == 201]
    refused = [r for r in responses if r.status_int != 201]
    assert len(created) == 29
    assert {(r.status_int, r.json['NeutronError']['type'])
            for r in refused} == {(409, 'IpAddressGenerationFailure')}
    ips = {r.json['port']['fixed_ips'][0]['ip_address'] for r in created}
    assert ips == {'10.2.0.%d' % i for i in range(2, 31)}


def test_one_winner_for_a_requested_address(net):
    network, subnet = _network(net, '10.3.0.0/24')
    responses = _in_parallel(15, lambda _i: net.request(
        'POST', '/v2.0/ports', {'port': {
            'network_id': network['id'],
            'fixed_ips': [{'ip_address': '10.3.0.50'}]}}, token=ADMIN))
    codes = sorted(r.status_int for r in responses)
    assert codes == [201] + [409] * 14
    assert {r.json['NeutronError']['type'] for r in responses
            if r.status_int == 409} == {'IpAddressAlreadyAllocated'}
