"""The rabbitmq-stop scenario stops only a private RabbitMQ node
(tools/chaos/private_rabbit.sh), and only the one the stack uses; a
scenario storms only once a probe server has booted; servers the API made
without answering 202 are counted and deleted."""

import pytest

from nova_lite.bench import chaos


def _node(tmp_path, node, port):
    rabbit = tmp_path / 'rabbit'
    rabbit.mkdir()
    (rabbit / 'node').write_text(node + '\n')
    (rabbit / 'port').write_text('%d\n' % port)
    return str(rabbit)


def _stack(tmp_path, *urls):
    etc = tmp_path / 'stack' / 'etc'
    etc.mkdir(parents=True)
    for n, url in enumerate(urls):
        (etc / ('nova_lite-%d.conf' % n)).write_text(
            '[DEFAULT]\ntransport_url = %s\n' % url)
    # a file without transport_url (devstack's local.conf) is ignored
    (etc / 'local.conf').write_text('[conductor]\nreconcile_interval = 5\n')
    return str(tmp_path / 'stack')


def test_private_node_the_stack_uses(tmp_path):
    rabbit = _node(tmp_path, 'nlchaos-5679@localhost', 5679)
    stack = _stack(tmp_path, 'rabbit://guest:guest@127.0.0.1:5679/',
                   'rabbit://guest:guest@127.0.0.1:5679/')
    assert chaos.private_rabbit_node(rabbit, stack) == \
        'nlchaos-5679@localhost'


@pytest.mark.parametrize('node, port', [
    ('rabbit@localhost', 5679),       # the shared node's name
    ('nlchaos-5672@localhost', 5672),  # the shared broker's port
])
def test_refuses_the_shared_broker(tmp_path, node, port):
    rabbit = _node(tmp_path, node, port)
    stack = _stack(tmp_path, 'rabbit://guest:guest@127.0.0.1:%d/' % port)
    with pytest.raises(ValueError, match='shared broker'):
        chaos.private_rabbit_node(rabbit, stack)


@pytest.mark.parametrize('urls', [
    ('rabbit://guest:guest@127.0.0.1:5672/nl7',),   # the shared broker
    ('rabbit://guest:guest@127.0.0.1:5679/',
     'rabbit://guest:guest@127.0.0.1:5672/'),       # one daemon is not
    (),                                              # no config at all
])
def test_refuses_a_stack_not_on_the_node(tmp_path, urls):
    rabbit = _node(tmp_path, 'nlchaos-5679@localhost', 5679)
    stack = _stack(tmp_path, *urls)
    with pytest.raises(ValueError, match='does not use the private node'):
        chaos.private_rabbit_node(rabbit, stack)


def test_refuses_a_directory_without_a_node(tmp_path):
    with pytest.raises(ValueError, match='holds no private RabbitMQ'):
        chaos.private_rabbit_node(str(tmp_path), str(tmp_path))


# -- the readiness probe before a storm --------------------------------------

class _FakeStorm:
    """A BootStorm stand-in: probes (one server) end with the next status
    of ``probe_statuses``; the storm itself only records that it ran."""

    def __init__(self, log, probe_statuses):
        self.log, self.statuses = log, probe_statuses

    def __call__(self, client, count, concurrency, flavor, image,
                 prefix=None, poll_interval=0.5, timeout=600,
                 changes_since=True):
        return _FakeRun(self, count, prefix or 'bench-x-')


class _FakeRun:
    def __init__(self, factory, count, prefix):
        self.factory, self.count, self.prefix = factory, count, prefix
        self.servers = []

    def run(self, on_tick=None):
        if self.count == 1:  # a probe
            status = self.factory.statuses.pop(0)
            self.factory.log.append(('probe', self.prefix, status))
            self.servers = [chaos.storm_mod.Server(0)]
            self.servers[0].id, self.servers[0].status = 'p', status
            self.servers[0].stamp = 1.0
            return {}
        self.factory.log.append(('storm', self.prefix))
        return {key: 0 for key in ('requested', 'accepted', 'rejected',
                                   'active', 'error', 'error_with_fault',
                                   'active_per_s')}

    def acknowledged(self):
        return [s for s in self.servers if s.id]


class _NoFault:
    name, duration = 'none', 0


class _FakeClient:
    """Lists ``listed`` (server ids) under any name; records the rest."""

    def __init__(self, listed):
        self.listed, self.requests = listed, []

    def request(self, method, path, params=None):
        self.requests.append((method, path, params))
        return 200, {'servers': [{'id': i} for i in self.listed]}, 0.01


def _scenario(monkeypatch, statuses, recovery_timeout=180, client=None):
    log = []
    monkeypatch.setattr(chaos.storm_mod, 'BootStorm',
                        _FakeStorm(log, statuses))
    monkeypatch.setattr(chaos.time, 'sleep', lambda seconds: None)
    return chaos.Scenario(client or _FakeClient([]), _NoFault(), count=10,
                          recovery_timeout=recovery_timeout), log


def test_storm_waits_until_a_probe_boots(monkeypatch):
    scenario, log = _scenario(monkeypatch, ['ERROR', 'ERROR', 'ACTIVE'])
    report = scenario.run()
    assert [entry[0] for entry in log] == ['probe', 'probe', 'probe',
                                           'storm']
    assert all('ready-' in entry[1] for entry in log[:3])
    assert report['stuck'] == 0 and not report['injected']


def test_no_storm_when_nothing_boots_in_time(monkeypatch):
    clock = [0.0]

    def monotonic():
        clock[0] += 30.0  # each probe costs half a minute
        return clock[0]

    scenario, log = _scenario(monkeypatch, ['ERROR'] * 10,
                              recovery_timeout=100)
    monkeypatch.setattr(chaos.time, 'monotonic', monotonic)
    with pytest.raises(RuntimeError, match='no server went ACTIVE'):
        scenario.run()
    assert log and all(entry[0] == 'probe' for entry in log)


def test_servers_made_without_a_202_are_counted_and_deleted(monkeypatch):
    # The API wrote one instance and died before it answered: the client
    # never knew it, so it is neither accepted nor lost, but it exists.
    client = _FakeClient(['p', 'made-unanswered'])
    scenario, _log = _scenario(monkeypatch, ['ACTIVE'], client=client)
    deleted = []
    monkeypatch.setattr(chaos.storm_mod, 'delete_all',
                        lambda client, ids, *a, **kw: deleted.extend(ids))
    report = scenario.run()
    assert report['unacked'] == 1
    assert report['unacked_ids'] == ['made-unanswered']
    assert not report['errors']
    method, path, params = client.requests[-1]
    assert (method, path) == ('GET', '/servers')
    assert params == {'name': '^' + scenario.storm.prefix}
    scenario.cleanup()
    assert sorted(deleted) == ['made-unanswered', 'p']
