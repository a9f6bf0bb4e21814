"""Waiting on this compute host for events other services report.

A build *prepares* a waiter for each event it expects (for example
``network-vif-plugged-<port id>``) before it plugs VIFs, runs the plugging,
then waits.  The ``external_instance_event`` RPC endpoint *pops* the waiter
an arriving event matches and delivers the event to it; an event nobody
waits for is the endpoint's to log and drop.  Deleting an instance *clears*
its waiters, which wakes a build blocked on them at once.

Waiters are stdlib ``threading`` primitives, so the same code runs on
native threads and, monkey-patched, on green threads.
"""

import contextlib
import threading
import time

from oslo_concurrency import lockutils
from oslo_log import log as logging

from nova_lite import exception
from nova_lite.objects import external_event

LOG = logging.getLogger(__name__)


class Waiter:
    """One expected event: delivered, cancelled, or still pending.

    Waiters prepared by one :func:`wait_for_instance_event` share a
    condition, so the waiting thread wakes on whichever arrives first.
    """

    def __init__(self, instance_uuid, key, condition=None):
        self.instance_uuid = instance_uuid
        self.key = key
        self.event = None
        self.cancelled = False
        self._condition = condition or threading.Condition()

    @property
    def done(self):
        return self.event is not None or self.cancelled

    def deliver(self, event):
        with self._condition:
            self.event = event
            self._condition.notify_all()

    def cancel(self):
        with self._condition:
            self.cancelled = True
            self._condition.notify_all()

    def wait(self, timeout=None):
        """The delivered event, or None after ``timeout`` seconds.

        Raises InstanceNotFound once the waiter is cancelled.
        """
        with self._condition:
            self._condition.wait_for(lambda: self.done, timeout)
        if self.cancelled:
            raise exception.InstanceNotFound(instance_id=self.instance_uuid)
        return self.event


class InstanceEvents:
    """The waiters of this host: instance uuid -> {event key: Waiter}."""

    def __init__(self):
        self._waiters = {}

    @staticmethod
    def _lock(instance_uuid):
        # Per instance; the outer dict changes only by single setdefault /
        # pop calls, which the interpreter keeps atomic.
        return lockutils.internal_lock('instance-events-%s' % instance_uuid)

    def prepare_for_event(self, instance_uuid, name, tag=None,
                          condition=None):
        """Register and return a waiter for event ``name``/``tag``."""
        key = external_event.InstanceExternalEvent.make_key(name, tag)
        waiter = Waiter(instance_uuid, key, condition)
        with self._lock(instance_uuid):
            waiters = self._waiters.setdefault(instance_uuid, {})
            if key in waiters:
                # Two waiters for one key would leave one waiting in vain.
                raise ValueError('Already waiting for event %s of instance '
                                 '%s' % (key, instance_uuid))
            waiters[key] = waiter
        return waiter

    def pop_event(self, event):
        """Remove and return the waiter ``event`` matches, or None."""
        with self._lock(event.instance_uuid):
            return self._take(event.instance_uuid, event.key)

    def remove_waiter(self, waiter):
        """Forget ``waiter`` if it is still registered (idempotent)."""
        with self._lock(waiter.instance_uuid):
            waiters = self._waiters.get(waiter.instance_uuid, {})
            if waiters.get(waiter.key) is waiter:
                self._take(waiter.instance_uuid, waiter.key)

    def _take(self, instance_uuid, key):
        waiters = self._waiters.get(instance_uuid)
        if not waiters:
            return None
        waiter = waiters.pop(key, None)
        if not waiters:
            self._waiters.pop(instance_uuid, None)
        return waiter

    def clear_events_for_instance(self, instance_uuid):
        """Drop every waiter of the instance and wake its waiting thread.

        Returns the keys that were still awaited.
        """
        with self._lock(instance_uuid):
            waiters = self._waiters.pop(instance_uuid, {})
        for waiter in waiters.values():
            waiter.cancel()
        if waiters:
            LOG.debug('Cancelled waiting for events %s of instance %s',
                      ', '.join(sorted(waiters)), instance_uuid)
        return sorted(waiters)

    def waiting_for(self, instance_uuid):
        """The keys awaited for the instance, sorted."""
        with self._lock(instance_uuid):
            return sorted(self._waiters.get(instance_uuid, {}))

    def __len__(self):
        """How many instances have waiters."""
        return len(self._waiters)


@contextlib.contextmanager
def wait_for_instance_event(registry, instance, event_names, deadline,
                            error_callback=None):
    """Prepare waiters, run the block, then wait for every event.

    ``event_names`` is a list of ``(name, tag)`` pairs; ``deadline`` bounds
    the whole wait (seconds, counted once the block is done).  An event
    that arrives with a status other than ``completed`` is passed (as its
    key) to ``error_callback(event_name, instance)``: True keeps waiting
    for the rest, False stops waiting and leaves the context normally, an
    exception propagates.  Without a callback such an event raises
    InstanceEventFailed.  Deadline passed: InstanceEventTimeout naming the
    missing keys.  The instance's waiters cleared (it is being deleted):
    InstanceNotFound.  Whatever happens, none of these waiters stays
    registered after the context.
    """
    condition = threading.Condition()
    waiters = []
    try:
        for name, tag in event_names:
            waiters.append(registry.prepare_for_event(
                instance.uuid, name, tag, condition=condition))
        yield
        if waiters:
            _wait_all(instance, waiters, condition, deadline,
                      error_callback)
    finally:
        for waiter in waiters:
            registry.remove_waiter(waiter)


def _wait_all(instance, waiters, condition, deadline, error_callback):
    end = time.monotonic() + deadline
    pending = list(waiters)
    while pending:
        with condition:
            condition.wait_for(lambda: any(w.done for w in pending),
                               max(0.0, end - time.monotonic()))
            arrived = [w for w in pending if w.done]
        if not arrived:
            raise exception.InstanceEventTimeout(
                deadline=deadline, instance_uuid=instance.uuid,
                events=', '.join(w.key for w in pending))
        pending = [w for w in pending if w not in arrived]
        if any(w.cancelled for w in arrived):
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        for waiter in arrived:
            if waiter.event.status == external_event.COMPLETED:
                continue
            LOG.warning('Event %s of instance %s arrived with status %s',
                        waiter.key, instance.uuid, waiter.event.status)
            if error_callback is None:
                raise exception.InstanceEventFailed(
                    event=waiter.key, instance_uuid=instance.uuid,
                    status=waiter.event.status)
            if not error_callback(waiter.key, instance):
                LOG.info('Stopped waiting for events %s of instance %s',
                         ', '.join(w.key for w in pending) or 'none',
                         instance.uuid)
                return
