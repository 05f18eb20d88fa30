"""Reliability tests run the real server (eventlet) and talk to it like real phones."""

from __future__ import annotations

import json
import resource
import threading
import urllib.request
import uuid

import engineio
import pytest
import requests
import socketio

from facilitator.app import SOCKET_FRAME_LIMIT
from facilitator.live.packet_guard import accept_whole_batches
from tests.live_server import LiveServer

# A long-polling phone's poll brings everything queued for it at once (a burst of notes in
# a busy room). A browser reads any number; python-engineio's client dropped the connection
# at 17 ("Unexpected packet from server"), losing the answers in that poll. The test
# process's clients read what the server's do.
accept_whole_batches(SOCKET_FRAME_LIMIT)


@pytest.fixture
def room_for_our_own_sockets():
    """For tests whose process holds a crowd's sockets: the open-files limit raised for it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


class _InOrderEngineIO(engineio.Client):
    """python-engineio's client, handling messages one after another as they arrive.

    The stock client runs each message's handler in a thread of its own, so two notes
    received in order could be recorded out of order (seen: "heard the notes out of
    order", 31 before 30, with the server's socket writing them 30 then 31). A phone's
    browser handles them in arrival order; so does this, on the reading thread. Handlers
    here only record (a connect's join runs in its own thread), so the reader never waits."""

    def _trigger_event(self, event, *args, **kwargs):
        kwargs.pop("run_async", None)
        return super()._trigger_event(event, *args, **kwargs)


class _InOrderClient(socketio.Client):
    def _engineio_client_class(self):
        return _InOrderEngineIO


class RealPhone:
    """A phone over a real WebSocket (python-socketio's client), joined to one workshop."""

    def __init__(self, url: str, code: str, transports: tuple[str, ...] = ("websocket",)):
        self.url = url
        self.code = code
        self.transports = list(transports)
        self.heard: list[dict] = []  # every `note` broadcast, in the order it arrived
        self.connects = 0  # more than one: the connection dropped and the client reconnected
        self.participant = None
        self.notes: dict[str, dict] = {}
        self.lock = threading.Lock()
        # Our own HTTP session, closed with the phone: left to the client, its sockets would
        # be found unclosed by the garbage collector in some later test.
        self.http = requests.Session()
        self.client = _InOrderClient(
            reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1, http_session=self.http
        )
        self.client.on("note", self._on_note)
        self.client.on("connect", self._on_connect)
        self.joined = threading.Event()

    def _on_note(self, note):
        with self.lock:
            self.notes[note["id"]] = note
            self.heard.append(note)

    def _on_connect(self):
        self.connects += 1
        threading.Thread(target=self._join, daemon=True).start()

    def _join(self):
        try:
            answer = self.client.call("phone:join", {"code": self.code, "participant": self.participant}, timeout=15)
        except socketio.exceptions.SocketIOError:
            return  # the connection dropped again before the answer; the next connect retries
        if answer and answer["ok"]:
            self.participant = answer["participant"]["id"]
            with self.lock:
                for note in answer["notes"]:
                    self.notes[note["id"]] = note
            self.joined.set()

    def connect(self) -> "RealPhone":
        self.client.connect(self.url, transports=self.transports, wait_timeout=10)
        assert self.joined.wait(15), "the phone could not join"
        return self

    def post(self, text: str, note_id: str | None = None, phase: str = "what", timeout: float = 10) -> dict:
        return self.client.call("note:post", {"id": note_id or str(uuid.uuid4()), "phase": phase, "text": text}, timeout=timeout)

    def close(self):
        self.client.shutdown()  # unlike disconnect(), also stops a reconnection loop in progress
        self.http.close()


def console_call(server: LiveServer, code: str, event: str, payload: dict) -> dict:
    """Act as the facilitator for one event: a co-facilitator link gives a session cookie."""
    workshop = server.workshop_links[code]
    with requests.Session() as http:  # closed, so no socket is left for the garbage collector
        http.get(workshop["cofacilitator_url"], allow_redirects=False, timeout=10)
        client = socketio.Client(http_session=http)
        client.connect(server.url, transports=["websocket"], wait_timeout=10)
        try:
            assert client.call("console:join", {"code": code}, timeout=10)["ok"]
            return client.call(event, payload, timeout=10)
        finally:
            client.shutdown()


def health(server: LiveServer, window: float = 60) -> dict:
    with urllib.request.urlopen(f"{server.url}/healthz?window={window}", timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture
def server(tmp_path):
    server = LiveServer(tmp_path / "server").init().start()
    yield server
    server.stop()


@pytest.fixture
def open_workshop(server):
    """A workshop with What? open, on the running server: its links as a dict."""
    links = server.new_workshop("Reliability")
    assert console_call(server, links["code"], "phases:open", {"phases": ["what"]})["ok"]
    return links


@pytest.fixture(autouse=True)
def collect_dropped_client_sockets():
    """These tests kill servers and drop connections under real Socket.IO clients, whose
    websocket library then leaves its socket to the garbage collector. Collect them here,
    inside the test that dropped them (where the warning is expected: see
    pytest_collection_modifyitems), so they are never reported against an unrelated test."""
    yield
    import gc

    gc.collect()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/reliability/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"))
