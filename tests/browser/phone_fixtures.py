"""Fixtures for the phone's browser tests: a facilitator driving the workshop over the
real protocol (as the console does), and phones at 360×740 in any language.

The facilitator signs in with the passcode over HTTP and sends console events over a
real WebSocket, so these tests do not depend on how the console page is laid out.
Import the fixtures into a test module: `from tests.browser.phone_fixtures import *`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests
import socketio
from playwright.sync_api import expect

from tests.live_server import PASSCODE

__all__ = ["facilitator", "room", "phone_in", "Room", "shoot", "SHOTS"]

SHOTS = Path(__file__).resolve().parents[2] / "shots"   # screenshots to look at (not committed)
QUESTION = "How do people get an interpreter at the GP?"


class Facilitator:
    """A signed-in facilitator: `console(code)` opens a console connection to one workshop."""

    def __init__(self, server):
        self.server = server
        self.http = requests.Session()
        page = self.http.get(f"{server.url}/facilitator/signin", timeout=10).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        answer = self.http.post(
            f"{server.url}/facilitator/signin", data={"csrf_token": token, "passcode": PASSCODE}, timeout=10, allow_redirects=False
        )
        assert answer.status_code in (302, 303), f"sign-in failed: {answer.status_code}"
        self.consoles = []

    def console(self, code: str) -> "Console":
        console = Console(self.server, self.http, code)
        self.consoles.append(console)
        return console

    def close(self):
        for console in self.consoles:
            console.close()
        self.http.close()


class Console:
    """One console connection: `call(event, payload)` returns the answer, refusals fail the test."""

    def __init__(self, server, http, code):
        self.code = code
        self.client = socketio.Client(http_session=http)
        self.client.connect(server.url, transports=["websocket"], wait_timeout=10)
        joined = self.client.call("console:join", {"code": code}, timeout=10)
        assert joined["ok"], joined

    def call(self, event: str, payload: dict | None = None) -> dict:
        answer = self.client.call(event, payload or {}, timeout=10)
        assert answer["ok"], f"{event} refused: {answer}"
        return answer

    def open_only(self, *phases: str) -> dict:
        return self.call("phases:open", {"phases": list(phases)})

    def close(self):
        self.client.shutdown()


class Room:
    """A live workshop on the shared server, with its console and join link."""

    def __init__(self, server, facilitator, title, template="adaptive-action", question=QUESTION):
        links = server.new_workshop(title, question=question, template=template)
        self.code = links["code"]
        self.join_url = f"{server.url}/j/{self.code}"
        self.console = facilitator.console(self.code)
        self.console.call("workshop:status", {"status": "live"})


@pytest.fixture
def facilitator(live_server):
    signed_in = Facilitator(live_server)
    yield signed_in
    signed_in.close()


@pytest.fixture
def room(live_server, facilitator):
    """room(title, template=...) -> a live workshop with a question, driven by a console."""
    return lambda title, **options: Room(live_server, facilitator, title, **options)


@pytest.fixture
def phone_in(new_phone):
    """phone_in(room, "ar") -> a 360×740 phone that has joined the room in that language."""

    def make(room, language="en", group_index=None):
        phone = new_phone()
        phone.goto(f"{room.join_url}?lang={language}")
        if group_index is not None:
            phone.select_option("#group", index=group_index)
        phone.locator("#join-form button[type=submit]").click()
        expect(phone.locator("#connection")).to_have_attribute("data-state", "online")
        return phone

    return make


def shoot(page, name: str, full_page: bool = True) -> None:
    """A screenshot to look at, under shots/ (not committed): the whole page from its top
    (so the sticky question sits where it starts), or just what the screen shows."""
    SHOTS.mkdir(exist_ok=True)
    if full_page:
        page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)
