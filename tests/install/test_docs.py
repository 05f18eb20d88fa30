"""The README and `facilitator --help` list every command and every setting, from one
source: `config.SETTINGS` and the CLI's parser. A setting read in the code but not listed
there, or a README row that disagrees, fails here."""

from __future__ import annotations

import argparse
import re

import pytest

from facilitator import cli
from facilitator.core.config import SETTINGS
from tests.install.conftest import CHECKOUT

README = (CHECKOUT / "README.md").read_text(encoding="utf-8")
# Variables other programs define, which facilitator only passes on.
NOT_OURS = {"FONTCONFIG_FILE"}


def test_every_variable_the_code_reads_is_a_listed_setting():
    read = set()
    for path in (CHECKOUT / "facilitator").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        read |= set(re.findall(r"""os\.environ(?:\.get)?[\[(]\s*["']([A-Z][A-Z0-9_]+)["']""", source))
        read |= set(re.findall(r"""\benv(?:_flag|_choice|_number)?\(\s*["']([A-Z][A-Z0-9_]+)["']""", source))
    assert read - NOT_OURS <= {s.name for s in SETTINGS}, read - NOT_OURS - {s.name for s in SETTINGS}
    assert {s.name for s in SETTINGS} <= read, "a listed setting that nothing reads"


def test_the_readme_settings_table_is_config_settings():
    table = README.split("## Settings", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert rows == [f"| `{s.name}` | {s.default} | {s.help} |" for s in SETTINGS]


def test_the_readme_lists_every_command():
    section = README.split("## The command line", 1)[1].split("\n## ", 1)[0]
    for command in cli.COMMANDS:
        assert re.search(rf"^facilitator {command}\b", section, re.M), command
    assert "facilitator --version" in section


def _all_actions(parser: argparse.ArgumentParser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _all_actions(sub)
        elif not isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            yield parser.prog, action


def test_every_option_has_help_text():
    missing = [f"{prog} {action.dest}" for prog, action in _all_actions(cli.build_parser()) if not action.help]
    assert missing == []


def test_help_names_the_data_folder_the_templates_and_every_setting(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--help"])
    assert stopped.value.code == 0
    text = capsys.readouterr().out
    assert "Data folder (workshops, passcode, secret key):" in text
    assert "adaptive-action" in text
    for setting in SETTINGS:
        assert setting.name in text


def test_version(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert re.fullmatch(r"facilitator \d+\.\d+\.\d+\S*\n", capsys.readouterr().out)
