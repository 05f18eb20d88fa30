"""Report fields in session templates: the shipped ones are valid; a broken one says where."""

from __future__ import annotations

import pytest

from facilitator import cli
from facilitator.core.config import DEFAULT_TEMPLATES_DIR
from facilitator.workshops.session_templates import TemplateError, check_templates, fill_placeholders, load_template

SHIPPED = {"adaptive-action", "five-as-access", "iceberg-action-plan", "community-conversation", "actions-review"}
BASE = 'name = "x"\n[[phases]]\nkey = "what"\ntitle = "What?"\nprompt = "p"\n[[groups]]\nkey = "other"\nlabel = "Other"\n'


def test_every_shipped_template_is_valid_and_the_cli_says_so(capsys):
    good, bad = check_templates(DEFAULT_TEMPLATES_DIR)
    assert not bad
    assert SHIPPED <= {t.key for t in good}
    by_key = {t.key: t for t in good}
    assert [t.label for t in by_key["five-as-access"].framework.tags] == [
        "Approachability", "Acceptability", "Availability", "Affordability", "Appropriateness"]
    assert [t.label for t in by_key["iceberg-action-plan"].framework.tags] == [
        "Events", "Patterns", "Structures", "Mental models"]
    assert "previous-actions" in by_key["actions-review"].report.sections
    assert cli.main(["templates"]) == 0
    out = capsys.readouterr().out
    assert all(key in out for key in SHIPPED)


def test_a_template_without_report_fields_still_loads_with_defaults(tmp_path):
    path = tmp_path / "old.toml"
    path.write_text(BASE)
    template = load_template(path)
    assert template.report.sections[0] == "cover" and template.framework is None
    assert template.report.title == "{title}"


@pytest.mark.parametrize(
    "extra, field, words",
    [
        ('[report]\nintroduction = "Held at {venu}"\n', "report.introduction", "{venu}"),
        ('[report]\ntitle = "{title.__class__}"\n', "report.title", "not a workshop detail"),
        ('[report]\nsections = ["cover", "chapters"]\n', "report.sections[1]", "'chapters' is not a section"),
        ('[report]\nsections = ["summary", "cover"]\n', "report.sections", "must start with"),
        ('[report]\nsections = ["cover", "summary", "summary"]\n', "report.sections[2]", "appears twice"),
        ('[report]\nsections = ["cover", "framework"]\n', "report.sections", "no [framework]"),
        ('[report]\nlanguage = "english please"\n', "report.language", "language tag"),
        ('[report]\ncolour = "blue"\n', "report.colour", "not a report field"),
        ('[framework]\nname = "F"\n', "framework.tags", "[[framework.tags]]"),
        ('[framework]\nname = "F"\n[[framework.tags]]\nkey = "Bad Key"\nlabel = "x"\n', "framework.tags[0].key", "lower-case"),
        ('[framework]\n[[framework.tags]]\nkey = "a"\nlabel = "A"\n', "framework.name", "missing"),
    ],
)
def test_a_broken_report_field_names_the_file_and_field(tmp_path, extra, field, words):
    path = tmp_path / "broken.toml"
    path.write_text(BASE + extra)
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert caught.value.field == field
    assert str(path) in str(caught.value) and words in str(caught.value)


def test_a_broken_template_makes_the_cli_fail_with_its_message(tmp_path, monkeypatch, capsys):
    from facilitator.core.config import Settings

    (tmp_path / "broken.toml").write_text(BASE + '[report]\nintroduction = "{nope}"\n')
    original = Settings.from_env

    def from_env(overrides=None):
        settings = original(overrides)
        settings.templates_dir = tmp_path
        return settings

    monkeypatch.setattr(Settings, "from_env", staticmethod(from_env))
    assert cli.main(["templates"]) == 1
    err = capsys.readouterr().err
    assert "broken.toml" in err and "report.introduction" in err and "{nope}" in err


def test_placeholders_fill_and_empty_lines_drop():
    text = "At {venue} on {date}.\nPrepared for {prepared_for}.\nLiteral {{braces}}."
    assert fill_placeholders(text, {"venue": "Leeds", "date": "1 May", "prepared_for": ""}) == "At Leeds on 1 May.\nLiteral {braces}."
