"""The easy-read handout for participants: read back from the PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator.reports.handout import shorten
from facilitator.store.models import Action, Workshop
from tests.reports.conftest import pdf_text

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


@needs_poppler
def test_the_handout_says_the_question_what_people_said_and_what_happens_next(exporter, rich_workshop, app):
    with app.extensions["db"].session() as session:
        workshop = session.query(Workshop).filter_by(code=rich_workshop["code"]).one()
        session.add(Action(workshop_id=workshop.id, id=str(uuid.uuid4()), text="Only an idea so far", status="proposed"))
    path = exporter.export(rich_workshop["code"], "handout")
    assert path.name.endswith("-handout.pdf")
    pages = len(PdfReader(path).pages)
    assert 1 <= pages <= 2
    text = flat(pdf_text(path))
    for expected in ("Interpreting in primary care", "What would make interpreting work?", "The question",
                     "What you told us", "Interpreters not booked", "What will happen next",
                     "Book interpreters when the appointment is made", "Who: Practice managers", "By: 30 September 2026"):
        assert expected in text, expected
    assert "Only an idea so far" not in text  # a suggestion not agreed is not a promise
    assert "This one is off topic" not in text  # hidden notes stay out
    assert "Nick0" not in text  # no names


@needs_poppler
def test_the_handout_is_in_large_type(exporter, rich_workshop):
    path = exporter.export(rich_workshop["code"], "handout")
    sizes = []
    page = PdfReader(path).pages[0]
    page.extract_text(visitor_text=lambda text, cm, tm, font, size: sizes.append(size * abs(tm[0] or 1)) if text.strip() else None)
    body = sorted(sizes)[len(sizes) // 2]
    assert body >= 14, sizes[:20]  # points: the report's body is 10.5


@needs_poppler
def test_the_handout_can_be_printed_in_a_participant_language(exporter, rich_workshop, app):
    from facilitator.reports.handout import handout_html_for

    settings = app.config["SETTINGS"]
    html = handout_html_for(exporter.db.url, str(settings.templates_dir), rich_workshop["code"], "uk")
    assert '<html lang="uk" dir="ltr">' in html
    assert "Хто: Practice managers" in html  # "Who:" from the Ukrainian catalogue
    arabic = handout_html_for(exporter.db.url, str(settings.templates_dir), rich_workshop["code"], "ar")
    assert 'dir="rtl"' in arabic


def test_long_notes_are_cut_at_a_word():
    assert shorten("word " * 60, 30) == "word word word word word word…"
    assert shorten("short\nand   plain") == "short and plain"


def test_the_command_line_exports_the_handout(app, rich_workshop, tmp_path):
    settings = app.config["SETTINGS"]
    out = tmp_path / "handout.pdf"
    env = {"FACILITATOR_DATA_DIR": str(settings.data_dir), "DATABASE_URL": settings.database_url,
           "FACILITATOR_EXPORT_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("facilitator")), "export", rich_workshop["code"], "--format", "handout",
         "--out", str(out)], env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")


@needs_poppler
def test_the_arabic_handout_is_easy_read_arabic_on_two_pages_at_most(exporter, app, service):
    """Arabic words and dates, no italic font, nothing under 16 pt, a picture per section."""
    from tests.reports.builders import build_realistic_workshop
    from tests.reports.conftest import drawn_font_sizes

    code = build_realistic_workshop(service, app.extensions["db"], notes=150)
    path = exporter.export(code, "handout", language="ar")
    assert path.name.endswith("-handout-ar.pdf")
    assert 1 <= len(PdfReader(path).pages) <= 2
    text = flat(pdf_text(path))
    for arabic in ("ما قلتموه لنا", "ماذا سيحدث بعد ذلك", "السؤال", "يوليو"):  # catalogue words, the date in Arabic
        assert arabic in text, arabic
    assert "أنتظر" in text and "الهاتف" in text  # a participant's own Arabic words quoted
    drawn = drawn_font_sizes(path)
    assert drawn
    too_small = [(size, words) for size, _font, words in drawn if size < 16]
    assert too_small == []
    fonts = {font for _size, font, _words in drawn}
    assert not any("Italic" in f or "Oblique" in f for f in fonts), fonts
    from facilitator.reports.handout import handout_html_for
    from facilitator.reports.pdf_worker import render_html_to_pdf

    html = handout_html_for(exporter.db.url, str(app.config["SETTINGS"].templates_dir), code, "ar")
    pictures = re.findall(r'<img src="(file://[^"]+\.svg)"', html)
    assert len(pictures) == 5 and "arrow-next-rtl.svg" in html  # one per section; the arrow points the reading way
    assert render_html_to_pdf(html, out_path=path.with_suffix(".again.pdf")) == []  # every picture was allowed in


def test_the_handout_quotes_in_the_readers_language_where_a_translation_exists():
    from facilitator.reports.context import TranslationView
    from facilitator.reports.handout import in_language

    class Note:
        language, text, translation, highlighted = "ar", "لم يأتِ المترجم", TranslationView("The interpreter did not come", "", "en", "interpreter"), False

    assert in_language(Note, "ar") == "لم يأتِ المترجم"
    assert in_language(Note, "en") == "The interpreter did not come"
    assert in_language(Note, "uk") is None


MORE_ACTIONS = [
    ("Collect the language each patient needs at registration and share it with hospital clinics.", "NHS West Yorkshire ICB data team", "2026-11-30"),
    ("Send appointment letters with a short summary in the patient's language.", "Leeds Teaching Hospitals outpatients", "2026-12-15"),
    ("Give every practice a card people can show to ask for an interpreter.", "Healthwatch Leeds", "2026-10-15"),
    ("Ask the pharmacy network to use telephone interpreters for new medicines.", "Community Pharmacy West Yorkshire", "2027-01-31"),
    ("Report every booked interpreter who did not come, each month.", "Practice managers, Leeds GP Confederation", "2026-11-01"),
    ("Hold the next workshop in Tigrinya and Arabic with the same people.", "Leeds Refugee Forum", "2027-02-28"),
    ("Check that the text message reminders go out in the patient's language.", "NHS West Yorkshire ICB digital team", "2027-01-15"),
    ("Write to the people who took part with what happened, in their languages.", "Healthwatch Leeds", "2027-03-31"),
    ("Make the complaints telephone line offer an interpreter in the first minute.", "NHS West Yorkshire ICB patient experience team", "2027-02-01"),
]


@needs_poppler
@pytest.mark.parametrize("confirmed", [7, 12])
def test_the_handout_lists_every_confirmed_action_within_two_pages_or_says_why_not(exporter, app, service, confirmed):
    """Issue 27: a handout of 6 of 7 actions dropped the ICB's own data-collection commitment."""
    from tests.reports.builders import build_realistic_workshop
    from tests.reports.conftest import drawn_font_sizes

    code = build_realistic_workshop(service, app.extensions["db"], notes=150)  # three confirmed actions
    for text, owner, due in MORE_ACTIONS[: confirmed - 3]:
        assert service.save_action(code, str(uuid.uuid4()), {"text": text, "owner": owner, "due": due})["action"]
    service.save_action(code, str(uuid.uuid4()), {"text": "Maybe a mural in the waiting room", "status": "proposed"})
    path = exporter.export(code, "handout")
    text = flat(pdf_text(path))
    expected = ["Book the interpreter when the appointment", "Publish the complaints form", "Train every receptionist"]
    expected += [t.split(",")[0][:40] for t, _, _ in MORE_ACTIONS[: confirmed - 3]]
    missing = [words for words in expected if flat(words) not in text]
    assert missing == [], missing
    assert "mural" not in text  # a suggestion is not a decision
    assert "more actions in the full report" not in text
    pages = len(PdfReader(path).pages)
    assert pages <= 2 or "longer than two pages, so that every decision is on it" in text, pages
    assert [size for size, _font, _words in drawn_font_sizes(path) if size < 16] == []
    if confirmed == 7:
        assert pages <= 2  # seven fit on two pages, printed a little tighter
