"""Issue 28, item 1, over Socket.IO: `wording:translate` puts the facilitator's words into a
participant's language, and every phone and board gets them at once, with the rest of the
workshop's state; a phone, or anyone without a facilitator's sign-in or an interpreter
link, cannot."""

from __future__ import annotations

import pytest

from tests.conftest import received

QUESTION_AR = "ما الذي يساعد؟"
THEME_TI = "ምዝገባን ተሌፎንን"


@pytest.fixture
def interpreter(app, socketio, service, workshop):
    token = service.make_interpreter_link(workshop.code)
    browser = app.test_client()
    assert browser.get(f"/interpret/{workshop.code}/{token}").status_code == 302
    return socketio.test_client(app, flask_test_client=browser)


def translate(client, subject, field, language, text):
    return client.emit("wording:translate", {"subject": subject, "field": field, "language": language, "text": text}, callback=True)


def test_the_question_in_arabic_reaches_an_arabic_phone_and_the_board_at_once(console_socket, board_socket, join_phone, workshop):
    phone = join_phone(workshop.code, language="ar")
    phone.received()
    answer = translate(console_socket, "workshop", "question", "ar", QUESTION_AR)
    assert answer["ok"] and answer["entry"]["translations"]["ar"] == {"text": QUESTION_AR, "by": "facilitator", "out_of_date": False}
    [state] = phone.received("workshop")
    assert state["question"] == "What helps?" and state["translations"]["question"] == {"ar": QUESTION_AR}
    [board_state] = received(board_socket, "workshop")
    assert board_state["translations"]["question"]["ar"] == QUESTION_AR


def test_a_theme_name_translated_by_the_interpreter_reaches_the_room_as_the_theme(console_socket, interpreter, join_phone, workshop):
    theme = console_socket.emit("theme:create", {"phase": "what", "name": "Booking and the phone line"}, callback=True)["themes"][0]
    phone = join_phone(workshop.code, language="ti")
    phone.received()
    assert translate(interpreter, f"theme:{theme['id']}", "name", "ti", THEME_TI)["ok"]
    [sent] = [t for t in phone.received("theme") if t["id"] == theme["id"]]
    assert sent["name"] == "Booking and the phone line" and sent["translations"] == {"name": {"ti": THEME_TI}}
    # A phone joining later (or catching up) gets it in its first picture of the room.
    late = join_phone(workshop.code, language="ti")
    [listed] = [t for t in late.answer["themes"] if t["id"] == theme["id"]]
    assert listed["translations"] == {"name": {"ti": THEME_TI}}


def test_a_phone_cannot_translate_and_nothing_changes(join_phone, workshop, service):
    phone = join_phone(workshop.code, language="ar")
    answer = phone.emit("wording:translate", {"subject": "workshop", "field": "question", "language": "ar", "text": "مزيف"})
    assert not answer["ok"] and answer["error"]["code"] == "not_allowed"
    assert service.get_workshop(workshop.code).translations in ("{}", "", None)


def test_an_interpreter_whose_link_was_revoked_is_refused(interpreter, service, workshop):
    assert translate(interpreter, "workshop", "question", "ar", QUESTION_AR)["ok"]
    service.revoke_interpreter_link(workshop.code)
    refused = translate(interpreter, "workshop", "question", "ar", "غير ذلك")
    assert not refused["ok"] and refused["error"]["code"] == "not_allowed"


def test_refusals_come_in_the_translators_words(console_socket):
    unknown = translate(console_socket, "workshop", "question", "xx", "x")
    assert not unknown["ok"] and unknown["error"]["code"] == "unknown_language"
    too_long = translate(console_socket, "workshop", "question", "ar", "ب" * 2001)
    assert not too_long["ok"] and "2000" in too_long["error"]["message"]
