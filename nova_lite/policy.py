"""The policy enforcer (oslo.policy) over the defaults in ``policies/``."""

import threading

from oslo_policy import policy

from nova_lite import exception
from nova_lite import policies

_STATE = {'enforcer': None}
_LOCK = threading.Lock()


def get_enforcer(conf=None):
    with _LOCK:
        if _STATE['enforcer'] is None:
            if conf is None:
                from nova_lite.conf import CONF as conf
            enforcer = policy.Enforcer(conf)
            enforcer.register_defaults(policies.list_rules())
            enforcer.load_rules()
            _STATE['enforcer'] = enforcer
        return _STATE['enforcer']


def reset():
    with _LOCK:
        _STATE['enforcer'] = None


def authorize(context, action, target=None):
    """Raise 403 unless ``context`` may do ``action`` on ``target``."""
    if target is None:
        target = {'project_id': context.project_id,
                  'user_id': context.user_id}
    try:
        return get_enforcer().authorize(
            action, target, context, do_raise=True,
            exc=exception.PolicyNotAuthorized, action=action)
    except policy.InvalidScope:
        raise exception.PolicyNotAuthorized(action=action)


def check(context, action, target=None):
    """True/False instead of raising."""
    try:
        authorize(context, action, target)
    except exception.PolicyNotAuthorized:
        return False
    return True
