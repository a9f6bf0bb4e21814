"""[database] options, owned by oslo.db; we set our defaults.

Compute services run with no ``[database] connection`` at all: their
objects reach the DB through the conductor.

Pool: oslo.db's defaults (5 pooled + 50 overflow connections per process)
let one busy conductor worker open dozens of short-lived connections in a
boot storm -- a new server backend per transaction past the fifth, and
with the API, the scheduler and two conductor workers more than
PostgreSQL's default ``max_connections`` (100): transactions then failed
with "too many clients".  Ours: 10 pooled + 10 overflow; a green thread
past that waits for a connection (``pool_timeout``) instead of opening one.
(The sample config shows oslo.db's own defaults: it is generated from the
oslo.db namespace.)
"""

from oslo_db import options as db_options

MAX_POOL_SIZE = 10
MAX_OVERFLOW = 10


def register_opts(conf):
    db_options.set_defaults(conf, connection=None,
                            max_pool_size=MAX_POOL_SIZE,
                            max_overflow=MAX_OVERFLOW)


def list_opts():
    return {'database': db_options.database_opts}
