"""Two server processes sharing Redis and PostgreSQL serve the same workshop.

Starts a private Redis and a private PostgreSQL cluster (Debian's packages, installed by
`make system-deps`) in temporary folders, then two `facilitator run` processes. A phone
on process A posts; a board on process B sees the note within a second. Process A is
then restarted, and its phone rejoins with `since` and misses nothing.
"""

from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from tests.live_server import free_port, wait_for_port

socketio = pytest.importorskip("socketio")

BIN = Path(sys.executable).parent
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
PG_BINS = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
PG_BIN = Path(PG_BINS[-1]) if PG_BINS else None

if not os.path.exists(REDIS) or not PG_BIN or not (PG_BIN / "initdb").exists():
    pytest.skip(
        "redis-server or PostgreSQL's initdb is missing (Debian packages redis-server and postgresql; "
        "`make system-deps` as root installs them)",
        allow_module_level=True,
    )


def as_postgres_user() -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the `postgres` user then."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root and there is no `postgres` user to run PostgreSQL as")
    return ["runuser", "-u", "postgres", "--"]


@pytest.fixture(scope="module")
def redis_url():
    port = free_port()
    proc = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, proc)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def database_url():
    prefix = as_postgres_user()
    home = Path(tempfile.mkdtemp(prefix="facilitator-pg-"))
    if prefix:
        shutil.chown(home, "postgres")
    data, port = home / "data", free_port()
    run = lambda *args: subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)  # noqa: E731
    run(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "facilitator", "--no-sync", "-E", "UTF8")
    run(
        str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(home / "log"), "-w", "-t", "60", "start",
        "-o", f"-F -p {port} -h 127.0.0.1 -k {home}",
    )
    try:
        yield f"postgresql+psycopg://facilitator@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


class ServerProcess:
    def __init__(self, env: dict, log: Path):
        self.env, self.port, self.proc, self.log = env, free_port(), None, log

    def start(self):
        with self.log.open("ab") as log:  # the child keeps its own copy of the descriptor
            self.proc = subprocess.Popen(
                [str(BIN / "facilitator"), "run", "--host", "127.0.0.1", "--port", str(self.port)],
                env=self.env, stdout=subprocess.DEVNULL, stderr=log,
            )
        try:
            wait_for_port(self.port, self.proc)
        except RuntimeError as error:
            raise RuntimeError(f"{error}; its log ends: {self.log.read_text()[-2000:]}") from None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


class Client:
    """A Socket.IO client that remembers every note it saw and the last change number."""

    def __init__(self):
        self.http = requests.Session()  # ours, so close() leaves no socket for the garbage collector
        self.sio = socketio.Client(
            reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1, http_session=self.http
        )
        self.notes, self.seq, self.arrived = {}, 0, threading.Event()
        self.sio.on("note", self._note)

    def _note(self, note):
        self.notes[note["id"]] = note
        self.seq = max(self.seq, note["seq"])
        self.arrived.set()

    def close(self):
        self.sio.shutdown()  # unlike disconnect(), also stops a reconnection loop in progress
        self.http.close()

    def join(self, event, payload):
        answer = self.sio.call(event, {**payload, "since": self.seq}, timeout=10)
        assert answer["ok"], answer
        for note in answer["notes"]:
            self.notes[note["id"]] = note
        self.seq = max(self.seq, answer["seq"])
        return answer


@pytest.fixture(scope="module")
def cluster(redis_url, database_url):
    data_dir = Path(tempfile.mkdtemp(prefix="facilitator-scaleout-"))
    env = {
        **os.environ, "FACILITATOR_DATA_DIR": str(data_dir), "DATABASE_URL": database_url,
        "MESSAGE_QUEUE": redis_url, "FACILITATOR_ASYNC": "eventlet", "PYTHONUNBUFFERED": "1",
    }
    made = subprocess.run(
        [str(BIN / "facilitator"), "new", "Scale-out", "--port", "5000"], env=env, capture_output=True, text=True,
        check=True, timeout=60,
    )
    links = json.loads(made.stdout)
    from facilitator import create_app

    app = create_app({"async_mode": "threading", "data_dir": data_dir, "database_url": database_url})
    app.extensions["facilitation"].set_open_phases(links["code"], ["what"])
    app.extensions["db"].dispose()
    servers = [ServerProcess(env, data_dir / "a.log"), ServerProcess(env, data_dir / "b.log")]
    for server in servers:
        server.start()
    try:
        yield links["code"], urlsplit(links["board_url"]).path.rstrip("/").rsplit("/", 1)[1], servers
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def test_a_note_posted_on_one_process_reaches_a_board_on_the_other_and_survives_a_restart(cluster):
    code, board_key, (a, b) = cluster
    board, phone = Client(), Client()
    board.sio.connect(b.url, transports=["websocket"], wait_timeout=10)
    board.join("board:join", {"code": code, "key": board_key})
    phone.sio.connect(a.url, transports=["websocket"], wait_timeout=10)
    participant = phone.join("phone:join", {"code": code})["participant"]["id"]
    try:
        first = str(uuid.uuid4())
        sent = time.monotonic()
        assert phone.sio.call("note:post", {"id": first, "phase": "what", "text": "Interpreters booked too late"}, timeout=10)["ok"]
        assert board.arrived.wait(1.0), "the board on process B did not see the note within a second"
        assert first in board.notes and time.monotonic() - sent < 1.0

        # Restart process A; meanwhile a note is posted through B, which A's phone can only get by resyncing.
        a.stop()
        second = str(uuid.uuid4())
        helper = Client()
        helper.sio.connect(b.url, transports=["websocket"], wait_timeout=10)
        helper.join("phone:join", {"code": code})
        assert helper.sio.call("note:post", {"id": second, "phase": "what", "text": "Leaflets only in English"}, timeout=10)["ok"]
        helper.close()
        a.start()

        deadline = time.monotonic() + 15
        while not phone.sio.connected and time.monotonic() < deadline:
            time.sleep(0.1)
        assert phone.sio.connected, "the phone did not reconnect to the restarted process"
        phone.join("phone:join", {"code": code, "participant": participant})
        assert {first, second} <= set(phone.notes), "the phone missed a note across the restart"
        third = str(uuid.uuid4())
        board.arrived.clear()
        assert phone.sio.call("note:post", {"id": third, "phase": "what", "text": "After the restart"}, timeout=10)["ok"]
        deadline = time.monotonic() + 2
        while third not in board.notes and time.monotonic() < deadline:
            time.sleep(0.05)
        assert {first, second, third} <= set(board.notes)
    finally:
        for client in (board, phone):
            client.close()


def test_a_post_waiting_on_another_processs_lock_does_not_freeze_its_own_process(cluster, database_url):
    """psycopg waits for PostgreSQL in C unless told otherwise, which under eventlet froze
    the whole process, every phone on it, for as long as a lock was held elsewhere."""
    import psycopg

    code, _board_key, (a, _b) = cluster
    phone = Client()
    phone.sio.connect(a.url, transports=["websocket"], wait_timeout=10)
    phone.join("phone:join", {"code": code})
    answers = []
    with psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://")) as other_process:
        try:
            with other_process.transaction():
                # Another process's transaction holds the workshop's row (a post there takes its next number).
                other_process.execute("SELECT seq FROM workshop WHERE code = %s FOR UPDATE", (code,))
                poster = threading.Thread(target=lambda: answers.append(phone.sio.call(
                    "note:post", {"id": str(uuid.uuid4()), "phase": "what", "text": "Posted while the row is locked"},
                    timeout=20,
                )))
                poster.start()
                time.sleep(1.5)  # the post now waits for the lock
                began = time.monotonic()
                health = requests.get(f"{a.url}/healthz?window=1", timeout=5).json()
                answered_in = time.monotonic() - began
                assert not answers, "the post did not wait for the lock: the test proves nothing"
            poster.join(20)
        finally:
            phone.close()
    assert answered_in < 0.5, f"process A took {answered_in:.2f} s to answer while one post waited for a lock"
    assert health["loop"]["max_lag_ms"] < 300, health["loop"]
    assert answers and answers[0]["ok"], answers  # and once the lock went, the post went through
