"""nova_lite: a small cloud control plane speaking the OpenStack Compute API.

Only one thing happens at import: oslo.service is told how to pick its
backend (eventlet when ``nova_lite.monkey_patch.patch()`` ran first, native
threads otherwise), so that whichever module imports a looping call first
gets the backend that matches the process.
"""

import warnings

# oslo.utils probes for eventlet on import and eventlet warns on every
# import; the one deliberate use is monkey_patch.py, documented there.
warnings.filterwarnings('ignore', message='\nEventlet is deprecated')

from oslo_service import backend as _backend  # noqa: E402
from oslo_utils import eventletutils as _eventletutils  # noqa: E402


def _choose_backend():
    if _eventletutils.is_monkey_patched('thread'):
        return _backend.BackendType.EVENTLET
    return _backend.BackendType.THREADING


_backend.register_backend_default_hook(_choose_backend)

