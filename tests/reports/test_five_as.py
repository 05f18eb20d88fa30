"""The 5As page counts what can be tagged, and says so (issue 28, item 11).

Only actions carry a part of the 5As (the console tags actions; notes and themes have no
tag), so the page printed "Notes 0, Themes 0" for every part under a method saying notes,
themes and recommendations were tagged. It now counts actions only, says that only actions
are tagged and how many, and prints "Approachability" whole in its Part column."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from tests.reports.conftest import pdf_text


@pytest.fixture
def five_as(service, join_phone):
    """A 5As workshop: notes, a theme, and three actions of which two are tagged."""
    code = service.create_workshop("five-as-access", title="Access to interpreting").code
    service.set_open_phases(code, ["what"])
    phone = join_phone(code, group="lived-experience")
    notes = [phone.post(text, phase="what")["note"]["id"] for text in (
        "The surgery is hard to phone", "Nobody explained the interpreting service", "Letters come in English only")]
    service.create_theme(code, phase="what", name="Getting through", notes=notes[:2])
    for text, tag in (("Publish the interpreting offer in every language", "approachability"),
                      ("A direct line for people who need an interpreter", "availability"),
                      ("Review the letters template", "")):
        service.save_action(code, None, {"text": text, "owner": "Practice manager", "status": "confirmed", "framework_tag": tag})
    return code


def framework_page(exporter, code) -> str:
    pages = [page.extract_text() for page in PdfReader(exporter.export(code, "pdf")).pages]
    return " ".join(next(page for page in pages if "What it asks" in page).split())


def test_the_5as_page_counts_only_actions_and_says_so(five_as, exporter):
    page = framework_page(exporter, five_as)
    assert "Only actions are tagged with a part of the 5As for Access: 2 of 3 actions carry a tag." in page
    assert "Part What it asks Actions" in page, "columns nothing can fill (Notes, Themes) are gone"
    assert "Notes 0" not in page and "Themes 0" not in page
    lines = [line.strip() for line in pdf_text(exporter.export(five_as, "pdf"), layout=True).splitlines()]
    for label in ("Approachability", "Acceptability", "Availability", "Affordability", "Appropriateness"):
        assert any(line.startswith(label + " ") for line in lines), f"{label} is broken inside the word"
    markdown = exporter.export(five_as, "md").read_text(encoding="utf-8")
    section = markdown.split("## 5As for Access", 1)[1].split("\n## ", 1)[0]
    assert "| Part | Actions |" in section and "| Approachability | 1 |" in section and "| Availability | 1 |" in section
    assert "2 of 3 actions carry a tag" in section


def test_the_method_says_what_was_tagged(five_as, exporter):
    text = " ".join(pdf_text(exporter.export(five_as, "pdf")).split())
    method = text.split("How this workshop worked", 1)[1]
    assert "Only actions are tagged with a part of the 5As for Access: 2 of 3 actions carry a tag. Notes and themes are not tagged." in method
