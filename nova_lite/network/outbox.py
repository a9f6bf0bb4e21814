"""The event outbox: port events stored with the change that causes them.

A row is written in the transaction that changes the port (network/
status.py), so an event exists if and only if the change was committed;
the sender (network/notifier.py) reads the oldest rows, posts them to the
Compute API and deletes them once answered.  The outbox lives in the
database, so pending events survive a restart of the daemon.
"""

import sqlalchemy as sa

from nova_lite.db import api as db_api
from nova_lite.network import models

COMPLETED = 'completed'


@db_api.writer
def add(context, server_uuid, name, tag, status=COMPLETED):
    """Queue one event (joins the caller's write transaction)."""
    context.session.add(models.EventOutbox(
        server_uuid=server_uuid, name=name, tag=tag, status=status))


def _event(row):
    return {'id': row.id, 'server_uuid': row.server_uuid,
            'name': row.name, 'tag': row.tag, 'status': row.status}


@db_api.reader
def pending(context, limit):
    """The ``limit`` oldest queued events, oldest first."""
    rows = context.session.scalars(
        sa.select(models.EventOutbox).order_by(models.EventOutbox.id)
        .limit(limit)).all()
    return [_event(row) for row in rows]


@db_api.writer
def delete(context, ids):
    """Forget delivered (or hopeless) events."""
    if not ids:
        return 0
    return context.session.execute(sa.delete(models.EventOutbox).where(
        models.EventOutbox.id.in_(list(ids)))).rowcount
