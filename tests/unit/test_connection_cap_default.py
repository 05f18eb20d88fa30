"""Issue 22, item 2: a 5,000-phone room fits on the default settings. Without
FACILITATOR_MAX_CONNECTIONS the cap follows the open-files limit the server raised,
up to what memory can hold; a setting still wins, within the open-files limit."""

import pytest

from facilitator.core.config import SettingError
from facilitator.live.connections import DEFAULT_MAX_CONNECTIONS, MEMORY_CEILING, RESERVED_FILES, Connections


@pytest.fixture(autouse=True)
def no_setting(monkeypatch):
    monkeypatch.delenv("FACILITATOR_MAX_CONNECTIONS", raising=False)


def test_a_machine_allowing_twenty_thousand_files_holds_a_five_thousand_phone_room():
    cap = Connections.from_settings(20000).total
    assert cap == 20000 - RESERVED_FILES
    assert cap >= 2 * 5000, "each phone may hold two connections while it upgrades"


def test_a_container_allowing_a_million_files_is_held_to_what_memory_holds():
    assert Connections.from_settings(1_048_576).total == MEMORY_CEILING


def test_a_small_limit_leaves_room_for_the_database_and_the_pdf_workers():
    assert Connections.from_settings(1024).total == 1024 - RESERVED_FILES


def test_where_the_limit_is_unknown_the_default_stands():
    assert Connections.from_settings(None).total == DEFAULT_MAX_CONNECTIONS


def test_the_setting_wins_but_never_past_the_open_files_limit(monkeypatch):
    monkeypatch.setenv("FACILITATOR_MAX_CONNECTIONS", "300")
    assert Connections.from_settings(20000).total == 300
    monkeypatch.setenv("FACILITATOR_MAX_CONNECTIONS", "50000")
    assert Connections.from_settings(20000).total == 20000 - RESERVED_FILES
    monkeypatch.setenv("FACILITATOR_MAX_CONNECTIONS", "lots")
    with pytest.raises(SettingError):
        Connections.from_settings(20000)
