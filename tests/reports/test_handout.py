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

from facilitator.models import Action, Workshop
from facilitator.reports.handout import shorten
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
