"""Markdown, CSV and JSON read back; JSON export → import → export is identical; the CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest

from facilitator import cli, create_app
from facilitator.reports.errors import ImportRefused
from facilitator.reports.exports import Exporter
from tests.reports.conftest import SCRIPTS


def test_markdown_is_the_same_report_with_inert_notes(exporter, rich_workshop, service, join_phone):
    phone = join_phone(rich_workshop["code"])
    phone.post('<img src="file:///etc/passwd"> look ![x](http://127.0.0.1:1/x.png) [go](javascript:alert(1))')
    path = exporter.export(rich_workshop["code"], "md")
    assert path.name.endswith("-report.md")
    text = path.read_text(encoding="utf-8")
    for heading in ("# Interpreting in primary care: what people told us", "## Summary", "## Voice balance",
                    "## Now what? Actions", "## Appendix: every note"):
        assert heading in text
    for note in SCRIPTS.values():
        assert note in text
    assert "off topic" not in text
    # What looks like HTML is printed as typed, and a Markdown viewer shows it as text:
    # no element, no image, no link; an image or a link is its words and address (issue 12).
    import html

    import markdown

    shown = markdown.markdown(text, extensions=["tables"])
    assert "<img" not in shown and "<a " not in shown and "href=" not in shown
    assert '<img src="file:///etc/passwd"> look x (http://127.0.0.1:1/x.png) go (javascript:alert(1))' in html.unescape(shown)
    assert "| Book interpreters when the appointment is made <br>from: Interpreters not booked — 3 dots | Practice managers | 30 September 2026 |" in text


def test_csv_has_one_row_per_note_with_the_asked_for_columns(exporter, rich_workshop):
    path = exporter.export(rich_workshop["code"], "csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == len(SCRIPTS) + 2  # every note, the hidden one too
    assert list(rows[0])[:6] == ["phase", "theme", "votes", "group", "time", "hidden"]
    by_text = {r["note"]: r for r in rows}
    assert by_text[SCRIPTS["english"]]["theme"] == "Interpreters not booked"
    assert by_text[SCRIPTS["chinese"]]["votes"] == "1"
    assert by_text[SCRIPTS["arabic"]]["highlighted"] == "yes"
    hidden = [r for r in rows if r["hidden"] == "yes"]
    assert len(hidden) == 1 and hidden[0]["note"] == ""  # counted, its words not passed on
    assert "nickname" not in rows[0]


def test_csv_cells_never_become_formulas(exporter, workshop, join_phone):
    join_phone(workshop.code).post("=HYPERLINK(\"http://evil\",\"x\")")
    rows = list(csv.reader(io.StringIO(exporter.export(workshop.code, "csv").read_text(encoding="utf-8-sig"))))
    assert rows[1][6].startswith("'=")


def test_json_export_import_export_is_identical(exporter, rich_workshop, tmp_path, service):
    first = exporter.export(rich_workshop["code"], "json", tmp_path / "first.json")
    data = json.loads(first.read_text())
    assert data["format"] == "facilitator-workshop" and len(data["notes"]) == len(SCRIPTS) + 2
    assert all(p["ref"].startswith("p") for p in data["participants"])
    assert "board_secret" not in data["workshop"] and "cofacilitator_token" not in data["workshop"]

    # Into another installation: an import always gets a new join code (issue 12), and
    # everything else comes back exactly.
    other = create_app({"data_dir": tmp_path / "other", "export_dir": tmp_path / "other-exports",
                        "async_mode": "threading", "testing": True})
    try:
        other_exporter = Exporter(other.extensions["db"], service.templates, exporter.templates_dir, tmp_path)
        restored = other_exporter.import_file(first)
        assert restored.code != rich_workshop["code"]
        second = other_exporter.export(restored.code, "json", tmp_path / "second.json")
    finally:
        other.extensions["db"].dispose()
    again = json.loads(second.read_text())
    data.pop("exported_at"), again.pop("exported_at")
    assert again["workshop"].pop("code") == restored.code
    assert again == dict(data, workshop={k: v for k, v in data["workshop"].items() if k != "code"})

    # Into the same database: the code is taken, so only the code differs.
    copy = exporter.import_file(first)
    assert copy.code != rich_workshop["code"]
    third = json.loads(exporter.export(copy.code, "json", tmp_path / "third.json").read_text())
    third.pop("exported_at")
    assert third["workshop"].pop("code") == copy.code
    data["workshop"].pop("code")
    assert third == data
    # ...and the restored workshop is usable and makes the same report.
    assert SCRIPTS["tigrinya"] in exporter.export(copy.code, "md").read_text()


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json", "is not valid JSON"),
        ('{"format": "something-else"}', "not a facilitator workshop export"),
        ('{"format": "facilitator-workshop", "version": 99}', "version 99"),
        ('{"format": "facilitator-workshop", "version": 1, "workshop": {}}', "'phases' is missing"),
    ],
)
def test_a_bad_import_is_refused_clearly_and_saves_nothing(exporter, service, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    before = len(service.list_workshops())
    with pytest.raises(ImportRefused) as caught:
        exporter.import_file(path)
    assert message in caught.value.message
    assert len(service.list_workshops()) == before


def test_an_import_with_an_unknown_template_or_damage_saves_nothing(exporter, rich_workshop, service, tmp_path):
    data = json.loads(exporter.export(rich_workshop["code"], "json").read_text())
    before = len(service.list_workshops())
    unknown = dict(data, workshop=dict(data["workshop"], template_key="no-such-template"))
    (tmp_path / "a.json").write_text(json.dumps(unknown))
    with pytest.raises(ImportRefused, match="no-such-template"):
        exporter.import_file(tmp_path / "a.json")
    damaged = dict(data, votes=data["votes"] + [{"participant_id": "p99", "phase_key": "what", "target_kind": "note", "target_id": "x"}])
    (tmp_path / "b.json").write_text(json.dumps(damaged))
    with pytest.raises(ImportRefused, match=r"Vote \d+ names a person who is not in the export"):
        exporter.import_file(tmp_path / "b.json")
    assert len(service.list_workshops()) == before


def test_the_cli_exports_and_imports(app, rich_workshop, tmp_path, monkeypatch, capsys):
    settings = app.config["SETTINGS"]
    monkeypatch.setenv("FACILITATOR_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("FACILITATOR_EXPORT_DIR", str(tmp_path / "cli-exports"))
    assert cli.main(["export", rich_workshop["code"], "--format", "md"]) == 0
    written = capsys.readouterr().out.strip()
    assert written.startswith(str(tmp_path / "cli-exports")) and written.endswith("-report.md")
    out = tmp_path / "w.json"
    assert cli.main(["export", rich_workshop["code"], "--format", "json", "--out", str(out)]) == 0
    capsys.readouterr()
    assert cli.main(["import", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Interpreting in primary care"
    assert cli.main(["export", "NOSUCH", "--format", "csv"]) == 1
    assert "could not find a workshop" in capsys.readouterr().err
