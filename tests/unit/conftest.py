"""Domain fixtures: a real SQLite file and the shipped Adaptive Action template, no Flask.

The database is a copy of the one migrated once per test session (tests/conftest.py).
"""

import pytest

from facilitator.workshops import details, phases


@pytest.fixture(scope="session")
def templates(shipped_templates):
    return shipped_templates


@pytest.fixture
def db(test_databases, tmp_path):
    database = test_databases.fresh(tmp_path / "domain.sqlite3")
    yield database
    database.dispose()


@pytest.fixture
def template(templates):
    return templates["adaptive-action"]


@pytest.fixture
def code(db, template):
    """The join code of a workshop on the Adaptive Action template, What? open."""
    with db.session() as s:
        w = details.create_workshop(s, template, title="Access to GPs", question="What gets in the way?")
        phases.set_open_phases(s, w, ["what"])
        return w.code
