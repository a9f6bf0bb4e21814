"""Periodic tasks on managers: collection, spacing, isolation, errors."""

from unittest import mock

from oslo_service import periodic_task

from nova_lite import manager


class _Clock:
    def __init__(self, start=1000.0):
        self.value = start

    def __call__(self):
        return self.value


class DemoManager(manager.Manager):
    def __init__(self, conf):
        super().__init__(conf)
        self.ran = []

    @periodic_task.periodic_task(spacing=10, run_immediately=True)
    def tick(self, context):
        self.ran.append('tick')

    @periodic_task.periodic_task(spacing=10, run_immediately=True)
    def boom(self, context):
        self.ran.append('boom')
        raise RuntimeError('periodic task failure (expected by the test)')

    @periodic_task.periodic_task(spacing=10, run_immediately=True)
    def tock(self, context):
        self.ran.append('tock')

    @periodic_task.periodic_task(spacing=-1)
    def never(self, context):
        self.ran.append('never')

    def not_a_task(self, context):
        self.ran.append('not_a_task')


def _names(mgr):
    return [name for name, _task in mgr._periodic_tasks]


def test_tasks_are_collected(conf):
    mgr = DemoManager(conf)
    assert sorted(_names(mgr)) == ['boom', 'tick', 'tock']
    assert mgr._periodic_spacing['tick'] == 10


def test_base_manager_has_no_tasks(conf):
    assert manager.Manager(conf)._periodic_tasks == []


def test_zero_spacing_means_default_interval(conf):
    mgr = DemoManager(conf)
    mgr.set_task_spacing('tick', 0)
    assert mgr._periodic_spacing['tick'] == manager.DEFAULT_INTERVAL == 60


def test_negative_spacing_disables(conf):
    mgr = DemoManager(conf)
    mgr.set_task_spacing('tick', -1)
    assert 'tick' not in _names(mgr)
    with mock.patch.object(periodic_task, 'now', _Clock()):
        mgr.run_periodic_tasks(None)
    assert 'tick' not in mgr.ran
    assert 'tock' in mgr.ran


def test_spacing_is_per_instance(conf):
    first, second = DemoManager(conf), DemoManager(conf)
    first.set_task_spacing('tick', 5)
    second.set_task_spacing('tick', 30)
    second.set_task_spacing('tock', -1)
    assert first._periodic_spacing['tick'] == 5
    assert second._periodic_spacing['tick'] == 30
    assert 'tock' in _names(first)
    assert 'tock' not in _names(second)
    # The class itself is untouched.
    assert DemoManager._periodic_spacing['tick'] == 10
    assert 'tock' in [n for n, _t in DemoManager._periodic_tasks]

    clock = _Clock()
    with mock.patch.object(periodic_task, 'now', clock):
        first.run_periodic_tasks(None)
        second.run_periodic_tasks(None)
        first.ran.clear()
        second.ran.clear()
        clock.value += 6
        first.run_periodic_tasks(None)
        second.run_periodic_tasks(None)
    assert 'tick' in first.ran
    assert 'tick' not in second.ran


def test_run_runs_due_tasks_and_survives_a_failure(conf):
    mgr = DemoManager(conf)
    clock = _Clock()
    with mock.patch.object(periodic_task, 'now', clock):
        idle = mgr.run_periodic_tasks(None)
        assert sorted(mgr.ran) == ['boom', 'tick', 'tock']
        assert 0 < idle <= 10
        mgr.ran.clear()
        clock.value += 1
        idle = mgr.run_periodic_tasks(None)
        assert mgr.ran == []  # nothing due yet
        assert idle <= 9
        clock.value += 10
        mgr.periodic_tasks(None)
        assert sorted(mgr.ran) == ['boom', 'tick', 'tock']
