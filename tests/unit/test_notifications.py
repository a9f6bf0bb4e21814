"""Versioned notifications: a payload is built only when a driver sends it."""

from unittest import mock

import pytest

from nova_lite import context as nl_context
from nova_lite import notifications
from nova_lite import rpc


@pytest.fixture
def notifying(conf):
    """``conf`` with rpc set up on the fake transport."""
    rpc.init(conf, url='fake://')
    yield conf
    rpc.cleanup()


def _instance():
    instance = mock.Mock(uuid='a3b1f0c2-5d0e-4c4e-9a55-0c1d2e3f4a5b')
    instance.obj_attr_is_set.return_value = False
    return instance


def test_no_driver_builds_no_payload(notifying):
    ctxt = nl_context.RequestContext(user_id='u', project_id='p')
    with mock.patch.object(notifications.InstanceActionPayload,
                           'from_instance') as build, \
            mock.patch.object(notifications.ExceptionPayload,
                              'from_exception') as build_error:
        with notifications.notify_action(ctxt, _instance(), 'create',
                                         'host1') as note:
            note.failed(ValueError('boom'))
    assert rpc.get_versioned_notifier('nova-compute:host1') is None
    build.assert_not_called()
    build_error.assert_not_called()


@pytest.mark.parametrize('drivers', [['noop'], []])
def test_noop_only_is_no_driver(notifying, drivers):
    notifying.set_override('driver', drivers,
                      group='oslo_messaging_notifications')
    assert rpc.get_versioned_notifier('x') is None


def test_a_driver_gets_start_and_end(notifying):
    notifying.set_override('driver', ['messagingv2'],
                      group='oslo_messaging_notifications')
    ctxt = nl_context.RequestContext(user_id='u', project_id='p')
    sent = []
    with mock.patch('oslo_messaging.Notifier._notify',
                    lambda self, c, event_type, payload, priority, **kw:
                    sent.append((event_type, priority,
                                 payload['nova_object.data']['uuid']))):
        with notifications.notify_action(ctxt, _instance(), 'create',
                                         'host1'):
            pass
    uuid = _instance().uuid
    assert sent == [('instance.create.start', 'INFO', uuid),
                    ('instance.create.end', 'INFO', uuid)]
