"""The PDF holds on A4 portrait and prints every word as written (issue 15, items 4–6).

Positions are read back from the PDF with `pdftotext -bbox`: every word drawn must lie
inside the page's text block, so nothing runs off the page or is cut at its edge.
"""

from __future__ import annotations

import uuid

import pytest

from facilitator.reports.build import load_context
from facilitator.store.models import Action, Workshop
from tests.reports.builders import build_realistic_workshop
from tests.reports.conftest import TEXT_BLOCK, pdf_text, pdf_words
from tests.reports.test_pdf import needs_poppler

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 4 + "x" * 20  # 200 letters, no break
LONG_URL = "https://www.leeds.gov.uk/" + "/".join(f"section-{i}-of-the-interpreting-guidance" for i in range(6)) + "?ref=ICB2026"
TIGRINYA = "Interpreters for <Tigrinya> speakers please"


def _outside(words):
    left, right = TEXT_BLOCK
    return [w for w in words if w["x0"] < left - 0.5 or w["x1"] > right + 0.5]


def _set_nicknames(app, code, on=True):
    with app.extensions["db"].session() as session:
        session.query(Workshop).filter_by(code=code).one().show_nicknames = on


@needs_poppler
def test_every_table_and_chart_of_the_realistic_workshop_lies_inside_the_text_block(app, service, exporter):
    code = build_realistic_workshop(service, app.extensions["db"], notes=150)
    _set_nicknames(app, code)  # the widest notes table: note, group, name given, dots
    words = pdf_words(exporter.export(code, "pdf"))
    assert len(words) > 2000
    assert _outside(words) == []
    # Seven groups and the phase titles are printed whole in the chart and the table.
    flat = " ".join(w["text"] for w in words)
    for label in ("Voluntary or community group (VCSE)", "Not stated", "What? What people see happening"):
        assert label in flat


@needs_poppler
def test_headers_never_overlap(app, service, exporter, workshop, join_phone):
    _set_nicknames(app, workshop.code)
    phone = join_phone(workshop.code, nickname="N" * 40)
    phone.post("A note that got a dot")
    words = pdf_words(exporter.export(workshop.code, "pdf"))
    for page in {w["page"] for w in words}:
        on_page = sorted((w for w in words if w["page"] == page), key=lambda w: (round(w["y0"]), w["x0"]))
        for a, b in zip(on_page, on_page[1:]):
            if abs(a["y0"] - b["y0"]) < 1 and a["x1"] > b["x0"] + 0.5:
                pytest.fail(f"'{a['text']}' overlaps '{b['text']}' on page {page}")


@needs_poppler
def test_long_unbroken_text_and_tag_like_words_print_whole_inside_their_cells(app, service, exporter, workshop, join_phone):
    _set_nicknames(app, workshop.code)
    phone = join_phone(workshop.code, nickname="Z" * 40)
    for text in (LONG_WORD, LONG_URL, TIGRINYA, "<b>", "Number 4407700900123440770090012344077009001234 again"):
        assert phone.post(text)["ok"]
    with app.extensions["db"].session() as session:
        w = session.query(Workshop).filter_by(code=workshop.code).one()
        session.add(Action(workshop_id=w.id, id=str(uuid.uuid4()), text=f"Read {LONG_URL} and act", owner="O" * 200,
                           status="confirmed"))
    path = exporter.export(workshop.code, "pdf")
    words = pdf_words(path)
    assert _outside(words) == []
    joined = "".join(w["text"] for w in words)
    for whole in (LONG_WORD, LONG_URL, "O" * 200, "Z" * 40, "<Tigrinya>", "<b>"):
        assert whole in joined, whole[:30]
    assert TIGRINYA in " ".join(pdf_text(path).split())
    markdown = exporter.export(workshop.code, "md").read_text(encoding="utf-8")
    assert "Interpreters for &lt;Tigrinya\\> speakers please" in markdown
    import markdown as md

    assert "Interpreters for &lt;Tigrinya&gt; speakers please" in md.markdown(markdown, extensions=["tables"])


def test_the_report_page_prints_tag_like_words_as_text(facilitator_client, workshop, join_phone):
    join_phone(workshop.code).post(TIGRINYA)
    page = facilitator_client.get(f"/facilitator/w/{workshop.code}/report/").get_data(as_text=True)
    assert "Interpreters for &lt;Tigrinya&gt; speakers please" in page


@needs_poppler
def test_a_note_nested_120_deep_exports_as_text_and_the_facilitator_is_told(app, service, exporter, workshop, join_phone):
    hostile = "* " * 120 + "x"
    assert len(hostile) == 241
    phone = join_phone(workshop.code)
    phone.post(hostile)
    phone.post("> " * 60 + "quoted")
    phone.post("An ordinary note")
    text = pdf_text(exporter.export(workshop.code, "pdf"))
    assert "An ordinary note" in text and "x" in text and "quoted" in text
    r = load_context(app.extensions["db"], service.templates, workshop.code)
    assert all(n.html.count("<ul>") <= 4 for n in r.phases[0].notes)
    assert exporter.export(workshop.code, "md").read_text(encoding="utf-8")


def test_a_note_that_cannot_render_is_printed_plain_and_named(monkeypatch, app, service, workshop, join_phone):
    from facilitator.reports import markup

    join_phone(workshop.code).post("This one breaks the renderer")
    join_phone(workshop.code).post("This one is fine")
    real = markup.safe_html

    def breaks(text, hard_breaks=True):
        if "breaks" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(text, hard_breaks)

    monkeypatch.setattr(markup, "safe_html", breaks)
    r = load_context(app.extensions["db"], service.templates, workshop.code)
    assert [n.text for n in r.printed_plain] == ["This one breaks the renderer"]
    assert r.printed_plain[0].html == "<p>This one breaks the renderer</p>"


URDU = "میں ئینگلیزی نہیں بولتا"
KURDISH = "من بە ئینگلیزی قسە ناکەم، ئێمە پێویستمان بە وەرگێڕە"
ARABIC = "لم يأت المترجم ولم أفهم ما قاله الطبيب"
ARABIC_WITH_KASRA = "لم يأتِ المترجم"
TIGRINYA_WORDS = "ተርጓሚ ኣይመጸን ንሓኪም ኣይተረድኣንን"


@needs_poppler
@pytest.mark.parametrize("said", [URDU, KURDISH, ARABIC, TIGRINYA_WORDS])
def test_the_text_layer_gives_back_every_character_drawn(exporter, workshop, join_phone, said):
    join_phone(workshop.code).post(said)
    join_phone(workshop.code).post("ینگلیزی " + said)  # the same glyphs in another order, in the same PDF
    text = pdf_text(exporter.export(workshop.code, "pdf"))
    for word in said.replace("،", " ").split():
        assert word in text, word


@needs_poppler
@pytest.mark.xfail(strict=True, reason=(
    "WeasyPrint 70 maps each glyph to one text in the font's ToUnicode: a vowel mark drawn in the "
    "same cluster as a letter already seen alone (تِ after ت) is dropped from the text layer"))
def test_arabic_vowel_marks_come_back_from_the_text_layer(exporter, workshop, join_phone):
    join_phone(workshop.code).post("المترجم")
    join_phone(workshop.code).post(ARABIC_WITH_KASRA)
    assert "يأتِ" in pdf_text(exporter.export(workshop.code, "pdf"))


@needs_poppler
def test_a_line_separator_prints_as_a_line_break_not_a_box(exporter, workshop, join_phone):
    join_phone(workshop.code).post("First line\u2028second line\u2029third")
    text = pdf_text(exporter.export(workshop.code, "pdf"))
    assert "\u2028" not in text and "\u2029" not in text
    assert "First line\nsecond line" in text
