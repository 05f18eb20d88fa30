"""Issue 12, item 1: a room too big for the open-files limit, or someone opening idle
connections, meets a polite "the room is full" — the server never goes down.

The real server runs under `ulimit -n 1024`. Connections come only from loopback: the
crowd from 127.0.0.2 (and other 127.x addresses), the real phone and `/healthz` from
127.0.0.1, so the per-address cap is seen doing its job.
"""

from __future__ import annotations

import resource
import select
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.live_server import LiveServer
from tests.reliability.conftest import RealPhone, console_call, health


def limit_open_files(soft: int, hard: int):
    def preexec():
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))

    return preexec


class LimitedServer(LiveServer):
    """`facilitator run` started as from a shell where `ulimit -n` was set first."""

    def __init__(self, *args, soft: int = 1024, hard: int = 1024, **kwargs):
        super().__init__(*args, **kwargs)
        self.soft, self.hard = soft, hard

    def start(self, timeout: float = 30) -> "LimitedServer":
        real_popen = subprocess.Popen

        def popen(*args, **kwargs):
            return real_popen(*args, preexec_fn=limit_open_files(self.soft, self.hard), **kwargs)

        subprocess.Popen = popen
        try:
            return super().start(timeout)
        finally:
            subprocess.Popen = real_popen


# The crowd's sockets are held by this test process.
pytestmark = pytest.mark.usefixtures("room_for_our_own_sockets")


def open_idle(count: int, port: int, sources: list[str]) -> list[socket.socket]:
    """`count` TCP connections that never send a byte, spread over `sources` (bounded: no retry)."""
    crowd = []
    for n in range(count):
        connection = socket.socket()
        connection.settimeout(5)
        connection.bind((sources[n % len(sources)], 0))
        try:
            connection.connect(("127.0.0.1", port))
        except OSError:
            connection.close()
            continue
        crowd.append(connection)
    return crowd


def count_refused(crowd: list[socket.socket], wait: float = 2.0) -> int:
    """How many of the crowd's connections the server answered with 503 and closed within
    `wait` seconds (those it holds stay silent). Polled until the deadline: a loaded server
    answers a backlog of refusals over a while, not in one instant."""
    poller = select.poll()
    by_fd = {c.fileno(): c for c in crowd}
    for fd in by_fd:
        poller.register(fd, select.POLLIN)
    refused = 0
    deadline = time.monotonic() + wait
    while by_fd and (left := deadline - time.monotonic()) > 0:
        for fd, _event in poller.poll(left * 1000):
            poller.unregister(fd)
            connection = by_fd.pop(fd)
            connection.settimeout(0.5)
            try:
                refused += connection.recv(200).startswith(b"HTTP/1.1 503")
            except OSError:
                pass
    return refused


def test_1100_idle_connections_from_one_address_leave_the_room_working(tmp_path):
    server = LimitedServer(tmp_path / "server").init()
    links = server.new_workshop("A big room")
    server.start()
    crowd = []
    phone = None
    try:
        code = links["code"]
        assert console_call(server, code, "phases:open", {"phases": ["what"]})["ok"]
        phone = RealPhone(server.url, code).connect()
        assert phone.post("before the crowd")["ok"]

        crowd = open_idle(1100, server.port, ["127.0.0.2"])
        time.sleep(1.0)  # let the server accept (or refuse) the whole backlog
        assert server.process.poll() is None, "the server went down"
        refused = count_refused(crowd)
        assert refused >= 1100 - 200, f"only {refused} of 1100 connections were refused"

        assert health(server)["status"] == "ok", "/healthz did not answer while the crowd was there"
        assert phone.post("during the crowd")["ok"], "a phone already in the room could not post"

        for connection in crowd:
            connection.close()
        time.sleep(0.5)
        assert server.process.poll() is None
        assert health(server)["status"] == "ok"
        assert phone.post("after the crowd")["ok"]
    finally:
        for connection in crowd:
            connection.close()
        if phone:
            phone.close()
        server.stop()


def test_beyond_the_total_cap_connections_get_room_full_and_the_server_stays_up(tmp_path):
    """Many addresses at once (a huge room): the total cap, below the open-files limit, holds."""
    server = LimitedServer(tmp_path / "server").init().start()
    crowd = []
    try:
        sources = [f"127.0.1.{n}" for n in range(1, 41)]  # 40 addresses, 30 each: none reaches its own cap
        crowd = open_idle(1200, server.port, sources)
        time.sleep(1.0)
        assert server.process.poll() is None, "the server went down"
        refused = count_refused(crowd)
        assert refused >= 1200 - 1024, f"only {refused} refused: the cap is not below the open-files limit"

        for connection in crowd:
            connection.close()
        time.sleep(0.5)
        assert health(server)["status"] == "ok"  # answers again once the crowd has gone
        assert server.process.poll() is None
    finally:
        for connection in crowd:
            connection.close()
        server.stop()


def test_the_server_raises_its_open_files_limit_to_the_hard_limit(tmp_path):
    server = LimitedServer(tmp_path / "server", soft=1024, hard=4096).init().start()
    try:
        limits = Path(f"/proc/{server.process.pid}/limits").read_text()
        line = next(row for row in limits.splitlines() if row.startswith("Max open files"))
        assert line.split()[3] == "4096", line
    finally:
        server.stop()
