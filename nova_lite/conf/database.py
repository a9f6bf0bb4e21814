"""[database] options, owned by oslo.db; we only set our default URL.

Compute services run with no ``[database] connection`` at all: their
objects reach the DB through the conductor.
"""

from oslo_db import options as db_options


def register_opts(conf):
    db_options.set_defaults(conf, connection=None)


def list_opts():
    return {'database': db_options.database_opts}
