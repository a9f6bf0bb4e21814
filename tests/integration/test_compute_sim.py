"""nova-lite-compute-sim under devstack (FAKE_COMPUTES=50): 50 simulated
hosts in one process register and heartbeat, and boots spread across
them."""

import collections

import pytest

from tests.integration import conftest

HOSTS = 50


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    # conductor, scheduler, network + the simulated computes
    with conftest.rest_cloud(tmp_path_factory, HOSTS + 3,
                             {'FAKE_COMPUTES': str(HOSTS)}) as client:
        yield client


def test_simulated_hosts_register_and_take_boots(cloud):
    computes = {host: s for (binary, host), s in cloud.services().items()
                if binary == 'nova-lite-compute'}
    assert sorted(computes) == ['fake%04d' % n for n in
                                range(1, HOSTS + 1)]
    assert all(s['state'] == 'up' for s in computes.values())
    # one process runs them all
    assert cloud.stack.pid('compute-sim') > 0
    # A service is up once it heartbeats; its compute node appears with
    # its resource tracker's first update, a moment later.

    def hypervisors():
        return cloud.request('GET', '/v2.1/os-hypervisors',
                             expect=200).json()['hypervisors']
    cloud.wait(lambda: len(hypervisors()) == HOSTS, timeout=60,
               what='%d compute nodes' % HOSTS)
    assert len(hypervisors()) == HOSTS
    ids = [cloud.create_server('sim-%d' % i, image=cloud.image)
           for i in range(10)]
    hosts = collections.Counter()
    for sid in ids:
        server = cloud.wait_status(sid)
        assert server['status'] == 'ACTIVE', server
        hosts[server['OS-EXT-SRV-ATTR:host']] += 1
    assert set(hosts) <= set(computes)
    assert len(hosts) >= 5, hosts  # spread, not stacked on one host
    cloud.delete_all()
