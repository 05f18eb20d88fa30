"""The live loop over Socket.IO: phones post, boards and consoles see, facilitators steer."""

import uuid

from facilitator.live.realtime import PRESENCE_INTERVAL
from tests.conftest import received


def test_a_note_posted_from_a_phone_reaches_the_board(workshop, join_phone, board_socket):
    phone = join_phone(workshop.code)
    answer = phone.post("The interpreter was booked for the wrong language")
    assert answer["ok"] and not answer["duplicate"]
    notes = received(board_socket, "note")
    assert [n["text"] for n in notes] == ["The interpreter was booked for the wrong language"]
    assert notes[0]["phase"] == "what" and "group" not in notes[0]  # the board is anonymous


def test_the_console_sees_the_group_a_note_came_from(workshop, join_phone, console_socket):
    phone = join_phone(workshop.code, group="lived-experience", nickname="Amina")
    phone.post("Receptionists hang up when they hear an accent")
    [note] = received(console_socket, "note")
    assert note["group"] == "lived-experience" and note["nickname"] == "Amina"


def test_joining_counts_people_once_even_when_they_come_back(workshop, join_phone, board_socket, clock):
    first = join_phone(workshop.code)
    assert received(board_socket, "presence") == [{"joined": 1}]
    join_phone(workshop.code, participant=first.answer["participant"]["id"])
    assert received(board_socket, "presence") == []
    join_phone(workshop.code)
    assert received(board_socket, "presence") == []  # counts are sent at most once a second
    clock.advance(PRESENCE_INTERVAL)
    assert received(board_socket, "presence") == [{"joined": 2}]


def test_a_crowd_joining_at_once_sends_the_count_a_few_times_not_once_per_person(workshop, join_phone, board_socket, clock):
    for _ in range(20):
        join_phone(workshop.code)
    clock.advance(PRESENCE_INTERVAL)
    counts = received(board_socket, "presence")
    assert len(counts) <= 2 and counts[-1] == {"joined": 20}


def test_the_joined_count_goes_to_boards_and_consoles_but_not_to_the_phones(
    workshop, join_phone, board_socket, console_socket, clock
):
    """Phones do not show it; in a join storm of 3,000 phones each count would cost
    3,000 copies (issue 16)."""
    phones = [join_phone(workshop.code) for _ in range(3)]
    clock.advance(PRESENCE_INTERVAL)
    assert received(board_socket, "presence")[-1] == {"joined": 3}
    assert received(console_socket, "presence")[-1]["joined"] == 3
    assert all(phone.received("presence") == [] for phone in phones)


def test_a_phone_gets_the_open_phase_prompt_and_the_groups_when_it_joins(workshop, join_phone):
    phone = join_phone(workshop.code)
    open_phases = [p for p in phone.answer["workshop"]["phases"] if p["open"]]
    assert [p["title"] for p in open_phases] == ["What?"]
    assert open_phases[0]["prompt"]
    assert "Lived experience" in [g["label"] for g in phone.answer["groups"]]


def test_a_wrong_join_code_gets_a_polite_message(socketio, app):
    client = socketio.test_client(app)
    answer = client.emit("phone:join", {"code": "ZZZZZZ"}, callback=True)
    assert not answer["ok"] and answer["error"]["code"] == "unknown_workshop"
    assert "check the code" in answer["error"]["message"]


def test_a_closed_phase_refuses_notes_with_a_clear_error(workshop, join_phone, board_socket):
    phone = join_phone(workshop.code)
    answer = phone.post("too early", phase="now-what")
    assert not answer["ok"] and answer["error"]["code"] == "phase_closed"
    assert "closed" in answer["error"]["message"]
    assert received(board_socket, "note") == []


def test_the_same_note_id_twice_is_stored_and_shown_once(workshop, join_phone, board_socket, service):
    phone = join_phone(workshop.code)
    note_id = str(uuid.uuid4())
    first = phone.post("Letters only come in English", note_id=note_id)
    retry = phone.post("Letters only come in English", note_id=note_id)
    assert first["ok"] and retry["ok"] and retry["duplicate"]
    assert len(received(board_socket, "note")) == 1
    assert len(service.sync(workshop.code, "public")["notes"]) == 1


def test_a_participant_cannot_change_phases_or_hide_notes(workshop, join_phone, service):
    phone = join_phone(workshop.code)
    posted = phone.post("mine")
    for event, payload in [
        ("phases:open", {"phases": ["now-what"]}),
        ("note:hide", {"id": posted["note"]["id"]}),
        ("timer:start", {}),
        ("workshop:update", {"title": "Hijacked"}),
    ]:
        answer = phone.emit(event, payload)
        assert not answer["ok"] and answer["error"]["code"] == "not_allowed", event
    # Opening a console it may not open answers like an unknown code (issue 12: no code enumeration).
    answer = phone.emit("console:join", {"code": workshop.code})
    assert not answer["ok"] and answer["error"]["code"] == "unknown_workshop"
    state = service.sync(workshop.code, "facilitators")
    assert [p["key"] for p in state["workshop"]["phases"] if p["open"]] == ["what"]
    assert state["workshop"]["title"] == "Interpreting in primary care"
    assert not state["notes"][0]["hidden"]


def test_a_board_with_a_wrong_secret_is_refused(socketio, app, workshop):
    client = socketio.test_client(app)
    answer = client.emit("board:join", {"code": workshop.code, "key": "guess"}, callback=True)
    assert not answer["ok"]
    assert client.emit("sync", {"since": 0}, callback=True)["ok"] is False


def test_the_facilitator_opens_phases_and_everyone_sees_it(workshop, console_socket, board_socket, join_phone):
    phone = join_phone(workshop.code)
    phone.received()
    answer = console_socket.emit("phases:open", {"phases": ["so-what", "now-what"]}, callback=True)
    assert answer["ok"]
    [state] = received(board_socket, "workshop")
    assert [p["key"] for p in state["phases"] if p["open"]] == ["so-what", "now-what"]
    assert [p["key"] for p in phone.received("workshop")[0]["phases"] if p["open"]] == ["so-what", "now-what"]
    assert phone.post("now it is open", phase="now-what")["ok"]


def test_the_timer_is_shared_with_boards(workshop, console_socket, board_socket):
    assert console_socket.emit("timer:reset", {"seconds": 120}, callback=True)["ok"]
    assert console_socket.emit("timer:start", {}, callback=True)["ok"]
    states = received(board_socket, "workshop")
    assert states[-1]["timer"]["running"] and states[-1]["timer"]["duration"] == 120
    answer = console_socket.emit("timer:reset", {"seconds": "ten"}, callback=True)
    assert not answer["ok"] and "seconds" in answer["error"]["message"]


def test_a_hidden_note_leaves_the_board_without_its_text_and_can_come_back(workshop, join_phone, console_socket, board_socket):
    phone = join_phone(workshop.code)
    note_id = phone.post("My NHS number is 943 476 5919")["note"]["id"]
    received(board_socket, "note")
    assert console_socket.emit("note:hide", {"id": note_id}, callback=True)["ok"]
    [tombstone] = received(board_socket, "note")
    assert tombstone == {"id": note_id, "phase": "what", "hidden": True, "seq": tombstone["seq"]}
    console_view = received(console_socket, "note")[-1]
    assert console_view["id"] == note_id and console_view["hidden"] and console_view["text"].startswith("My NHS number")
    assert console_socket.emit("note:restore", {"id": note_id}, callback=True)["ok"]
    [restored] = received(board_socket, "note")
    assert restored["text"].startswith("My NHS number") and not restored["hidden"]


def test_a_facilitator_can_scribe_for_someone_without_a_phone(workshop, console_socket, board_socket):
    answer = console_socket.emit(
        "note:scribe", {"id": str(uuid.uuid4()), "phase": "what", "text": "Said at table 3"}, callback=True
    )
    assert answer["ok"]
    assert [n["text"] for n in received(board_socket, "note")] == ["Said at table 3"]


def test_editing_details_updates_every_board(workshop, console_socket, board_socket):
    answer = console_socket.emit("workshop:update", {"title": "Interpreting: what next", "venue": "Woodhouse"}, callback=True)
    assert answer["ok"] and answer["workshop"]["venue"] == "Woodhouse"
    assert received(board_socket, "workshop")[0]["title"] == "Interpreting: what next"
    bad = console_socket.emit("workshop:update", {"title": ""}, callback=True)
    assert not bad["ok"] and "title" in bad["error"]["message"]


def test_a_reconnecting_client_receives_what_it_missed(workshop, join_phone, socketio, app):
    phone = join_phone(workshop.code)
    first_seq = phone.post("before the drop")["note"]["seq"]
    phone.client.disconnect()
    other = join_phone(workshop.code)
    other.post("while you were away")
    other.post("and this too")
    again = join_phone(workshop.code, participant=phone.answer["participant"]["id"], since=first_seq)
    assert [n["text"] for n in again.answer["notes"]] == ["while you were away", "and this too"]
    assert not again.answer["reset"]
    assert [n["text"] for n in again.answer["own_notes"]] == ["before the drop"]


def test_sync_after_a_gap_returns_tombstones_so_hidden_notes_disappear(workshop, join_phone, board_socket, console_socket):
    phone = join_phone(workshop.code)
    note = phone.post("to be hidden")["note"]
    console_socket.emit("note:hide", {"id": note["id"]}, callback=True)
    answer = board_socket.emit("sync", {"since": note["seq"]}, callback=True)
    assert answer["ok"] and answer["notes"] == [{"id": note["id"], "phase": "what", "hidden": True, "seq": note["seq"] + 1}]


def test_a_client_ahead_of_the_server_is_told_to_start_again(workshop, board_socket):
    answer = board_socket.emit("sync", {"since": 10_000}, callback=True)
    assert answer["ok"] and answer["reset"]


def test_malformed_payloads_get_an_error_not_a_crash(workshop, join_phone, socketio, app):
    phone = join_phone(workshop.code)
    for payload in ["a string", 42, ["list"], {"id": None, "phase": None, "text": None}, {"id": "x" * 5000}]:
        answer = phone.emit("note:post", payload)
        assert answer["ok"] is False and answer["error"]["message"]
    fresh = socketio.test_client(app)
    assert fresh.emit("note:post", {"id": str(uuid.uuid4()), "phase": "what", "text": "hi"}, callback=True)["ok"] is False
    assert phone.post("still working")["ok"]


def test_a_facilitator_marks_a_quote_for_the_report_and_the_room_does_not_see_the_mark(
    workshop, join_phone, console_socket, board_socket, service
):
    note = join_phone(workshop.code).post("Nobody asked which language I speak")["note"]
    received(board_socket, "note")
    answer = console_socket.emit("note:highlight", {"id": note["id"], "highlighted": True}, callback=True)
    assert answer["ok"] and answer["note"]["highlighted"]
    assert "highlighted" not in received(board_socket, "note")[-1]
    assert received(console_socket, "note")[-1]["highlighted"]
    console_socket.emit("note:hide", {"id": note["id"]}, callback=True)
    refused = console_socket.emit("note:highlight", {"id": note["id"], "highlighted": True}, callback=True)
    assert refused["error"]["code"] == "note_hidden"
    bad = console_socket.emit("note:highlight", {"id": note["id"], "highlighted": "yes"}, callback=True)
    assert bad["error"]["code"] == "invalid"


def test_a_participant_cannot_mark_quotes(workshop, join_phone):
    phone = join_phone(workshop.code)
    note = phone.post("mine")["note"]
    assert phone.emit("note:highlight", {"id": note["id"]})["error"]["code"] == "not_allowed"
