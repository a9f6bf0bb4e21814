"""Engine setup and the transaction decorators every query uses.

The engine facade is built lazily from ``[database] connection``.  Services
that must not touch the database (compute) call :func:`disable`; from then on
any reader/writer raises :class:`~nova_lite.exception.DBNotAllowed`, which is
how the "no DB on the hypervisor" rule is enforced by machinery.

oslo.db and SQLAlchemy are imported by :func:`configure` (the first query of
a process), not at import: a compute imports this module but never loads
them (``nova_lite/db/lazy.py``).
"""

import contextlib
import functools
import threading

from nova_lite import context as nl_context
from nova_lite.db.lazy import sa
from nova_lite import exception

_LOCK = threading.Lock()
_STATE = {'manager': None, 'disabled_for': None, 'serial': None}


def configure(conf):
    """Build a fresh transaction context manager from ``conf``."""
    connection = conf.database.connection
    if not connection:
        raise exception.NovaLiteException(
            '[database] connection is not set')
    from oslo_db.sqlalchemy import enginefacade
    # The context carries the session of the transaction it is in
    # (``context.session``), as the engine facade expects; idempotent.
    enginefacade.transaction_context_provider(nl_context.RequestContext)
    manager = enginefacade.transaction_context()
    manager.configure(connection=connection,
                      sqlite_fk=True,
                      max_pool_size=conf.database.max_pool_size,
                      max_overflow=conf.database.max_overflow,
                      pool_timeout=conf.database.pool_timeout)
    manager.append_on_engine_create(_tune_engine)
    # SQLite has one writer at a time.  Under eventlet, a green thread that
    # waits in SQLite's busy handler blocks the whole process, including the
    # green thread holding the lock it waits for; so one process runs one
    # transaction at a time, and only processes compete through SQLite.
    serial = threading.RLock() if connection.startswith('sqlite') else None
    with _LOCK:
        _STATE['manager'] = manager
        _STATE['disabled_for'] = None
        _STATE['serial'] = serial
    return manager


def _serialized():
    return _STATE['serial'] or contextlib.nullcontext()


def _tune_engine(engine):
    if engine.dialect.name != 'sqlite':
        return

    @sa.event.listens_for(engine, 'connect')
    def _sqlite_pragmas(dbapi_conn, _record):
        cursor = dbapi_conn.cursor()
        # WAL lets readers run beside the writer; the busy timeout turns
        # "database is locked" into a wait.
        cursor.execute('PRAGMA journal_mode=WAL')
        cursor.execute('PRAGMA busy_timeout=30000')
        cursor.execute('PRAGMA synchronous=NORMAL')
        cursor.close()

    # oslo.db emits a plain (deferred) BEGIN.  A deferred transaction that
    # reads and then writes fails at once with SQLITE_BUSY when another
    # process wrote in between (the busy timeout does not cover that
    # upgrade); taking the write lock at BEGIN makes writers queue instead.
    # So its BEGIN listener is replaced by ours (same in_transaction marker,
    # which its commit/rollback listener clears).
    for listener in list(engine.dispatch.begin):
        if getattr(listener, '__name__', '') == '_sqlite_emit_begin':
            sa.event.remove(engine, 'begin', listener)

    @sa.event.listens_for(engine, 'begin')
    def _sqlite_begin(connection):
        if 'in_transaction' not in connection.info:
            connection.exec_driver_sql('BEGIN IMMEDIATE')
            connection.info['in_transaction'] = True


def disable(binary):
    """Poison the DB API for this process (compute and volume services)."""
    with _LOCK:
        _STATE['manager'] = None
        _STATE['disabled_for'] = binary


def reset():
    """Forget the engine (tests)."""
    with _LOCK:
        manager = _STATE['manager']
        _STATE['manager'] = None
        _STATE['disabled_for'] = None
    if manager is not None:
        try:
            manager.writer.get_engine().dispose()
        except Exception:  # never configured an engine
            pass


def get_context_manager():
    if _STATE['disabled_for'] is not None:
        raise exception.DBNotAllowed(binary=_STATE['disabled_for'])
    manager = _STATE['manager']
    if manager is None:
        from nova_lite.conf import CONF
        manager = configure(CONF)
    return manager


def get_engine():
    return get_context_manager().writer.get_engine()


def reader(fn):
    """Run ``fn(context, ...)`` in a read transaction (``context.session``)."""
    @functools.wraps(fn)
    def wrapper(context, *args, **kwargs):
        manager = get_context_manager()
        with _serialized(), manager.reader.using(context):
            return fn(context, *args, **kwargs)
    return wrapper


@contextlib.contextmanager
def reading(context):
    """One read transaction around several reader functions: those called
    inside join it, so they share one connection checkout and one
    BEGIN/ROLLBACK instead of one each."""
    manager = get_context_manager()
    with _serialized(), manager.reader.using(context):
        yield


@contextlib.contextmanager
def writing(context):
    """One write transaction around several writer functions: those called
    inside join it, so what they write commits together or not at all."""
    manager = get_context_manager()
    with _serialized(), manager.writer.using(context):
        yield


def writer(fn):
    """Run ``fn(context, ...)`` in a write transaction."""
    @functools.wraps(fn)
    def wrapper(context, *args, **kwargs):
        manager = get_context_manager()
        with _serialized(), manager.writer.using(context):
            return fn(context, *args, **kwargs)
    return wrapper
