"""Schema migrations (Alembic): every database, SQLite or PostgreSQL, is brought to the
models' schema at app start by `upgrade(engine)`.

When you add or change a column in facilitator/store/models.py, add a revision:

    .venv/bin/python -m facilitator.store.migrations "add note colour"

which compares the models with a fresh database at the newest revision and writes the
difference to versions/. Read it before committing (SQLite changes run in batch mode).
tests/unit/test_migrations.py fails while the models and the migrations disagree.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

HERE = Path(__file__).resolve().parent
# Taken by every process that migrates a PostgreSQL database, so that several servers
# starting at once do not run the same migration twice.
PG_LOCK_KEY = 7_420_001


def config(engine: Engine | None = None, connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("file_template", "%%(rev)s")
    cfg.attributes["connection"] = connection
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest revision.

    A database made before migrations existed (tables, no alembic_version) is taken to
    be at the first revision, which is the schema `create_all` used to make.
    """
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_LOCK_KEY})")
        tables = set(inspect(connection).get_table_names())
        cfg = config(engine, connection)
        if "workshop" in tables and "alembic_version" not in tables:
            command.stamp(cfg, BASELINE)
        command.upgrade(cfg, "head")


BASELINE = "0001_baseline"
