"""The translations page's "The facilitator's words" (issue 28, item 1): an interpreter
opens their link, chooses Arabic, translates the question and a theme's name, and a phone
joined in Arabic is sent them; the page lists the words as the room meets them, the
phones' languages first, and gives the interpreter only what the room is shown."""

from __future__ import annotations

import html
import json
import re
import uuid

import pytest

from facilitator.web.views.translations import translate_into, wording_groups
from tests.conftest import received

QUESTION_AR = "ما الذي يساعدك على الحصول على مترجم؟"
THEME_AR = "الحجز والمواعيد"


@pytest.fixture
def interpreter(app, socketio, service, workshop):
    """An interpreter's browser (HTTP) and its Socket.IO connection, through the link."""
    token = service.make_interpreter_link(workshop.code)
    browser = app.test_client()
    assert browser.get(f"/interpret/{workshop.code}/{token}").status_code == 302
    return browser, socketio.test_client(app, flask_test_client=browser)


@pytest.fixture
def theme(service, workshop):
    """A theme in What?, its id."""
    answer = service.create_theme(workshop.code, phase="what", name="Booking and appointments")
    return answer["themes"][-1]["id"]


def page(browser, workshop) -> str:
    response = browser.get(f"/interpret/{workshop.code}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def entries_on(text: str) -> list[dict]:
    """The facilitator's words as the page lists them: subject, field, original, translations."""
    found = re.findall(
        r'<form class="wording-form" data-subject="([^"]+)" data-field="([^"]+)" data-translations=\'([^\']*)\'>'
        r'.*?<div class="wording-original"[^>]*>(.*?)</div>',
        text, re.S,
    )
    return [
        {"subject": s, "field": f, "translations": json.loads(html.unescape(t)), "original": html.unescape(o)}
        for s, f, t, o in found
    ]


def options_on(text: str) -> list[str]:
    choice = re.search(r'<select id="wording-language">(.*?)</select>', text, re.S).group(1)
    return re.findall(r'<option value="([^"]+)"', choice)


def translate(socket, subject, field, text, language="ar"):
    return socket.emit("wording:translate", {"subject": subject, "field": field, "language": language, "text": text}, callback=True)


def test_an_interpreter_translates_the_question_and_a_theme_and_an_arabic_phone_reads_them(
    interpreter, workshop, theme, join_phone
):
    browser, socket = interpreter
    phone = join_phone(workshop.code, language="ar")
    phone.received()

    listed = entries_on(page(browser, workshop))
    assert {"subject": "workshop", "field": "question", "translations": {}, "original": "What helps?"} in listed
    assert {"subject": f"theme:{theme}", "field": "name", "translations": {}, "original": "Booking and appointments"} in listed
    assert options_on(page(browser, workshop))[0] == "ar", "Arabic, the joined phone's language, is not offered first"

    asked = translate(socket, "workshop", "question", QUESTION_AR)
    assert asked["ok"], asked
    assert asked["entry"]["translations"]["ar"] == {"text": QUESTION_AR, "by": "interpreter", "out_of_date": False}
    named = translate(socket, f"theme:{theme}", "name", THEME_AR)
    assert named["ok"], named

    # The Arabic phone is sent both, in the workshop's and the theme's payloads.
    events = phone.client.get_received()
    workshops = [e["args"][0] for e in events if e["name"] == "workshop"]
    themes = [e["args"][0] for e in events if e["name"] == "theme"]
    assert workshops and workshops[-1]["translations"]["question"]["ar"] == QUESTION_AR
    assert any(t["id"] == theme and t["translations"]["name"]["ar"] == THEME_AR for t in themes), themes

    # Opened again, the page shows them as the interpreter's.
    listed = {(e["subject"], e["field"]): e for e in entries_on(page(browser, workshop))}
    assert listed[("workshop", "question")]["translations"]["ar"]["by"] == "interpreter"
    assert listed[(f"theme:{theme}", "name")]["translations"]["ar"]["text"] == THEME_AR


def test_a_renamed_theme_shows_its_translation_as_out_of_date_and_the_phone_the_original(
    interpreter, workshop, theme, join_phone, service
):
    browser, socket = interpreter
    assert translate(socket, f"theme:{theme}", "name", THEME_AR)["ok"]
    phone = join_phone(workshop.code, language="ar")
    phone.received()

    service.rename_theme(workshop.code, theme=theme, name="Booking, appointments and letters")
    sent = [t for t in received(phone.client, "theme") if t["id"] == theme]
    assert sent and sent[-1]["name"] == "Booking, appointments and letters"
    assert "ar" not in sent[-1]["translations"].get("name", {}), "the phone was given a translation of the old name"

    listed = {(e["subject"], e["field"]): e for e in entries_on(page(browser, workshop))}
    entry = listed[(f"theme:{theme}", "name")]
    assert entry["original"] == "Booking, appointments and letters"
    assert entry["translations"]["ar"] == {"text": THEME_AR, "by": "interpreter", "out_of_date": True}


def test_the_interpreter_is_not_given_proposed_actions_nor_who_wrote_notes(
    interpreter, facilitator_client, service, workshop, join_phone
):
    browser, _socket = interpreter
    phone = join_phone(workshop.code, nickname="Samira-Named", language="ar")
    service.set_options(workshop.code, {"show_nicknames": True})
    phone.post("لم يأت المترجم")
    service.set_open_phases(workshop.code, ["now-what"])
    proposed = phone.emit("action:propose", {"id": str(uuid.uuid4()), "text": "Ring the practice every week", "owner": "Samira"})
    assert proposed["ok"], proposed
    service.save_action(workshop.code, str(uuid.uuid4()), {"text": "Letters in the patient's language", "owner": "ICB", "status": "confirmed"})

    interpreters = page(browser, workshop)
    assert "Letters in the patient&#39;s language" in interpreters
    assert "Ring the practice every week" not in interpreters, "the interpreter is shown an action nobody agreed"
    assert "Samira" not in interpreters, "the interpreter page says who wrote a note or proposed an action"

    facilitators = facilitator_client.get(f"/facilitator/w/{workshop.code}/translations").get_data(as_text=True)
    assert "Ring the practice every week" in facilitators and "Letters in the patient&#39;s language" in facilitators


def test_the_words_are_listed_as_the_room_meets_them(facilitator_client, service, workshop, theme):
    service.create_theme(workshop.code, phase="so-what",
                         name="Nobody explains the service")
    service.update_findings(workshop.code, findings="Interpreters are booked late.", recommendations="Book them with the appointment.")
    service.save_action(workshop.code, str(uuid.uuid4()), {"text": "Letters in the patient's language", "owner": "ICB"})
    text = facilitator_client.get(f"/facilitator/w/{workshop.code}/translations").get_data(as_text=True)

    order = [(e["subject"].split(":")[0], e["field"]) for e in entries_on(text)]
    first_phase = order.index(("phase", "title"))
    assert order[:first_phase] == [("workshop", "title"), ("workshop", "question"), ("workshop", "findings"), ("workshop", "recommendations")]
    kinds = [kind for kind, _ in order]
    assert kinds == sorted(kinds, key=["workshop", "phase", "theme", "action"].index), order
    assert order[-2:] == [("action", "text"), ("action", "owner")]
    assert "Key findings (kept with the workshop; not printed yet)" in text
    headings = re.findall(r'<h3 class="wording-group">(.*?)</h3>', text)
    assert headings == ["The workshop", *[f"Phase: {html.escape(p.title)}" for p in workshop.phases], "Themes", "Actions"]
    # Themes follow their phases' order, not their keys' alphabetical order.
    labels = re.findall(r'<p class="wording-label"[^>]*>(Theme in [^<]*)</p>', text)
    assert labels == [f"Theme in {html.escape(workshop.phases[0].title)}", f"Theme in {html.escape(workshop.phases[1].title)}"]


def test_the_language_choice_offers_the_phones_languages_first(facilitator_client, workshop, join_phone):
    for language in ("fa", "fa", "ar", "en"):
        join_phone(workshop.code, language=language)
    text = facilitator_client.get(f"/facilitator/w/{workshop.code}/translations").get_data(as_text=True)
    assert options_on(text) == ["fa", "ar", "ur", "ckb", "ti", "uk", "pl", "ro"]
    assert "Persian (Farsi) (فارسی) — 2 phones" in text and "Arabic (العربية) — 1 phone" in text
    assert 'dir="rtl"' in text.split('<option value="fa"')[1].split(">")[0]


def test_with_no_phone_joined_every_language_is_offered_in_the_phones_order():
    assert [l["code"] for l in translate_into({})] == ["ar", "fa", "ur", "ckb", "ti", "uk", "pl", "ro"]
    assert [l["code"] for l in translate_into({"ro": 3, "": 5, "en": 9})][:2] == ["ro", "ar"]


def test_groups_leave_out_empty_ones_and_keep_an_actions_what_and_who_together():
    entries = [
        {"subject": "workshop", "kind": "workshop", "field": "title", "original": "T", "translations": {}},
        {"subject": "action:a", "kind": "action", "field": "text", "original": "Do", "translations": {}},
        {"subject": "action:a", "kind": "action", "field": "owner", "original": "Me", "translations": {}},
        {"subject": "action:b", "kind": "action", "field": "text", "original": "Do more", "translations": {}},
    ]
    groups = wording_groups(entries, {"what": "What?"}, {}, proposed=frozenset({"b"}))
    assert [g["heading"] for g in groups] == ["The workshop", "Actions"]
    actions = groups[1]["subjects"]
    assert [(a["heading"], [e["label"] for e in a["entries"]]) for a in actions] == [
        ("Action 1", ["What", "Who"]),
        ("", ["Action 2 (proposed by a participant, not agreed yet: the interpreter does not see it): what"]),
    ]
