"""Issue 12, item 1 (the phone's half): a phone that meets the connection cap says the
room is full — not just "offline" — keeps trying, and joins once there is space.

The real server holds at most 6 connections (FACILITATOR_MAX_CONNECTIONS=6). The phone's
page and files are handed to Chromium by the test (fetched from the server one request
at a time), so that the phone's only own connections to the server are Socket.IO's and
its question to /healthz; a crowd of idle connections from 127.0.0.2 fills the room.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.phone_fixtures import Facilitator, Room, shoot
from tests.conftest import PHONE
from tests.live_server import LiveServer

ROOM_FULL = "The room is full right now — we will keep trying. Your notes are kept on this phone."
CAP = 6


@pytest.fixture
def small_server(tmp_path):
    server = LiveServer(tmp_path, extra_env={"FACILITATOR_MAX_CONNECTIONS": str(CAP)}).init().start()
    yield server
    server.stop()


def relay(blocked: threading.Event, port: int):
    """Playwright route handler: the page and its files are fetched by the test and handed
    over; Socket.IO and /healthz go to the server from the phone itself (refused while
    `blocked` is set, as with no signal)."""

    def handle(route):
        request = route.request
        path = urlsplit(request.url).path
        if path.startswith("/socket.io/") or path == "/healthz":
            route.abort() if blocked.is_set() else route.continue_()
            return
        headers = {k: v for k, v in request.headers.items() if k.lower() in ("cookie", "accept", "accept-language", "content-type")}
        url = request.url.replace(f":{urlsplit(request.url).port}/", f":{port}/", 1)
        fetched = urllib.request.Request(url, data=request.post_data_buffer, headers=headers, method=request.method)
        try:
            with urllib.request.urlopen(fetched, timeout=10) as answer:
                status, answer_headers, body = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            status, answer_headers, body = error.code, error.headers, error.read()
        kept = {k: v for k, v in answer_headers.items() if k.lower() not in ("connection", "transfer-encoding", "content-length")}
        route.fulfill(status=status, headers=kept, body=body)

    return handle


class LazyDoor:
    """A TCP port in front of the server that connects to it only when the browser sends
    a request of the phone's own: Chromium opens sockets ahead of need (preconnect) and
    asks for a favicon, and a connection of those held by the server would let the phone
    in past the full room without meeting the cap."""

    def __init__(self, port: int):
        self.port = port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url_port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                browser_side, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(browser_side,), daemon=True).start()

    def _serve(self, browser_side):
        with browser_side:
            first = browser_side.recv(65536)
            # Only the phone's own Socket.IO and /healthz requests pass (the page's files are
            # relayed by the test): the browser's favicon request, say, would otherwise leave
            # a kept-alive connection in the room for Socket.IO to reuse.
            if not first.startswith((b"GET /socket.io/", b"POST /socket.io/", b"GET /healthz")):
                return
            try:
                server_side = socket.create_connection(("127.0.0.1", self.port))
            except OSError:
                return  # the server has stopped (the test is ending): a late request goes unanswered
            with server_side:
                server_side.sendall(first)
                threading.Thread(target=self._pipe, args=(server_side, browser_side), daemon=True).start()
                self._pipe(browser_side, server_side)

    @staticmethod
    def _pipe(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            try:
                target.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    def close(self):
        self.listener.close()


def fill_the_room(port: int) -> list[socket.socket]:
    """Idle connections from 127.0.0.2 until the server answers one "the room is full"."""
    crowd = []
    for _ in range(CAP + 10):
        connection = socket.socket()
        connection.bind(("127.0.0.2", 0))
        connection.connect(("127.0.0.1", port))
        connection.settimeout(0.5)
        try:
            answer = connection.recv(200)
        except socket.timeout:
            crowd.append(connection)  # held by the server, silently waiting for a request
            continue
        connection.close()
        assert answer.startswith(b"HTTP/1.1 503"), answer
        return crowd
    raise AssertionError("the server never said the room was full")


def test_a_phone_in_a_full_room_says_so_keeps_trying_and_joins_when_there_is_space(browser, small_server):
    facilitator = Facilitator(small_server)
    room = Room(small_server, facilitator, "A full waiting room")
    room.console.open_only("what")
    facilitator.close()  # its connections leave the room

    context = browser.new_context(**PHONE)
    phone = context.new_page()
    blocked = threading.Event()
    blocked.set()
    phone.route("**/*", relay(blocked, small_server.port))
    crowd = []
    door = LazyDoor(small_server.port)
    try:
        phone.goto(room.join_url.replace(f":{small_server.port}/", f":{door.url_port}/"))
        phone.locator("#join-form button[type=submit]").click()
        connection = phone.locator("#connection")
        expect(connection).to_have_attribute("data-state", "offline", timeout=15_000)
        expect(connection).not_to_have_text(ROOM_FULL)  # no signal is not a full room

        # Twice, a moment apart: connections just closed (the facilitator's) leave the count
        # only when the server notices, and their places must be taken too.
        crowd = fill_the_room(small_server.port)
        time.sleep(1.0)
        crowd += fill_the_room(small_server.port)
        blocked.clear()
        expect(connection).to_have_text(ROOM_FULL, timeout=15_000)
        shoot(phone, "phone-room-full", full_page=False)

        for person in crowd:
            person.close()
        crowd = []
        expect(connection).to_have_attribute("data-state", "online", timeout=20_000)
        expect(connection).not_to_have_text(ROOM_FULL)
    finally:
        for person in crowd:
            person.close()
        context.close()
        door.close()
