"""Issue 12, item 4: one person, one voice. Re-joining without an id gives the same
person back (from the connection, or from the phone's cookie), so it grants no fresh
dots or note allowance; new people are limited per connection and per address."""

from __future__ import annotations

import uuid

from facilitator.web.guards import NEW_PEOPLE_PER_CONNECTION
from facilitator.web.security import RateLimiter


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
    from facilitator.store.models import Participant

    with app.extensions["db"].reading() as session:
        return session.query(Participant).filter_by(workshop_id=workshop.id).count()


# ---- row 10 (issue 21): a script minting voters from one address ---------------------


def _from(app, address):
    """A browser on another network address (a venue's Wi-Fi, a mobile network)."""
    browser = app.test_client()
    browser.environ_base["REMOTE_ADDR"] = address
    return browser


def _script(socketio, app, workshop, how_many, note_id, address="10.0.0.66", dots=3):
    """The attack from outside: fresh sockets from one address, each a fresh person,
    each spending every dot on one note."""
    browser = _from(app, address)
    voters = []
    for _ in range(how_many):
        voter = socketio.test_client(app, flask_test_client=browser)
        assert voter.emit("phone:join", {"code": workshop.code}, callback=True)["ok"]
        for _ in range(dots):
            assert voter.emit("vote:add", {"kind": "note", "id": note_id}, callback=True)["ok"]
        voters.append(voter)
    return voters


def _latest_votes(client):
    return [e["args"][0] for e in client.get_received() if e["name"] == "votes"][-1]


def test_a_script_minting_voters_from_one_address_is_shown_to_the_facilitator_who_discards_their_dots(
    socketio, app, service, workshop, join_phone, console_socket, board_socket
):
    room = [join_phone(workshop.code) for _ in range(5)]
    target = room[0].post("The interpreter never came")["note"]["id"]
    other = room[1].post("Letters only in English")["note"]["id"]
    service.open_voting(workshop.code, phase="what", dots=3)
    for phone in room:
        assert phone.emit("vote:add", {"kind": "note", "id": other})["ok"]

    script = _script(socketio, app, workshop, 100, target)

    alert = _latest_votes(console_socket)["arrivals"]
    assert [(a["people"], a["silent"], a["dots"]) for a in alert] == [(100, 100, 300)]
    assert "arrivals" not in _latest_votes(board_socket)  # the room is never told
    assert all("arrivals" not in v for v in room[2].received("votes"))

    answer = console_socket.emit("arrivals:discard", {"burst": alert[0]["burst"]}, callback=True)
    assert answer["ok"] and answer["discarded"] == {"people": 100, "dots": 300}
    after = _latest_votes(console_socket)
    assert after["arrivals"] == [] and after["tallies"] == {f"note:{other}": 5}
    refused = script[0].emit("vote:add", {"kind": "note", "id": target}, callback=True)
    assert refused["error"]["code"] == "dots_discarded"
    assert script[1].emit("votes:mine", {}, callback=True)["left"] == 0  # the phone greys its dot buttons
    assert room[0].emit("vote:add", {"kind": "note", "id": target})["ok"]  # the room votes on


def test_a_real_room_behind_one_venue_address_that_spoke_first_raises_no_alert(socketio, app, service, workshop, console_socket):
    browser = _from(app, "10.0.0.40")
    room, notes_posted = [], []
    for n in range(40):
        phone = socketio.test_client(app, flask_test_client=browser)
        assert phone.emit("phone:join", {"code": workshop.code}, callback=True)["ok"]
        if n % 4:  # three in four say something before the vote
            posted = phone.emit("note:post", {"id": str(uuid.uuid4()), "phase": "what", "text": f"Said {n}"}, callback=True)
            notes_posted.append(posted["note"]["id"])
        room.append(phone)
    service.open_voting(workshop.code, phase="what", dots=3)
    for n, phone in enumerate(room):
        for k in range(3):
            assert phone.emit("vote:add", {"kind": "note", "id": notes_posted[(n + k) % len(notes_posted)]}, callback=True)["ok"]
    assert _latest_votes(console_socket)["arrivals"] == []


def test_saying_they_are_in_the_room_keeps_every_dot_and_the_alert_goes(socketio, app, service, workshop, join_phone, console_socket):
    target = join_phone(workshop.code).post("Booking by phone only")["note"]["id"]
    service.open_voting(workshop.code, phase="what", dots=2)
    _script(socketio, app, workshop, 25, target, address="10.0.0.25", dots=2)
    [alert] = _latest_votes(console_socket)["arrivals"]
    assert console_socket.emit("arrivals:keep", {"burst": alert["burst"]}, callback=True) == {"ok": True, "kept": 25}
    after = _latest_votes(console_socket)
    assert after["arrivals"] == [] and after["tallies"] == {f"note:{target}": 50}


def test_only_a_facilitator_can_discard_or_keep(socketio, app, workshop, join_phone):
    phone = join_phone(workshop.code)
    for event in ("arrivals:discard", "arrivals:keep"):
        assert phone.emit(event, {"burst": "0123456789abcdef"})["error"]["code"] == "not_allowed"
