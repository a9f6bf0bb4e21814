"""The host manager reads only what changed since its last read."""

import contextlib
import datetime
import types

import pytest

from nova_lite.scheduler import host_manager

T0 = datetime.datetime(2024, 5, 1, 12, 0, 0)


def _row(row_id, deleted=False, value=0, stamp=T0):
    return types.SimpleNamespace(id=row_id, deleted=deleted, value=value,
                                 created_at=T0, updated_at=stamp)


class _Clocks:
    """utcnow and monotonic, moved together by ``tick``."""

    def __init__(self, monkeypatch):
        self.db, self.mono = T0 + datetime.timedelta(hours=1), 1000.0
        monkeypatch.setattr(host_manager.utils, 'utcnow', lambda: self.db)
        monkeypatch.setattr(host_manager.time, 'monotonic',
                            lambda: self.mono)

    def tick(self, seconds):
        self.db += datetime.timedelta(seconds=seconds)
        self.mono += seconds


@pytest.fixture
def clocks(monkeypatch):
    return _Clocks(monkeypatch)


def test_mirror_reads_all_then_changes(clocks):
    reads = []
    table = {1: _row(1), 2: _row(2)}
    changes = []

    def read(context, since):
        reads.append(since)
        return list(table.values()) if since is None else list(changes)

    mirror = host_manager._Mirror(read)
    full, changed, deleted = mirror.refresh(None)
    assert reads == [None] and set(mirror.rows) == {1, 2}
    assert full and {r.id for r in changed} == {1, 2} and deleted == []

    later = T0 + datetime.timedelta(seconds=5)
    changes[:] = [_row(2, value=5, stamp=later), _row(1, deleted=True),
                  _row(3, stamp=later)]
    clocks.tick(1)
    full, changed, deleted = mirror.refresh(None)
    assert reads[-1] is not None  # incremental, with a since time
    assert not full and deleted == [1]
    assert sorted(r.id for r in changed) == [2, 3]
    assert set(mirror.rows) == {2, 3}
    assert mirror.rows[2].value == 5

    # Past the full-refresh period the whole table is read again.
    clocks.tick(host_manager._FULL_REFRESH + 1)
    full, _changed, _deleted = mirror.refresh(None)
    assert full and reads[-1] is None
    assert set(mirror.rows) == {1, 2}


def test_rows_read_again_unchanged_are_not_reported(clocks):
    table = {1: _row(1), 2: _row(2)}
    mirror = host_manager._Mirror(lambda ctx, since: list(table.values()))
    mirror.refresh(None)
    clocks.tick(1)
    # The margin brings both rows back; only the one whose timestamp moved
    # is a change.
    table[2] = _row(2, value=7, stamp=T0 + datetime.timedelta(seconds=1))
    _full, changed, deleted = mirror.refresh(None)
    assert [r.id for r in changed] == [2] and deleted == []
    # A deleted row the mirror never had is not reported either.
    table[9] = _row(9, deleted=True)
    clocks.tick(1)
    _full, changed, deleted = mirror.refresh(None)
    assert changed == [] and deleted == []


def test_change_within_the_timestamp_resolution_is_seen(clocks):
    # MariaDB keeps whole seconds: two updates in one second carry the same
    # updated_at; the values, not the stamp, say whether the row changed.
    table = {1: _row(1, value=1)}
    mirror = host_manager._Mirror(lambda ctx, since: list(table.values()))
    mirror.refresh(None)
    table[1] = _row(1, value=2)  # same stamp, T0
    clocks.tick(0.2)
    _full, changed, _deleted = mirror.refresh(None)
    assert [r.value for r in changed] == [2]


def test_since_rounded_down_to_the_second_on_mysql():
    from nova_lite.objects import base
    since = T0.replace(microsecond=700000)

    def conn(name):
        return types.SimpleNamespace(dialect=types.SimpleNamespace(name=name))
    assert base.comparable_since(conn('mysql'), since) == T0
    assert base.comparable_since(conn('postgresql'), since) == since
    assert base.comparable_since(conn('mysql'), None) is None


def test_margin_read_only_every_catch_up_interval(clocks):
    seen = []
    mirror = host_manager._Mirror(lambda ctx, since: seen.append(since) or [],
                                  catch_up=1.0)
    margin = host_manager._LATE_COMMIT_MARGIN
    start = clocks.db
    mirror.refresh(None)  # full read
    clocks.tick(0.3)
    second = clocks.db
    mirror.refresh(None)
    # Within the catch-up interval: from where the previous read started.
    assert seen[1] == start
    clocks.tick(0.3)
    mirror.refresh(None)
    assert seen[2] == second
    clocks.tick(0.5)  # 1.1 s after the full read: back over the margin
    catch_up = clocks.db
    mirror.refresh(None)
    assert seen[3] == start - margin
    clocks.tick(0.2)
    mirror.refresh(None)
    assert seen[4] == catch_up
    clocks.tick(1.0)
    mirror.refresh(None)
    assert seen[5] == catch_up - margin


def test_catch_up_zero_reads_the_margin_every_time(clocks):
    seen = []
    mirror = host_manager._Mirror(lambda ctx, since: seen.append(since) or [])
    mirror.refresh(None)
    for _ in range(3):
        clocks.tick(0.1)
        before = clocks.db
        mirror.refresh(None)
    margin = host_manager._LATE_COMMIT_MARGIN
    assert seen[-1] == before - datetime.timedelta(seconds=0.1) - margin


# HostManager on fake reads -------------------------------------------------

def _node(node_id, host, stamp=T0, deleted=0, ram_used=0):
    return types.SimpleNamespace(
        id=node_id, host=host, hypervisor_hostname=host,
        hypervisor_type='fake', vcpus=8, memory_mb=16384, local_gb=200,
        vcpus_used=0, memory_mb_used=ram_used, local_gb_used=0,
        running_vms=0, cpu_allocation_ratio=1.0, ram_allocation_ratio=1.0,
        disk_allocation_ratio=1.0, availability_zone='nova',
        cpu_arch='x86_64', deleted=deleted, created_at=T0, updated_at=stamp)


def _service(service_id, host, stamp=T0, disabled=False, last=None,
             deleted=0):
    return types.SimpleNamespace(
        id=service_id, host=host, binary='nova-lite-compute',
        disabled=disabled, forced_down=False, last_seen_up=last,
        deleted=deleted, created_at=T0, updated_at=stamp)


class _FakeDB:
    def __init__(self, monkeypatch, clocks):
        self.clocks = clocks
        self.nodes, self.services, self.instances = {}, {}, {}
        self.reads = {'nodes': 0, 'services': 0, 'instances': 0,
                      'restrictive': 0}
        monkeypatch.setattr(host_manager.compute_node, 'scheduler_rows',
                            self._read('nodes'))
        monkeypatch.setattr(host_manager.service_obj, 'liveness_rows',
                            self._liveness)
        monkeypatch.setattr(host_manager.instance_obj, 'placement_states',
                            self._placement)
        monkeypatch.setattr(host_manager.db_api, 'reading',
                            lambda ctx: contextlib.nullcontext())

    def _read(self, table):
        def read(context, since):
            self.reads[table] += 1
            rows = getattr(self, table).values()
            if since is None:
                return [r for r in rows if not r.deleted]
            return [r for r in rows
                    if (r.updated_at or r.created_at) >= since]
        return read

    def _liveness(self, context, binary, since, restrictive=False):
        if not restrictive:
            return self._read('services')(context, since)
        self.reads['restrictive'] += 1
        return [r for r in self.services.values()
                if (r.updated_at or r.created_at) >= since and
                (r.disabled or r.forced_down or r.deleted)]

    def _placement(self, context, uuids):
        self.reads['instances'] += 1
        return {u: self.instances[u] for u in uuids if u in self.instances}

    def now(self):
        return self.clocks.db

    def heartbeat(self, service_id):
        # A new row object, as a read returns: the manager keeps the old.
        row = types.SimpleNamespace(**vars(self.services[service_id]))
        row.last_seen_up = row.updated_at = self.clocks.db
        self.services[service_id] = row


@pytest.fixture
def db(monkeypatch, clocks):
    fake = _FakeDB(monkeypatch, clocks)
    now = clocks.db
    for i, host in enumerate(('h1', 'h2'), 1):
        fake.nodes[i] = _node(i, host, stamp=now)
        fake.services[i] = _service(i, host, stamp=now, last=now)
    return fake


def _manager(conf, interval=1.0, catch_up=1.0):
    conf.set_override('service_state_interval', interval, group='scheduler')
    conf.set_override('late_commit_check_interval', catch_up,
                      group='scheduler')
    return host_manager.HostManager(conf)


def _by_host(states):
    return {s.host: s for s in states}


def test_service_rows_read_at_most_every_interval(conf, db, clocks):
    manager = _manager(conf, interval=1.0)
    states = _by_host(manager.get_host_states(None))
    assert states['h1'].is_up and not states['h1'].service.disabled
    db.services[1] = _service(1, 'h1', stamp=db.now(), disabled=True,
                              last=db.now())
    clocks.tick(0.5)
    states = _by_host(manager.get_host_states(None))
    assert db.reads['services'] == 1 and db.reads['nodes'] == 2
    # Taking a service away is seen at once, by the small query...
    assert db.reads['restrictive'] == 1
    assert states['h1'].service.disabled
    # ...giving it back waits for the next full service read.
    db.services[1] = _service(1, 'h1', stamp=db.now(), last=db.now())
    clocks.tick(0.3)
    states = _by_host(manager.get_host_states(None))
    assert states['h1'].service.disabled  # the bounded staleness
    clocks.tick(0.3)
    states = _by_host(manager.get_host_states(None))
    assert db.reads['services'] == 2
    assert not states['h1'].service.disabled


def test_forced_down_and_deleted_services_go_at_once(conf, db, clocks):
    manager = _manager(conf, interval=1.0)
    manager.get_host_states(None)
    clocks.tick(0.1)
    row = _service(1, 'h1', stamp=db.now(), last=db.now())
    row.forced_down = True
    db.services[1] = row
    db.services[2] = _service(2, 'h2', stamp=db.now(), last=db.now(),
                              deleted=2)
    states = _by_host(manager.get_host_states(None))
    assert db.reads['services'] == 1
    assert not states['h1'].is_up
    assert 'h2' not in states


def test_interval_zero_reads_services_on_every_request(conf, db, clocks):
    manager = _manager(conf, interval=0, catch_up=0)
    for _ in range(3):
        manager.get_host_states(None)
        clocks.tick(0.01)
    assert db.reads['services'] == 3


def test_up_down_follows_the_clock_without_a_row_change(conf, db, clocks):
    manager = _manager(conf, interval=1.0)
    assert all(s.is_up for s in manager.get_host_states(None))
    # h2 keeps heartbeating, h1 stops: down after service_down_time (60).
    for _ in range(31):
        clocks.tick(2)
        db.heartbeat(2)
        states = _by_host(manager.get_host_states(None))
    assert not states['h1'].is_up and states['h2'].is_up


def test_nodes_appear_change_and_go(conf, db, clocks):
    manager = _manager(conf)
    assert set(_by_host(manager.get_host_states(None))) == {'h1', 'h2'}
    clocks.tick(0.1)
    db.nodes[1] = _node(1, 'h1', stamp=db.now(), ram_used=4096)
    db.nodes[2] = _node(2, 'h2', stamp=db.now(), deleted=2)
    states = _by_host(manager.get_host_states(None))
    assert set(states) == {'h1'}
    assert states['h1'].free_ram_mb == 16384 - 4096
    # A node whose service is not read yet waits for the next service read.
    clocks.tick(0.1)
    db.nodes[3] = _node(3, 'h3', stamp=db.now())
    db.services[3] = _service(3, 'h3', stamp=db.now(), last=db.now())
    assert set(_by_host(manager.get_host_states(None))) == {'h1'}
    clocks.tick(1.0)
    assert set(_by_host(manager.get_host_states(None))) == {'h1', 'h3'}


def test_in_flight_counts_until_settled_and_release_undoes(conf, db,
                                                             clocks):
    from tests.fixtures import scheduler as fx
    manager = _manager(conf)
    states = _by_host(manager.get_host_states(None))
    flavor = fx.flavor(memory_mb=1024)
    states['h1'].consume('a', flavor)
    states['h1'].consume('b', flavor)
    states['h2'].consume('c', flavor)
    assert states['h1'].free_ram_mb == 16384 - 2048
    assert states['h1'].num_instances == 2
    states['h2'].release('c')  # a failed batch gives its pick back
    assert states['h2'].free_ram_mb == 16384 and not states['h2'].in_flight
    clocks.tick(0.1)
    # h1 claimed 'a': its node row changed first, then 'a' got its host.
    db.nodes[1] = _node(1, 'h1', stamp=db.now(), ram_used=1024)
    db.instances['a'] = ('h1', 0, 'building')
    db.instances['b'] = (None, 0, 'building')  # not yet
    clocks.tick(0.1)
    states = _by_host(manager.get_host_states(None))
    assert list(states['h1'].in_flight) == ['b']
    assert states['h1'].free_ram_mb == 16384 - 2048  # 'a' from the row
    # Nothing in flight: no instance read at all.
    states['h1'].release('b')
    reads = db.reads['instances']
    clocks.tick(0.1)
    manager.get_host_states(None)
    assert db.reads['instances'] == reads


def test_full_refresh_keeps_in_flight(conf, db, clocks):
    from tests.fixtures import scheduler as fx
    manager = _manager(conf)
    manager._nodes._full = 5.0  # well before the in-flight age limit
    states = _by_host(manager.get_host_states(None))
    states['h1'].consume('a', fx.flavor(memory_mb=1024))
    clocks.tick(6)
    reads = db.reads['nodes']
    db.heartbeat(1)
    db.heartbeat(2)
    states = _by_host(manager.get_host_states(None))
    assert manager._nodes._full_at == clocks.mono  # it was a full read
    assert db.reads['nodes'] == reads + 1
    assert list(states['h1'].in_flight) == ['a']
    assert states['h1'].free_ram_mb == 16384 - 1024


def test_in_flight_is_read_where_a_node_changed_or_every_second(
        conf, db, clocks, monkeypatch):
    """A request asks the DB about in-flight instances only on hosts whose
    node row changed since the placement; all of them every second."""
    from tests.fixtures import scheduler as fx
    asked = []

    def record(context, uuids):
        asked.append(sorted(uuids))
        return db._placement(context, uuids)

    monkeypatch.setattr(host_manager.instance_obj, 'placement_states',
                        record)
    manager = _manager(conf)
    states = _by_host(manager.get_host_states(None))
    flavor = fx.flavor(memory_mb=1024)
    states['h1'].consume('a', flavor)
    states['h2'].consume('b', flavor)
    clocks.tick(0.1)
    manager.get_host_states(None)  # the first check reads every entry
    assert asked == [['a', 'b']]
    # 'b' failed before any claim; h1's row changes with a's claim.
    db.instances['b'] = (None, 0, 'error')
    db.nodes[1] = _node(1, 'h1', stamp=db.now(), ram_used=1024)
    clocks.tick(0.1)
    states = _by_host(manager.get_host_states(None))
    assert asked[-1] == ['a']
    assert set(states['h2'].in_flight) == {'b'}  # h2 unchanged: not asked
    clocks.tick(0.1)
    manager.get_host_states(None)
    assert asked[-1] == ['a'] and len(asked) == 3
    # A second after the first check, every entry is read again.
    clocks.tick(0.8)
    states = _by_host(manager.get_host_states(None))
    assert asked[-1] == ['a', 'b']
    assert not states['h2'].in_flight
    assert states['h2'].free_ram_mb == 16384
