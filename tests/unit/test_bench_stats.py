"""nova_lite.bench: statistics, tables, the JSON line, the storm's
accounting (no services: a scripted client)."""

import json

from nova_lite.bench import cli
from nova_lite.bench import client as bench_client
from nova_lite.bench import stats
from nova_lite.bench import storm as storm_mod


def test_pct_nearest_rank():
    values = list(range(1, 101))
    assert stats.pct(values, 50) == 50
    assert stats.pct(values, 99) == 99
    assert stats.pct(values, 100) == 100
    assert stats.pct(values, 0) == 1
    assert stats.pct([3.0], 99) == 3.0
    assert stats.pct([], 50) is None
    assert stats.pct([5, 1, 3], 50) == 3  # sorts


def test_summary_and_rate():
    s = stats.summary([0.5, 0.25, 1.0, 2.0])
    assert s == {'count': 4, 'min': 0.25, 'p50': 0.5, 'p90': 2.0,
                 'p99': 2.0, 'max': 2.0, 'mean': 0.938}
    assert stats.summary([])['p50'] is None
    assert stats.rate(10, 4) == 2.5
    assert stats.rate(0, 4) is None
    assert stats.rate(3, 0) is None


def test_throughput_series_buckets():
    series = stats.throughput_series([10.1, 10.2, 11.5, 13.0], 10.0)
    assert series == [(0.0, 2.0), (1.0, 1.0), (2.0, 0.0), (3.0, 1.0)]
    assert stats.throughput_series([], 0) == []


def test_table_aligns_and_formats():
    text = stats.table(['a', 'bee'], [['x', 1.5], ['long', None]])
    lines = text.splitlines()
    assert lines[0] == '   a    bee'
    assert lines[2] == '   x  1.500'
    assert lines[3] == 'long      -'
    assert len({len(line) for line in lines}) == 1


def test_json_line_is_one_parsable_line():
    line = stats.json_line({'b': 1, 'a': [1.5, None]})
    assert line.startswith('BENCH_JSON ')
    assert '\n' not in line
    assert json.loads(line[len('BENCH_JSON '):]) == {'a': [1.5, None],
                                                      'b': 1}


def test_networks_value():
    assert bench_client.networks_value('none') == 'none'
    assert bench_client.networks_value(None) == 'none'
    assert bench_client.networks_value('auto') == 'auto'
    assert bench_client.networks_value('abc') == [{'uuid': 'abc'}]


class ScriptedClient:
    """POST /servers answers 202 for even names, 500 for odd ones; the
    detail list shows servers ACTIVE on two hosts (one ERROR)."""

    def __init__(self):
        self.created = []

    def request(self, method, path, body=None, params=None,
                microversion=None):
        if method == 'POST':
            index = int(body['server']['name'][-5:])
            if index % 2:
                return 500, {'computeFault': {}}, 0.01
            sid = 'id-%d' % index
            self.created.append(sid)
            return 202, {'server': {'id': sid}}, 0.02
        servers = []
        for n, sid in enumerate(list(self.created)):
            servers.append({'id': sid,
                            'status': 'ERROR' if n == 0 else 'ACTIVE',
                            'fault': {'message': 'x'} if n == 0 else None,
                            'OS-EXT-SRV-ATTR:host': 'h%d' % (n % 2)})
        return 200, {'servers': servers}, 0.01


def test_storm_accounting():
    client = ScriptedClient()
    storm = storm_mod.BootStorm(client, 6, 2, 'f', 'i', poll_interval=0.01,
                                timeout=10)
    result = storm.run()
    assert result['requested'] == 6
    assert result['accepted'] == 3 and result['rejected'] == 3
    assert result['active'] == 2 and result['error'] == 1
    assert result['error_with_fault'] == 1
    assert result['not_terminal'] == 0
    assert result['hosts'] == {'h0': 1, 'h1': 1}
    assert result['max_per_host'] == 1
    assert result['tta_s']['count'] == 2
    assert result['post_s']['count'] == 6
    assert result['active_per_s'] > 0
    assert len(storm.active_stamps()) == 2


def test_storm_not_terminal_when_never_active():
    class Pending(ScriptedClient):
        def request(self, method, path, body=None, params=None,
                    microversion=None):
            status, doc, took = super().request(method, path, body, params)
            if method == 'GET':
                for server in doc['servers']:
                    server['status'] = 'BUILD'
            return status, doc, took
    storm = storm_mod.BootStorm(Pending(), 2, 1, 'f', 'i',
                                poll_interval=0.01, timeout=0.2)
    result = storm.run()
    assert result['accepted'] == 1
    assert result['not_terminal'] == 1
    assert result['active_per_s'] is None


def test_cli_needs_an_endpoint(monkeypatch):
    monkeypatch.delenv('OS_CLOUD', raising=False)
    opts = cli.parser().parse_args(['boot'])
    try:
        cli.make_client(opts)
    except SystemExit as exc:
        assert '--os-cloud' in str(exc)
    else:
        raise AssertionError('no endpoint accepted')


def test_plot_writes_a_png(tmp_path):
    storm = storm_mod.BootStorm(ScriptedClient(), 8, 2, 'f', 'i',
                                poll_interval=0.01, timeout=10)
    storm.run()
    from nova_lite.bench import plot
    path = plot.plot_storm(storm, str(tmp_path / 'out.png'))
    with open(path, 'rb') as f:
        assert f.read(8) == b'\x89PNG\r\n\x1a\n'


class _RecordingClient:
    def __init__(self):
        self.params = []

    def request(self, method, path, body=None, params=None):
        self.params.append(dict(params or {}))
        return 200, {'servers': []}, 0.0


def test_poller_reads_in_full_now_and_then():
    client = _RecordingClient()
    poller = storm_mod.Poller(client, 'p-')
    for _ in range(2 * poller.FULL_EVERY):
        poller.poll_once()
    full = [i for i, p in enumerate(client.params, 1)
            if 'changes-since' not in p]
    # the first read, then every FULL_EVERY-th: a late commit is not
    # missed forever
    assert full == [1, poller.FULL_EVERY, 2 * poller.FULL_EVERY]
