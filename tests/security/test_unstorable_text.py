"""Issue 12, item 13: text that cannot be stored (a lone surrogate, sent as a JSON escape)
is refused with `invalid` in every field — never `server_error`.

A property over every text field a phone or a facilitator can send, with arbitrary code
points including surrogates."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Every code point, surrogates included (Hypothesis leaves them out unless asked).
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=()), max_size=30)
WITH_SURROGATE = st.builds(lambda a, s, b: a + s + b, ANY_TEXT, st.sampled_from(["\ud800", "\udfff", "\udc80"]), ANY_TEXT)


def has_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


# (who sends it, event, the field under test, the rest of the payload: ids filled in below)
FIELDS = [
    ("phone", "phone:join", "nickname", {}),
    ("phone", "phone:join", "table", {}),
    ("phone", "note:post", "text", {"phase": "what"}),
    ("phone", "action:propose", "text", {}),
    ("phone", "action:propose", "owner", {"text": "Ask the GP"}),
    ("console", "note:scribe", "text", {"phase": "what"}),
    ("console", "note:scribe", "table", {"phase": "what", "text": "said aloud"}),
    ("console", "note:scribe", "translation", {"phase": "what", "text": "said aloud"}),
    ("console", "workshop:update", "title", {}),
    ("console", "workshop:update", "question", {}),
    ("console", "workshop:update", "venue", {}),
    ("console", "theme:create", "name", {"phase": "what"}),
    ("console", "theme:rename", "name", {}),
    ("console", "action:save", "text", {}),
    ("console", "action:save", "owner", {"text": "Ask the GP"}),
    ("console", "action:save", "outcome", {"text": "Ask the GP"}),
    ("console", "note:translate", "text", {}),
    ("console", "cycle:next", "title", {}),
]


@pytest.fixture
def room(workshop, join_phone, console_socket, service):
    service.set_open_phases(workshop.code, ["what", "so-what", "now-what"])
    phone = join_phone(workshop.code)
    note = phone.post("a note to translate")["note"]
    theme = console_socket.emit("theme:create", {"phase": "what", "name": "Interpreters"}, callback=True)
    return {"phone": phone, "console": console_socket, "note": note["id"],
            "theme": theme["themes"][0]["id"], "code": workshop.code}


def send(room, who, event, field, text, rest):
    payload = {**rest, field: text}
    if event in ("note:post", "note:scribe", "action:propose"):
        payload["id"] = str(uuid.uuid4())
    if event == "phone:join":
        payload["code"] = room["code"]
    if event == "theme:rename":
        payload["theme"] = room["theme"]
    if event == "note:translate":
        payload["id"] = room["note"]
    if who == "phone":
        return room["phone"].emit(event, payload)
    return room["console"].emit(event, payload, callback=True)


@pytest.mark.parametrize("who,event,field,rest", FIELDS, ids=[f"{e}.{f}" for _, e, f, _ in FIELDS])
def test_a_lone_surrogate_in_any_field_is_refused_as_invalid(room, who, event, field, rest):
    answer = send(room, who, event, field, "Interpreters\ud800", rest)
    assert answer["ok"] is False
    assert answer["error"]["code"] == "invalid"
    assert "cannot be saved" in answer["error"]["message"]


@pytest.mark.parametrize("who,event,field,rest", FIELDS, ids=[f"{e}.{f}" for _, e, f, _ in FIELDS])
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(ANY_TEXT, WITH_SURROGATE))
def test_any_code_points_in_any_field_get_an_answer_never_a_crash(room, who, event, field, rest, text):
    answer = send(room, who, event, field, text, rest)
    assert answer is not None
    if not answer["ok"]:
        assert answer["error"]["code"] != "server_error", answer
    if has_surrogate(text):
        assert answer["ok"] is False and answer["error"]["code"] == "invalid"


def test_surrogate_bytes_in_a_form_or_link_never_crash_a_page(client, facilitator_client, workshop):
    """Over HTTP a surrogate can only arrive as its UTF-8-like bytes (%ED%A0%80): they are
    read as U+FFFD, and the page answers (the before_request check refuses anything that
    still could not be stored)."""
    assert client.get("/join?code=AB%ED%A0%80").status_code == 404
    assert client.get("/j/AB%ED%A0%80").status_code == 404
    page = facilitator_client.get("/facilitator/?q=%ED%A0%80")
    assert page.status_code == 200
