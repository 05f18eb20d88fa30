"""The migrations make exactly the schema the models describe, on new and old databases.

If test_migrated_schema_matches_the_models fails after you changed facilitator/store/models.py,
write a migration: `.venv/bin/python -m facilitator.store.migrations "what changed"`.
"""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import OperationalError

from facilitator.store.db import make_engine, upgrade
from facilitator.store.migrations import BASELINE, config
from facilitator.store.models import Base


def differences(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def migrated(url):
    engine = make_engine(url)
    upgrade(engine)
    return engine


def test_opening_a_database_migrates_nothing(tmp_path):
    """Only the server's start and the CLI migrate: a PDF child that opens the live
    database must never run a migration against it."""
    engine = make_engine(f"sqlite:///{tmp_path / 'untouched.sqlite3'}")
    try:
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_migrated_schema_matches_the_models(tmp_path):
    engine = migrated(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    try:
        assert differences(engine) == [], "models changed without a migration (see this file's docstring)"
    finally:
        engine.dispose()


def test_a_database_from_before_migrations_is_adopted_and_keeps_its_rows(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    old = create_engine(url)
    # What versions before migrations made: the baseline schema, without alembic_version.
    # (Not today's models' create_all: a column added since would already be there.)
    with old.begin() as connection:
        command.upgrade(config(old, connection), BASELINE)
        connection.execute(text("DROP TABLE alembic_version"))
    with old.begin() as connection:
        connection.execute(text("INSERT INTO setting (key, value) VALUES ('kept', 'yes')"))
    old.dispose()

    engine = migrated(url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT value FROM setting WHERE key = 'kept'")).scalar() == "yes"
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() is not None
        assert differences(engine) == []
    finally:
        engine.dispose()


def test_starting_again_changes_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'again.sqlite3'}"
    migrated(url).dispose()
    engine = migrated(url)
    try:
        assert "alembic_version" in inspect(engine).get_table_names()
        assert differences(engine) == []
    finally:
        engine.dispose()


def test_the_baseline_revision_exists():
    from alembic.script import ScriptDirectory

    from facilitator.store.migrations import config

    scripts = ScriptDirectory.from_config(config())
    assert scripts.get_revision(BASELINE) is not None
    assert len(scripts.get_heads()) == 1, "two migration heads: merge them"


def test_the_pdf_child_opens_the_database_read_only(tmp_path):
    from facilitator.store.db import Database, read_only

    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    migrated(url).dispose()
    reader = Database(read_only(url))
    try:
        with reader.reading() as session:
            assert session.execute(text("SELECT count(*) FROM workshop")).scalar() == 0
        with pytest.raises(OperationalError, match="readonly"):
            with reader.session() as session:
                session.execute(text("INSERT INTO setting (key, value) VALUES ('x', 'y')"))
    finally:
        reader.dispose()


def test_every_revision_id_fits_the_alembic_version_column():
    """alembic_version.version_num is VARCHAR(32): PostgreSQL refuses a longer id (SQLite
    does not check), so a long id breaks every PostgreSQL upgrade past it."""
    import re
    from pathlib import Path

    versions = Path(__file__).resolve().parents[2] / "facilitator" / "migrations" / "versions"
    for path in versions.glob("*.py"):
        revision = re.search(r"^revision = ['\"](.+)['\"]", path.read_text(encoding="utf-8"), re.M).group(1)
        assert len(revision) <= 32, (path.name, revision)
