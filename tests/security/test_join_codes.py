"""Issue 12, item 3: join codes cannot be enumerated, and put-away workshops take nobody.

Every path that looks up a code shares one limiter per address; every failed lookup
answers exactly like "no such workshop".
"""

from __future__ import annotations

import pytest

UNKNOWN = "ZZZZ99"


def phone_socket(socketio, app):
    """A socket from 127.0.0.1, the same address as the page client (Flask's test client)."""
    return socketio.test_client(app, flask_test_client=app.test_client())


def console_join(socketio, app, code):
    client = phone_socket(socketio, app)  # not signed in: not allowed to open any console
    return client.emit("console:join", {"code": code}, callback=True)


def board_join(socketio, app, code, key):
    return phone_socket(socketio, app).emit("board:join", {"code": code, "key": key}, callback=True)


def test_console_join_answers_the_same_for_no_such_workshop_and_not_allowed(socketio, app, workshop):
    unknown = console_join(socketio, app, UNKNOWN)
    not_allowed = console_join(socketio, app, workshop.code)
    assert unknown == not_allowed
    assert unknown["error"]["code"] == "unknown_workshop"


def test_board_join_answers_the_same_for_no_such_workshop_and_a_wrong_key(socketio, app, workshop):
    unknown = board_join(socketio, app, UNKNOWN, "guess")
    wrong_key = board_join(socketio, app, workshop.code, "guess")
    assert unknown == wrong_key


def test_the_phone_page_of_an_archived_workshop_is_the_same_404_as_an_unknown_code(client, service, workshop):
    service.set_status(workshop.code, "closed")
    service.set_status(workshop.code, "archived")
    unknown = client.get(f"/j/{UNKNOWN}")
    archived = client.get(f"/j/{workshop.code}")
    assert archived.status_code == unknown.status_code == 404
    assert archived.get_data(as_text=True).replace(workshop.code, UNKNOWN) == unknown.get_data(as_text=True)


@pytest.mark.parametrize("path", ["console", "board", "page", "form"])
def test_wrong_codes_on_any_path_use_up_the_same_tries_as_phone_join(socketio, app, client, workshop, path):
    guesses = {
        "console": lambda: console_join(socketio, app, UNKNOWN),
        "board": lambda: board_join(socketio, app, UNKNOWN, "x"),
        "page": lambda: client.get(f"/j/{UNKNOWN}"),
        "form": lambda: client.get(f"/join?code={UNKNOWN}"),
    }[path]
    for _ in range(10):
        guesses()
    # Ten wrong codes on another path: now even the right code waits, on the phone...
    phone = phone_socket(socketio, app).emit("phone:join", {"code": workshop.code}, callback=True)
    assert phone["error"]["code"] == "too_many_tries"
    # ...and on the page.
    page = client.get(f"/j/{workshop.code}")
    assert page.status_code == 429


def test_guessing_through_the_phone_page_is_limited(client, workshop):
    answers = [client.get(f"/j/ZZZZ{n:02d}").status_code for n in range(12)]
    assert answers[:10] == [404] * 10
    assert answers[10:] == [429, 429]


def test_an_archived_workshop_takes_no_join_and_answers_like_an_unknown_code(socketio, app, service, workshop, join_phone):
    phone = join_phone(workshop.code)
    service.set_status(workshop.code, "closed")
    service.set_status(workshop.code, "archived")
    fresh = phone_socket(socketio, app).emit("phone:join", {"code": workshop.code}, callback=True)
    unknown = phone_socket(socketio, app).emit("phone:join", {"code": UNKNOWN}, callback=True)
    again = phone.emit("phone:join", {"code": workshop.code, "participant": phone.answer["participant"]["id"]})
    assert fresh == unknown == again
    assert not fresh["ok"]


def test_a_closed_workshop_takes_no_new_participants_and_its_count_stays(socketio, app, service, workshop, join_phone):
    phone = join_phone(workshop.code)
    service.set_status(workshop.code, "closed")
    before = service.get_workshop(workshop.code)
    for _ in range(5):
        answer = phone_socket(socketio, app).emit("phone:join", {"code": workshop.code, "group": ""}, callback=True)
        assert answer["error"]["code"] == "workshop_closed"
    # The phone that took part can still come back to read the board.
    back = phone.emit("phone:join", {"code": workshop.code, "participant": phone.answer["participant"]["id"]})
    assert back["ok"]
    with app.extensions["db"].reading() as session:
        from facilitator.store.models import Participant

        assert session.query(Participant).filter_by(workshop_id=before.id).count() == 1
