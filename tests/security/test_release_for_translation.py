"""Issue 21: a note off the board reaches the interpreter only when the facilitator
releases it — under pre-moderation the facilitator often cannot read an Arabic or
Tigrinya note until it is translated, and must not put it before the room to get it read.

The interpreter then sees its words and language, marked "not on the board", never who
wrote it; the room still sees nothing of it; taking it back ends the interpreter's access.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import received

PENDING_WORDS = "الموعد ألغي مرتين ولم يخبرني أحد"
HIDDEN_WORDS = "اسم الموظفة في العيادة هو"
NICKNAME = "Samira-Named"


@pytest.fixture
def csrf(facilitator_client, workshop):
    facilitator_client.get(f"/facilitator/w/{workshop.code}/translations")
    with facilitator_client.session_transaction() as s:
        token = s.get("csrf")
    assert token
    return token


@pytest.fixture
def interpreter(app, socketio, service, workshop):
    token = service.make_interpreter_link(workshop.code)
    browser = app.test_client()
    assert browser.get(f"/interpret/{workshop.code}/{token}").status_code == 302
    return browser, socketio.test_client(app, flask_test_client=browser)


@pytest.fixture
def off_board(service, workshop, join_phone):
    """An Arabic phone with a nickname shown; one note waiting for approval, one hidden."""
    service.set_options(workshop.code, {"show_nicknames": True, "premoderation": True})
    phone = join_phone(workshop.code, nickname=NICKNAME, language="ar")
    pending = phone.post(PENDING_WORDS)["note"]["id"]
    service.set_options(workshop.code, {"premoderation": False})
    hidden = phone.post(HIDDEN_WORDS)["note"]["id"]
    service.set_note_hidden(workshop.code, hidden, True)
    return pending, hidden


def release(facilitator_client, workshop, csrf, note, released="1"):
    return facilitator_client.post(
        f"/facilitator/w/{workshop.code}/translations/release",
        data={"note": note, "released": released, "csrf_token": csrf},
    )


def translate(interpreter_socket, note, text="Translated"):
    return interpreter_socket.emit("note:translate", {"id": note, "text": text}, callback=True)


def test_a_pending_note_is_the_interpreters_only_once_the_facilitator_releases_it(
    facilitator_client, workshop, csrf, interpreter, off_board, board_socket, service
):
    browser, interpreter_socket = interpreter
    pending, hidden = off_board
    page = browser.get(f"/interpret/{workshop.code}").get_data(as_text=True)
    assert PENDING_WORDS not in page and HIDDEN_WORDS not in page
    assert translate(interpreter_socket, pending)["error"]["code"] == "unknown_note"

    facilitators_page = facilitator_client.get(f"/facilitator/w/{workshop.code}/translations").get_data(as_text=True)
    assert PENDING_WORDS in facilitators_page and "Waiting for approval: not on the board." in facilitators_page
    assert "The interpreter cannot see it." in facilitators_page

    answer = release(facilitator_client, workshop, csrf, pending)
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"#t-{pending}")
    assert "The interpreter can see and translate it." in facilitator_client.get(
        f"/facilitator/w/{workshop.code}/translations"
    ).get_data(as_text=True)

    page = browser.get(f"/interpret/{workshop.code}").get_data(as_text=True)
    assert PENDING_WORDS in page
    assert "Not on the board: the facilitator asked for this note to be translated before deciding on it." in page
    assert NICKNAME not in page, "the interpreter page shows who wrote a released note"
    assert HIDDEN_WORDS not in page, "releasing one note released another"

    done = translate(interpreter_socket, pending, "The appointment was cancelled twice and nobody told me")
    assert done["ok"], done
    assert done["note"]["released"] is True and NICKNAME not in json.dumps(done, ensure_ascii=False)

    # The room never sees the note's words: the board only ever had tombstones of it.
    assert PENDING_WORDS not in json.dumps(received(board_socket, "note"), ensure_ascii=False)
    # The facilitator reads the translation before deciding.
    with service.db.reading() as session:
        from facilitator.store.models import Note

        note = session.get(Note, (workshop.id, pending))
        assert note.translation_text.startswith("The appointment was cancelled")
        assert not note.approved


def test_taking_a_note_back_ends_the_interpreters_access(facilitator_client, workshop, csrf, interpreter, off_board):
    browser, interpreter_socket = interpreter
    _pending, hidden = off_board
    release(facilitator_client, workshop, csrf, hidden)
    assert HIDDEN_WORDS in browser.get(f"/interpret/{workshop.code}").get_data(as_text=True)
    assert translate(interpreter_socket, hidden)["ok"]

    taken = release(facilitator_client, workshop, csrf, hidden, released="0")
    assert taken.status_code == 302
    assert HIDDEN_WORDS not in browser.get(f"/interpret/{workshop.code}").get_data(as_text=True)
    assert translate(interpreter_socket, hidden)["error"]["code"] == "unknown_note"


def test_the_release_form_refuses_what_is_not_a_facilitators_clear_choice(facilitator_client, workshop, csrf, interpreter, off_board, app):
    browser, _socket = interpreter
    pending, _hidden = off_board
    assert release(facilitator_client, workshop, csrf, pending, released="maybe").status_code == 400
    unknown = release(facilitator_client, workshop, csrf, "no-such-note")
    assert unknown.status_code == 302
    assert "not" in facilitator_client.get(unknown.headers["Location"]).get_data(as_text=True).lower()
    # Neither the interpreter nor a stranger may release anything.
    assert browser.post(f"/facilitator/w/{workshop.code}/translations/release", data={"note": pending, "released": "1"}).status_code in (302, 403)
    assert PENDING_WORDS not in browser.get(f"/interpret/{workshop.code}").get_data(as_text=True)
    assert app.test_client().post(f"/facilitator/w/{workshop.code}/translations/release", data={"note": pending, "released": "1"}).status_code in (302, 403)
