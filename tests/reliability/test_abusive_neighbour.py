"""Issue 12, item 2, on the real server (eventlet): phones flooding one workshop with
catch-ups and joins do not hold up another workshop's board, and are told to slow down.

Measured before (one gate for the whole server): a phone in another workshop saw stalls
of 2.0 s with one flooding connection and 17.6 s with four. The bound asserted here is
loose on purpose (the figures are `make bench`'s): it fails only on stalls like those.
That workshops never wait for each other is shown without timing in
tests/unit/test_work_order.py; here, that the flood is told to slow down.
"""

from __future__ import annotations

import pytest

import threading
import time
import uuid

import requests
import socketio

from facilitator.app import build_app
from tests.live_server import LiveServer
from tests.reliability.conftest import RealPhone, health

# Timings and memory measured here are the server's own only when nothing else runs.
pytestmark = pytest.mark.alone

FLOODERS = 4
FLOOD_CALLS = 20  # per flooding connection (about 4 a second): bounded, it stops by itself
NOTES_IN_FLOODED_WORKSHOP = 500  # big enough that each catch-up is a big picture (the issue measured 711)
STALL_BOUND_S = 3.0  # measured here: at most 0.5 s on a quiet machine, 1.7 s with the machine's two cores shared by six test runs


def _flood(server, code, refusals: list, stop: threading.Event):
    http = requests.Session()
    client = socketio.Client(reconnection=False, http_session=http)
    try:
        client.connect(server.url, transports=["websocket"], wait_timeout=10)
        for n in range(FLOOD_CALLS):
            if stop.is_set():
                break
            event, payload = ("phone:join", {"code": code}) if n % 10 == 0 else ("sync", {"since": 0})
            try:
                answer = client.call(event, payload, timeout=10)
            except socketio.exceptions.SocketIOError:
                break
            if not answer["ok"]:
                refusals.append(answer["error"]["code"])
    finally:
        client.shutdown()
        http.close()


def _prepare(server: LiveServer, code: str, quiet: str) -> None:
    """Before the server starts: What? open in both, and the first workshop full of notes
    (as a long day of scribing would leave it)."""
    app = build_app({"data_dir": server.data_dir, "async_mode": "threading"})
    service = app.extensions["facilitation"]
    for each in (code, quiet):
        service.set_open_phases(each, ["what"])
    for n in range(NOTES_IN_FLOODED_WORKSHOP):
        service.scribe_note(code, note_id=str(uuid.uuid4()), phase="what", text=f"Waiting times at the walk-in centre, story {n}")
    app.extensions["db"].dispose()


def test_phones_flooding_one_workshop_do_not_hold_up_another_workshops_board(tmp_path):
    server = LiveServer(tmp_path / "server").init()
    flooded = server.new_workshop("Citywide conversation")["code"]
    quiet = server.new_workshop("Pharmacy access")["code"]
    _prepare(server, flooded, quiet)  # a big workshop: every flooding sync is a big snapshot
    server.start()
    phones = []
    try:
        board, poster = RealPhone(server.url, quiet).connect(), RealPhone(server.url, quiet).connect()
        phones += [board, poster]

        refusals: list[str] = []
        stop = threading.Event()
        flooders = [threading.Thread(target=_flood, args=(server, flooded, refusals, stop)) for _ in range(FLOODERS)]
        [f.start() for f in flooders]
        time.sleep(0.5)  # the flood is under way
        delays = []
        try:
            for n in range(60):  # a note a second while the flood lasts (bounded)
                if not any(f.is_alive() for f in flooders):
                    break
                sent = time.monotonic()
                answer = poster.post(f"Interpreter booked for the pharmacy, note {n}")
                assert answer["ok"], answer
                while answer["note"]["id"] not in board.notes and time.monotonic() - sent < 10:
                    time.sleep(0.01)
                delays.append(time.monotonic() - sent)
                health(server)  # the server answers its health check during the flood
                time.sleep(max(0.0, 1.0 - (time.monotonic() - sent)))  # a person's pace
        finally:
            stop.set()
            [f.join(30) for f in flooders]
        assert max(delays) < STALL_BOUND_S, f"the quiet workshop's board waited {max(delays):.2f} s for a note"
        assert refusals and set(refusals) == {"slow_down"}, "the flooding phones were never told to slow down"
    finally:
        for phone in phones:
            phone.close()
        server.stop()
