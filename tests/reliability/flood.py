"""A flood of Socket.IO events from many connections, as a script would send it (issue 21,
row 8), and the measure of another workshop's board while it lasts (`measure`: used by
tests/reliability/test_flood.py and by `make bench`'s "flood" part).

The flood runs in its own process, so the phones measuring the room never share a GIL with it:

    python -m tests.reliability.flood URL CODE --addresses 127.0.0.2,127.0.0.3 --connections 180 \
        --seconds 10 --mode fast|slow

Each connection is a raw WebSocket (no Socket.IO client: a script does not wait for
answers). It joins `CODE` as a new phone, then sends `votes:mine` with an ack id:
- `fast`: as fast as the socket takes them, reading and dropping whatever comes back;
- `slow`: within the per-connection budget (`PER_SECOND_SLOW`), never reading a byte.
A connection the server closes is opened again, as an attacker would. Loopback only,
and bounded: it stops by itself after `--seconds`. Prints one JSON line of counts
(`events_written`: written into the sockets; in `fast` mode most of it is still in the
kernel's buffers when the flood stops, never read by the server).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import select
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit

PER_SECOND_SLOW = 15  # under the server's 20 events a second per connection
BATCH = 400  # events written at once by a fast connection


def _frame(text: str) -> bytes:
    """A client text frame, masked with a zero key (so the payload stays as written)."""
    payload = text.encode()
    length = len(payload)
    if length < 126:
        head = bytes([0x81, 0x80 | length])
    else:
        head = bytes([0x81, 0x80 | 126]) + length.to_bytes(2, "big")
    return head + b"\x00\x00\x00\x00" + payload


FAST_BATCH = b"".join(_frame(f'42{n}["votes:mine",{{}}]') for n in range(1, BATCH + 1))


class Flooder:
    def __init__(self, host: str, port: int, source: str, code: str):
        self.host, self.port, self.source, self.code = host, port, source, code
        self.sock: socket.socket | None = None
        self.pending = b""
        self.ack = 1
        self.sent_at = 0.0

    def open(self) -> bool:
        sock = socket.socket()
        sock.settimeout(5)
        try:
            sock.bind((self.source, 0))
            sock.connect((self.host, self.port))
            key = base64.b64encode(os.urandom(16)).decode()
            sock.sendall(
                f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n".encode()
            )
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = sock.recv(4096)
                if not chunk:
                    raise OSError("closed during the handshake")
                head += chunk
            if b" 101 " not in head.split(b"\r\n", 1)[0]:
                raise OSError("refused")
            sock.sendall(_frame("40") + _frame('420["phone:join",' + json.dumps({"code": self.code}) + "]"))
        except OSError:
            sock.close()
            return False
        sock.setblocking(False)
        self.sock, self.pending = sock, b""
        return True

    def events(self, count: int) -> bytes:
        if count == BATCH:  # built once: the flooder's own CPU must not be what slows the room
            return FAST_BATCH
        frames = []
        for _ in range(count):
            frames.append(_frame(f'42{self.ack}["votes:mine",{{}}]'))
            self.ack += 1
        return b"".join(frames)

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None


def run(url: str, code: str, addresses: list[str], connections: int, seconds: float, mode: str) -> dict:
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port
    flooders = [Flooder(host, port, addresses[n % len(addresses)], code) for n in range(connections)]
    counts = {"opened": 0, "refused": 0, "closed_by_server": 0, "events_written": 0, "bytes_read": 0}
    for flooder in flooders:
        counts["opened" if flooder.open() else "refused"] += 1
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        live = [f for f in flooders if f.sock is not None]
        for flooder in flooders:  # reopen what the server closed (an attacker would)
            if flooder.sock is None and time.monotonic() < deadline:
                counts["opened" if flooder.open() else "refused"] += 1
        if not live:
            time.sleep(0.05)
            continue
        readable, writable, _ = select.select(
            [f.sock for f in live] if mode == "fast" else [], [f.sock for f in live], [], 0.05
        )
        by_sock = {f.sock: f for f in live}
        for sock in readable:
            flooder = by_sock[sock]
            try:
                data = sock.recv(65536)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if not data:
                counts["closed_by_server"] += 1
                flooder.close()
            counts["bytes_read"] += len(data)
        now = time.monotonic()
        for sock in writable:
            flooder = by_sock[sock]
            if flooder.sock is None:
                continue
            if not flooder.pending:
                if mode == "fast":
                    flooder.pending = flooder.events(BATCH)
                    counts["events_written"] += BATCH
                elif now - flooder.sent_at >= 1.0 / PER_SECOND_SLOW:
                    flooder.pending = flooder.events(1)
                    flooder.sent_at = now
                    counts["events_written"] += 1
                else:
                    continue
            try:
                written = sock.send(flooder.pending)
                flooder.pending = flooder.pending[written:]
            except BlockingIOError:
                pass
            except OSError:
                counts["closed_by_server"] += 1
                flooder.close()
        if mode == "slow":
            time.sleep(0.005)
    for flooder in flooders:
        flooder.close()
    return counts


# ---- measuring the room while the flood runs (the test and `make bench`'s "flood" part) ----

FLOOD_SECONDS = 12
FLOOD_ADDRESSES = "127.0.0.2,127.0.0.3,127.0.0.4"
NOTE_EVERY_S = 0.25  # four posters in turn: each at a person's pace (the notes budget is 1 a second)
IDLE_NOTES = 24


def rss_mb(pid: int) -> float:
    """The resident memory of process `pid`, in MB (Linux)."""
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def note_delays(board, posters, until, label: str) -> list[float]:
    """Post a note every NOTE_EVERY_S (the posters in turn) until `until(n)` says stop;
    each one's time from posting to the board hearing it (10 s when it never arrives)."""
    delays = []
    n = 0
    while not until(n):
        sent = time.monotonic()
        answer = posters[n % len(posters)].post(f"{label}: the interpreter did not come, note {n}", timeout=15)
        if not answer.get("ok"):
            raise RuntimeError(f"a note in the quiet workshop was refused: {answer}")
        while answer["note"]["id"] not in board.notes and time.monotonic() - sent < 10:
            time.sleep(0.002)
        delays.append(time.monotonic() - sent)
        n += 1
        time.sleep(max(0.0, NOTE_EVERY_S - (time.monotonic() - sent)))
    return delays


def measure(data_dir, mode: str, connections: int, seconds: float = FLOOD_SECONDS) -> dict:
    """Start a real server (eventlet) with two workshops; measure the quiet one's
    note-to-board delays idle, then while `connections` flood the other from 3 loopback
    addresses (in their own process), and the server's memory before, at its peak and
    once the flood has stopped (given up to 20 s to come back). Returns the figures."""
    from tests.live_server import LiveServer
    from tests.reliability.conftest import RealPhone, console_call, health

    server = LiveServer(data_dir).init()
    flooded = server.new_workshop("Citywide conversation")["code"]
    quiet = server.new_workshop("Pharmacy access")["code"]
    server.start()
    phones = []
    try:
        for code in (flooded, quiet):
            assert console_call(server, code, "phases:open", {"phases": ["what"]})["ok"]
        board = RealPhone(server.url, quiet).connect()
        posters = [RealPhone(server.url, quiet).connect() for _ in range(4)]
        phones += [board, *posters]
        note_delays(board, posters, lambda n: n >= 8, "warm-up")
        idle = note_delays(board, posters, lambda n: n >= IDLE_NOTES, "idle")
        memory_before = rss_mb(server.process.pid)
        flooder = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.flood", server.url, flooded, "--addresses", FLOOD_ADDRESSES,
             "--connections", str(connections), "--seconds", str(seconds), "--mode", mode],
            stdout=subprocess.PIPE, cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
        )
        peak = [memory_before]
        sampling = threading.Event()

        def sample():
            while not sampling.is_set():
                peak[0] = max(peak[0], rss_mb(server.process.pid))
                time.sleep(0.2)

        threading.Thread(target=sample, daemon=True).start()
        try:
            time.sleep(1.0)  # the flood is under way
            during = note_delays(board, posters, lambda n: flooder.poll() is not None, "flood")
            out, _ = flooder.communicate(timeout=60)
        finally:
            sampling.set()
            if flooder.poll() is None:
                flooder.kill()
        loop = health(server, window=seconds + 5)["loop"]
        settle = time.monotonic() + 20
        while rss_mb(server.process.pid) > memory_before * 1.2 and time.monotonic() < settle:
            time.sleep(0.5)
        memory_after = rss_mb(server.process.pid)
        late = RealPhone(server.url, quiet).connect()  # the room still takes a new phone
        phones.append(late)
        return {
            "mode": mode, "connections": connections, "flood": json.loads(out),
            "idle_p95_ms": round(p95(idle) * 1000, 1), "flood_p95_ms": round(p95(during) * 1000, 1),
            "flood_max_ms": round(max(during) * 1000, 1), "ratio_p95": round(p95(during) / p95(idle), 2),
            "notes_during": len(during), "series_ms": [round(d * 1000) for d in during], "loop_max_lag_ms": loop["max_lag_ms"],
            "memory_before_mb": round(memory_before), "memory_peak_mb": round(peak[0]), "memory_after_mb": round(memory_after),
            "memory_after_ratio": round(memory_after / memory_before, 2),
        }
    finally:
        for phone in phones:
            phone.close()
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("code")
    parser.add_argument("--addresses", default="127.0.0.2,127.0.0.3,127.0.0.4")
    parser.add_argument("--connections", type=int, default=180)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--mode", choices=("fast", "slow"), default="fast")
    args = parser.parse_args()
    host = urlsplit(args.url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("the flood only ever goes to this computer (loopback)")
    print(json.dumps(run(args.url, args.code, args.addresses.split(","), args.connections, min(args.seconds, 120), args.mode)))


if __name__ == "__main__":
    main()
