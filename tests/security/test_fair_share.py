"""Issue 12, item 2: one workshop cannot slow another, and one connection cannot cost the
room a snapshot per event. A phone looping `sync` or `phone:join` is told to slow down
(and when to try again); a room that reconnects at once shares one picture; a long
catch-up comes in pages that, together, hold every note exactly once."""

from __future__ import annotations

import time
import uuid

import pytest

from facilitator.web.security import Limits


def test_a_phone_looping_catch_ups_is_told_to_slow_down_and_when_to_try_again(join_phone, workshop):
    phone = join_phone(workshop.code)
    answers = [phone.emit("sync", {"since": 0}) for _ in range(Limits().events["sync"].burst + 5)]
    refused = [a for a in answers if not a["ok"]]
    assert answers[0]["ok"] and len(refused) >= 5
    assert {a["error"]["code"] for a in refused} == {"slow_down"}
    assert all(a["retry_after"] > 0 for a in refused)
    assert "wait a moment" in refused[0]["error"]["message"]


def test_one_phone_asking_too_fast_does_not_stop_another_phone_catching_up(join_phone, workshop):
    flooding, neighbour = join_phone(workshop.code), join_phone(workshop.code)
    for _ in range(Limits().events["sync"].burst + 5):
        flooding.emit("sync", {"since": 0})
    assert neighbour.emit("sync", {"since": 0})["ok"]


def test_a_connection_re_sending_its_join_is_told_to_slow_down(socketio, app, workshop):
    phone = socketio.test_client(app)
    answers = [phone.emit("phone:join", {"code": workshop.code}, callback=True) for _ in range(Limits().events["join"].burst + 3)]
    assert answers[0]["ok"]
    assert [a["error"]["code"] for a in answers if not a["ok"]] == ["slow_down"] * 3


def test_a_room_that_joins_at_once_shares_one_picture_of_the_board(join_phone, workshop, service):
    first = join_phone(workshop.code)
    for n in range(10):
        assert first.post(f"Interpreters booked too late, story {n}")["ok"]
    built = service.snapshots.built
    phones = [join_phone(workshop.code, language="ar") for _ in range(30)]
    assert service.snapshots.built == built + 1  # one picture, shared by 30 phones
    assert all(len(p.answer["notes"]) == 10 for p in phones)
    assert phones[-1].answer["joined"] == 31
    assert phones[0].post("A new note after they joined")["ok"]
    join_phone(workshop.code)
    assert service.snapshots.built == built + 2  # a change: one new picture


def test_a_long_catch_up_comes_in_pages_that_hold_every_note_exactly_once(socketio, app, service, workshop):
    service.snapshots.page_rows = 25
    author = service.join(workshop.code)["participant"]["id"]
    posted = set()
    for n in range(80):
        note = service.post_note(workshop.code, author, note_id=str(uuid.uuid4()), phase="what", text=f"Note {n}")
        posted.add(note["note"]["id"])
    service.create_theme(workshop.code, phase="what", name="Waiting times")
    board = socketio.test_client(app)
    page = board.emit("board:join", {"code": workshop.code, "key": workshop.board_secret}, callback=True)
    seen, pages = [], 1
    while page["more"]:
        assert len(page["notes"]) + len(page["themes"]) + len(page["actions"]) == 25
        seen += [n["id"] for n in page["notes"]]
        page = board.emit("sync", {"since": page["seq"]}, callback=True)
        pages += 1
    seen += [n["id"] for n in page["notes"]]
    assert pages == 4 and sorted(seen) == sorted(posted)  # every note once, none twice
    assert page["themes"][0]["name"] == "Waiting times" and page["seq"] == service.get_workshop(workshop.code).seq


@pytest.mark.parametrize("language_change", [False, True])
def test_the_joined_counts_stay_true_as_a_room_fills_and_phones_change_language(service, workshop, language_change):
    ids = [service.join(workshop.code, language="ar")["participant"]["id"] for _ in range(3)]
    service.join(workshop.code, language="uk")
    service.join(workshop.code, participant_id=ids[0], language="uk" if language_change else "ar")  # comes back
    snapshot = service.sync(workshop.code, "facilitators")
    assert snapshot["joined"] == 4
    assert snapshot["languages"] == ({"ar": 2, "uk": 2} if language_change else {"ar": 3, "uk": 1})


def test_joins_saved_together_each_get_their_own_answer_and_a_refused_one_costs_the_others_nothing(service, workshop, app):
    from sqlalchemy import event

    commits = []
    event.listen(app.extensions["db"].engine, "commit", lambda connection: commits.append(1))
    requests = [dict(language="ar") for _ in range(20)]
    outcomes = service.join_many(workshop.code, requests)
    assert len(commits) == 1  # twenty phones, one commit
    assert len({o["participant"]["id"] for o in outcomes}) == 20 and outcomes[-1]["joined"] == 20
    mixed = service.join_many(workshop.code, [dict(language="uk"), dict(group="no-such-group"), dict(language="uk")])
    assert [type(o).__name__ for o in mixed] == ["dict", "InvalidInput", "dict"]
    assert service.sync(workshop.code, "facilitators")["languages"] == {"ar": 20, "uk": 2}


def test_a_reconnect_storm_of_returning_and_new_phones_is_saved_with_one_insert_and_no_query_per_phone(service, workshop, app):
    """Issue 16: looking each phone's people up one by one cost a query (and a flush of
    what the batch had made so far) per id; a batch now names them all in one query."""
    from sqlalchemy import event

    first = service.join_many(workshop.code, [dict(seat_id=f"seat-{n}", language="ar") for n in range(30)])
    returning = [o["participant"]["id"] for o in first]
    statements = []
    event.listen(app.extensions["db"].engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *rest: statements.append(statement.split()[0].upper()))
    storm = [dict(participant_id=pid, seat_id=f"seat-{n}", language="ar") for n, pid in enumerate(returning)]
    storm += [dict(seat_id=f"new-seat-{n}", language="uk") for n in range(30)]
    outcomes = service.join_many(workshop.code, storm)

    assert [o["participant"]["id"] for o in outcomes[:30]] == returning  # each came back as themselves
    assert len({o["participant"]["id"] for o in outcomes[30:]} - set(returning)) == 30
    assert outcomes[-1]["joined"] == 60
    assert statements.count("INSERT") == 1, statements  # thirty new people, one statement
    assert statements.count("SELECT") <= 6, statements  # the people named, the workshop, the picture: not per phone


def test_a_seat_named_twice_in_one_batch_is_one_person(service, workshop):
    """Two joins from one phone (two tabs, or a retry) saved in the same batch."""
    outcomes = service.join_many(workshop.code, [dict(seat_id="seat-tab", language="fa")] * 2)
    assert outcomes[0]["participant"]["id"] == outcomes[1]["participant"]["id"] == "seat-tab"
    assert outcomes[1]["joined"] == 1
    assert service.sync(workshop.code, "facilitators")["languages"] == {"fa": 1}


def test_a_connection_that_ignores_being_told_to_slow_down_is_disconnected(socketio, app, workshop, join_phone):
    script = join_phone(workshop.code)
    limits = Limits()
    told = 0
    for _ in range(limits.events["sync"].burst + limits.ignored_slow_down.burst + 5):
        if not script.client.is_connected():
            break
        answer = script.emit("sync", {"since": 0})
        told += bool(answer and not answer["ok"])
    assert told == limits.ignored_slow_down.burst  # told this many times, then cut off
    assert not script.client.is_connected()
    assert join_phone(workshop.code).emit("sync", {"since": 0})["ok"]  # the room carries on


def test_reconnecting_for_a_fresh_budget_gains_a_script_little(join_phone, workshop):
    limits = Limits()
    per_address = limits.events_per_address["sync"]
    per_connection = limits.events["sync"].burst
    started = time.monotonic()
    answers = []
    for _ in range(per_address.burst // per_connection + 20):  # each new connection within its own budget
        phone = join_phone(workshop.code)
        answers += [phone.emit("sync", {"since": 0}) for _ in range(per_connection)]
    refilled = (time.monotonic() - started) * per_address.per_second
    refused = [a for a in answers if not a["ok"]]
    assert len(answers) - len(refused) <= per_address.burst + refilled + 1
    assert refused and {a["error"]["code"] for a in refused} == {"slow_down"}
