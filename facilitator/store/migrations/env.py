"""Alembic's environment: runs migrations on the connection `upgrade()` hands over."""

from alembic import context

from facilitator.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only `upgrade()` and the revision helper run migrations
    raise RuntimeError("Run migrations through facilitator.store.migrations.upgrade(engine).")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters a table by copying it
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
