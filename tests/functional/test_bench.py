"""nova-lite-bench's scenarios against the in-process cloud, over HTTP,
as a separate process (as an operator runs it): --url/--token and a
clouds.yaml cloud (--os-cloud)."""

import json
import os
import subprocess
import sys

import pytest

BIN = os.path.dirname(sys.executable)


@pytest.fixture
def bench(cloud, tmp_path):
    url = 'http://127.0.0.1:%d/v2.1' % cloud.api_server.port
    clouds = tmp_path / 'clouds.yaml'
    clouds.write_text(
        'clouds:\n'
        '  nl:\n'
        '    auth_type: admin_token\n'
        '    auth:\n'
        '      token: admin:admin\n'
        '      endpoint: %(url)s\n'
        '    compute_endpoint_override: %(url)s\n'
        '    identity_api_version: 3\n' % {'url': url})
    env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
    env['OS_CLIENT_CONFIG_FILE'] = str(clouds)

    def run(*args, endpoint=('--url', url)):
        proc = subprocess.run(
            [os.path.join(BIN, 'nova-lite-bench')] + list(args) +
            list(endpoint) + ['--poll-interval', '0.1', '--timeout', '60'],
            env=env, capture_output=True, text=True, timeout=180)
        assert proc.returncode == 0, proc.stderr[-3000:]
        last = proc.stdout.strip().splitlines()[-1]
        assert last.startswith('BENCH_JSON '), proc.stdout
        return json.loads(last[len('BENCH_JSON '):]), proc.stdout
    run.cloud = cloud
    return run


def _servers(cloud):
    resp = cloud.request('GET', '/v2.1/servers', token='admin:admin')
    return resp.json['servers']


def test_boot_and_delete_over_url(bench):
    result, out = bench('boot-and-delete', '-k', '6', '-c', '3')
    assert result['scenario'] == 'boot-and-delete'
    assert result["requested"] == result["accepted"] == 6, json.dumps(result)
    assert result['active'] == 6 and result['error'] == 0
    assert result['tta_s']['count'] == 6
    assert result['active_per_s'] > 0
    assert sum(result['hosts'].values()) == 6
    assert set(result['hosts']) <= {'compute1', 'compute2'}
    assert result['all_gone_s'] is not None
    assert 'time-to-ACTIVE' in out and 'DELETE' in out
    assert _servers(bench.cloud) == []


def test_boot_through_clouds_yaml_keeps_servers(bench):
    result, _out = bench('boot', '-k', '3', '-c', '3', '--keep',
                         endpoint=('--os-cloud', 'nl'))
    assert result['active'] == 3, json.dumps(result)
    assert result['cleanup_s'] is None
    assert len(_servers(bench.cloud)) == 3


def test_list_actions_events(bench):
    result, out = bench('list', '-k', '4', '--reps', '5')
    assert result['servers_listed'] >= 4
    assert result['detail_s']['count'] == 5
    assert result['detail_s']['p50'] > 0
    assert 'GET /servers/detail' in out
    result, out = bench('actions', '-k', '2', '-c', '2')
    for action in ('stop', 'start', 'reboot'):
        assert result[action]['failed'] == 0, result
        assert result[action]['latency_s']['count'] == 2
        assert result[action]['per_s'] > 0
    result, _out = bench('events', '-k', '2', '--reps', '4')
    assert result['failed'] == 0
    assert result['single_s']['count'] == 4
    assert result['batch_events'] == 2
    assert _servers(bench.cloud) == []


def test_unknown_flavor_is_a_clear_error(bench):
    with pytest.raises(AssertionError) as err:
        bench('boot', '-k', '1', '--flavor', 'nope')
    assert 'no flavor' in str(err.value)
