"""compute/action_events.record: start, finish and result of a step, and a
recording failure that never fails the step."""

import contextlib
from unittest import mock

import pytest

from nova_lite.compute import action_events
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite.objects import instance_action

UUID = '3c2a8d5e-8a0e-4a41-9d71-0d6a3f7c1a01'


class FakeEvent:
    def __init__(self):
        self.id = 7
        self.finished = []

    def finish(self, result='Success', traceback=None, details=None):
        self.finished.append((result, traceback, details))

    finish_with_error = instance_action.InstanceActionEvent.finish_with_error


@pytest.fixture
def context():
    return nl_context.RequestContext(user_id='u', project_id='p',
                                     request_id='req-1')


@pytest.fixture
def started():
    event = FakeEvent()
    with mock.patch.object(instance_action.InstanceActionEvent,
                           'event_start', return_value=event) as start:
        yield start, event


def test_success_is_recorded(context, started):
    start, event = started
    with action_events.record(context, [UUID], 'compute_stop_instance',
                              'compute1'):
        start.assert_called_once_with(context, UUID,
                                      'compute_stop_instance',
                                      host='compute1')
        assert event.finished == []
    assert event.finished == [('Success', None, None)]


def test_exception_is_recorded_and_raised(context, started):
    _start, event = started
    with pytest.raises(exception.InstanceNotFound):
        with action_events.record(context, [UUID], 'compute_x', 'h'):
            raise exception.InstanceNotFound(instance_id=UUID)
    [(result, trace, details)] = event.finished
    assert result == 'Error'
    assert 'Traceback' in trace and 'InstanceNotFound' in trace
    assert details == 'Instance %s could not be found.' % UUID


def test_failed_without_raising(context, started):
    _start, event = started
    with action_events.record(context, [UUID], 'compute_x', 'h') as step:
        step.failed(ValueError('disk on fire'))
    [(result, trace, details)] = event.finished
    assert (result, details) == ('Error', 'disk on fire')
    assert 'ValueError: disk on fire' in trace


def test_one_event_per_instance(context):
    events = [FakeEvent(), FakeEvent()]
    with mock.patch.object(instance_action.InstanceActionEvent,
                           'event_start', side_effect=events) as start:
        with action_events.record(context, [UUID, 'other'], 'scheduler_x',
                                  'h'):
            pass
    assert start.call_count == 2
    assert [e.finished for e in events] == [[('Success', None, None)]] * 2


@pytest.mark.parametrize('error', [
    exception.InstanceActionNotFound(request_id='req-1', instance_uuid=UUID),
    RuntimeError('conductor unreachable')])
def test_start_failure_does_not_break_the_step(context, error):
    ran = []
    with mock.patch.object(instance_action.InstanceActionEvent,
                           'event_start', side_effect=error):
        with action_events.record(context, [UUID], 'compute_x', 'h'):
            ran.append(True)
    assert ran == [True]


def test_finish_failure_does_not_break_the_step(context, started):
    _start, event = started
    with mock.patch.object(event, 'finish',
                           side_effect=RuntimeError('db gone')):
        with action_events.record(context, [UUID], 'compute_x', 'h'):
            pass
        with pytest.raises(KeyError):
            # the step's own error still reaches the caller
            with action_events.record(context, [UUID], 'compute_x', 'h'):
                raise KeyError('mine')


@contextlib.contextmanager
def _patched(*names):
    """The InstanceActionEvent methods ``names``, mocked (in order)."""
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(mock.patch.object(
            instance_action.InstanceActionEvent, name)) for name in names]


@pytest.fixture
def recorded():
    with _patched('event_start', 'event_record') as mocks:
        yield mocks


def test_at_end_writes_once_when_the_step_ends(context, recorded):
    start, record = recorded
    with action_events.record(context, [UUID, 'other'], 'scheduler_x', 'h',
                              at_end=True):
        assert not record.called
    assert not start.called
    assert record.call_count == 2
    args, kwargs = record.call_args_list[0]
    assert args[:3] == (context, UUID, 'scheduler_x')
    assert args[3] is not None  # the step's start time
    assert kwargs == {'host': 'h'}


def test_at_end_records_the_error(context, recorded):
    _start, record = recorded
    with pytest.raises(exception.NoValidHost):
        with action_events.record(context, [UUID], 'conductor_x', 'c',
                                  at_end=True):
            raise exception.NoValidHost(reason='none left')
    _args, kwargs = record.call_args
    assert kwargs['result'] == 'Error'
    assert 'none left' in kwargs['details']
    assert 'NoValidHost' in kwargs['traceback']


def test_at_end_record_failure_does_not_break_the_step(context):
    with mock.patch.object(instance_action.InstanceActionEvent,
                           'event_record',
                           side_effect=RuntimeError('db gone')):
        with action_events.record(context, [UUID], 'conductor_x', 'c',
                                  at_end=True) as step:
            step.failed(ValueError('x'))


def test_carried_start_and_end_write_nothing_more(context, recorded):
    start, record = recorded
    with action_events.record(context, [UUID], 'compute_build', 'h',
                              carried=True) as step:
        begun = step.carry_start()
        assert begun['event'] == 'compute_build' and begun['host'] == 'h'
        assert 'finish_time' not in begun
        step.carried()
        end = step.carry_end()
        assert end['result'] == 'Success'
        assert end['start_time'] == begun['start_time']
        assert end['finish_time'] >= end['start_time']
        step.carried()
    assert not start.called and not record.called


@pytest.mark.parametrize('carried', [[], ['start']])
def test_carried_step_that_fails_records_its_end(context, recorded,
                                                 carried):
    # nothing carried (the claim failed) or only the start (the spawn
    # failed): the end is written by event_record, which finishes the
    # started row or writes the event whole
    _start, record = recorded
    with pytest.raises(ValueError):
        with action_events.record(context, [UUID], 'compute_build', 'h',
                                  carried=True) as step:
            for _kind in carried:
                step.carry_start()
                step.carried()
            step.carry_end()  # offered, but the save raised: not carried
            raise ValueError('spawn failed')
    [(args, kwargs)] = record.call_args_list
    assert args[:3] == (context, UUID, 'compute_build')
    assert kwargs['result'] == 'Error'
    assert 'spawn failed' in kwargs['details']


@pytest.fixture
def written():
    with _patched('events_write', 'event_record') as mocks:
        yield mocks


def test_hand_off_passes_the_events_down(context, written):
    write, record = written
    upstream = [{'event': 'scheduler_x', 'host': 's', 'start_time': 't0',
                 'finish_time': 't1', 'result': 'Success'}]
    with action_events.record(context, [UUID, 'other'], 'conductor_x', 'c',
                              at_end=True) as step:
        step.carry_too(upstream)
        events = step.hand_off()
        step.handed(UUID)
    assert events[0] == upstream[0]
    assert events[1]['event'] == 'conductor_x' and events[1]['host'] == 'c'
    assert events[1]['result'] == 'Success'
    assert events[1]['finish_time'] >= events[1]['start_time']
    # the instance whose build went out wrote nothing here; the other
    # (its cast never left) writes both, as new rows
    assert not record.called
    [(args, _kwargs)] = write.call_args_list
    assert args[:2] == (context, 'other')
    assert [e['event'] for e in args[2]] == ['scheduler_x', 'conductor_x']


def test_events_handed_down_ride_with_the_claim(context, written):
    write, record = written
    upstream = [{'event': 'conductor_x', 'host': 'c', 'start_time': 't0',
                 'finish_time': 't1', 'result': 'Success'}]
    with action_events.record(context, [UUID], 'compute_build', 'h',
                              carried=True) as step:
        step.carry_too(upstream)
        begun = step.carry_start()
        assert begun[0] == upstream[0]
        assert begun[1]['event'] == 'compute_build'
        assert 'finish_time' not in begun[1]
        step.carried()
        end = step.carry_end()
        assert isinstance(end, dict) and end['result'] == 'Success'
        step.carried()
    assert not write.called and not record.called


def test_events_handed_down_are_written_when_the_claim_fails(context,
                                                             written):
    write, record = written
    upstream = [{'event': 'conductor_x', 'host': 'c', 'start_time': 't0',
                 'finish_time': 't1', 'result': 'Success'}]
    with pytest.raises(ValueError):
        with action_events.record(context, [UUID], 'compute_build', 'h',
                                  carried=True) as step:
            step.carry_too(upstream)
            step.carry_start()  # offered, the claim raised: not carried
            raise ValueError('no room')
    assert not record.called
    [(args, _kwargs)] = write.call_args_list
    conductor, own = args[2]
    assert conductor == upstream[0]
    assert own['event'] == 'compute_build' and own['result'] == 'Error'
    assert 'no room' in own['details']
