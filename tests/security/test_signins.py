"""Issue 12, items 5–7: facilitator sign-ins end when they should, passcode attempts are
counted before they are checked and off the event loop, and strangers' wrong passcodes
do not lock the facilitator's own device out."""

from __future__ import annotations

import re

import pytest

from facilitator.accounts import auth
from facilitator.core.config import Settings
from tests.conftest import PASSCODE, TEST_HASH


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.fixture
def passcode_set(app):
    with app.extensions["db"].session() as session:
        auth.set_passcode(session, PASSCODE, method=TEST_HASH)


def sign_in(client, passcode=PASSCODE):
    token = csrf_from(client.get("/facilitator/signin").get_data(as_text=True))
    return client.post("/facilitator/signin", data={"passcode": passcode, "csrf_token": token})


def signed_in(client) -> bool:
    return client.get("/facilitator/").status_code == 200


def copy_of_cookie(app, client):
    """Another browser holding a captured copy of `client`'s session cookie."""
    thief = app.test_client()
    cookie = client.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    return thief


def test_signing_out_ends_that_session_for_a_captured_copy_of_the_cookie(app, client, passcode_set):
    assert sign_in(client).status_code == 302
    thief = copy_of_cookie(app, client)
    assert signed_in(thief)
    token = csrf_from(client.get("/facilitator/").get_data(as_text=True))
    client.post("/facilitator/signout", data={"csrf_token": token})
    assert not signed_in(client)
    assert not signed_in(thief), "the captured cookie still opens the console after sign-out"


def test_a_new_passcode_ends_every_facilitator_session(app, client, passcode_set, monkeypatch):
    assert sign_in(client).status_code == 302
    other = app.test_client()
    assert sign_in(other).status_code == 302
    with app.extensions["db"].session() as session:  # what `facilitator init` does
        auth.set_passcode(session, "a brand new passcode", method=TEST_HASH)
    monkeypatch.setattr("facilitator.accounts.signins.CACHE_SECONDS", 0.0)
    assert not signed_in(client) and not signed_in(other)


def test_an_ended_session_opens_no_console_socket(app, socketio, client, workshop, passcode_set):
    assert sign_in(client).status_code == 302
    thief = copy_of_cookie(app, client)
    token = csrf_from(client.get("/facilitator/").get_data(as_text=True))
    client.post("/facilitator/signout", data={"csrf_token": token})
    console = socketio.test_client(app, flask_test_client=thief)
    assert not console.emit("console:join", {"code": workshop.code}, callback=True)["ok"]


def test_cookies_are_secure_when_the_public_url_is_https(monkeypatch, app):
    from facilitator.app import build_app

    secure = build_app({"public_url": "https://workshop.example.org", "async_mode": "threading", "testing": True,
                        "data_dir": app.config["SETTINGS"].data_dir, "secret_key": "x"},
                       database=app.extensions["db"], templates={})
    assert secure.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_strangers_wrong_passcodes_do_not_lock_out_a_device_that_signed_in_before(app, client, passcode_set):
    assert sign_in(client).status_code == 302  # the facilitator's laptop, earlier today
    token = csrf_from(client.get("/facilitator/").get_data(as_text=True))
    client.post("/facilitator/signout", data={"csrf_token": token})
    stranger = app.test_client()  # same address (127.0.0.1), no history here
    answers = [sign_in(stranger, "wrong passcode!").status_code for _ in range(8)]
    assert answers[-1] == 429
    assert sign_in(client).status_code == 302, "the facilitator was locked out by someone else's guesses"


def test_each_attempt_is_counted_before_it_is_checked(app, client, passcode_set, monkeypatch):
    """So attempts sent at once (each check takes 200 ms) cannot all slip past the limit:
    while a passcode is being checked, its attempt has already taken its token."""
    limiter = app.extensions["limits"].sign_in
    seen_while_checking = []
    real = auth.matches

    def observed(hashed, passcode):
        seen_while_checking.append(limiter._buckets.get("address:127.0.0.1", (float(limiter.burst), 0))[0])
        return real(hashed, passcode)

    monkeypatch.setattr(auth, "matches", observed)
    answers = [sign_in(client, "wrong passcode!").status_code for _ in range(7)]
    assert [round(t) for t in seen_while_checking] == [4, 3, 2, 1, 0]  # five checked, each already counted
    assert answers == [401] * 5 + [429] * 2


def test_the_passcode_check_runs_through_the_servers_thread_pool(app, client, passcode_set):
    ran_in_pool = []
    app.config["SETTINGS"].offload = lambda work: ran_in_pool.append(work) or work()
    try:
        assert sign_in(client).status_code == 302
    finally:
        app.config["SETTINGS"].offload = None
    assert len(ran_in_pool) == 1
