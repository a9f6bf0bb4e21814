"""Engine setup and the transaction decorators every query uses.

The engine facade is built lazily from ``[database] connection``.  Services
that must not touch the database (compute) call :func:`disable`; from then on
any reader/writer raises :class:`~nova_lite.exception.DBNotAllowed`, which is
how the "no DB on the hypervisor" rule is enforced by machinery.
"""

import functools
import threading

from oslo_db.sqlalchemy import enginefacade
import sqlalchemy as sa

from nova_lite import exception

_LOCK = threading.Lock()
_STATE = {'manager': None, 'disabled_for': None}


def configure(conf):
    """Build a fresh transaction context manager from ``conf``."""
    connection = conf.database.connection
    if not connection:
        raise exception.NovaLiteException(
            '[database] connection is not set')
    manager = enginefacade.transaction_context()
    manager.configure(connection=connection,
                      sqlite_fk=True,
                      max_pool_size=conf.database.max_pool_size,
                      max_overflow=conf.database.max_overflow,
                      pool_timeout=conf.database.pool_timeout)
    manager.append_on_engine_create(_tune_engine)
    with _LOCK:
        _STATE['manager'] = manager
        _STATE['disabled_for'] = None
    return manager


def _tune_engine(engine):
    if engine.dialect.name != 'sqlite':
        return

    @sa.event.listens_for(engine, 'connect')
    def _sqlite_pragmas(dbapi_conn, _record):
        cursor = dbapi_conn.cursor()
        # WAL lets the API read while the conductor writes; the busy timeout
        # turns "database is locked" into a short wait.
        cursor.execute('PRAGMA journal_mode=WAL')
        cursor.execute('PRAGMA busy_timeout=30000')
        cursor.execute('PRAGMA synchronous=NORMAL')
        cursor.close()


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
        with get_context_manager().reader.using(context):
            return fn(context, *args, **kwargs)
    return wrapper


def writer(fn):
    """Run ``fn(context, ...)`` in a write transaction (``context.session``)."""
    @functools.wraps(fn)
    def wrapper(context, *args, **kwargs):
        with get_context_manager().writer.using(context):
            return fn(context, *args, **kwargs)
    return wrapper
