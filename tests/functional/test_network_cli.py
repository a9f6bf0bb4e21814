"""The unmodified openstack CLI against an in-process nova-lite-network.

No identity service is needed for the network commands: keystoneauth's
admin_token plugin with ``network_endpoint_override`` (as devstack's
clouds.yaml writes it for noauth2).
"""

import json
import os
import subprocess
import sys

import pytest

from tests.fixtures import network as network_fixture

BIN = os.path.dirname(sys.executable)


class _NoSender:
    def start(self):
        pass

    def stop(self, graceful=False):
        pass

    def wait(self):
        pass


@pytest.fixture
def cli(tmp_path):
    cloud = network_fixture.NetworkCloud(tmp_path)
    try:
        daemon = cloud.start_daemon(sender=_NoSender())
        clouds = tmp_path / 'clouds.yaml'
        clouds.write_text(
            'clouds:\n'
            '  nl:\n'
            '    auth_type: admin_token\n'
            '    auth:\n'
            '      token: admin:admin\n'
            '      endpoint: %(url)s\n'
            '    network_endpoint_override: %(url)s\n'
            '    identity_api_version: 3\n' % {'url': daemon.url})
        env = {k: v for k, v in os.environ.items()
               if not k.startswith('OS_')}
        env.update(OS_CLIENT_CONFIG_FILE=str(clouds), OS_CLOUD='nl')

        def openstack(*args, check=True):
            result = subprocess.run(
                [os.path.join(BIN, 'openstack')] + list(args), env=env,
                capture_output=True, text=True, timeout=120)
            if check:
                assert result.returncode == 0, result.stderr
            return result
        yield openstack
    finally:
        cloud.stop()


def _json(result):
    return json.loads(result.stdout)


def test_network_subnet_port_lifecycle(cli):
    network = _json(cli('network', 'create', 'n1', '-f', 'json'))
    assert network['name'] == 'n1' and network['status'] == 'ACTIVE'
    listed = _json(cli('network', 'list', '-f', 'json'))
    assert [n['Name'] for n in listed] == ['n1']
    subnet = _json(cli('subnet', 'create', '--network', 'n1',
                       '--subnet-range', '10.1.0.0/24', 's1', '-f', 'json'))
    assert subnet['cidr'] == '10.1.0.0/24'
    assert subnet['gateway_ip'] == '10.1.0.1'
    port = _json(cli('port', 'create', '--network', 'n1', 'p1', '-f',
                     'json'))
    assert port['status'] == 'DOWN'
    assert port['fixed_ips'] == [{'subnet_id': subnet['id'],
                                  'ip_address': '10.1.0.2'}]
    ports = _json(cli('port', 'list', '-f', 'json'))
    assert [(p['ID'], p['Name']) for p in ports] == [(port['id'], 'p1')]
    shown = _json(cli('port', 'show', 'p1', '-f', 'json'))
    assert shown['id'] == port['id']
    assert shown['mac_address'] == port['mac_address']
    busy = cli('network', 'delete', 'n1', check=False)
    assert busy.returncode != 0 and 'ports still in use' in busy.stderr
    cli('port', 'delete', 'p1')
    assert _json(cli('port', 'list', '-f', 'json')) == []
    cli('network', 'delete', 'n1')
    assert _json(cli('network', 'list', '-f', 'json')) == []


def test_manage_network_create_is_idempotent(tmp_path):
    conf = tmp_path / 'nl.conf'
    conf.write_text('[DEFAULT]\nstate_path = %s\n[database]\n'
                    'connection = sqlite:///%s/nl.sqlite\n' % (tmp_path,
                                                              tmp_path))

    def manage(*args):
        return subprocess.run(
            [os.path.join(BIN, 'nova-lite-manage'), '--config-file',
             str(conf)] + list(args), capture_output=True, text=True,
            timeout=120)
    assert manage('db', 'sync').returncode == 0
    created = manage('network', 'create', '--name', 'public', '--cidr',
                     '10.0.0.0/24', '--shared')
    assert created.returncode == 0, created.stderr
    network_id = created.stdout.strip()
    again = manage('network', 'create', '--name', 'public', '--cidr',
                   '10.9.0.0/24')
    assert again.returncode == 0 and again.stdout.strip() == network_id
    bad = manage('network', 'create', '--name', 'bad', '--cidr',
                 '10.0.0.5/24')
    assert bad.returncode == 1 and "did you mean '10.0.0.0/24'" in \
        bad.stderr
    nogw = manage('network', 'create', '--name', 'nogw', '--cidr',
                  '10.8.0.0/24', '--gateway', 'none', '--project', 'p1')
    assert nogw.returncode == 0, nogw.stderr

    cloud = network_fixture.NetworkCloud(
        tmp_path, **{'database.connection':
                     'sqlite:///%s/nl.sqlite' % tmp_path})
    try:
        networks = {n['name']: n for n in cloud.request(
            'GET', '/v2.0/networks', token='admin:admin').json['networks']}
        assert sorted(networks) == ['nogw', 'public']
        assert networks['public']['shared'] is True
        assert networks['public']['project_id'] == 'admin'
        assert networks['nogw']['project_id'] == 'p1'
        subnets = {s['network_id']: s for s in cloud.request(
            'GET', '/v2.0/subnets', token='admin:admin').json['subnets']}
        assert subnets[network_id]['cidr'] == '10.0.0.0/24'
        assert subnets[networks['nogw']['id']]['gateway_ip'] is None
    finally:
        cloud.stop()
