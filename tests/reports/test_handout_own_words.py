"""The Arabic handout prints the facilitator's own words in Arabic once an interpreter has
translated them (issue 28, item 1): the question, the themes, the actions and who does
them. What nobody has translated yet is printed as written, marked so in Arabic.
Read back from the PDF, as a participant would read the paper."""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
import uuid
from pathlib import Path

import pytest

from facilitator.reports.handout import _translations
from tests.reports.conftest import pdf_text

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

# Arabic chosen without lam-alef (لا، لأ، لإ) or lam-alif maqsura (لى): pdftotext reads
# those ligatures back in the wrong order, though the PDF draws them right.
TITLE = ("Interpreting in primary care", "الترجمة في العيادة")
QUESTION = ("What would make interpreting work?", "ما الذي يجعل الترجمة تنجح؟")
THEMES = [  # (English name, its Arabic translation or None, notes under it)
    ("Interpreters not booked", "لم يتم حجز المترجمين", 3),
    ("Letters only in English", "الرسائل ليست بلغتنا", 2),
    ("Long waits on the telephone", "انتظار طويل في الهاتف", 2),
    ("Reception staff training", None, 1),
]
ACTIONS = [  # (text, owner, Arabic text, Arabic owner or None)
    ("Book the interpreter when the appointment is made", "Practice managers", "احجزوا المترجم عند تحديد الموعد", "مديرو العيادات"),
    ("Send appointment letters in the patient's language", "Hospital outpatients team", "أرسلوا رسائل المواعيد بلغة المريض", None),
]
NOTE = "The receptionist did not book an interpreter"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


def _translate(service, code, subject, field, text):
    """As the interpreter does it, through the interpreter's use case (wording:translate)."""
    answer = service.translate_wording(code, subject, field, "ar", text, by="interpreter")
    assert answer["entry"]["translations"]["ar"]["text"] == text, answer


@pytest.fixture
def translated_workshop(service, join_phone):
    """A workshop whose title, question, three of four themes and both actions are in Arabic too."""
    code = service.create_workshop("adaptive-action", title=TITLE[0], question=QUESTION[0], date="2026-07-17").code
    service.set_open_phases(code, ["what", "so-what", "now-what"])
    phone = join_phone(code, group="lived-experience")
    for name, _arabic, count in THEMES:
        ids = [phone.post(f"{NOTE} ({name}, {i})")["note"]["id"] for i in range(count)]
        theme = service.create_theme(code, phase="what", name=name, notes=ids)["themes"][0]
        if _arabic:
            _translate(service, code, f"theme:{theme['id']}", "name", _arabic)
    for text, owner, arabic, arabic_owner in ACTIONS:
        action = service.save_action(code, str(uuid.uuid4()), {"text": text, "owner": owner, "due": "2026-09-30"})["action"]
        _translate(service, code, f"action:{action['id']}", "text", arabic)
        if arabic_owner:
            _translate(service, code, f"action:{action['id']}", "owner", arabic_owner)
    _translate(service, code, "workshop", "title", TITLE[1])
    _translate(service, code, "workshop", "question", QUESTION[1])
    return code


@pytest.fixture
def arabic_handout(exporter, translated_workshop):
    """The Arabic handout's text; the PDF itself is copied to $HANDOUT_SHOTS when set (to look at)."""
    path = exporter.export(translated_workshop, "handout", language="ar")
    if os.environ.get("HANDOUT_SHOTS"):
        Path(os.environ["HANDOUT_SHOTS"]).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(os.environ["HANDOUT_SHOTS"]) / path.name)
    return flat(pdf_text(path))


@needs_poppler
def test_the_arabic_handout_prints_the_translated_words_and_not_the_english(arabic_handout):
    text = arabic_handout
    arabic = [TITLE[1], QUESTION[1]] + [a for _n, a, _c in THEMES if a] + [a for _t, _o, a, _ao in ACTIONS] + ["مديرو العيادات"]
    missing = [words for words in arabic if flat(words) not in text]
    assert missing == [], missing
    english = [TITLE[0], QUESTION[0]] + [n for n, a, _c in THEMES if a] + [t for t, _o, _a, _ao in ACTIONS] + ["Practice managers"]
    assert [words for words in english if words in text] == []


@needs_poppler
def test_what_nobody_translated_is_printed_as_written_and_marked(arabic_handout):
    mark = flat(_translations("ar").gettext("Not yet translated"))  # the catalogue's words, English until translated
    text = arabic_handout
    assert "Reception staff training" in text  # the untranslated theme, as the facilitator wrote it
    assert text.count(mark) == 2, text  # that theme and the owner nobody translated ("Hospital outpatients team")
    theme_at, mark_at = text.index("Reception staff training"), text.index(mark)
    assert "Hospital outpatients team" in text
    assert abs(mark_at - theme_at) < 60  # beside it, not somewhere else on the page


def test_the_english_handout_prints_the_facilitators_words_unmarked(exporter, translated_workshop, app):
    from facilitator.reports.handout import handout_html_for

    html = handout_html_for(exporter.db.url, str(app.config["SETTINGS"].templates_dir), translated_workshop, "en")
    assert TITLE[0] in html and QUESTION[0] in html and "Reception staff training" in html
    assert "Not yet translated" not in html and TITLE[1] not in html


def test_a_translation_made_before_the_words_changed_is_not_printed(exporter, translated_workshop, service, app):
    from facilitator.reports.handout import handout_html_for

    service.update_details(translated_workshop, {"question": "What would make interpreting work for you?"})
    html = handout_html_for(exporter.db.url, str(app.config["SETTINGS"].templates_dir), translated_workshop, "ar")
    assert QUESTION[1] not in html  # out of date: the reader is given the new English and the mark
    assert 'lang="en" dir="ltr">What would make interpreting work for you?</span>' in html
    assert TITLE[1] in html  # the title did not change: its translation still holds


def test_a_phone_suggested_arabic_action_carries_its_english_translation_into_the_report(app, service, join_phone):
    """The report prints an action in the report's language: a phone's Arabic suggestion,
    once translated into English, carries that translation (marked by whom)."""
    from facilitator.reports.build import load_context

    code = service.create_workshop("adaptive-action", title=TITLE[0]).code
    service.set_open_phases(code, ["what", "so-what", "now-what"])
    phone = join_phone(code, group="lived-experience", language="ar")
    suggested = "نريد مترجماً يتكلم لهجتنا في كل موعد"
    action_id = str(uuid.uuid4())
    assert phone.emit("action:propose", {"id": action_id, "text": suggested})["ok"]
    service.save_action(code, action_id, {"status": "confirmed"})
    before = next(a for a in load_context(app.extensions["db"], service.templates, code).actions if a.id == action_id)
    assert before.proposed and before.translation is None and before.untranslated_in == "Arabic"
    service.translate_wording(code, f"action:{action_id}", "text", "en", "An interpreter who speaks our dialect", by="interpreter")
    after = next(a for a in load_context(app.extensions["db"], service.templates, code).actions if a.id == action_id)
    assert after.text == suggested  # the participant's own words stay first
    assert after.translation.text == "An interpreter who speaks our dialect"
    assert after.translation.label == "Translated by an interpreter" and after.untranslated_in == ""

