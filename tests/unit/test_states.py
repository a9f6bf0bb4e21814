"""The server status the API derives from vm_state and task_state."""

import pytest

from nova_lite.compute import states


@pytest.mark.parametrize('vm_state, task_state, status', [
    (states.ACTIVE, None, 'ACTIVE'),
    (states.ACTIVE, states.POWERING_OFF, 'ACTIVE'),
    (states.ACTIVE, states.REBOOTING, 'REBOOT'),
    (states.ACTIVE, states.REBOOT_STARTED, 'REBOOT'),
    (states.ACTIVE, states.REBOOTING_HARD, 'HARD_REBOOT'),
    (states.ACTIVE, states.REBOOT_STARTED_HARD, 'HARD_REBOOT'),
    (states.ACTIVE, states.DELETING, 'ACTIVE'),
    (states.STOPPED, None, 'SHUTOFF'),
    (states.STOPPED, states.POWERING_ON, 'SHUTOFF'),
    (states.STOPPED, states.REBOOTING_HARD, 'SHUTOFF'),
    (states.STOPPED, states.DELETING, 'SHUTOFF'),
    (states.ERROR, states.REBOOTING_HARD, 'ERROR'),
    (states.BUILDING, states.SCHEDULING, 'BUILD'),
    ('nonsense', None, 'UNKNOWN'),
])
def test_status_from_state(vm_state, task_state, status):
    assert states.status_from_state(vm_state, task_state) == status


def test_status_filter_selects_vm_states():
    assert states.states_from_status('shutoff') == [states.STOPPED]
    assert states.states_from_status('ACTIVE') == [states.ACTIVE]


@pytest.mark.parametrize('action, vm_state, task_state, allowed', [
    ('stop', states.ACTIVE, None, True),
    ('stop', states.ERROR, None, True),
    ('stop', states.STOPPED, None, False),
    ('stop', states.ACTIVE, states.REBOOTING, False),
    ('start', states.STOPPED, None, True),
    ('start', states.ACTIVE, None, False),
    ('reboot_soft', states.ACTIVE, None, True),
    ('reboot_soft', states.STOPPED, None, False),
    ('reboot_soft', states.ACTIVE, states.REBOOTING, False),
    ('reboot_hard', states.STOPPED, None, True),
    ('reboot_hard', states.ACTIVE, states.REBOOTING, True),
    ('reboot_hard', states.ACTIVE, states.POWERING_OFF, False),
    ('reboot_hard', states.BUILDING, None, False),
])
def test_allowed_transitions(action, vm_state, task_state, allowed):
    vm_states, task_states = states.ALLOWED[action]
    assert (vm_state in vm_states and task_state in task_states) == allowed
