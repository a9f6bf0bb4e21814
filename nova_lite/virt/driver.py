"""The virt driver interface the compute manager programs against."""

from nova_lite import exception


class InstanceInfo:
    def __init__(self, state, memory_mb=0, vcpus=0, cpu_time_ns=0):
        self.state = state
        self.memory_mb = memory_mb
        self.vcpus = vcpus
        self.cpu_time_ns = cpu_time_ns


class ComputeDriver:
    """What a hypervisor must do for nova_lite.  Every method is required."""

    def init_host(self, host):
        raise NotImplementedError()

    def get_available_nodes(self):
        """Names of the nodes (hypervisors) this host manages."""
        raise NotImplementedError()

    def get_available_resource(self, nodename):
        """Dict: vcpus, memory_mb, local_gb, hypervisor_type,
        hypervisor_version, hypervisor_hostname, cpu_arch."""
        raise NotImplementedError()

    def spawn(self, context, instance, image_meta, network_info,
              paused=False):
        """Create the guest and plug its VIFs (``network_info``).

        ``paused``: define the guest paused (power state PAUSED) because
        the build waits for ``network-vif-plugged`` events before letting
        it run; :meth:`unpause` follows.
        """
        raise NotImplementedError()

    def unpause(self, context, instance):
        """Let a guest spawned paused run."""
        raise NotImplementedError()

    def power_off(self, context, instance):
        """Shut the guest down (power state SHUTDOWN); no error if it is
        already off."""
        raise NotImplementedError()

    def power_on(self, context, instance):
        """Start a guest that is off (power state RUNNING)."""
        raise NotImplementedError()

    def reboot(self, context, instance, reboot_type):
        """Restart the guest: ``SOFT`` asks the guest OS, ``HARD`` cuts the
        power; the guest runs afterwards, even if it was off."""
        raise NotImplementedError()

    def destroy(self, context, instance, network_info=None):
        """Remove the guest and unplug its VIFs; no error if it is gone."""
        raise NotImplementedError()

    def get_info(self, instance):
        """An :class:`InstanceInfo`; power state NOSTATE when unknown."""
        raise NotImplementedError()

    def list_instances(self):
        """UUIDs of the guests the hypervisor knows."""
        raise NotImplementedError()

    def get_console_output(self, context, instance):
        """The guest's serial console log so far (str); InstanceNotFound
        when the guest does not exist."""
        raise NotImplementedError()

    def attach_volume(self, context, instance, connection_info,
                      mountpoint):
        """Give the guest the volume ``connection_info`` describes
        (``serial``: the volume id) at ``mountpoint``; FeatureNotSupported
        where the driver cannot.  Returns the device path the guest got
        when the driver chose another one (None: ``mountpoint``)."""
        raise exception.FeatureNotSupported()

    def detach_volume(self, context, instance, mountpoint):
        """Take the volume at ``mountpoint`` away; no error if gone; an
        error (the volume stays attached) if the guest keeps it."""
        raise exception.FeatureNotSupported()

    def guest_usage(self, uuid):
        """(vcpus, memory_mb) used by the guest ``uuid``, (0, 0) if none.

        The resource tracker counts guests it does not know (orphans) with
        this, so their resources are not handed out twice.
        """
        raise NotImplementedError()


def load_driver(conf):
    if conf.compute_driver == 'fake':
        from nova_lite.virt import fake
        return fake.FakeDriver(conf)
    if conf.compute_driver == 'libvirt':
        from nova_lite.virt.libvirt import driver as libvirt_driver
        return libvirt_driver.LibvirtDriver(conf)
    raise ValueError('Unknown compute_driver %s' % conf.compute_driver)

