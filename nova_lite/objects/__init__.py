"""Versioned objects: the only way services read and write shared state.

:func:`register_all` imports every object module so the registry knows them;
entry points and tests call it once.
"""


def register_all():
    from nova_lite.objects import compute_node  # noqa: F401
    from nova_lite.objects import external_event  # noqa: F401
    from nova_lite.objects import flavor  # noqa: F401
    from nova_lite.objects import image  # noqa: F401
    from nova_lite.objects import instance  # noqa: F401
    from nova_lite.objects import instance_action  # noqa: F401
    from nova_lite.objects import instance_fault  # noqa: F401
    from nova_lite.objects import migration  # noqa: F401
    from nova_lite.objects import request_spec  # noqa: F401
    from nova_lite.objects import service  # noqa: F401
    from nova_lite.objects import snapshot  # noqa: F401
    from nova_lite.objects import volume  # noqa: F401
    from nova_lite.objects import volume_capacity  # noqa: F401
