"""Record a service step as an event of the request's instance action.

Conductor, scheduler and compute wrap each step they take for an API
request in :func:`record`::

    with action_events.record(context, [instance.uuid],
                              'compute_stop_instance', host) as step:
        ...                      # an exception marks the event Error
        step.failed(error)       # or mark it Error without raising

The event joins the action the API recorded under the same request id
(``context.request_id`` travels with every RPC message).  A short step
that nobody watches half-way (a scheduling pass) passes ``at_end=True``:
its event is written once, when it ends, with both times -- one
transaction instead of two.  A step that saves its instance anyway (a
build: the claim binds it, the end sets it ACTIVE) passes
``carried=True`` and hands its start and its end to those saves::

    instance.save(..., action_event=step.carry_start())
    step.carried()               # after the save returned
    instance.save(..., action_event=step.carry_end())
    step.carried()

so the event costs no conductor call of its own; whatever no save carried
(the step failed first) is written when it ends.

The steps before a build's claim hand their finished events down instead
of writing them: the scheduler returns its event with its answer, the
conductor hands its own and the scheduler's with the build to the
compute, whose claim carries them with its start, all in one
transaction::

    events = step.hand_off()         # finished, with those it carries
    compute_rpcapi.build_and_run_instance(..., events=events)
    step.handed(uuid)                # after the cast went out

    step.carry_too(events)           # on the compute, before the claim

Whatever was handed to a step and not carried is written when that step
ends.  Recording is best effort: a failure to record (no such action, the
conductor unreachable) is logged and never fails the step itself.
"""

import contextlib

from oslo_log import log as logging

from nova_lite import exception
from nova_lite.objects import instance_action
from nova_lite import utils

LOG = logging.getLogger(__name__)


class _Step:
    """The events of one step (one per instance) and how it ended."""

    def __init__(self, context, instance_uuids, name, host, at_end=False,
                 carried=False):
        self.name = name
        self.events = []
        self.error = None
        self._start_time = utils.utcnow()
        self._host = host
        self._offered = self._carried = None  # 'start' / 'end'
        self._upstream = []  # finished events handed to this step
        self._handed = set()  # instances whose event went down the build
        if at_end or carried:
            self._pending = (context, instance_uuids, host)
            return
        self._pending = None
        for uuid in instance_uuids:
            event = _quietly(name, uuid,
                             instance_action.InstanceActionEvent.event_start,
                             context, uuid, name, host=host)
            if event is not None:
                self.events.append(event)

    def failed(self, error):
        """Mark the step Error with ``error`` though it did not raise."""
        self.error = error

    def carry_too(self, events):
        """Finished events of earlier steps, handed to this one: carried
        with its start, or written when it ends."""
        self._upstream.extend(events or ())

    def carry_start(self):
        """The start of the event, for the save that carries it (a list,
        after the events handed to this step, if there are any)."""
        self._offered = 'start'
        start = self._own()
        return self._upstream + [start] if self._upstream else start

    def _own(self):
        return {'event': self.name, 'host': self._host,
                'start_time': self._start_time}

    def hand_off(self):
        """This step's successful end, after the events handed to it: for
        the next step to carry.  ``handed(uuid)`` once they went out with
        that instance; until then they are this step's to write."""
        return self._upstream + [dict(
            self._own(), finish_time=utils.utcnow(),
            result=instance_action.SUCCESS)]

    def handed(self, instance_uuid):
        """The events of ``instance_uuid`` went down the build."""
        self._handed.add(instance_uuid)

    def carry_end(self):
        """The successful end of the event, for the save that carries it
        (the save that makes the step a success)."""
        self._offered = 'end'
        return dict(self._own(), finish_time=utils.utcnow(),
                    result=instance_action.SUCCESS)

    def carried(self):
        """The save given the last ``carry_*`` returned: it is written."""
        if self._offered == 'start':
            self._upstream = []
        self._carried, self._offered = self._offered, None

    def finish(self):
        if self._pending is not None:
            if self._carried != 'end' or self.error is not None:
                self._record()
            return
        for event in self.events:
            if self.error is None:
                _quietly(self.name, event.id, event.finish)
            else:
                _quietly(self.name, event.id, event.finish_with_error,
                         self.error)

    def _record(self):
        # Finishes the event if a save carried its start (event_record
        # finishes the unfinished row), else writes it whole.
        context, instance_uuids, host = self._pending
        self._pending = None
        end = {} if self.error is None else dict(
            instance_action.error_fields(self.error),
            result=instance_action.ERROR)
        for uuid in instance_uuids:
            if uuid in self._handed:
                continue
            if self._upstream:
                # nothing carried them: this step's start was not written
                # either, so all of them are new rows, written together
                own = dict(self._own(), finish_time=utils.utcnow(),
                           result=instance_action.SUCCESS)
                own.update(end)
                _quietly(self.name, uuid,
                         instance_action.InstanceActionEvent.events_write,
                         context, uuid, self._upstream + [own])
                continue
            _quietly(self.name, uuid,
                     instance_action.InstanceActionEvent.event_record,
                     context, uuid, self.name, self._start_time, host=host,
                     **end)


def _quietly(name, what, method, *args, **kwargs):
    try:
        return method(*args, **kwargs)
    except exception.InstanceActionNotFound as exc:
        # A step no API request started (a periodic task, an old caller).
        LOG.debug('Event %s not recorded: %s', name, exc.format_message())
    except Exception:
        LOG.exception('Could not record event %s (%s)', name, what)
    return None


def start(context, instance_uuids, name, host):
    """A step begun now and ended by its ``finish()`` (after ``failed()``
    if it failed): for steps whose end is not a block's end."""
    return _Step(context, instance_uuids, name, host)


@contextlib.contextmanager
def record(context, instance_uuids, name, host, at_end=False, carried=False):
    """Record step ``name`` on ``host`` for each of ``instance_uuids``
    (``at_end``: in one write when it ends; ``carried``: written by the
    instance saves given ``carry_start()`` / ``carry_end()``, one
    instance)."""
    step = _Step(context, instance_uuids, name, host, at_end=at_end,
                 carried=carried)
    try:
        yield step
    except Exception as exc:
        step.failed(exc)
        raise
    finally:
        step.finish()
