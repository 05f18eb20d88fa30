"""Before a PDF, facilitator warns about scripts no installed font can show (they would
print as empty boxes), naming the package to install. The fonts are real: a fontconfig
set-up with only DejaVu stands for a laptop without the Noto fonts."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from facilitator.reports import fonts
from tests.install.conftest import run_cli

DEJAVU = "/usr/share/fonts/truetype/dejavu"
pytestmark = pytest.mark.skipif(not shutil.which("fc-list"), reason="needs fontconfig (fc-list)")

TIGRINYA = "ሰላም፡ ኣስተርጓሚ ኣይመጸን"
CHINESE = "翻译没有来"


@pytest.fixture
def only_dejavu(tmp_path, monkeypatch):
    """FONTCONFIG_FILE naming DejaVu's folder only, as on a laptop with no Noto fonts."""
    config = tmp_path / "fonts.conf"
    config.write_text(
        f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{DEJAVU}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    return config


def test_scripts_are_recognised_in_what_people_wrote():
    names = [s.fontconfig_lang for s in fonts.scripts_in(["The interpreter was late", TIGRINYA, CHINESE, "المترجم"])]
    assert names == ["ar", "ti", "zh-cn"]


def test_with_only_dejavu_tigrinya_and_chinese_are_named_with_the_package_to_install(only_dejavu):
    warnings = fonts.font_warnings(["The interpreter was late", TIGRINYA, CHINESE])
    assert len(warnings) == 2
    assert "Ethiopic" in warnings[0] and "fonts-noto-core" in warnings[0] and "brew install --cask font-noto-sans-ethiopic" in warnings[0]
    assert "Chinese" in warnings[1] and "fonts-noto-cjk" in warnings[1]
    assert fonts.font_warnings(["Only English here", "Українська"]) == []


def test_with_the_noto_fonts_installed_there_is_nothing_to_warn_about():
    if not subprocess.run(["fc-list", ":lang=ti", "family"], capture_output=True, text=True).stdout.strip():
        pytest.skip("fonts-noto-core is not installed here")
    assert fonts.font_warnings([TIGRINYA]) == []


def test_the_export_command_warns_before_the_pdf(app, workshop, join_phone, only_dejavu, tmp_path):
    join_phone(workshop.code).post(TIGRINYA)
    assert fonts.workshop_font_warnings(app.extensions["db"], workshop.code)  # what the console can show
    settings = app.config["SETTINGS"]
    env = {"FACILITATOR_DATA_DIR": str(settings.data_dir), "FACILITATOR_EXPORT_DIR": str(settings.export_dir),
           "FONTCONFIG_FILE": str(only_dejavu), "PATH": "/usr/bin:/bin"}
    done = run_cli("export", workshop.code, "--format", "md", env=env)
    assert done.returncode == 0 and "warning" not in done.stderr  # no PDF, no font needed
    done = run_cli("export", workshop.code, "--format", "pdf", env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "warning: Some notes are written in Ethiopic" in done.stderr and "fonts-noto-core" in done.stderr
    assert done.stdout.strip().endswith(".pdf")
