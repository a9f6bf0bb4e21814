"""Base class of the service managers (the RPC endpoints of a service).

Gives the start hooks the Service calls and periodic tasks from
oslo.service whose spacing comes from config *at run time*
(:meth:`Manager.set_task_spacing`), never from decorator arguments.
"""

from oslo_service import periodic_task

DEFAULT_INTERVAL = periodic_task.DEFAULT_INTERVAL


class Manager(periodic_task.PeriodicTasks):
    def __init__(self, conf):
        super().__init__(conf)
        # Per-instance copies: two managers of one class in one process
        # (functional tests, the simulator) may run different spacings.
        self._periodic_spacing = dict(type(self)._periodic_spacing)
        self._periodic_tasks = list(type(self)._periodic_tasks)

    def set_task_spacing(self, name, seconds):
        """0 means the default interval, negative disables the task."""
        if seconds < 0:
            self._periodic_tasks = [(n, t) for n, t in self._periodic_tasks
                                    if n != name]
            return
        self._periodic_spacing[name] = seconds or DEFAULT_INTERVAL

    def init_host(self):
        pass

    def pre_start_hook(self):
        pass

    def post_start_hook(self):
        pass

    def cleanup_host(self):
        pass

    def periodic_tasks(self, context, raise_on_error=False):
        return self.run_periodic_tasks(context, raise_on_error=raise_on_error)
