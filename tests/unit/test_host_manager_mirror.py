"""The host manager reads only what changed since its last read."""

import datetime
import types

from nova_lite.scheduler import host_manager


def _row(row_id, deleted=False, value=0):
    return types.SimpleNamespace(id=row_id, deleted=deleted, value=value)


def test_mirror_reads_all_then_changes(monkeypatch):
    reads = []
    table = {1: _row(1), 2: _row(2)}
    changes = []

    def read(context, since):
        reads.append(since)
        return list(table.values()) if since is None else list(changes)

    clock = [1000.0]
    monkeypatch.setattr(host_manager.time, 'monotonic', lambda: clock[0])
    mirror = host_manager._Mirror(read)
    mirror.refresh(None)
    assert reads == [None] and set(mirror.rows) == {1, 2}

    changes[:] = [_row(2, value=5), _row(1, deleted=True), _row(3)]
    clock[0] += 1
    mirror.refresh(None)
    assert reads[-1] is not None  # incremental, with a since time
    assert set(mirror.rows) == {2, 3}
    assert mirror.rows[2].value == 5

    # Past the full-refresh period the whole table is read again.
    clock[0] += host_manager._FULL_REFRESH + 1
    mirror.refresh(None)
    assert reads[-1] is None
    assert set(mirror.rows) == {1, 2}


def test_incremental_read_overlaps_the_last_one(monkeypatch):
    seen = []
    mirror = host_manager._Mirror(lambda ctx, since: seen.append(since) or [])
    mirror.refresh(None)
    before = host_manager.utils.utcnow()
    mirror.refresh(None)
    # The second read starts a margin before the first one: rows committed
    # late with an earlier timestamp are read again.
    margin = host_manager._LATE_COMMIT_MARGIN
    assert before - margin - datetime.timedelta(seconds=1) < seen[1] <= \
        before - margin
