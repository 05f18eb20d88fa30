"""The commissioners' responses travel in every export: JSON (round trip), Markdown, CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest

from facilitator import create_app
from facilitator.reports.exports import Exporter
from tests.respond.conftest import item_keys

HOSTILE = '=HYPERLINK("http://evil","x") <script>alert(1)</script> ![x](http://evil/x.png)'


@pytest.fixture
def exporter(app, service):
    settings = app.config["SETTINGS"]
    return Exporter(app.extensions["db"], service.templates, settings.templates_dir, settings.export_dir)


@pytest.fixture
def answered(commissioner, answer, answerable):
    first, second = item_keys(commissioner["page"])[:2]
    assert answer(first, decision="agreed", what="Added to the specification", who="Jo", by_when="2026-10-01",
                  fed_into="Interpreting and translation service specification 2026, section 4").status_code == 302
    assert answer(second, decision="not_ours", forward_to="Primary care board", what=HOSTILE).status_code == 302
    return answerable["code"]


def test_json_round_trip_keeps_the_responses_and_not_the_link(exporter, answered, service, tmp_path):
    first = exporter.export(answered, "json", tmp_path / "first.json")
    data = json.loads(first.read_text())
    assert len(data["responses"]) == 2 and data["responses"][0]["fed_into"].startswith("Interpreting")
    assert "response_token" not in data["workshop"] and data["workshop"]["responses_locked"] is False
    other = create_app({"data_dir": tmp_path / "other", "export_dir": tmp_path / "other-exports",
                        "async_mode": "threading", "testing": True})
    try:
        other_exporter = Exporter(other.extensions["db"], service.templates, exporter.templates_dir, tmp_path)
        restored = other_exporter.import_file(first)
        second = other_exporter.export(restored.code, "json", tmp_path / "second.json")
    finally:
        other.extensions["db"].dispose()
    again = json.loads(second.read_text())
    data.pop("exported_at"), again.pop("exported_at")
    assert again["workshop"].pop("code") == restored.code  # an import always gets a new code (issue 12)
    data["workshop"].pop("code")
    assert again == data


def test_an_export_made_before_responses_still_imports(exporter, workshop, tmp_path):
    path = exporter.export(workshop.code, "json", tmp_path / "old.json")
    data = json.loads(path.read_text())
    del data["responses"]
    path.write_text(json.dumps(data))
    assert exporter.import_file(path).code != workshop.code


def test_markdown_says_what_the_commissioners_decided_as_text(exporter, answered):
    text = exporter.export(answered, "md").read_text()
    assert "## Commissioners' responses" in text
    assert "**Agreed** — Added to the specification (Jo, by 2026-10-01). Fed into: Interpreting and translation service specification 2026, section 4" in text
    assert "to be decided by Primary care board" in text
    assert "<script>" not in text and "![x](http" not in text


def test_the_responses_csv_has_a_row_per_answer_and_no_formulas(exporter, answered, facilitator_client):
    with facilitator_client.get(f"/facilitator/w/{answered}/report/download/responses-csv") as downloaded:
        assert downloaded.status_code == 200
        rows = list(csv.reader(io.StringIO(downloaded.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["item", "answered", "decision"] and len(rows) == 3
    decisions = {row[2] for row in rows[1:]}
    assert decisions == {"Agreed", "Not ours to decide"}
    hostile = next(row for row in rows if row[2] == "Not ours to decide")
    assert hostile[4].startswith("'=")
