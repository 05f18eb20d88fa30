"""A note scribed after its phase closed is marked so in every export (issue 28, item 6):
the console promises "marked on the board and in the report as added after the phase
closed", and the PDF, the web report, the Markdown, the CSV and the JSON keep that promise
with one wording (reports/rules.py LATE_MARK)."""

from __future__ import annotations

import csv
import io
import json
import uuid

import pytest
from pypdf import PdfReader

# The words the console promises (console.js, the scribe form): reports/rules.py LATE_MARK.
LATE_MARK = "added after the phase closed"
ON_TIME = "The interpreter was booked for the wrong dialect"
LATE = "Said at the door on the way out: nobody asked which dialect I speak"


@pytest.fixture
def late_workshop(service, join_phone):
    """What? closed with one note from a phone, then one scribed into it afterwards."""
    code = service.create_workshop("adaptive-action", title="Late comments").code
    service.set_open_phases(code, ["what"])
    assert join_phone(code, group="practitioner").post(ON_TIME, phase="what")["ok"]
    service.set_open_phases(code, ["so-what"])
    answer = service.scribe_note(code, note_id=str(uuid.uuid4()), phase="what", text=LATE, group="lived-experience", language="en")
    assert answer["note"]["late"] is True
    return code


def words(text: str) -> str:
    return " ".join(text.split())


def test_a_late_note_is_marked_in_the_pdf_the_markdown_and_the_csv(late_workshop, exporter):
    pdf = words(" ".join(page.extract_text() for page in PdfReader(exporter.export(late_workshop, "pdf")).pages))
    after_the_note = pdf.split(LATE, 1)[1][:60]  # "(scribed) (added after the phase closed)"
    assert f"({LATE_MARK})" in after_the_note
    assert pdf.count(f"({LATE_MARK})") == 1, "only the late note is marked"

    markdown = exporter.export(late_workshop, "md").read_text(encoding="utf-8")
    late_row = next(line for line in markdown.splitlines() if LATE in line)
    on_time_row = next(line for line in markdown.splitlines() if ON_TIME in line)
    assert f"_({LATE_MARK})_" in late_row and LATE_MARK not in on_time_row

    rows = list(csv.DictReader(io.StringIO(exporter.export(late_workshop, "csv").read_text(encoding="utf-8-sig"))))
    assert {row["note"]: row["late"] for row in rows} == {ON_TIME: "no", LATE: "yes"}


def test_the_web_report_and_the_json_carry_it_too(late_workshop, facilitator_client, exporter):
    page = facilitator_client.get(f"/facilitator/w/{late_workshop}/report/").get_data(as_text=True)
    assert f'<span class="muted late" dir="ltr">({LATE_MARK})</span>' in page
    backup = json.loads(exporter.export(late_workshop, "json").read_text(encoding="utf-8"))
    notes = {n["text"]: n["late"] for n in backup["notes"]}
    assert notes == {ON_TIME: False, LATE: True}
