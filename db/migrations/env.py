"""Alembic environment: migrations run on the connection the store hands over."""

from __future__ import annotations

from alembic import context

from db.migrations.runner import include_name
from db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the store runs migrations
    raise RuntimeError("Armscribe migrations run through db.store.open_store().")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
