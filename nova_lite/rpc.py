"""The RPC layer: one transport per process, clients and servers on it.

Every message carries the request context (``RequestContextSerializer``)
and versioned objects (the object serializer).  Every ``call`` is bounded by
``rpc_response_timeout`` unless the caller is inside :func:`call_timeout`
(heartbeats: a reply lost with a dead server must not stop them for a whole
``rpc_response_timeout``); clients take their version cap from
``[upgrade_levels]``.
"""

import contextlib
import threading

import oslo_messaging as messaging

from nova_lite import context as nl_context
from nova_lite.objects import base as objects_base

_STATE = {'transport': None, 'notifier': None, 'versioned': None}
_LOCK = threading.Lock()
# green-thread local once eventlet has patched threading
_CALLER = threading.local()
_ALLOWED_EXMODS = ['nova_lite.exception',
                   'oslo_versionedobjects.exception']


class RequestContextSerializer(messaging.Serializer):
    def __init__(self, base):
        self._base = base

    def serialize_entity(self, context, entity):
        return self._base.serialize_entity(context, entity)

    def deserialize_entity(self, context, entity):
        return self._base.deserialize_entity(context, entity)

    def serialize_context(self, context):
        return context.to_dict()

    def deserialize_context(self, context):
        return nl_context.RequestContext.from_dict(context)


def _serializer():
    return RequestContextSerializer(objects_base.NovaLiteObjectSerializer())


def init(conf, url=None):
    """Create the process's transport (``transport_url`` unless ``url``)."""
    messaging.set_transport_defaults('nova_lite')
    # Our exceptions travel back to callers as themselves, not RemoteError.
    transport = messaging.get_rpc_transport(
        conf, url=url, allowed_remote_exmods=_ALLOWED_EXMODS)
    notification_transport = messaging.get_notification_transport(
        conf, url=url)
    _STATE.update(transport=transport,
                  notifier=messaging.Notifier(
                      notification_transport,
                      publisher_id='nova_lite', serializer=_serializer()),
                  versioned=None,
                  conf=conf, notification_transport=notification_transport)
    return transport


def cleanup():
    transport = _STATE['transport']
    _STATE.update(transport=None, notifier=None, versioned=None, conf=None,
                  notification_transport=None)
    if transport is not None:
        transport.cleanup()



@contextlib.contextmanager
def call_timeout(seconds):
    """Calls made by this (green) thread inside the block wait at most
    ``seconds`` for their reply instead of ``rpc_response_timeout``.
    Clients honour it where they pass :func:`timeout_override` to
    ``prepare``."""
    previous = getattr(_CALLER, 'timeout', None)
    _CALLER.timeout = seconds
    try:
        yield
    finally:
        _CALLER.timeout = previous


def bounded(conf, seconds):
    """``seconds``, but never more than ``rpc_response_timeout`` (once
    oslo.messaging has registered it)."""
    default = getattr(conf, 'rpc_response_timeout', None)
    return seconds if default is None else min(seconds, default)


def timeout_override():
    """The :func:`call_timeout` of this thread, or None (the default)."""
    return getattr(_CALLER, 'timeout', None)


def get_client(target, version_cap=None):
    # No explicit timeout: oslo.messaging bounds every call by
    # rpc_response_timeout, read at call time.
    return messaging.get_rpc_client(
        _STATE['transport'], target, version_cap=version_cap,
        serializer=_serializer())


def get_server(target, endpoints):
    # The executor follows the process: eventlet once monkey-patched,
    # native threads otherwise (oslo.messaging detects which).
    return messaging.get_rpc_server(
        _STATE['transport'], target, endpoints, serializer=_serializer(),
        access_policy=messaging.DefaultRPCAccessPolicy)


def get_notifier(publisher_id):
    return _STATE['notifier'].prepare(publisher_id=publisher_id)


def get_versioned_notifier(publisher_id):
    """The notifier of Nova-style versioned notifications (the payloads
    are primitives of ``nova_lite/notifications`` objects), on the
    ``[notifications] versioned_notifications_topics``; None before
    :func:`init`.

    Made at first use, with the ``[oslo_messaging_notifications] driver``
    of the process, as Nova: none configured sends nothing (a deployment
    without a consumer does not fill its broker), and then this is None,
    so the callers do not build payloads nobody sends.
    """
    if _STATE.get('notification_transport') is None:
        return None
    with _LOCK:
        if _STATE['versioned'] is None:
            conf = _STATE['conf']
            if set(conf.oslo_messaging_notifications.driver) <= {'noop'}:
                _STATE['versioned'] = False  # decided: nothing is sent
            else:
                _STATE['versioned'] = messaging.Notifier(
                    _STATE['notification_transport'],
                    publisher_id='nova_lite',
                    topics=conf.notifications.versioned_notifications_topics,
                    serializer=messaging.NoOpSerializer())
    if _STATE['versioned'] is False:
        return None
    return _STATE['versioned'].prepare(publisher_id=publisher_id)


def version_cap(conf, api_name):
    return getattr(conf.upgrade_levels, api_name) or None
