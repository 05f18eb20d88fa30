"""Domain fixtures: a real SQLite file and the shipped Adaptive Action template, no Flask."""

import pytest

from facilitator.config import DEFAULT_TEMPLATES_DIR
from facilitator.db import Database
from facilitator.templates_lib import load_templates


@pytest.fixture
def db(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'domain.sqlite3'}")
    yield database
    database.dispose()


@pytest.fixture
def template():
    return load_templates(DEFAULT_TEMPLATES_DIR)["adaptive-action"]
