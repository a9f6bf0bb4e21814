"""Periodic tasks on managers: collection, spacing, isolation, errors;
and the Service start sequence that starts their timer."""

import random
from unittest import mock

from oslo_service import periodic_task
import pytest

from nova_lite import baserpc
from nova_lite import exception
from nova_lite import manager
from nova_lite.objects import service as service_obj
from nova_lite import rpc
from nova_lite import service as nl_service


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


class LaterManager(manager.Manager):
    def __init__(self, conf):
        super().__init__(conf)
        self.ran = []

    @periodic_task.periodic_task(spacing=10, run_immediately=True)
    def now(self, context):
        self.ran.append('now')

    @periodic_task.periodic_task(spacing=10)
    def later(self, context):
        self.ran.append('later')


def test_run_immediately(conf):
    mgr = LaterManager(conf)
    # A task without run_immediately counts its spacing from when it was
    # declared; one with it is due at once.
    clock = _Clock(mgr._periodic_last_run['later'])
    assert mgr._periodic_last_run['now'] is None
    with mock.patch.object(periodic_task, 'now', clock):
        mgr.run_periodic_tasks(None)
        assert mgr.ran == ['now']
        mgr.ran.clear()
        clock.value += 10
        mgr.run_periodic_tasks(None)
    assert sorted(mgr.ran) == ['later', 'now']


def test_a_failing_task_is_logged(conf, caplog):
    mgr = DemoManager(conf)
    with mock.patch.object(periodic_task, 'now', _Clock()):
        mgr.run_periodic_tasks(None)
    assert 'periodic task failure (expected by the test)' in caplog.text
    assert sorted(mgr.ran) == ['boom', 'tick', 'tock']


# -- Service.start ----------------------------------------------------------

class _Record:
    id = 1


class OrderManager(manager.Manager):
    def __init__(self, conf, calls):
        super().__init__(conf)
        self.calls = calls

    def init_host(self):
        self.calls.append('init_host')

    def pre_start_hook(self):
        self.calls.append('pre_start_hook')

    def post_start_hook(self):
        self.calls.append('post_start_hook')


@pytest.fixture
def started(conf, monkeypatch):
    """``start()`` a Service with RPC, service group, looping call and
    the Service record mocked; returns (service, calls, mocks)."""
    from oslo_service import loopingcall  # as service.py: at run time
    calls = []
    mocks = mock.Mock()

    def get_record(context, host, binary):
        calls.append('get_record')
        return _Record()

    def get_server(target, endpoints):
        calls.append('get_server')
        mocks.server.start.side_effect = lambda: calls.append('rpc_start')
        mocks.get_server(target, endpoints)
        return mocks.server

    def join(service):
        calls.append('join')
        return mocks.heartbeat

    def looping_call(function):
        calls.append('periodic_timer')
        mocks.looping_call(function)
        mocks.timer.start.side_effect = \
            lambda **kw: calls.append('periodic_start')
        return mocks.timer

    monkeypatch.setattr(service_obj.Service, 'get_by_host_and_binary',
                        get_record)
    monkeypatch.setattr(rpc, 'get_server', get_server)
    monkeypatch.setattr(loopingcall, 'DynamicLoopingCall', looping_call)

    def start(**overrides):
        for name, value in overrides.items():
            conf.set_override(name, value)
        service = nl_service.Service(conf, 'nova-lite-demo', 'demo',
                                     OrderManager(conf, calls),
                                     host='host1')
        monkeypatch.setattr(service.servicegroup, 'join', join)
        service.start()
        return service, calls, mocks
    return start


def test_service_start_order(started):
    service, calls, mocks = started()
    assert calls == ['get_record', 'init_host', 'pre_start_hook',
                     'get_server', 'rpc_start', 'post_start_hook', 'join',
                     'periodic_timer', 'periodic_start']
    assert isinstance(service.service_ref, _Record)


def test_service_rpc_target_and_endpoints(started):
    service, _calls, mocks = started()
    target, endpoints = mocks.get_server.call_args.args
    assert (target.topic, target.server) == ('demo', 'host1')
    assert endpoints[0] is service.manager
    assert isinstance(endpoints[-1], baserpc.BaseRPCEndpoint)


def test_service_periodic_timer(started):
    random.seed(3)
    delays = set()
    for _ in range(30):
        service, _calls, mocks = started(periodic_fuzzy_delay=5,
                                         periodic_interval_max=42)
        kwargs = mocks.timer.start.call_args.kwargs
        assert kwargs['periodic_interval_max'] == 42
        assert 0 <= kwargs['initial_delay'] <= 5
        delays.add(kwargs['initial_delay'])
    assert len(delays) > 1  # random, not a constant
    # The timer runs the service's periodic tasks.
    function, = mocks.looping_call.call_args.args
    assert function == service.periodic_tasks
    assert service._timers == [mocks.heartbeat, mocks.timer]


def test_service_periodic_timer_without_fuzzy_delay(started):
    _service, _calls, mocks = started(periodic_fuzzy_delay=0)
    assert not mocks.timer.start.call_args.kwargs['initial_delay']


def test_service_periodic_disabled(started):
    service, calls, mocks = started(periodic_enable=False)
    assert 'periodic_timer' not in calls
    assert service._timers == [mocks.heartbeat]


def test_service_periodic_tasks_runs_the_manager(started):
    service, _calls, _mocks = started()
    with mock.patch.object(service.manager, 'periodic_tasks',
                           return_value=7.0) as run:
        assert service.periodic_tasks() == 7.0
    context, = run.call_args.args
    assert context.is_admin


def test_service_creates_its_record(conf, monkeypatch):
    created = []

    def not_found(context, host, binary):
        raise exception.ServiceNotFound(service_id='%s/%s' % (host, binary))

    def create(self):
        created.append((self.host, self.binary, self.topic))

    monkeypatch.setattr(service_obj.Service, 'get_by_host_and_binary',
                        not_found)
    monkeypatch.setattr(service_obj.Service, 'create', create)
    service = nl_service.Service(conf, 'nova-lite-demo', 'demo',
                                 manager.Manager(conf), host='host1')
    record = service._get_or_create_record(None)
    assert created == [('host1', 'nova-lite-demo', 'demo')]
    assert isinstance(record, service_obj.Service)


def test_service_record_race_with_sibling(conf, monkeypatch):
    sibling = _Record()
    answers = [exception.ServiceNotFound(service_id='x'), sibling]

    def get(context, host, binary):
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def create(self):
        raise exception.ServiceExists(host=self.host, binary=self.binary,
                                      topic=self.topic)

    monkeypatch.setattr(service_obj.Service, 'get_by_host_and_binary', get)
    monkeypatch.setattr(service_obj.Service, 'create', create)
    service = nl_service.Service(conf, 'nova-lite-demo', 'demo',
                                 manager.Manager(conf), host='host1')
    assert service._get_or_create_record(None) is sibling
