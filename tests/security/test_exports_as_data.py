"""Every export treats every field as data (issue 12, items 12 and 14).

Whoever typed it — a participant, the facilitator, a commissioner — a link is printed as
its words and its address, as text; nothing becomes a clickable link, an image that
fetches, a reference definition, raw HTML, a heading or a new table cell: not in the
Markdown (read back by Python-Markdown, and by markdown-it-py as CommonMark when it is
installed), not in the PDF report or the handout, not in the HTML report view, and no
CSV cell becomes a spreadsheet formula.

Each test puts one hostile value in one field (parametrised over every text field the
exports print) of a workshop whose other fields are plain words, so a failure names the
field that leaked.
"""

from __future__ import annotations

import csv
import html
import importlib.util
import io
import json
import re
import shutil
import uuid
from datetime import datetime, timezone

import markdown
import pytest

from facilitator.reports.exports import Exporter
from facilitator.store.models import Action, Note, Phase, Response, Theme, Workshop
from tests.reports.conftest import pdf_text

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

# What a hostile person types on one line (a title, a name, a theme): a phishing link, a
# script link, a data: link, a reference image, an inline image, raw HTML, an autolink and
# the bare addresses GitHub and Obsidian link by themselves.
HOSTILE = (
    "[Download the evidence pack](https://evil.example/login) [x](javascript:alert(1)) "
    "[d](data:text/html;base64,PHNjcmlwdD4=) ![logo][r] ![pixel](http://evil.example/pixel.png) "
    "<img src=http://evil.example/i.png> <https://evil.example/auto> www.evil.example me@evil.example evil.com/login "
    "*not emphasis*"
)
# In a field that keeps its line breaks: the reference definition `![logo][r]` would use,
# a heading, a table, and a setext underline.
HOSTILE_LINES = HOSTILE + "\n[r]: http://evil.example/logo.png\n# Heading\n| a | b |\n|---|---|\n=====\n"

# How a field Markdown is rendered from (a note, an action, the findings) shows HOSTILE:
# every link and image as its words and address; everything else as typed.
SHOWN = [
    "Download the evidence pack (https://evil.example/login)",
    "x (javascript:alert(1))",
    "d (data:text/html;base64,PHNjcmlwdD4=)",
    "![logo][r]",
    "pixel (http://evil.example/pixel.png)",
    "<img src=http://evil.example/i.png>",
    "<https://evil.example/auto>",
    "www.evil.example",
    "me@evil.example",
    "evil.com/login",
]
SHOWN_LINES = ["[r]: http://evil.example/logo.png", "# Heading", "| a | b |"]

PLAIN = "Plain words"

# field name -> (where it lives, whether it keeps line breaks, how the report shows it:
# "typed" = as typed, as plain text; "rendered" = Markdown rendered, links as words and address)
FIELDS = {
    "workshop title": ("workshop.title", False, "typed"),
    "question": ("workshop.question", True, "typed"),
    "date": ("workshop.date", False, "typed"),
    "venue": ("workshop.venue", False, "typed"),
    "partners": ("workshop.partners", False, "typed"),
    "facilitator name": ("workshop.facilitator_name", False, "typed"),
    "prepared for": ("workshop.prepared_for", False, "typed"),
    "key findings": ("workshop.findings", True, "rendered"),
    "recommendations": ("workshop.recommendations", True, "rendered"),
    "phase title": ("phase.title", False, "typed"),
    "phase prompt": ("phase.prompt", True, "typed"),
    "theme name": ("theme.name", False, "typed"),
    "note": ("note.text", True, "rendered"),
    "nickname": ("note.nickname", False, "typed"),
    "translation": ("note.translation_text", True, "rendered"),
    "action text": ("action.text", True, "rendered"),
    "action owner": ("action.owner", False, "typed"),
    "action due date": ("action.due", False, "typed"),
    "previous action text": ("previous_action.text", True, "rendered"),
    "previous action owner": ("previous_action.owner", False, "typed"),
    "previous action outcome": ("previous_action.outcome", True, "rendered"),
    "response item": ("response.item_text", True, "typed"),
    "response forwarded to": ("response.forward_to", False, "typed"),
    "response what": ("response.what", True, "typed"),
    "response who": ("response.who", False, "typed"),
    "response by when": ("response.by_when", False, "typed"),
    "response fed into": ("response.fed_into", True, "typed"),
}


@pytest.fixture
def exporter(app, service):
    settings = app.config["SETTINGS"]
    return Exporter(app.extensions["db"], service.templates, settings.templates_dir, settings.export_dir)


@pytest.fixture
def make_workshop(app, service):
    """make_workshop({field name: value}) -> join code of a workshop whose every text field
    the exports print holds plain words, but for the ones given."""

    def make(values: dict[str, str]) -> str:
        value = {name: values.get(name, PLAIN) for name in FIELDS}
        previous = service.create_workshop("adaptive-action", title="Last spring's workshop")
        # The follow-up template: its report also has the "You said, we did" table.
        made = service.create_workshop("actions-review", title="Interpreting", question="What helps?")
        db = app.extensions["db"]
        with db.session() as session:
            earlier = session.query(Workshop).filter_by(code=previous.code).one()
            session.add(Action(workshop_id=earlier.id, id=str(uuid.uuid4()), text="x", status="done"))
            session.flush()
            workshop = session.query(Workshop).filter_by(code=made.code).one()
            workshop.previous_workshop_id = earlier.id
            workshop.show_nicknames = True
            theme = Theme(workshop_id=workshop.id, phase_key="what", name="x", position=0)
            session.add(theme)
            session.flush()
            note = Note(workshop_id=workshop.id, id=str(uuid.uuid4()), phase_key="what", text="x", seq=1,
                        highlighted=True, theme_id=theme.id, language="ar", translation_language="en",
                        translation_by="interpreter", nickname_public=True)  # posted with its nickname shown
            action = Action(workshop_id=workshop.id, id=str(uuid.uuid4()), text="x", status="confirmed",
                            linked=json.dumps([f"theme:{theme.id}", f"note:{note.id}"]))
            session.add_all([note, action])
            session.flush()
            phase = session.query(Phase).filter_by(workshop_id=workshop.id, key="what").one()
            previous_action = session.query(Action).filter_by(workshop_id=earlier.id).one()
            now = datetime(2026, 7, 17, 12, 0, tzinfo=timezone.utc)
            response = Response(workshop_id=workshop.id, item_key=f"action:{action.id}", decision="not_ours",
                                created_at=now, updated_at=now)
            earlier_response = Response(workshop_id=earlier.id, item_key=f"action:{previous_action.id}", decision="agreed",
                                        what="Done", created_at=now, updated_at=now)
            session.add_all([response, earlier_response])
            rows = {"workshop": workshop, "phase": phase, "theme": theme, "note": note, "action": action,
                    "previous_action": previous_action, "response": response}
            for name, (where, _lines, _shown) in FIELDS.items():
                kind, attr = where.split(".")
                setattr(rows[kind], attr, value[name])
        return made.code

    return make


def _hostile(name: str) -> str:
    return HOSTILE_LINES if FIELDS[name][1] else HOSTILE


def _visible(rendered: str) -> str:
    """What a reader sees of rendered HTML: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rendered)).split())


def _structure(rendered: str) -> dict[str, int]:
    """How many headings, table cells, list items, quotes and rules the HTML has."""
    tags = ("h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "li", "blockquote", "hr", "pre", "code")
    return {tag: len(re.findall(rf"<{tag}[\s>]", rendered)) for tag in tags}


def _expected(name: str) -> list[str]:
    """What a reader must see of the hostile value, as text, in one piece."""
    if name == "partners":  # one partner per line or comma: "A, B and C" in the introduction, "A, B, C" on the cover
        parts = [p.strip() for p in _hostile(name).split(",")]
        return [", ".join(parts[:-1]) + " and " + parts[-1], ", ".join(parts)]
    if FIELDS[name][2] == "typed":
        return [" ".join(_hostile(name).split())]
    return SHOWN + (SHOWN_LINES if FIELDS[name][1] else [])


def _assert_shown_as_data(rendered: str, baseline: str, name: str, viewer: str) -> None:
    assert not re.search(r"<a[\s>]", rendered), f"{viewer} made a link from the {name}"
    assert not re.search(r"<img[\s>/]", rendered), f"{viewer} made an image from the {name}"
    assert not re.search(r"<[^>]*\b(?:href|src)\s*=", rendered), f"{viewer} made an address live from the {name}"
    assert _structure(rendered) == _structure(baseline), f"{viewer} laid the {name} out as a heading, table, list or code"
    seen = _visible(rendered)
    for words in _expected(name):
        assert " ".join(words.split()) in seen, f"{viewer} did not show the {name} as text: {words!r}"


@pytest.mark.parametrize("name", list(FIELDS))
def test_a_hostile_field_is_text_in_the_markdown_export_for_python_markdown(exporter, make_workshop, name):
    baseline = exporter.export(make_workshop({}), "md").read_text(encoding="utf-8")
    text = exporter.export(make_workshop({name: _hostile(name)}), "md").read_text(encoding="utf-8")
    viewer = markdown.Markdown(extensions=["extra", "sane_lists"])
    rendered = viewer.convert(text)
    assert not viewer.references, f"the {name} made a reference definition: {viewer.references}"
    _assert_shown_as_data(rendered, markdown.Markdown(extensions=["extra", "sane_lists"]).convert(baseline), name, "Python-Markdown")


@pytest.mark.parametrize("name", list(FIELDS))
def test_a_hostile_field_is_text_in_the_markdown_export_for_commonmark(exporter, make_workshop, name):
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py is not installed")
    baseline = exporter.export(make_workshop({}), "md").read_text(encoding="utf-8")
    text = exporter.export(make_workshop({name: _hostile(name)}), "md").read_text(encoding="utf-8")
    viewers = {"CommonMark": markdown_it.MarkdownIt("commonmark")}
    if importlib.util.find_spec("linkify_it"):  # GitHub's flavour and VS Code's preview link bare addresses too
        linking = markdown_it.MarkdownIt("commonmark", {"linkify": True}).enable(["table", "linkify", "strikethrough"])
        assert "<a href" in linking.render("evil.com/login")  # this viewer does link bare addresses
        viewers["GitHub-like (tables, bare addresses linked)"] = linking
    for viewer, parser in viewers.items():
        env: dict = {}
        rendered = parser.render(text, env)
        assert not env.get("references"), f"{viewer}: the {name} made a reference definition"
        _assert_shown_as_data(rendered, parser.render(baseline), name, viewer)


def _unspaced(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _annotations(path) -> list:
    from pypdf import PdfReader

    return [a.get_object() for page in PdfReader(path).pages for a in (page.get("/Annots") or [])]


@needs_poppler
def test_every_hostile_field_prints_as_text_in_the_pdf_report_and_handout(exporter, make_workshop):
    code = make_workshop({name: _hostile(name) for name in FIELDS})
    for fmt in ("pdf", "handout"):
        path = exporter.export(code, fmt)
        raw = path.read_bytes()
        assert b"/URI" not in raw and b"/JavaScript" not in raw and b"/Launch" not in raw, fmt
        assert _annotations(path) == [], f"the {fmt} has clickable areas"
        text = _unspaced(pdf_text(path))  # a long address wraps across lines
        if fmt == "pdf":  # the note, the findings, the actions: each link is its words, then its address
            assert _unspaced("Download the evidence pack (https://evil.example/login)") in text
            assert _unspaced("x (javascript:alert(1))") in text
        else:  # the handout prints words as typed
            assert _unspaced("[Download the evidence pack](https://evil.example/login)") in text


@needs_poppler
def test_a_phishing_link_in_a_note_is_text_in_the_commissioners_pdf(exporter, workshop, join_phone):
    assert join_phone(workshop.code).post("[Download the evidence pack](https://evil.example/login)")["ok"]
    path = exporter.export(workshop.code, "pdf")
    assert _unspaced("Download the evidence pack (https://evil.example/login)") in _unspaced(pdf_text(path))
    assert b"/URI" not in path.read_bytes() and _annotations(path) == []


def test_the_html_report_view_has_no_link_from_any_field(facilitator_client, make_workshop):
    code = make_workshop({name: _hostile(name) for name in FIELDS})
    page = facilitator_client.get(f"/facilitator/w/{code}/report/")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "<a " not in body and "<img" not in body  # the report has no links of its own either
    seen = _visible(body)
    assert "Download the evidence pack (https://evil.example/login)" in seen
    assert "x (javascript:alert(1))" in seen and "pixel (http://evil.example/pixel.png)" in seen


def test_the_console_shows_a_hostile_workshop_without_links_or_images(facilitator_client, make_workshop):
    code = make_workshop({name: _hostile(name) for name in FIELDS})
    body = facilitator_client.get(f"/facilitator/w/{code}").get_data(as_text=True)
    assert [address for address in _addresses(body) if "evil" in address or address.startswith(("javascript", "data:"))] == []


def _addresses(page: str) -> list[str]:
    """Every href and src a browser would follow or fetch on the page."""
    from html.parser import HTMLParser

    found = []

    class Addresses(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(value or "" for name, value in attrs if name in ("href", "src", "action", "formaction"))

    Addresses().feed(page)
    return found


def _csv_text(path) -> str:
    """The file as a spreadsheet reads it: a carriage return inside a cell is kept."""
    return path.read_bytes().decode("utf-8-sig")


FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=["equals", "plus", "minus", "at", "tab", "carriage-return"])
def test_no_csv_cell_starts_a_spreadsheet_formula(exporter, make_workshop, start):
    hostile = start + 'HYPERLINK("http://evil.example/login","Download the evidence pack")'
    code = make_workshop({name: hostile for name in FIELDS})
    notes = list(csv.DictReader(io.StringIO(_csv_text(exporter.export(code, "csv")))))
    [row] = notes
    for column in ("phase", "theme", "note", "translation", "nickname"):
        assert row[column] == "'" + hostile, column
    responses = list(csv.DictReader(io.StringIO(_csv_text(exporter.export(code, "responses-csv")))))
    [answer] = responses
    for column in ("item", "forward_to", "what", "who", "by_when", "fed_into"):
        assert answer[column] == "'" + hostile, column


def test_the_impact_log_exports_a_commissioners_words_as_data():
    from facilitator.reports.responses_export import impact_csv, impact_markdown

    response = {"item_text": HOSTILE, "item": "action:1", "decision_label": "Agreed", "forward_to": "", "what": "=1+1",
                "who": HOSTILE, "by_when": "2026-10-01", "fed_into": HOSTILE, "updated_at": "2026-07-17T12:00:00"}
    entries = [{"workshop": HOSTILE, "code": "ABC123", "workshop_date": "2026-07-17", "response": response}]
    [row] = list(csv.DictReader(io.StringIO(impact_csv(entries))))
    assert row["what"] == "'=1+1"
    rendered = markdown.markdown(impact_markdown(entries), extensions=["extra"])
    assert "<a" not in rendered and "<img" not in rendered
    assert " ".join(HOSTILE.split()) in _visible(rendered)


def test_the_introduction_prints_the_workshop_details_as_typed(facilitator_client, make_workshop):
    code = make_workshop({"workshop title": HOSTILE, "venue": HOSTILE, "facilitator name": HOSTILE, "prepared for": HOSTILE})
    body = facilitator_client.get(f"/facilitator/w/{code}/report/").get_data(as_text=True)
    introduction = re.search(r'<div class="prose">(.*?)</div>', body, re.DOTALL).group(1)
    # Each as typed: its brackets, addresses and *stars* are words here, not a link or emphasis.
    assert _visible(introduction).count(" ".join(HOSTILE.split())) == 4
