"""Remember the argspec pecan reads from a controller method.

pecan (1.7) reads a controller's argument spec on every request, several
times (routing, RestController dispatch, argument binding: 6-7 reads a
request), and its ``getargspec`` builds a new ``namedtuple`` class on each
call before asking :mod:`inspect`: 62 us a read, about 0.4 ms a request,
some 2 % of a ``POST /servers``.  A function's signature does not change
while the process runs, so :func:`install` puts a memo in front of it,
keyed by the function (a bound method by its function: the spec of both
lists ``self``).  pecan only reads what it gets back (it copies ``args``
before changing it), so one spec can serve every request.
"""

import threading

from pecan import util as pecan_util

_LOCK = threading.Lock()
# Controllers are made at import; a process that kept making new callables
# stops remembering at this many instead of growing without end.
_MAX = 4096


def _memoized(getargspec):
    specs = {}

    def cached(method):
        key = getattr(method, '__func__', method)
        try:
            return specs[key]
        except (KeyError, TypeError):  # TypeError: an unhashable callable
            pass
        spec = getargspec(method)
        if len(specs) < _MAX:
            try:
                specs[key] = spec
            except TypeError:
                pass
        return spec

    cached.uncached = getargspec
    return cached


def install():
    """Memoize pecan's argspec reads in this process (idempotent)."""
    with _LOCK:
        current = pecan_util._getargspec
        if not hasattr(current, 'uncached'):
            pecan_util._getargspec = _memoized(current)
