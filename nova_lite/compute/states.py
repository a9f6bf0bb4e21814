"""Instance states and their mapping to the API's server ``status``.

vm_state is where the instance rests, task_state what is being done to it,
power_state what the hypervisor last said.  The API shows one ``status``
derived from the first two, as Nova does.
"""

# vm_state
ACTIVE = 'active'
BUILDING = 'building'
STOPPED = 'stopped'
ERROR = 'error'
DELETED = 'deleted'
RESIZED = 'resized'  # moved, waiting for confirm or revert
SHELVED = 'shelved'
SHELVED_OFFLOADED = 'shelved_offloaded'

# task_state
SCHEDULING = 'scheduling'
SPAWNING = 'spawning'
DELETING = 'deleting'
POWERING_OFF = 'powering-off'
POWERING_ON = 'powering-on'
# the API sets REBOOTING*, the compute REBOOT_STARTED* as it begins
REBOOTING = 'rebooting'
REBOOT_STARTED = 'reboot_started'
REBOOTING_HARD = 'rebooting_hard'
REBOOT_STARTED_HARD = 'reboot_started_hard'
# cold migration and resize, in order; then confirm or revert
RESIZE_PREP = 'resize_prep'
RESIZE_MIGRATING = 'resize_migrating'
RESIZE_MIGRATED = 'resize_migrated'
RESIZE_FINISH = 'resize_finish'
RESIZE_REVERTING = 'resize_reverting'
RESIZE_CONFIRMING = 'resize_confirming'
MIGRATING = 'migrating'  # live migration (not offered; status mapping)
REBUILDING = 'rebuilding'
REBUILD_SPAWNING = 'rebuild_spawning'
SHELVING = 'shelving'
SHELVING_OFFLOADING = 'shelving_offloading'
UNSHELVING = 'unshelving'

RESIZE_TASK_STATES = (RESIZE_PREP, RESIZE_MIGRATING, RESIZE_MIGRATED,
                      RESIZE_FINISH)

# power_state (Nova's integers, shown as OS-EXT-STS:power_state)
NOSTATE = 0
RUNNING = 1
PAUSED = 3
SHUTDOWN = 4
CRASHED = 6
SUSPENDED = 7

_STATUS_BY_VM_STATE = {
    BUILDING: 'BUILD',
    ACTIVE: 'ACTIVE',
    STOPPED: 'SHUTOFF',
    ERROR: 'ERROR',
    DELETED: 'DELETED',
    RESIZED: 'VERIFY_RESIZE',
    SHELVED: 'SHELVED',
    SHELVED_OFFLOADED: 'SHELVED_OFFLOADED',
}

# task states that override the vm_state's status (as in Nova, a hard
# reboot of a stopped or errored server keeps showing SHUTOFF / ERROR)
_STATUS_BY_TASK_STATE = {
    (ACTIVE, REBOOTING): 'REBOOT',
    (ACTIVE, REBOOT_STARTED): 'REBOOT',
    (ACTIVE, REBOOTING_HARD): 'HARD_REBOOT',
    (ACTIVE, REBOOT_STARTED_HARD): 'HARD_REBOOT',
    (ACTIVE, MIGRATING): 'MIGRATING',
    (ACTIVE, REBUILDING): 'REBUILD',
    (ACTIVE, REBUILD_SPAWNING): 'REBUILD',
    (STOPPED, REBUILDING): 'REBUILD',
    (STOPPED, REBUILD_SPAWNING): 'REBUILD',
    (ERROR, REBUILDING): 'REBUILD',
    (ERROR, REBUILD_SPAWNING): 'REBUILD',
    (RESIZED, RESIZE_REVERTING): 'REVERT_RESIZE',
}
for _task in RESIZE_TASK_STATES:
    _STATUS_BY_TASK_STATE[(ACTIVE, _task)] = 'RESIZE'
    _STATUS_BY_TASK_STATE[(STOPPED, _task)] = 'RESIZE'

# What each API action may start from: vm_states, then task_states.
# Hard reboot also rescues a server whose soft reboot hangs.
ALLOWED = {
    'stop': ((ACTIVE, ERROR), (None,)),
    'start': ((STOPPED,), (None,)),
    'reboot_soft': ((ACTIVE,), (None,)),
    'reboot_hard': ((ACTIVE, STOPPED, ERROR),
                    (None, REBOOTING, REBOOT_STARTED, REBOOTING_HARD,
                     REBOOT_STARTED_HARD)),
    'migrate': ((ACTIVE, STOPPED), (None,)),
    'resize': ((ACTIVE, STOPPED), (None,)),
    'confirmResize': ((RESIZED,), (None,)),
    'revertResize': ((RESIZED,), (None,)),
    'rebuild': ((ACTIVE, STOPPED, ERROR), (None,)),
    'shelve': ((ACTIVE, STOPPED), (None,)),
    'shelveOffload': ((SHELVED,), (None,)),
    'unshelve': ((SHELVED, SHELVED_OFFLOADED), (None,)),
}


def status_from_state(vm_state, task_state=None):
    status = _STATUS_BY_TASK_STATE.get((vm_state, task_state))
    if status is None:
        status = _STATUS_BY_VM_STATE.get(vm_state, 'UNKNOWN')
    return status


def states_from_status(status):
    """vm_states that the API ``status`` filter value selects."""
    status = status.upper()
    return [vm for vm, st in _STATUS_BY_VM_STATE.items() if st == status]

