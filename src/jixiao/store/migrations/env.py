"""Alembic's environment: jixiao passes the connection in (store/migrate.py)."""

from __future__ import annotations

from alembic import context

from jixiao.store.schema import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
