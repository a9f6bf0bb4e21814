"""The cloud behind a real Keystone (``AUTH=keystone``): password auth, the
service catalog, token validation by keystonemiddleware on both APIs, and
the policies that separate admin from a member of ``demo``.

The unmodified ``openstack`` CLI and openstacksdk find every service
through the catalog (clouds.yaml has no endpoint overrides).  Keystone's
venv is installed once per user (see conftest.keystone_venv).
"""

import json
import os
import signal
import time

import openstack
import pytest
import requests
import sqlalchemy as sa

from tests.integration import conftest


@pytest.fixture(scope='module')
def stack(tmp_path_factory):
    with conftest.running_stack(tmp_path_factory, 'sqlite',
                                {'AUTH': 'keystone'}) as running:
        running.keystone_url = 'http://127.0.0.1:%s' % \
            running.env['KEYSTONE_PORT']
        yield running


def _json(stack, *args, cloud='nova-lite'):
    return json.loads(stack.openstack(*(args + ('-f', 'json')),
                                      cloud=cloud).stdout)


def _token(stack, cloud):
    return stack.openstack('token', 'issue', '-f', 'value', '-c', 'id',
                           cloud=cloud).stdout.strip()


def _wait_until(predicate, timeout=60, interval=1):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError('condition not met in %ss' % timeout)
        time.sleep(interval)


def test_clouds_yaml_has_no_endpoint_overrides(stack):
    with open(stack.data_dir + '/clouds.yaml') as clouds:
        text = clouds.read()
    assert 'endpoint' not in text and 'auth_type: password' in text
    catalog = {entry['Type'] for entry in _json(stack, 'catalog', 'list')}
    assert {'identity', 'compute', 'image', 'network'} <= catalog


def test_admin_drives_the_cloud_with_the_cli(stack):
    rows = _json(stack, 'compute', 'service', 'list')
    assert len(rows) == 5
    assert [i['Name'] for i in _json(stack, 'image', 'list')] == \
        ['cirros-fake']
    stack.openstack('flavor', 'create', '--ram', '64', '--vcpus', '1',
                    '--disk', '1', 'ks.flavor')
    assert 'ks.flavor' in [f['Name'] for f in _json(stack, 'flavor',
                                                     'list')]
    stack.openstack('flavor', 'delete', 'ks.flavor')
    assert 'ks.flavor' not in [f['Name'] for f in _json(stack, 'flavor',
                                                         'list')]

    # A port on "private": ACTIVE only once the network daemon's
    # network-vif-plugged event reached the Compute API with its own
    # service user's token.
    server = _json(stack, 'server', 'create', '--flavor', 'm1.tiny',
                   '--image', 'cirros-fake', '--network', 'private',
                   '--wait', 'ks-admin')
    assert server['status'] == 'ACTIVE'
    assert server['addresses']['private']
    assert 'ks-admin' in [s['Name'] for s in _json(stack, 'server',
                                                    'list')]
    assert _json(stack, 'server', 'show', 'ks-admin')['id'] == server['id']
    assert 'POST /v2.1/os-server-external-events' in stack.log('api')

    # demo sees none of it, and no admin-only API
    demo = 'nova-lite-demo'
    assert _json(stack, 'server', 'list', cloud=demo) == []
    shown = stack.openstack('server', 'show', server['id'], cloud=demo,
                            check=False)
    assert shown.returncode != 0
    token = _token(stack, demo)
    resp = requests.get('%s/v2.1/servers/%s' % (stack.api_url, server['id']),
                        headers={'X-Auth-Token': token}, timeout=30)
    assert resp.status_code == 404, resp.text
    assert resp.json()['itemNotFound']['code'] == 404
    denied = stack.openstack('compute', 'service', 'list', cloud=demo,
                             check=False)
    assert denied.returncode != 0 and '403' in denied.stderr

    stack.openstack('server', 'delete', '--wait', 'ks-admin')


@pytest.mark.parametrize('token', ['garbage', None])
def test_bad_token_is_401_in_each_service_shape(stack, token):
    headers = {'X-Auth-Token': token} if token else {}
    resp = requests.get(stack.api_url + '/v2.1/servers', headers=headers,
                        timeout=30)
    assert resp.status_code == 401
    assert resp.json()['unauthorized']['code'] == 401
    assert resp.headers['WWW-Authenticate'] == \
        'Keystone uri="%s"' % stack.keystone_url
    resp = requests.get(stack.network_url + '/v2.0/networks',
                        headers=headers, timeout=30)
    assert resp.status_code == 401
    assert resp.json()['NeutronError']['type'] == 'HTTPUnauthorized'


def test_revoked_token_is_401(stack):
    token = _token(stack, 'nova-lite-demo')
    stack.openstack('token', 'revoke', token)
    resp = requests.get(stack.api_url + '/v2.1/servers',
                        headers={'X-Auth-Token': token}, timeout=30)
    assert resp.status_code == 401
    assert resp.json()['unauthorized']['code'] == 401


def test_openstacksdk(stack, monkeypatch):
    monkeypatch.setenv('OS_CLIENT_CONFIG_FILE',
                       stack.cli_env['OS_CLIENT_CONFIG_FILE'])
    conn = openstack.connect(cloud='nova-lite')
    image = conn.image.find_image('cirros-fake', ignore_missing=False)
    flavor = conn.compute.find_flavor('m1.tiny', ignore_missing=False)
    network = conn.network.find_network('private', ignore_missing=False)
    server = conn.compute.create_server(
        name='ks-sdk', image_id=image.id, flavor_id=flavor.id,
        networks=[{'uuid': network.id}])
    server = conn.compute.wait_for_server(server, wait=120)
    assert server.status == 'ACTIVE'
    assert server.id in [s.id for s in conn.compute.servers()]

    demo = openstack.connect(cloud='nova-lite-demo')
    assert server.id not in [s.id for s in demo.compute.servers()]
    assert demo.compute.find_server(server.id) is None

    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, wait=120)
    assert conn.compute.find_server(server.id) is None


def test_network_events_after_its_token_is_revoked(stack):
    """The network daemon re-authenticates when its token is refused."""
    before = len(stack.log('api'))
    # A password change revokes every token of the user; the restart
    # empties the API's token cache, which would still accept it.
    stack.openstack('user', 'set', '--password',
                    stack.env.get('SERVICE_PASSWORD', 'admin'), 'network')
    api = stack.pid('api')
    os.kill(api, signal.SIGTERM)
    _wait_until(lambda: not os.path.exists('/proc/%d' % api), timeout=30,
                interval=0.2)
    stack.start()
    server = _json(stack, 'server', 'create', '--flavor', 'm1.tiny',
                   '--image', 'cirros-fake', '--network', 'private',
                   '--wait', 'ks-reauth')
    assert server['status'] == 'ACTIVE'
    events = [line for line in stack.log('api')[before:].splitlines()
              if 'POST /v2.1/os-server-external-events' in line]
    assert '" 401 ' in events[0], events
    assert '" 200 ' in events[-1], events
    stack.openstack('server', 'delete', '--wait', 'ks-reauth')


def test_keystone_database_on_postgresql(tmp_path_factory):
    """With a database server, Keystone gets its own database there."""
    with conftest.running_stack(tmp_path_factory, 'postgresql',
                                {'AUTH': 'keystone'}) as pg_stack:
        engine = sa.create_engine(pg_stack.env['KEYSTONE_DATABASE_URL'])
        try:
            tables = sa.inspect(engine).get_table_names()
        finally:
            engine.dispose()
        assert {'user', 'project', 'endpoint'} <= set(tables)
        _wait_until(lambda: len(_json(pg_stack, 'compute', 'service',
                                      'list')) == 5)
        assert _json(pg_stack, 'server', 'list', cloud='nova-lite-demo') \
            == []


def test_volumes_through_the_catalog(stack):
    """block-storage is in the catalog as .../volume/v3/%(project_id)s:
    a member of demo creates, lists and deletes a volume by the CLI."""
    volume = _json(stack, 'volume', 'create', '--size', '1', 'kvol',
                   cloud='nova-lite-demo')
    _wait_until(lambda: _json(stack, 'volume', 'show', volume['id'],
                              cloud='nova-lite-demo')['status'] ==
                'available')
    assert [v['Name'] for v in _json(stack, 'volume', 'list',
                                     cloud='nova-lite-demo')] == ['kvol']
    # admin's project does not see demo's volume without --all-projects
    assert _json(stack, 'volume', 'list') == []
    stack.openstack('volume', 'delete', volume['id'],
                    cloud='nova-lite-demo')
    _wait_until(lambda: _json(stack, 'volume', 'list',
                              cloud='nova-lite-demo') == [])
