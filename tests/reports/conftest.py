"""Builders for report tests: a workshop with notes in many scripts, themes, votes and actions.

Themes, votes and actions are written straight to the tables: reports only read them,
and the live events that make them belong to another part of the app.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from facilitator.reports.exports import Exporter
from facilitator.store.models import Action, Note, Theme, Vote, Workshop

SCRIPTS = {
    "english": "The receptionist did not book an interpreter for my appointment.",
    "polish": "Tłumacz nie przyszedł, więc wizyta została przełożona.",
    "romanian": "Interpretul nu a venit și am așteptat două ore.",
    "ukrainian": "Перекладач не прийшов, і лікар говорив тільки англійською.",
    "arabic": "لم يأتِ المترجم ولم أفهم ما قاله الطبيب.",
    "persian": "مترجم نیامد و من حرف دکتر را نفهمیدم.",
    "urdu": "مجھے ترجمان نہیں ملا اور میں ڈاکٹر کی بات نہیں سمجھا۔",
    "tigrinya": "ተርጓሚ ኣይመጸን፡ ንሓኪም ኣይተረድኣንን።",
    "chinese": "翻译没有来，我听不懂医生说的话。",
}


@pytest.fixture
def exporter(app, service):
    settings = app.config["SETTINGS"]
    return Exporter(app.extensions["db"], service.templates, settings.templates_dir, settings.export_dir)


@pytest.fixture
def rich_workshop(app, service, join_phone):
    """Adaptive Action workshop: notes in every script, a theme with votes, an action, a hidden note."""
    made = service.create_workshop(
        "adaptive-action", title="Interpreting in primary care", question="What would make interpreting work?",
        date="2026-07-17", venue="Leeds Civic Hall",
    )
    code = made.code
    service.set_open_phases(code, ["what", "so-what", "now-what"])
    groups = ["lived-experience", "practitioner", "commissioner", "vcse"]
    phones = [join_phone(code, group=groups[i % 4], nickname=f"Nick{i}") for i in range(4)]
    ids = {}
    for i, (name, text) in enumerate(SCRIPTS.items()):
        answer = phones[i % 4].post(text, phase="what")
        assert answer["ok"], answer
        ids[name] = answer["note"]["id"]
    ids["so-what"] = phones[0].post("Nobody checks whether an interpreter was booked.", phase="so-what")["note"]["id"]
    ids["hidden"] = phones[1].post("This one is off topic and hidden.", phase="so-what")["note"]["id"]
    service.set_note_hidden(code, ids["hidden"], True)
    db = app.extensions["db"]
    with db.session() as session:
        workshop = session.query(Workshop).filter_by(code=code).one()
        workshop.partners = "Leeds Health Partnership\nNHS West Yorkshire ICB"
        workshop.facilitator_name = "Sam Facilitator"
        workshop.prepared_for = "Primary care commissioning team"
        theme = Theme(workshop_id=workshop.id, phase_key="what", name="Interpreters not booked", position=0)
        session.add(theme)
        session.flush()
        for key in ("english", "polish"):
            session.get(Note, (workshop.id, ids[key])).theme_id = theme.id
        session.get(Note, (workshop.id, ids["arabic"])).highlighted = True
        people = [p.answer["participant"]["id"] for p in phones]
        session.add_all(
            [Vote(workshop_id=workshop.id, participant_id=people[i], phase_key="what", target_kind="theme", target_id=str(theme.id)) for i in range(3)]
            + [Vote(workshop_id=workshop.id, participant_id=people[3], phase_key="what", target_kind="note", target_id=ids["chinese"])]
        )
        session.add(
            Action(
                workshop_id=workshop.id, id=str(uuid.uuid4()), text="Book interpreters when the appointment is made",
                owner="Practice managers", due="2026-09-30", status="confirmed", linked=json.dumps([f"theme:{theme.id}"]),
            )
        )
    return {"code": code, "ids": ids, "theme_votes": 3}


def pdf_text(path: Path, layout: bool = False) -> str:
    """The PDF's text; `layout` keeps table rows on one line (for counts), else cells stay whole."""
    import subprocess

    args = ["pdftotext"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def realistic_workshop(app, service):
    """The 150-note, 40-phone multilingual workshop (tests/reports/builders.py)."""
    from tests.reports.builders import build_realistic_workshop

    return build_realistic_workshop(service, app.extensions["db"])


# A4 is 595.3 × 841.9 pt; report.css sets 18 mm side margins: the text block is x 51.0 … 544.3 pt.
TEXT_BLOCK = (51.0, 544.3)


def pdf_words(path: Path) -> list[dict]:
    """Every word the PDF draws, with its page and box in points (pdftotext -bbox)."""
    import html
    import re
    import subprocess

    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words, page = [], 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if match:
            x0, y0, x1, y1 = map(float, match.groups()[:4])
            words.append({"page": page, "x0": x0, "y0": y0, "x1": x1, "y1": y1, "text": html.unescape(match.group(5))})
    return words


def drawn_font_sizes(path: Path) -> list[tuple[float, str, str]]:
    """(size in points as drawn, font name, text) for every piece of text in the PDF (pypdf)."""
    from pypdf import PdfReader

    found = []
    for page in PdfReader(path).pages:
        def visit(text, cm, tm, font, size):
            if text.strip():
                scale = abs(tm[3] * cm[3]) or abs(tm[0] * cm[0]) or 1
                found.append((round(size * scale, 2), str((font or {}).get("/BaseFont", "")), text))

        page.extract_text(visitor_text=visit)
    return found
