"""Issue 12, item 4: one person, one voice. Re-joining without an id gives the same
person back (from the connection, or from the phone's cookie), so it grants no fresh
dots or note allowance; new people are limited per connection and per address."""

from __future__ import annotations

import uuid

from facilitator.guards import NEW_PEOPLE_PER_CONNECTION
from facilitator.security import RateLimiter


def test_rejoining_on_the_same_connection_without_an_id_is_the_same_person(socketio, app, service, workshop):
    phone = socketio.test_client(app)
    first = phone.emit("phone:join", {"code": workshop.code}, callback=True)
    note = phone.emit("note:post", {"id": str(uuid.uuid4()), "phase": "what", "text": "one"}, callback=True)["note"]
    service.open_voting(workshop.code, phase="what", dots=3)
    dots = []
    for _ in range(10):  # the attack: re-join for a fresh person, spend their dots
        again = phone.emit("phone:join", {"code": workshop.code}, callback=True)
        assert again["participant"]["id"] == first["participant"]["id"]
        dots.append(phone.emit("vote:add", {"kind": "note", "id": note["id"]}, callback=True))
    assert [d["ok"] for d in dots] == [True] * 3 + [False] * 7
    assert _people(app, workshop) == 1


def test_a_phone_that_lost_its_local_storage_gets_its_person_back_from_the_cookie(socketio, app, workshop):
    browser = app.test_client()
    assert browser.get(f"/j/{workshop.code}").status_code == 200  # the page gives the phone its seat
    first = socketio.test_client(app, flask_test_client=browser).emit("phone:join", {"code": workshop.code}, callback=True)
    # A new connection (the phone reloaded), and no id sent: localStorage was cleared.
    later = socketio.test_client(app, flask_test_client=browser).emit("phone:join", {"code": workshop.code}, callback=True)
    assert later["ok"] and later["participant"]["id"] == first["participant"]["id"]
    assert _people(app, workshop) == 1


def test_a_connection_cannot_make_more_than_a_few_new_people(socketio, app, service, workshop):
    others = [service.create_workshop("adaptive-action", title=f"Other {n}").code for n in range(NEW_PEOPLE_PER_CONNECTION + 1)]
    phone = socketio.test_client(app)
    answers = [phone.emit("phone:join", {"code": code}, callback=True) for code in others]
    assert [a["ok"] for a in answers] == [True] * NEW_PEOPLE_PER_CONNECTION + [False]
    assert answers[-1]["error"]["code"] == "slow_down"


def test_new_people_from_one_address_are_rate_limited(socketio, app, workshop):
    # The real numbers (120 at once, then one a second) with a slower refill, so the test
    # machine's speed cannot refill the bucket while it runs.
    limit = app.extensions["limits"].new_participants.burst
    app.extensions["limits"].new_participants = RateLimiter(per_second=0.001, burst=limit)
    answers = [
        socketio.test_client(app).emit("phone:join", {"code": workshop.code}, callback=True) for _ in range(limit + 5)
    ]
    refused = [a for a in answers if not a["ok"]]
    assert len(refused) == 5
    assert {a["error"]["code"] for a in refused} == {"slow_down"}
    assert _people(app, workshop) == limit


def _people(app, workshop) -> int:
    from facilitator.models import Participant

    with app.extensions["db"].reading() as session:
        return session.query(Participant).filter_by(workshop_id=workshop.id).count()
