"""The facilitator's toolkit over Socket.IO: themes, dot-voting, spotlight, actions,
scribing, anonymity settings, pre-moderation and closing — including every refusal."""

import uuid

import pytest

from tests.conftest import received


def emit(client, event, payload=None):
    return client.emit(event, payload if payload is not None else {}, callback=True)


def ok(answer):
    assert answer["ok"], answer
    return answer


def refused(answer, code):
    assert answer["ok"] is False, answer
    assert answer["error"]["code"] == code, answer
    assert answer["error"]["message"]
    return answer["error"]


@pytest.fixture
def phone(workshop, join_phone):
    return join_phone(workshop.code, group="lived-experience", nickname="Amina")


@pytest.fixture
def posted(phone):
    """Three notes in What?, posted from one phone."""
    return [ok(phone.post(text))["note"] for text in ("No interpreter booked", "Letters in English", "Long waits")]


# ---- themes -------------------------------------------------------------------------


def test_grouping_notes_into_a_theme_reaches_the_board(workshop, posted, console_socket, board_socket):
    received(board_socket, "note")
    answer = ok(emit(console_socket, "theme:create", {"phase": "what", "name": "Language", "notes": [posted[0]["id"]]}))
    theme = answer["themes"][0]
    assert theme["name"] == "Language" and answer["can_undo"]
    events = board_socket.get_received()
    assert [e["name"] for e in events] == ["theme", "note"]
    assert events[1]["args"][0]["theme"] == theme["id"]
    ok(emit(console_socket, "theme:assign", {"notes": [posted[1]["id"]], "theme": theme["id"]}))
    assert received(board_socket, "note")[0]["theme"] == theme["id"]


def test_themes_rename_merge_and_undo(workshop, posted, console_socket, board_socket, service):
    a = ok(emit(console_socket, "theme:create", {"phase": "what", "name": "Language", "notes": [posted[0]["id"]]}))["themes"][0]
    b = ok(emit(console_socket, "theme:create", {"phase": "what", "name": "Letters", "notes": [posted[1]["id"]]}))["themes"][0]
    ok(emit(console_socket, "theme:rename", {"theme": a["id"], "name": "Language support"}))
    received(board_socket, "theme")
    merged = ok(emit(console_socket, "theme:merge", {"theme": b["id"], "into": a["id"]}))
    assert {"id": b["id"], "deleted": True} .items() <= merged["themes"][0].items()
    state = service.sync(workshop.code, "facilitators")
    assert {n["theme"] for n in state["notes"] if n["id"] in (posted[0]["id"], posted[1]["id"])} == {a["id"]}
    ok(emit(console_socket, "theme:undo"))  # the merge comes undone: Letters is back with its note
    state = service.sync(workshop.code, "public")
    names = {t["name"] for t in state["themes"]}
    assert names == {"Language support", "Letters"}
    assert next(n for n in state["notes"] if n["id"] == posted[1]["id"])["theme"] == b["id"]
    ok(emit(console_socket, "theme:undo"))  # the rename
    ok(emit(console_socket, "theme:undo"))  # creating Letters
    ok(emit(console_socket, "theme:undo"))  # creating Language
    refused(emit(console_socket, "theme:undo"), "nothing_to_undo")
    assert service.sync(workshop.code, "public")["themes"] == []


def test_a_client_catching_up_learns_that_a_theme_went(workshop, posted, console_socket, board_socket):
    theme = ok(emit(console_socket, "theme:create", {"phase": "what", "name": "Gone soon"}))["themes"][0]
    ok(emit(console_socket, "theme:delete", {"theme": theme["id"]}))
    answer = ok(emit(board_socket, "sync", {"since": theme["seq"]}))
    assert answer["themes"] == [{"id": theme["id"], "phase": "what", "deleted": True, "merged_into": None, "seq": theme["seq"] + 1}]
    fresh = ok(emit(board_socket, "sync", {"since": 0}))
    assert fresh["themes"] == []  # a fresh board needs no tombstones


def test_theme_refusals_change_nothing(workshop, posted, phone, console_socket, service):
    theme = ok(emit(console_socket, "theme:create", {"phase": "what", "name": "Access"}))["themes"][0]
    before = service.sync(workshop.code, "facilitators")
    refused(emit(console_socket, "theme:create", {"phase": "what", "name": "   "}), "invalid")
    refused(emit(console_socket, "theme:create", {"phase": "nowhere", "name": "X"}), "unknown_phase")
    refused(emit(console_socket, "theme:assign", {"notes": [str(uuid.uuid4())], "theme": theme["id"]}), "unknown_note")
    refused(emit(console_socket, "theme:assign", {"notes": [posted[0]["id"]], "theme": 999}), "unknown_theme")
    refused(emit(console_socket, "theme:merge", {"theme": theme["id"], "into": theme["id"]}), "invalid")
    ok(emit(console_socket, "note:hide", {"id": posted[2]["id"]}))
    refused(emit(console_socket, "theme:assign", {"notes": [posted[0]["id"], posted[2]["id"]], "theme": theme["id"]}), "note_hidden")
    assert service.sync(workshop.code, "facilitators")["themes"] == before["themes"]
    assert all(n["theme"] is None for n in service.sync(workshop.code, "facilitators")["notes"])  # none half-moved
    for event in ("theme:create", "theme:rename", "theme:assign", "theme:merge", "theme:delete", "theme:undo"):
        refused(phone.emit(event, {"phase": "what", "name": "Mine", "theme": theme["id"]}), "not_allowed")


# ---- dot-voting -----------------------------------------------------------------------


def test_a_vote_from_a_phone_reaches_the_board_once_revealed(workshop, posted, phone, console_socket, board_socket):
    ok(emit(console_socket, "voting:open", {"phase": "what", "dots": 2}))
    received(board_socket, "workshop")
    answer = ok(phone.emit("vote:add", {"kind": "note", "id": posted[0]["id"]}))
    assert answer == {"ok": True, "mine": {f"note:{posted[0]['id']}": 1}, "left": 1}
    [votes] = received(board_socket, "votes")
    assert votes["tallies"] is None and votes["placed"] == 1  # hidden until revealed
    assert received(console_socket, "votes")[-1]["tallies"] == {f"note:{posted[0]['id']}": 1}
    ok(emit(console_socket, "voting:reveal", {"revealed": True}))
    assert received(board_socket, "votes")[-1]["tallies"] == {f"note:{posted[0]['id']}": 1}


def test_the_server_holds_each_persons_budget(workshop, posted, phone, join_phone, console_socket, service):
    ok(emit(console_socket, "voting:open", {"phase": "what", "dots": 2}))
    ok(phone.emit("vote:add", {"kind": "note", "id": posted[0]["id"]}))
    ok(phone.emit("vote:add", {"kind": "note", "id": posted[0]["id"]}))  # two dots on one note is allowed
    error = refused(phone.emit("vote:add", {"kind": "note", "id": posted[1]["id"]}), "no_dots_left")
    assert "all 2 of your dots" in error["message"] and "take one back" in error["message"]
    assert ok(phone.emit("vote:remove", {"kind": "note", "id": posted[0]["id"]}))["left"] == 1
    refused(phone.emit("vote:remove", {"kind": "note", "id": posted[1]["id"]}), "no_dot_here")
    assert ok(phone.emit("vote:add", {"kind": "note", "id": posted[1]["id"]}))["left"] == 0
    other = join_phone(workshop.code)
    assert ok(other.emit("vote:add", {"kind": "note", "id": posted[1]["id"]}))["left"] == 1  # budgets are per person
    tallies = service.sync(workshop.code, "facilitators")["votes"]["tallies"]
    assert tallies == {f"note:{posted[0]['id']}": 1, f"note:{posted[1]['id']}": 2}


def test_votes_are_refused_when_voting_is_closed_or_the_target_is_not_on_the_board(
    workshop, posted, phone, console_socket, service
):
    refused(phone.emit("vote:add", {"kind": "note", "id": posted[0]["id"]}), "voting_closed")
    ok(emit(console_socket, "voting:open", {"phase": "so-what"}))
    refused(phone.emit("vote:add", {"kind": "note", "id": posted[0]["id"]}), "voting_closed")  # another phase
    ok(emit(console_socket, "voting:open", {"phase": "what"}))
    ok(emit(console_socket, "note:hide", {"id": posted[2]["id"]}))
    refused(phone.emit("vote:add", {"kind": "note", "id": posted[2]["id"]}), "note_hidden")
    refused(phone.emit("vote:add", {"kind": "note", "id": str(uuid.uuid4())}), "unknown_note")
    refused(phone.emit("vote:add", {"kind": "theme", "id": 12345}), "unknown_theme")
    refused(phone.emit("vote:add", {"kind": "person", "id": "x"}), "invalid")
    ok(emit(console_socket, "voting:close"))
    refused(phone.emit("vote:add", {"kind": "note", "id": posted[0]["id"]}), "voting_closed")
    assert service.sync(workshop.code, "facilitators")["votes"]["tallies"] == {}


def test_dots_on_a_theme_follow_it_when_merged_and_come_back_when_deleted(workshop, posted, phone, console_socket):
    a = ok(emit(console_socket, "theme:create", {"phase": "what", "name": "A", "notes": [posted[0]["id"]]}))["themes"][0]
    b = ok(emit(console_socket, "theme:create", {"phase": "what", "name": "B", "notes": [posted[1]["id"]]}))["themes"][0]
    ok(emit(console_socket, "voting:open", {"phase": "what", "dots": 1}))
    ok(phone.emit("vote:add", {"kind": "theme", "id": b["id"]}))
    ok(emit(console_socket, "theme:merge", {"theme": b["id"], "into": a["id"]}))
    assert ok(phone.emit("votes:mine"))["mine"] == {f"theme:{a['id']}": 1}
    ok(emit(console_socket, "theme:delete", {"theme": a["id"]}))
    assert ok(phone.emit("votes:mine")) == {"ok": True, "mine": {}, "left": 1}


def test_a_participant_cannot_run_the_vote(workshop, phone, service):
    for event, payload in [("voting:open", {"phase": "what"}), ("voting:reveal", {}), ("voting:close", {}), ("voting:reset", {"phase": "what"})]:
        refused(phone.emit(event, payload), "not_allowed")
    assert service.sync(workshop.code, "public")["workshop"]["voting"]["phase"] is None


def test_voting_refuses_bad_dot_counts(workshop, console_socket):
    for dots in (0, 21, "three", True):
        refused(emit(console_socket, "voting:open", {"phase": "what", "dots": dots}), "invalid")


# ---- spotlight ------------------------------------------------------------------------


def test_the_spotlight_shows_a_note_and_leaves_when_it_is_hidden(workshop, posted, phone, console_socket, board_socket):
    answer = ok(emit(console_socket, "spotlight:set", {"kind": "note", "id": posted[0]["id"]}))
    assert answer["workshop"]["spotlight"] == {"kind": "note", "id": posted[0]["id"]}
    assert received(board_socket, "workshop")[-1]["spotlight"]["id"] == posted[0]["id"]
    ok(emit(console_socket, "note:hide", {"id": posted[0]["id"]}))
    assert received(board_socket, "workshop")[-1]["spotlight"] is None
    refused(emit(console_socket, "spotlight:set", {"kind": "note", "id": posted[0]["id"]}), "note_hidden")
    refused(emit(console_socket, "spotlight:set", {"kind": "theme", "id": 99}), "unknown_theme")
    refused(phone.emit("spotlight:set", {"kind": "note", "id": posted[1]["id"]}), "not_allowed")
    assert ok(emit(console_socket, "spotlight:set", {"kind": None}))["workshop"]["spotlight"] is None


# ---- actions --------------------------------------------------------------------------


def test_a_participant_proposes_and_the_facilitator_confirms(workshop, phone, console_socket, board_socket):
    action_id = str(uuid.uuid4())
    refused(phone.emit("action:propose", {"id": action_id, "text": "Book interpreters"}), "phase_closed")
    ok(emit(console_socket, "phases:open", {"phases": ["now-what"]}))
    proposed = ok(phone.emit("action:propose", {"id": action_id, "text": "Book interpreters", "owner": "Practice manager"}))
    assert proposed["action"]["status"] == "proposed" and not proposed["duplicate"]
    assert ok(phone.emit("action:propose", {"id": action_id, "text": "Book interpreters"}))["duplicate"]
    assert received(board_socket, "action") == [{"id": action_id, "removed": True, "seq": proposed["action"]["seq"]}]
    confirmed = ok(emit(console_socket, "action:save", {"id": action_id, "status": "confirmed", "due": "2026-09-30"}))
    assert confirmed["action"]["owner"] == "Practice manager"
    [shown] = received(board_socket, "action")
    assert shown["text"] == "Book interpreters" and shown["due"] == "2026-09-30" and shown["status"] == "confirmed"


def test_action_refusals(workshop, posted, phone, console_socket, service):
    refused(emit(console_socket, "action:save", {"text": "  "}), "empty_note")
    refused(emit(console_socket, "action:save", {"text": "Do it", "due": "next week"}), "invalid")
    refused(emit(console_socket, "action:save", {"text": "Do it", "framework_tag": "made-up"}), "invalid")
    refused(emit(console_socket, "action:save", {"text": "Do it", "links": ["note:" + str(uuid.uuid4())]}), "note_hidden")
    refused(emit(console_socket, "action:save", {"id": str(uuid.uuid4()), "status": "done"}), "invalid")
    refused(phone.emit("action:save", {"text": "Sneaky"}), "not_allowed")
    assert service.sync(workshop.code, "facilitators")["actions"] == []
    linked = ok(emit(console_socket, "action:save", {"text": "Letters in plain language", "links": ["note:" + posted[1]["id"]]}))
    assert linked["action"]["links"] == ["note:" + posted[1]["id"]] and linked["action"]["status"] == "confirmed"


# ---- scribing, anonymity, pre-moderation ---------------------------------------------------


def test_a_scribed_note_carries_group_and_table(workshop, console_socket, board_socket):
    answer = ok(emit(console_socket, "note:scribe", {
        "id": str(uuid.uuid4()), "phase": "what", "text": "Said at table 3", "group": "community", "table": "Table 3",
    }))
    assert answer["note"]["scribed"] and answer["note"]["group"] == "community" and answer["note"]["table"] == "Table 3"
    [public] = received(board_socket, "note")
    assert "group" not in public and "table" not in public
    refused(emit(console_socket, "note:scribe", {"id": str(uuid.uuid4()), "phase": "what", "text": "x", "group": "mayor"}), "invalid")


def test_nicknames_and_groups_reach_the_board_only_when_the_facilitator_allows(workshop, phone, console_socket, board_socket):
    phone.post("first")
    assert {"nickname", "group"}.isdisjoint(received(board_socket, "note")[0])
    state = ok(emit(console_socket, "workshop:settings", {"show_nicknames": True, "lanyards_off": False}))["workshop"]
    assert state["settings"] == {"show_nicknames": True, "lanyards_off": False, "premoderation": False, "show_translations": False}
    phone.post("second")
    note = received(board_socket, "note")[0]
    assert note["nickname"] == "Amina" and note["group"] == "lived-experience"
    refused(emit(console_socket, "workshop:settings", {"show_nicknames": "yes"}), "invalid")
    refused(phone.emit("workshop:settings", {"lanyards_off": True}), "not_allowed")


def test_premoderation_holds_notes_until_approved(workshop, phone, console_socket, board_socket):
    ok(emit(console_socket, "workshop:settings", {"premoderation": True}))
    received(board_socket, "workshop")
    note = ok(phone.post("Please check this first"))["note"]
    assert note["pending"] is True and "approved" not in note  # the author's view (visibility.AUTHOR)
    [tombstone] = received(board_socket, "note")
    assert tombstone["hidden"] and tombstone["pending"] and "text" not in tombstone
    assert received(console_socket, "note")[-1]["text"] == "Please check this first"
    ok(emit(console_socket, "note:approve", {"id": note["id"]}))
    assert received(board_socket, "note")[0]["text"] == "Please check this first"
    refused(phone.emit("note:approve", {"id": note["id"]}), "not_allowed")


# ---- lifecycle --------------------------------------------------------------------------


def test_closing_stops_posting_voting_and_proposing_everywhere_at_once(workshop, posted, phone, console_socket, board_socket, service):
    ok(emit(console_socket, "voting:open", {"phase": "what"}))
    ok(emit(console_socket, "phases:open", {"phases": ["what", "now-what"]}))
    before = service.sync(workshop.code, "facilitators")
    received(board_socket, "workshop")
    state = ok(emit(console_socket, "workshop:status", {"status": "closed"}))["workshop"]
    assert state["status"] == "closed" and not any(p["open"] for p in state["phases"]) and state["voting"]["phase"] is None
    [broadcast] = received(board_socket, "workshop")
    assert broadcast["status"] == "closed"
    refused(phone.post("too late"), "workshop_closed")
    refused(phone.emit("vote:add", {"kind": "note", "id": posted[0]["id"]}), "workshop_closed")
    refused(phone.emit("action:propose", {"id": str(uuid.uuid4()), "text": "later"}), "workshop_closed")
    refused(emit(console_socket, "phases:open", {"phases": ["what"]}), "workshop_closed")
    refused(emit(console_socket, "voting:open", {"phase": "what"}), "workshop_closed")
    refused(emit(console_socket, "spotlight:set", {"kind": "note", "id": posted[0]["id"]}), "workshop_closed")
    refused(emit(console_socket, "note:scribe", {"id": str(uuid.uuid4()), "phase": "what", "text": "x"}), "workshop_closed")
    refused(phone.emit("workshop:status", {"status": "live"}), "not_allowed")
    after = service.sync(workshop.code, "facilitators")
    assert after["notes"] == before["notes"]  # nothing saved is lost
    assert ok(emit(console_socket, "workshop:status", {"status": "live"}))["workshop"]["status"] == "live"
    ok(emit(console_socket, "phases:open", {"phases": ["what"]}))
    ok(phone.post("after reopening"))


def test_a_retry_of_a_note_sent_before_closing_is_still_acknowledged(workshop, phone, console_socket):
    note_id = str(uuid.uuid4())
    ok(phone.post("just in time", note_id=note_id))
    ok(emit(console_socket, "workshop:status", {"status": "closed"}))
    assert ok(phone.post("just in time", note_id=note_id))["duplicate"]


def test_an_archived_workshop_cannot_be_edited(workshop, posted, console_socket):
    ok(emit(console_socket, "workshop:status", {"status": "archived"}))
    refused(emit(console_socket, "theme:create", {"phase": "what", "name": "X"}), "workshop_closed")
    refused(emit(console_socket, "action:save", {"text": "X"}), "workshop_closed")
    refused(emit(console_socket, "workshop:status", {"status": "draft"}), "invalid")


def test_a_reconnecting_phone_catches_up_on_themes_votes_actions_and_its_dots(workshop, posted, phone, console_socket, join_phone):
    seq = phone.answer["seq"]
    theme = ok(emit(console_socket, "theme:create", {"phase": "what", "name": "Language", "notes": [posted[0]["id"]]}))["themes"][0]
    ok(emit(console_socket, "voting:open", {"phase": "what", "dots": 3, "reveal": True}))
    ok(phone.emit("vote:add", {"kind": "theme", "id": theme["id"]}))
    ok(emit(console_socket, "action:save", {"text": "Plain-language letters"}))
    again = join_phone(workshop.code, participant=phone.answer["participant"]["id"], since=seq)
    assert [t["name"] for t in again.answer["themes"]] == ["Language"]
    assert again.answer["votes"]["tallies"] == {f"theme:{theme['id']}": 1}
    assert [a["text"] for a in again.answer["actions"]] == ["Plain-language letters"]
    assert again.answer["my_dots"] == {"mine": {f"theme:{theme['id']}": 1}, "left": 2}
    sync = ok(again.emit("sync", {"since": seq}))
    assert sync["my_dots"]["left"] == 2


@pytest.mark.parametrize(
    "event, payload",
    [
        ("voting:open", {"phase": "what", "dots": 2, "reveal": True}),
        ("workshop:status", {"status": "closed"}),
        ("workshop:settings", {"premoderation": True}),
        ("theme:create", {"phase": "what", "name": "Access"}),
    ],
)
def test_one_step_is_one_change_number_so_clients_never_see_a_gap(workshop, console_socket, board_socket, event, payload):
    """A gap makes every board and phone ask to catch up at once: a step must not leave one."""
    ok(emit(console_socket, "timer:start"))
    before = ok(emit(board_socket, "sync", {"since": 0}))["seq"]
    received(board_socket, "workshop")
    ok(emit(console_socket, event, payload))
    seqs = sorted({e["args"][0]["seq"] for e in board_socket.get_received() if e["name"] in ("workshop", "votes", "note", "theme")})
    assert seqs == list(range(before + 1, before + 1 + len(seqs))), seqs


def test_a_join_racing_its_own_disconnect_is_saved_and_answered_cleanly(app, socketio, workshop, service, monkeypatch, caplog):
    """Issue 21, row 14: the connection ends (told to slow down, or the phone went) while
    its join is being saved: the person is kept, the answer is a clean refusal, not
    server_error with a KeyError in the log."""
    from flask import request

    batches = app.extensions["join_batches"]
    real_join = batches.join

    def disconnect_then_join(code, join):
        socketio.server.disconnect(request.sid, namespace="/")  # the disconnect arrives mid-join
        return real_join(code, join)

    monkeypatch.setattr(batches, "join", disconnect_then_join)
    phone = socketio.test_client(app)
    answer = phone.emit("phone:join", {"code": workshop.code, "participant": "p-racing-1"}, callback=True)
    assert answer["ok"] is False and answer["error"]["code"] == "disconnected", answer
    assert "unexpected error" not in caplog.text
    assert service.sync(workshop.code, "facilitators")["joined"] == 1  # the join itself was kept
