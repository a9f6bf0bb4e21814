"""Alembic environment: runs on the connection db/migration.py passes in."""

from alembic import context

from nova_lite.db import models

config = context.config
connection = config.attributes.get('connection')
if connection is None:  # alembic CLI use (autogenerate): offline URL
    from sqlalchemy import create_engine
    engine = create_engine(config.get_main_option('sqlalchemy.url'))
    connection = engine.connect()

context.configure(connection=connection,
                  target_metadata=models.Base.metadata,
                  render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
