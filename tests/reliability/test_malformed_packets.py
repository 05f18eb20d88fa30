"""Issue 21, row 7: a connection sending packets that are not Socket.IO is closed after a
few, with one log line — not two tracebacks per packet until the disk fills."""

from __future__ import annotations

import gc
import time

import pytest
import requests
import socketio

from tests.reliability.conftest import RealPhone


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_garbage_packets_close_their_connection_and_are_logged_once(server, open_workshop):
    code = open_workshop["code"]
    neighbour = RealPhone(server.url, code).connect()
    logged_before = server.log_path.stat().st_size
    http = requests.Session()
    flooder = socketio.Client(reconnection=False, http_session=http)
    try:
        flooder.connect(server.url, transports=["websocket"], wait_timeout=10)
        assert flooder.call("phone:join", {"code": code}, timeout=10)["ok"]
        deep = "2" + "[" * 30_000 + "]" * 30_000
        sent = 0
        deadline = time.monotonic() + 10
        while flooder.connected and sent < 2_000 and time.monotonic() < deadline:
            flooder.eio.send("Z{{{" if sent % 2 else deep)
            sent += 1
            time.sleep(0.002)
        deadline = time.monotonic() + 5
        while flooder.connected and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not flooder.connected, f"the connection is still open after {sent} garbage packets"
        assert neighbour.post("the room carries on")["ok"]
    finally:
        flooder.shutdown()
        http.close()
        gc.collect()
        neighbour.close()
    time.sleep(0.5)
    with open(server.log_path, "rb") as log:
        log.seek(logged_before)
        written = log.read().decode("utf-8", "replace")
    assert "Traceback" not in written, written[-2000:]
    assert written.count("not Socket.IO") == 1, written[-2000:]
    assert len(written) < 5_000, f"{len(written)} bytes of log for one bad connection"
