"""Database layer: engine setup (api.py), models, alembic migrations.

Queries live beside their objects in ``nova_lite/objects``.
"""
