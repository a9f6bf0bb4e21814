"""The one place that imports eventlet.

Every daemon entry point in ``nova_lite/cmd`` calls :func:`patch` before it
imports anything else.  The rest of the code base only uses stdlib threading
primitives, which eventlet turns green here; run without patching (tests,
``NOVA_LITE_THREADS=1``) the same code runs on native threads.
"""

import os

_PATCHED = False


def patch():
    """Monkey-patch the stdlib for eventlet unless native threads are asked."""
    global _PATCHED
    if _PATCHED or os.environ.get('NOVA_LITE_THREADS') == '1':
        return
    import eventlet  # the only eventlet import in nova_lite (lint-enforced)
    eventlet.monkey_patch()
    _PATCHED = True
