"""Settings: one data home whatever the current folder, values refused with the
variable's name and what it takes, an organisation's templates beside the built-in ones."""

from __future__ import annotations

import io
import json
import logging

import pytest

from facilitator.core import config, logs
from facilitator.core.config import SettingError, Settings
from facilitator.core.resources import CHECKOUT_DIR, running_from_checkout
from facilitator.workshops.session_templates import check_templates, load_usable_templates


@pytest.fixture
def clean_env(monkeypatch):
    for setting in config.SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)
    return monkeypatch


def test_from_a_checkout_the_data_home_is_its_instance_folder_wherever_you_start(clean_env, tmp_path):
    assert running_from_checkout()
    clean_env.chdir(tmp_path)
    assert config.default_data_dir() == CHECKOUT_DIR / "instance"
    assert config.default_export_dir(config.default_data_dir()) == CHECKOUT_DIR / "exports"


def test_facilitator_data_dir_wins(clean_env, tmp_path):
    clean_env.setenv("FACILITATOR_DATA_DIR", str(tmp_path / "ours"))
    settings = Settings.from_env()
    assert settings.data_dir == (tmp_path / "ours").resolve()
    assert settings.database_url == f"sqlite:///{tmp_path / 'ours' / 'facilitator.sqlite3'}"


@pytest.mark.parametrize(
    "name, value, words",
    [
        ("FACILITATOR_RETENTION_DAYS", "abc", "whole number of days"),
        ("FACILITATOR_RETENTION_DAYS", "0", "at least 1"),
        ("PUBLIC_URL", "laptop.local", "http://"),
        ("FACILITATOR_TEMPLATES_DIR", "/no/such/folder", "a folder that exists"),
    ],
)
def test_a_value_that_cannot_be_used_names_the_variable_and_what_it_takes(clean_env, tmp_path, name, value, words):
    clean_env.setenv("FACILITATOR_DATA_DIR", str(tmp_path))
    clean_env.setenv(name, value)
    with pytest.raises(SettingError) as refused:
        Settings.from_env()
    assert str(refused.value).startswith(f"{name}={value} cannot be used: ") and words in str(refused.value)


@pytest.mark.parametrize(
    "reader, name, value",
    [
        (lambda: config.env_flag("FACILITATOR_ACCESS_LOG"), "FACILITATOR_ACCESS_LOG", "maybe"),
        (lambda: config.env_choice("FACILITATOR_LOG_FORMAT", config.LOG_FORMATS, "text"), "FACILITATOR_LOG_FORMAT", "xml"),
        (lambda: config.env_number("FACILITATOR_STOP_SECONDS", 30, 0, 3600), "FACILITATOR_STOP_SECONDS", "-1"),
    ],
)
def test_switches_choices_and_numbers_are_checked(clean_env, reader, name, value):
    clean_env.setenv(name, value)
    with pytest.raises(SettingError, match=f"^{name}={value} cannot be used"):
        reader()


def test_an_organisations_templates_come_after_the_built_in_ones(clean_env, tmp_path):
    built_in = (config.DEFAULT_TEMPLATES_DIR / "adaptive-action.toml").read_text(encoding="utf-8")
    (tmp_path / "ours.toml").write_text(built_in.replace('key = "adaptive-action"', 'key = "ours"', 1), encoding="utf-8")
    (tmp_path / "again.toml").write_text(built_in, encoding="utf-8")  # a key a built-in already has
    clean_env.setenv("FACILITATOR_TEMPLATES_DIR", str(tmp_path))
    search = config.template_search_path()
    good, bad = check_templates(search)
    assert "ours" in [t.key for t in good] and "adaptive-action" in [t.key for t in good]
    assert len(bad) == 1 and "again.toml" in str(bad[0]) and "already used by" in str(bad[0])
    warnings = []
    usable = load_usable_templates(search, warn=warnings.append)
    assert "ours" in usable and len(warnings) == 1 and "again.toml" in warnings[0]


def test_json_logs_are_one_object_per_line(clean_env):
    clean_env.setenv("FACILITATOR_LOG_FORMAT", "json")
    clean_env.setenv("FACILITATOR_LOG_LEVEL", "warning")
    stream = io.StringIO()
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        log = logs.configure(stream)
        log.info("not shown at warning")
        log.warning("Skipped a broken session template")
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["level"] == "warning" and entry["message"] == "Skipped a broken session template"
    assert entry["time"].endswith("Z")


def test_the_access_log_names_the_route_never_the_secret_nor_the_address(app, workshop, clean_env, caplog):
    from werkzeug.test import Client

    wsgi = logs.access_log(app.wsgi_app, app)
    with caplog.at_level(logging.INFO, logger="facilitator.access"):
        Client(wsgi).get(f"/board/{workshop.code}/{workshop.board_secret}", environ_base={"REMOTE_ADDR": "192.168.1.77"})
    line = caplog.records[-1]
    assert line.route == "/board/<code>/<secret>" and line.status == 200
    assert workshop.board_secret not in line.getMessage() and workshop.code not in line.getMessage()
    assert "192.168.1.77" not in line.getMessage()
    clean_env.setenv("FACILITATOR_ACCESS_LOG_IP", "1")
    wsgi = logs.access_log(app.wsgi_app, app)
    with caplog.at_level(logging.INFO, logger="facilitator.access"):
        Client(wsgi).get("/join", environ_base={"REMOTE_ADDR": "192.168.1.77"})
    assert "192.168.1.77" in caplog.records[-1].getMessage()
