"""Alembic environment: runs on the connection handed over by ``store.migrate``.

Offline (SQL script) mode is not supported; migrations always run against a
live database. ``render_as_batch`` lets ALTERs work on SQLite too.
"""

from __future__ import annotations

from alembic import context

from store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through store.migrate.upgrade(settings)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
