"""Event waiters of a compute host: the registry, the waiting context
manager, and the compute endpoint that delivers events (native threads)."""

import os
import pathlib
import subprocess
import sys
import threading
import time
import types
from unittest import mock

import pytest

from nova_lite.compute import events
from nova_lite.compute import manager as compute_manager
from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite import exception
from nova_lite.objects import external_event

UUID = '6f1b7c2e-4c4a-4d7e-9d55-2a1b0f0c9e11'
OTHER = '0b5e1d4a-8f3c-4a52-a2f0-7c9d3e6b1a22'
PLUGGED = 'network-vif-plugged'


def _event(name=PLUGGED, tag='p1', status='completed', uuid=UUID):
    return external_event.InstanceExternalEvent(
        instance_uuid=uuid, name=name, status=status, tag=tag)


def _instance(uuid=UUID):
    return types.SimpleNamespace(uuid=uuid)


def _send_later(registry, *events_, delay=0.05, unawaited=None):
    """Deliver ``events_`` from another thread, as the RPC endpoint does.

    An event nobody waits for any more goes to ``unawaited`` if given;
    otherwise it fails the sending thread (pytest reports it).
    """
    def run():
        time.sleep(delay)
        for event in events_:
            waiter = registry.pop_event(event)
            if waiter is None and unawaited is not None:
                unawaited.append(event.key)
                continue
            assert waiter is not None, event.key
            waiter.deliver(event)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def registry():
    return events.InstanceEvents()


# -- the object -------------------------------------------------------------

def test_event_key():
    assert _event(tag='port-1').key == 'network-vif-plugged-port-1'
    assert _event(tag=None).key == 'network-vif-plugged'
    untagged = external_event.InstanceExternalEvent(
        instance_uuid=UUID, name='network-changed', status='completed')
    assert untagged.key == 'network-changed'
    make_key = external_event.InstanceExternalEvent.make_key
    assert make_key('network-vif-deleted', 'x') == 'network-vif-deleted-x'
    assert make_key('network-vif-deleted', None) == 'network-vif-deleted'


def test_event_fields_are_checked():
    with pytest.raises(ValueError):
        _event(name='volume-extended')
    with pytest.raises(ValueError):
        _event(status='done')


# -- the registry -----------------------------------------------------------

def test_prepare_and_pop(registry):
    waiter = registry.prepare_for_event(UUID, PLUGGED, 'p1')
    assert registry.waiting_for(UUID) == ['network-vif-plugged-p1']
    assert registry.pop_event(_event(tag='p2')) is None
    assert registry.pop_event(_event(uuid=OTHER)) is None
    assert registry.pop_event(_event()) is waiter
    assert registry.pop_event(_event()) is None
    assert len(registry) == 0


def test_instance_entry_goes_with_its_last_waiter(registry):
    registry.prepare_for_event(UUID, PLUGGED, 'p1')
    registry.prepare_for_event(UUID, PLUGGED, 'p2')
    registry.pop_event(_event(tag='p1'))
    assert len(registry) == 1
    registry.pop_event(_event(tag='p2'))
    assert len(registry) == 0
    assert registry.waiting_for(UUID) == []


def test_one_waiter_per_key(registry):
    registry.prepare_for_event(UUID, PLUGGED, 'p1')
    with pytest.raises(ValueError):
        registry.prepare_for_event(UUID, PLUGGED, 'p1')
    assert registry.waiting_for(UUID) == ['network-vif-plugged-p1']


def test_remove_waiter_only_removes_that_waiter(registry):
    first = registry.prepare_for_event(UUID, PLUGGED, 'p1')
    registry.pop_event(_event())
    second = registry.prepare_for_event(UUID, PLUGGED, 'p1')
    registry.remove_waiter(first)  # already gone: must not take `second`
    assert registry.waiting_for(UUID) == ['network-vif-plugged-p1']
    registry.remove_waiter(second)
    registry.remove_waiter(second)
    assert len(registry) == 0


def test_delivered_event_is_kept_until_waited_for(registry):
    waiter = registry.prepare_for_event(UUID, PLUGGED, 'p1')
    event = _event()
    registry.pop_event(event).deliver(event)
    assert waiter.wait(timeout=0) is event


def test_wait_times_out_with_none(registry):
    waiter = registry.prepare_for_event(UUID, PLUGGED, 'p1')
    assert waiter.wait(timeout=0.01) is None


def test_clear_cancels_every_waiter_of_the_instance(registry):
    first = registry.prepare_for_event(UUID, PLUGGED, 'p1')
    second = registry.prepare_for_event(UUID, 'network-vif-unplugged', None)
    other = registry.prepare_for_event(OTHER, PLUGGED, 'p1')
    assert registry.clear_events_for_instance(UUID) == [
        'network-vif-plugged-p1', 'network-vif-unplugged']
    for waiter in (first, second):
        assert waiter.cancelled
        with pytest.raises(exception.InstanceNotFound):
            waiter.wait(timeout=0)
    assert not other.cancelled
    assert registry.waiting_for(UUID) == []
    assert registry.waiting_for(OTHER) == ['network-vif-plugged-p1']
    assert registry.clear_events_for_instance(UUID) == []


def test_concurrent_prepare_and_pop(registry):
    """Many threads, many instances: every event finds its waiter once."""
    uuids = ['00000000-0000-0000-0000-%012d' % i for i in range(8)]
    tags = ['p%d' % i for i in range(25)]
    start = threading.Barrier(len(uuids) * 2)
    waiters, found, errors = {}, [], []

    def prepare(uuid):
        start.wait()
        for tag in tags:
            waiters[uuid, tag] = registry.prepare_for_event(uuid, PLUGGED,
                                                            tag)

    def pop(uuid):
        start.wait()
        pending = list(tags)
        deadline = time.monotonic() + 10
        while pending and time.monotonic() < deadline:
            tag = pending.pop(0)
            event = _event(tag=tag, uuid=uuid)
            waiter = registry.pop_event(event)
            if waiter is None:
                pending.append(tag)  # not prepared yet
                time.sleep(0)
                continue
            waiter.deliver(event)
            found.append((uuid, tag))
        if pending:
            errors.append((uuid, pending))

    threads = [threading.Thread(target=fn, args=(uuid,))
               for uuid in uuids for fn in (prepare, pop)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert errors == []
    assert sorted(found) == sorted(waiters)
    assert all(w.event.tag == tag and w.event.instance_uuid == uuid
               for (uuid, tag), w in waiters.items())
    assert len(registry) == 0


# -- wait_for_instance_event -------------------------------------------------

def _wait(registry, names, deadline=5, error_callback=None):
    return events.wait_for_instance_event(registry, _instance(), names,
                                          deadline, error_callback)


def test_all_completed(registry):
    names = [(PLUGGED, 'p1'), (PLUGGED, 'p2'), ('network-vif-unplugged',
                                                None)]
    with _wait(registry, names):
        assert registry.waiting_for(UUID) == [
            'network-vif-plugged-p1', 'network-vif-plugged-p2',
            'network-vif-unplugged']
        _send_later(registry, _event(tag='p2'), _event(tag='p1'),
                    _event(name='network-vif-unplugged', tag=None))
    assert len(registry) == 0


def test_events_from_several_threads(registry):
    tags = ['p%d' % i for i in range(10)]
    with _wait(registry, [(PLUGGED, tag) for tag in tags]):
        senders = [_send_later(registry, _event(tag=tag), delay=0.01 * i)
                   for i, tag in enumerate(tags)]
    for sender in senders:
        sender.join(5)
    assert len(registry) == 0


def test_event_delivered_before_the_wait_is_not_lost(registry):
    with _wait(registry, [(PLUGGED, 'p1')], deadline=0):
        event = _event()
        registry.pop_event(event).deliver(event)
    assert len(registry) == 0


def test_no_events_no_wait(registry):
    ran = []
    started = time.monotonic()
    with _wait(registry, [], deadline=0):
        ran.append(True)
        assert len(registry) == 0
    assert ran == [True]
    assert time.monotonic() - started < 1


def test_failed_event_and_callback_true_keeps_waiting(registry):
    calls = []

    def callback(name, instance):
        calls.append((name, instance.uuid))
        return True

    with _wait(registry, [(PLUGGED, 'p1'), (PLUGGED, 'p2')],
               error_callback=callback):
        _send_later(registry, _event(tag='p1', status='in-progress'),
                    _event(tag='p2'))
    assert calls == [('network-vif-plugged-p1', UUID)]
    assert len(registry) == 0


def test_callback_true_then_deadline_names_only_the_missing(registry):
    with pytest.raises(exception.InstanceEventTimeout) as info:
        with _wait(registry, [(PLUGGED, 'p1'), (PLUGGED, 'p2')],
                   deadline=0.3, error_callback=lambda name, inst: True):
            _send_later(registry, _event(tag='p1', status='failed'))
    message = info.value.format_message()
    assert 'network-vif-plugged-p2' in message
    assert 'network-vif-plugged-p1' not in message
    assert len(registry) == 0


def test_callback_false_stops_waiting_at_once(registry):
    calls = []

    def callback(name, instance):
        calls.append(name)
        return False

    started = time.monotonic()
    with _wait(registry, [(PLUGGED, 'p1'), (PLUGGED, 'p2')], deadline=30,
               error_callback=callback):
        _send_later(registry, _event(tag='p2', status='failed'))
    assert time.monotonic() - started < 5
    assert calls == ['network-vif-plugged-p2']
    assert len(registry) == 0


def test_callback_exception_propagates(registry):
    class Boom(Exception):
        pass

    def callback(name, instance):
        raise Boom(name)

    with pytest.raises(Boom) as info:
        with _wait(registry, [(PLUGGED, 'p1'), (PLUGGED, 'p2')],
                   deadline=30, error_callback=callback):
            _send_later(registry, _event(tag='p1', status='failed'))
    assert str(info.value) == 'network-vif-plugged-p1'
    assert len(registry) == 0


def test_default_callback_raises(registry):
    with pytest.raises(exception.InstanceEventFailed) as info:
        with _wait(registry, [(PLUGGED, 'p1'), (PLUGGED, 'p2')],
                   deadline=30):
            _send_later(registry, _event(tag='p1', status='failed'))
    message = info.value.format_message()
    assert 'network-vif-plugged-p1' in message
    assert 'failed' in message
    assert UUID in message
    assert len(registry) == 0


def test_deadline_names_the_missing_events(registry):
    started = time.monotonic()
    with pytest.raises(exception.InstanceEventTimeout) as info:
        with _wait(registry, [(PLUGGED, 'p1'), (PLUGGED, 'p2'),
                              ('network-vif-unplugged', None)],
                   deadline=0.3):
            _send_later(registry, _event(tag='p2'))
    elapsed = time.monotonic() - started
    assert 0.25 < elapsed < 5
    message = info.value.format_message()
    assert 'network-vif-plugged-p1' in message
    assert 'network-vif-unplugged' in message
    assert 'network-vif-plugged-p2' not in message
    assert UUID in message and '0.3' in message
    assert len(registry) == 0


def test_deadline_counts_once_for_all_events(registry):
    """Events arriving one by one do not restart the clock."""
    tags = ['p%d' % i for i in range(6)]
    unawaited = []
    started = time.monotonic()
    with pytest.raises(exception.InstanceEventTimeout):
        with _wait(registry, [(PLUGGED, tag) for tag in tags] +
                   [(PLUGGED, 'never')], deadline=0.5):
            senders = [_send_later(registry, _event(tag=tag),
                                   delay=0.2 * i, unawaited=unawaited)
                       for i, tag in enumerate(tags)]
    assert time.monotonic() - started < 0.9
    assert len(registry) == 0
    for sender in senders:
        sender.join(5)
    # Those sent after the deadline found nobody waiting.
    assert 'network-vif-plugged-p5' in unawaited
    assert 'network-vif-plugged-p0' not in unawaited


def test_block_raising_removes_the_waiters(registry):
    with pytest.raises(RuntimeError):
        with _wait(registry, [(PLUGGED, 'p1'), (PLUGGED, 'p2')]):
            assert len(registry) == 1
            raise RuntimeError('plugging failed')
    assert len(registry) == 0


def test_failed_prepare_removes_the_waiters_already_prepared(registry):
    with pytest.raises(ValueError):
        with _wait(registry, [(PLUGGED, 'p1'), (PLUGGED, 'p1')]):
            raise AssertionError('the block must not run')
    assert len(registry) == 0


def test_clear_while_waiting_fails_fast(registry):
    def delete_soon():
        time.sleep(0.1)
        registry.clear_events_for_instance(UUID)

    started = time.monotonic()
    with pytest.raises(exception.InstanceNotFound) as info:
        with _wait(registry, [(PLUGGED, 'p1'), (PLUGGED, 'p2')],
                   deadline=30):
            threading.Thread(target=delete_soon, daemon=True).start()
    assert time.monotonic() - started < 5
    assert UUID in info.value.format_message()
    assert len(registry) == 0


# -- the compute endpoint ----------------------------------------------------

class _Manager(compute_manager.ComputeManager):
    """The real endpoint methods over stand-in collaborators."""

    def __init__(self):  # no RPC clients, no resource tracker
        self.host = 'compute1'
        self.instance_events = events.InstanceEvents()

    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        value = mock.MagicMock(name=name)
        setattr(self, name, value)
        return value


def _instance_obj(uuid=UUID):
    return mock.MagicMock(uuid=uuid, node=None)


def test_endpoint_delivers_to_waiters_and_drops_the_rest():
    manager = _Manager()
    plugged = manager.instance_events.prepare_for_event(UUID, PLUGGED, 'p1')
    deleted = manager.instance_events.prepare_for_event(
        UUID, 'network-vif-deleted', 'p2')
    sent = [_event(tag='p1', status='failed'),
            _event(name='network-vif-deleted', tag='p2'),
            _event(name='network-vif-unplugged', tag='p3'),
            _event(uuid=OTHER)]
    manager.external_instance_event(None, instances=[_instance_obj()],
                                    events=sent)
    assert plugged.wait(0) is sent[0]
    assert plugged.event.status == 'failed'
    assert deleted.wait(0) is sent[1]
    assert len(manager.instance_events) == 0


def test_network_changed_refreshes_and_pops_nothing():
    manager = _Manager()
    manager.refresh_network_info = mock.Mock(
        side_effect=RuntimeError('network service down'))
    waiter = manager.instance_events.prepare_for_event(
        UUID, 'network-changed', None)
    later = manager.instance_events.prepare_for_event(UUID, PLUGGED, 'p1')
    instance = _instance_obj()
    manager.external_instance_event(
        'ctx', instances=[instance],
        events=[_event(name='network-changed', tag=None), _event()])
    manager.refresh_network_info.assert_called_once_with('ctx', instance)
    assert not waiter.done
    assert later.done  # a failed refresh does not lose the next event


def test_network_changed_without_refresh_method():
    manager = _Manager()
    manager.refresh_network_info = None  # as before the network work
    manager.external_instance_event(
        None, instances=[_instance_obj()],
        events=[_event(name='network-changed', tag=None)])


def test_terminate_wakes_a_build_waiting_under_the_instance_lock():
    manager = _Manager()
    instance = _instance_obj()
    outcome = []

    def build():
        with manager.instance_lock(UUID):
            try:
                with manager.wait_for_instance_event(
                        instance, [(PLUGGED, 'p1')], deadline=30):
                    pass
            except exception.InstanceNotFound:
                outcome.append('stopped')

    builder = threading.Thread(target=build, daemon=True)
    builder.start()
    deadline = time.monotonic() + 5
    while not manager.instance_events.waiting_for(UUID):
        assert time.monotonic() < deadline
        time.sleep(0.01)
    started = time.monotonic()
    terminator = threading.Thread(target=manager.terminate_instance,
                                  args=(None, instance), daemon=True)
    terminator.start()
    terminator.join(5)
    builder.join(5)
    assert not terminator.is_alive()
    assert time.monotonic() - started < 5
    assert outcome == ['stopped']
    manager.driver.destroy.assert_called_once()
    assert manager.driver.destroy.call_args.args[1] is instance
    assert len(manager.instance_events) == 0


# -- the client ---------------------------------------------------------------

def _client(can_send):
    api = compute_rpcapi.ComputeAPI.__new__(compute_rpcapi.ComputeAPI)
    api.client = mock.Mock()
    api.client.can_send_version.return_value = can_send
    return api


def test_client_casts_to_the_host_at_1_1():
    api = _client(True)
    api.external_instance_event('ctx', host='compute2', instances=['i'],
                                events=['e'])
    api.client.can_send_version.assert_called_once_with('1.1')
    api.client.prepare.assert_called_once_with(server='compute2',
                                               version='1.1')
    api.client.prepare.return_value.cast.assert_called_once_with(
        'ctx', 'external_instance_event', instances=['i'], events=['e'])


def test_client_capped_below_1_1_drops_the_events():
    api = _client(False)
    api.external_instance_event('ctx', host='compute2', instances=['i'],
                                events=['e'])
    api.client.prepare.assert_not_called()


# -- under eventlet -----------------------------------------------------------

_GREEN_SCRIPT = '''
from nova_lite import monkey_patch
monkey_patch.patch()
import threading, time, types
from nova_lite.compute import events
from nova_lite import exception, utils
from nova_lite.objects import external_event

assert monkey_patch._PATCHED
uuid = '6f1b7c2e-4c4a-4d7e-9d55-2a1b0f0c9e11'
instance = types.SimpleNamespace(uuid=uuid)
registry = events.InstanceEvents()

def send(tag, delay):
    time.sleep(delay)
    event = external_event.InstanceExternalEvent(
        instance_uuid=uuid, name='network-vif-plugged', status='completed',
        tag=tag)
    registry.pop_event(event).deliver(event)

tags = ['p%d' % i for i in range(20)]
with events.wait_for_instance_event(
        registry, instance, [('network-vif-plugged', t) for t in tags], 10):
    for i, tag in enumerate(tags):
        utils.spawn(send, tag, 0.005 * i)
assert len(registry) == 0

try:
    with events.wait_for_instance_event(
            registry, instance, [('network-vif-plugged', 'x')], 0.2):
        pass
except exception.InstanceEventTimeout:
    pass
else:
    raise AssertionError('no timeout')

def delete_soon():
    time.sleep(0.1)
    registry.clear_events_for_instance(uuid)

started = time.monotonic()
try:
    with events.wait_for_instance_event(
            registry, instance, [('network-vif-plugged', 'y')], 30):
        utils.spawn(delete_soon)
except exception.InstanceNotFound:
    assert time.monotonic() - started < 5
else:
    raise AssertionError('not woken')
assert len(registry) == 0
print('green ok')
'''


def test_waiters_work_on_green_threads(tmp_path):
    """The daemons are monkey-patched: same waits, in a patched process."""
    script = tmp_path / 'green.py'
    script.write_text(_GREEN_SCRIPT)
    env = {k: v for k, v in os.environ.items() if k != 'NOVA_LITE_THREADS'}
    top = pathlib.Path(__file__).parents[2]
    env['PYTHONPATH'] = os.pathsep.join(
        filter(None, [str(top), env.get('PYTHONPATH')]))
    done = subprocess.run([sys.executable, str(script)], capture_output=True,
                          text=True, timeout=60, env=env, cwd=str(top))
    assert done.returncode == 0, done.stderr
    assert 'green ok' in done.stdout


def test_a_failed_first_resource_update_does_not_stop_the_compute():
    """The service record is up before pre_start_hook runs: the compute
    must live on and let the periodic task create its node."""
    import oslo_messaging as messaging
    manager = _Manager()
    manager.resource_tracker.update_available_resource.side_effect = \
        messaging.MessagingTimeout('no reply')
    manager.pre_start_hook()
    manager.resource_tracker.update_available_resource.side_effect = None
    manager.update_available_resource(None)
    assert manager.resource_tracker.update_available_resource.call_count == 2
