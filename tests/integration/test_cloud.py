"""The cloud as a user drives it: the openstack CLI against the daemons."""

import json
import os
import subprocess
import sys
import time

from tests.integration import conftest


def _servers(stack):
    out = stack.openstack('server', 'list', '-f', 'json', '--long').stdout
    return json.loads(out)


def _wait_until(predicate, timeout=90, interval=1):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError('condition not met in %ss' % timeout)
        time.sleep(interval)


def test_services_up(stack):
    def all_up():
        rows = json.loads(stack.openstack('compute', 'service', 'list',
                                          '-f', 'json').stdout)
        up = {(r['Binary'], r['Host']) for r in rows if r['State'] == 'up'}
        return up if len(up) == len(rows) == 5 else None
    up = _wait_until(all_up, timeout=30)
    binaries = sorted(b for b, _h in up)
    assert binaries == ['nova-lite-compute', 'nova-lite-compute',
                        'nova-lite-conductor', 'nova-lite-network',
                        'nova-lite-scheduler']
    assert {h for b, h in up if b == 'nova-lite-compute'} == \
        {'compute1', 'compute2'}
    hypervisors = json.loads(stack.openstack('hypervisor', 'list', '-f',
                                             'json').stdout)
    assert sorted((h['Hypervisor Hostname'], h['State'])
                  for h in hypervisors) == [('compute1', 'up'),
                                            ('compute2', 'up')]


def test_boot_five_servers_with_the_cli(stack):
    procs = [subprocess.Popen(
        [os.path.join(conftest.BIN, 'openstack'), 'server', 'create',
         '--flavor', 'm1.tiny', '--image', 'cirros-fake', '--network',
         'private', 'it-%d' % i, '-f', 'value', '-c', 'id'],
        env=stack.cli_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True) for i in range(5)]
    ids = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        ids.append(out.strip())

    def all_active():
        rows = {r['ID']: r for r in _servers(stack)}
        states = [rows.get(i, {}).get('Status') for i in ids]
        assert 'ERROR' not in states, rows
        return rows if states == ['ACTIVE'] * 5 else None
    rows = _wait_until(all_active)
    hosts = {rows[i]['Host'] for i in ids}
    assert hosts <= {'compute1', 'compute2'}
    show = json.loads(stack.openstack('server', 'show', ids[0], '-f',
                                      'json').stdout)
    assert show['status'] == 'ACTIVE'
    assert show['flavor']['original_name'] == 'm1.tiny'
    # every server has its own address on the default network
    addresses = [json.loads(stack.openstack(
        'server', 'show', sid, '-f', 'json').stdout)['addresses']
        for sid in ids]
    ips = [a['private'][0] for a in addresses]
    assert len(set(ips)) == 5 and all(ip.startswith('10.0.0.') for ip in ips)
    ports = json.loads(stack.openstack('port', 'list', '--server', ids[0],
                                       '-f', 'json').stdout)
    assert len(ports) == 1 and ports[0]['Status'] == 'ACTIVE'

    for sid in ids:
        stack.openstack('server', 'delete', '--wait', sid)
    remaining = {r['ID'] for r in _servers(stack)}
    assert not remaining & set(ids)


def test_no_valid_host_fault_through_cli(stack):
    stack.openstack('flavor', 'create', '--ram', '9999999', '--vcpus', '1',
                    '--disk', '1', 'it.huge')
    result = stack.openstack('server', 'create', '--flavor', 'it.huge',
                             '--image', 'cirros-fake', '--nic', 'none',
                             '--wait', 'it-huge', check=False)
    assert result.returncode != 0
    show = json.loads(stack.openstack('server', 'show', 'it-huge', '-f',
                                      'json').stdout)
    assert show['status'] == 'ERROR'
    fault = show['fault']
    assert 'No valid host' in fault['message']
    assert 'RamFilter: 2\u21920' in fault['details']
    stack.openstack('server', 'delete', '--wait', 'it-huge')
    stack.openstack('flavor', 'delete', 'it.huge')


def test_project_isolation_and_admin_only(stack):
    result = stack.openstack('server', 'create', '--flavor', 'm1.tiny',
                             '--image', 'cirros-fake', '--nic',
                             'net-id=private', '--wait', 'it-demo',
                             cloud='nova-lite-demo')
    assert result.returncode == 0
    # the shared network serves the demo project; the port is demo's
    ports = json.loads(stack.openstack('port', 'list', '--server', 'it-demo',
                                       '--long', '-f', 'json',
                                       cloud='nova-lite-demo').stdout)
    assert [p['Status'] for p in ports] == ['ACTIVE']
    names = [r['Name'] for r in json.loads(stack.openstack(
        'server', 'list', '-f', 'json', cloud='nova-lite-demo').stdout)]
    assert names == ['it-demo']
    assert 'it-demo' not in [r['Name'] for r in _servers(stack)]
    denied = stack.openstack('compute', 'service', 'list',
                             cloud='nova-lite-demo', check=False)
    assert denied.returncode != 0 and '403' in denied.stderr
    denied = stack.openstack('flavor', 'create', '--ram', '1', '--vcpus',
                             '1', 'nope', cloud='nova-lite-demo',
                             check=False)
    assert denied.returncode != 0 and '403' in denied.stderr
    stack.openstack('server', 'delete', '--wait', 'it-demo',
                    cloud='nova-lite-demo')


def test_compute_has_no_database(stack):
    etc = os.path.join(stack.data_dir, 'etc')
    probe = os.path.join(os.path.dirname(__file__), 'compute_probe.py')
    result = subprocess.run(
        [sys.executable, probe, '--config-file',
         os.path.join(etc, 'nova_lite-compute.conf'), '--config-file',
         os.path.join(etc, 'compute1.conf')],
        env=dict(os.environ, PYTHONPATH=conftest.TOP), capture_output=True,
        text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report['connection'] is None
    assert report['direct'].startswith('DBNotAllowed')
    assert 'compute1/nova-lite-compute' in report['remotable']
    # The running compute daemons got the same files: no [database].
    with open(os.path.join(etc, 'nova_lite-compute.conf')) as conf:
        assert '[database]' not in conf.read()
    assert 'Instance' in stack.log('compute-compute1')
