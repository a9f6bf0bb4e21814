"""[conductor] options: worker processes and the reconciler of instances
stuck in transition."""

from oslo_config import cfg

conductor_group = cfg.OptGroup('conductor', title='Conductor options',
                               help='Options of nova-lite-conductor.')

conductor_opts = [
    cfg.IntOpt('workers',
               min=1,
               help="""
Worker processes of nova-lite-conductor.  Each worker consumes from the same
queues (the conductor topic is shared), so builds and the computes' object
calls spread over them; one conductor process uses at most one CPU.

Possible values:

* unset: the number of CPUs of this machine
* 1: one process, no supervisor (what ``nova-lite-all`` always does)
* N: a supervisor process forks N workers and restarts one that dies; a
  worker exits when the supervisor is killed
"""),
    cfg.IntOpt('instance_build_timeout',
               default=600, min=0,
               help="""
Seconds an instance may stay in BUILD (or in ``deleting`` on a compute that
is down) before the reconciler moves it to ERROR with a fault (or finishes
the delete).

Possible values:

* 0: never (instances may then stay in BUILD forever when a process dies)

Related options:

* ``reconcile_interval``
"""),
    cfg.IntOpt('task_state_timeout',
               default=900, min=0,
               help="""
Seconds an action (power, reboot, rebuild, shelve, unshelve, migration,
resize) may leave an instance in its task state without progress before
the reconciler ends it: the task state is cleared (the server ERROR when
its guest may be gone half-way: rebuild, resize finish or revert), the
migration marked ``error``, a fault recorded.  Covers a compute that died
or lost the request.

Possible values:

* 0: never
"""),
    cfg.IntOpt('reconcile_interval',
               default=60,
               help="""
Seconds between two runs of the reconciler periodic task.

Possible values:

* 0: the default periodic interval (60 s)
* negative: disabled

Related options:

* ``instance_build_timeout``
"""),
]


def register_opts(conf):
    conf.register_group(conductor_group)
    conf.register_opts(conductor_opts, group=conductor_group)


def list_opts():
    return {conductor_group: conductor_opts}
