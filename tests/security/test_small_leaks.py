"""Issue 12, item 15: the small ones — a strict same-origin `next`, an origin check that
compares scheme, host and port, `placed` that hides hidden notes' dots, and a phone with
lanyards off that is not told its group."""

from __future__ import annotations

import re

import pytest

from facilitator.accounts import auth
from tests.conftest import PASSCODE, TEST_HASH, received


@pytest.mark.parametrize(
    "target",
    ["/%09/evil.example/phish", "/%0a/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/",
     "/ /evil.example", "/%7F/evil.example"],
)
def test_sign_in_never_sends_the_facilitator_to_another_site(app, client, target):
    with app.extensions["db"].session() as session:
        auth.set_passcode(session, PASSCODE, method=TEST_HASH)
    page = client.get("/facilitator/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = client.post(f"/facilitator/signin?next={target}", data={"passcode": PASSCODE, "csrf_token": token})
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/facilitator/"


def test_a_same_site_next_still_works(app, client):
    with app.extensions["db"].session() as session:
        auth.set_passcode(session, PASSCODE, method=TEST_HASH)
    page = client.get("/facilitator/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = client.post("/facilitator/signin?next=/facilitator/w/ABC123", data={"passcode": PASSCODE, "csrf_token": token})
    assert answer.headers["Location"] == "/facilitator/w/ABC123"


HANDSHAKE = "/socket.io/?EIO=4&transport=polling"


@pytest.mark.parametrize(
    "origin,allowed",
    [
        ("http://127.0.0.1:5050", True),  # the page the server itself serves
        ("http://127.0.0.1:8080", False),  # another program on another port of the same laptop
        ("https://127.0.0.1:5050", False),  # another scheme
        ("http://localhost:5050", False),  # another host name than the one connected to
        ("http://evil.example:5050", False),
    ],
)
def test_the_socket_origin_must_match_scheme_host_and_port(client, origin, allowed):
    answer = client.get(HANDSHAKE, headers={"Origin": origin, "Host": "127.0.0.1:5050"})
    assert (answer.status_code == 200) is allowed, answer.status_code


def test_the_public_url_origin_is_accepted(app, client):
    app.config["SETTINGS"].public_url = "https://workshop.example.org"
    answer = client.get(HANDSHAKE, headers={"Origin": "https://workshop.example.org", "Host": "127.0.0.1:5050"})
    assert answer.status_code == 200
    other_port = client.get(HANDSHAKE, headers={"Origin": "https://workshop.example.org:8443", "Host": "127.0.0.1:5050"})
    assert other_port.status_code == 400


def test_hiding_a_note_does_not_show_the_room_how_many_dots_it_had(service, workshop, join_phone, board_socket):
    service.open_voting(workshop.code, phase="what", dots=3)
    author = join_phone(workshop.code)
    target = author.post("gets the dots")["note"]["id"]
    for _ in range(3):
        voter = join_phone(workshop.code)
        assert voter.emit("vote:add", {"kind": "note", "id": target})["ok"]
    before = received(board_socket, "votes")[-1]
    assert before["tallies"] is None and before["placed"] == 3
    service.set_note_hidden(workshop.code, target, True)
    after = service.sync(workshop.code, "public")["votes"]
    assert after["tallies"] is None
    assert after["placed"] == 3, "the drop in `placed` told the room the hidden note's dots"


def test_with_lanyards_off_a_phone_is_not_told_its_group(service, workshop, join_phone):
    assert service.get_workshop(workshop.code).lanyards_off
    group = service.template(workshop.template_key).groups[0].key
    phone = join_phone(workshop.code, group=group)
    assert phone.answer["participant"]["group"] == ""
    service.set_options(workshop.code, {"lanyards_off": False})
    back = phone.emit("phone:join", {"code": workshop.code, "participant": phone.answer["participant"]["id"]})
    assert back["participant"]["group"] == group


def test_no_client_address_or_join_code_is_logged_unless_asked(app, socketio, workshop, facilitator_client, caplog, monkeypatch):
    """Issue 21, row 12: addresses and join codes were logged with FACILITATOR_ACCESS_LOG_IP=0."""
    import logging
    import re

    from tests.respond.conftest import csrf_of

    monkeypatch.setenv("FACILITATOR_ACCESS_LOG_IP", "0")
    address = "198.51.100.23"
    with caplog.at_level(logging.INFO):
        stranger = app.test_client()
        csrf = csrf_of(stranger.get("/facilitator/signin").get_data(as_text=True))
        for _ in range(8):  # past the sign-in limit: a warning is logged
            stranger.post("/facilitator/signin", data={"csrf_token": csrf, "passcode": "wrong"}, environ_base={"REMOTE_ADDR": address})
        other = socketio.test_client(app)  # not a facilitator: console:join is refused and logged
        other.emit("console:join", {"code": workshop.code}, callback=True)
    assert "rate-limited" in caplog.text and "refused console:join" in caplog.text  # the lines are there
    assert address not in caplog.text
    assert workshop.code not in caplog.text
    assert not re.search(r"\b\d{1,3}(\.\d{1,3}){3}\b", caplog.text), caplog.text
