"""Small shared helpers: green/native-neutral spawning and time."""

import datetime
import threading

from oslo_utils import timeutils


def spawn(func, *args, **kwargs):
    """Run ``func`` in the background; a green thread once monkey-patched.

    Returns the started :class:`threading.Thread`; callers that need a
    result pass a callback or an Event rather than joining.
    """
    thread = threading.Thread(target=func, args=args, kwargs=kwargs,
                              daemon=True)
    thread.start()
    return thread


def utcnow():
    """Naive UTC now, the way the DB columns store it."""
    return timeutils.utcnow()


def as_naive_utc(value):
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value


def isotime(value):
    """ISO 8601 with a ``Z`` as Nova prints timestamps (no microseconds)."""
    if value is None:
        return None
    value = as_naive_utc(value)
    return value.strftime('%Y-%m-%dT%H:%M:%SZ')
