"""Running the room from the console: the board's join view, the timer per phase,
scribing a late comment, the next cycle with its title and date, and card kinds."""

from tests.conftest import received


def test_the_facilitator_switches_the_board_to_the_join_view_and_back(workshop, console_socket, board_socket):
    assert received(board_socket, "workshop") == []
    answer = console_socket.emit("board:view", {"view": "join"}, callback=True)
    assert answer["ok"] and answer["workshop"]["board_view"] == "join"
    [state] = received(board_socket, "workshop")
    assert state["board_view"] == "join"
    answer = console_socket.emit("board:view", {"view": "auto"}, callback=True)
    assert answer["workshop"]["board_view"] == "auto"


def test_a_board_view_other_than_auto_or_join_is_refused(workshop, console_socket, join_phone):
    answer = console_socket.emit("board:view", {"view": "fullscreen"}, callback=True)
    assert not answer["ok"] and answer["error"]["code"] == "invalid"
    assert join_phone(workshop.code).emit("board:view", {"view": "join"})["error"]["code"] == "not_allowed"


def test_a_new_workshop_starts_with_the_board_deciding(service):
    made = service.create_workshop("adaptive-action", title="Fresh")
    assert service.sync(made.code, "public")["workshop"]["board_view"] == "auto"


def test_opening_a_phase_sets_the_timer_to_its_minutes_and_stops_it(workshop, console_socket):
    console_socket.emit("timer:start", {}, callback=True)
    answer = console_socket.emit("phases:open", {"phases": ["so-what"]}, callback=True)
    timer = answer["workshop"]["timer"]
    so_what = next(p for p in answer["workshop"]["phases"] if p["key"] == "so-what")
    assert timer["phase"] == "so-what" and timer["duration"] == so_what["minutes"] * 60
    assert not timer["running"] and timer["remaining"] == so_what["minutes"] * 60


def test_opening_several_phases_sets_the_timer_for_the_first_newly_opened(workshop, console_socket):
    answer = console_socket.emit("phases:open", {"phases": ["what", "so-what", "now-what"]}, callback=True)
    assert answer["workshop"]["timer"]["phase"] == "so-what"  # What? was already open


def test_reset_with_no_length_goes_back_to_the_open_phases_minutes_in_one_click(workshop, console_socket):
    console_socket.emit("timer:reset", {"seconds": 90}, callback=True)
    console_socket.emit("timer:start", {}, callback=True)
    answer = console_socket.emit("timer:reset", {}, callback=True)
    what = next(p for p in answer["workshop"]["phases"] if p["key"] == "what")
    timer = answer["workshop"]["timer"]
    assert timer["duration"] == what["minutes"] * 60 and not timer["running"] and timer["phase"] == "what"


def test_a_timer_length_that_is_not_whole_seconds_up_to_four_hours_is_refused(workshop, console_socket):
    for seconds in (0.1, 0, -5, 14401, "10", True, [10]):
        answer = console_socket.emit("timer:reset", {"seconds": seconds}, callback=True)
        assert not answer["ok"] and answer["error"]["code"] == "invalid", seconds
        assert "4 hours" in answer["error"]["message"]
    assert console_socket.emit("timer:reset", {"seconds": 14400}, callback=True)["workshop"]["timer"]["duration"] == 14400
    assert console_socket.emit("timer:reset", {"seconds": 1}, callback=True)["ok"]


def test_a_scribe_adds_a_late_comment_to_a_closed_phase_but_a_phone_cannot(workshop, console_socket, board_socket,
                                                                            join_phone, scribe):
    phone = join_phone(workshop.code)
    console_socket.emit("phases:open", {"phases": ["so-what"]}, callback=True)
    assert phone.post("too late", phase="what")["error"]["code"] == "phase_closed"
    answer = scribe("My neighbour says the letters come in English only", phase="what", group="lived-experience")
    assert answer["ok"] and answer["note"]["late"] is True and answer["note"]["phase"] == "what"
    [public] = received(board_socket, "note")
    assert public["late"] is True and public["kind"] == "note"
    on_time = scribe("Said while So what? is open", phase="so-what")
    assert on_time["note"]["late"] is False


def test_scribing_still_refuses_a_closed_workshop(workshop, console_socket, scribe):
    console_socket.emit("workshop:status", {"status": "closed"}, callback=True)
    assert scribe("after the end")["error"]["code"] == "workshop_closed"


def test_the_next_cycle_takes_the_title_and_date_the_facilitator_confirmed(workshop, console_socket, service):
    answer = console_socket.emit("cycle:next", {"title": "Access to GPs — spring", "date": "2027-03-04"}, callback=True)
    assert answer["ok"]
    state = service.sync(answer["code"], "facilitators")["workshop"]
    assert state["title"] == "Access to GPs — spring" and state["date"] == "2027-03-04"


def test_the_next_cycle_without_details_keeps_the_old_title_and_has_no_date(workshop, console_socket, service):
    answer = console_socket.emit("cycle:next", {}, callback=True)
    state = service.sync(answer["code"], "facilitators")["workshop"]
    assert state["title"].startswith(workshop.title) and state["date"] == ""


def test_a_next_cycle_date_that_is_not_a_date_is_refused_and_nothing_is_made(workshop, console_socket, service):
    answer = console_socket.emit("cycle:next", {"date": "next Tuesday"}, callback=True)
    assert not answer["ok"] and "year-month-day" in answer["error"]["message"]
    assert len(service.list_workshops()) == 1


def test_every_note_view_says_its_card_kind(workshop, join_phone, console_socket, board_socket, service):
    join_phone(workshop.code).post("The letters come in English")
    [public] = received(board_socket, "note")
    [console] = received(console_socket, "note")
    assert public["kind"] == console["kind"] == "note"
    assert "review" not in public and "review" not in console
    console_socket.emit("phases:open", {"phases": ["now-what"]}, callback=True)
    console_socket.emit("action:save", {"text": "Letters in Arabic", "owner": "Practice manager"}, callback=True)
    following = console_socket.emit("cycle:next", {}, callback=True)["code"]
    [card] = service.sync(following, "facilitators")["notes"]
    assert card["kind"] == "review" and "review" not in card


def test_a_redaction_reaches_the_board_with_the_notes_nickname_and_group(workshop, join_phone, board_socket, service,
                                                                        console_form):
    service.set_options(workshop.code, {"show_nicknames": True, "lanyards_off": False})
    phone = join_phone(workshop.code, nickname="Amina", group="lived-experience")
    note = phone.post("Call me on 07700 900123 about the interpreter")["note"]
    received(board_socket, "note")
    response = console_form(f"/facilitator/w/{workshop.code}/report/notes/{note['id']}/redact")
    assert response.status_code == 302
    [redacted] = received(board_socket, "note")
    assert "07700" not in redacted["text"]
    assert redacted["nickname"] == "Amina" and redacted["group"] == "lived-experience"


def test_the_report_cover_is_saved_through_the_service(workshop, service, console_form):
    response = console_form(
        f"/facilitator/w/{workshop.code}/report/cover",
        partners="Leeds ICB\nHealthwatch", facilitator_name="Sam", prepared_for="ICB",
    )
    assert response.status_code == 302
    saved = service.get_workshop(workshop.code)
    assert saved.partners == "Leeds ICB\nHealthwatch" and saved.facilitator_name == "Sam"
