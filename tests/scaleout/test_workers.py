"""`facilitator run --workers 2`: one server process per core, on one machine, sharing
the room through Redis and PostgreSQL (private ones, as test_two_processes starts them).

The join link names the first port; that process sends the phones opening it to the
ports in turn, so each phone's page — and so its socket, long-polling included — stays
on one process. A note posted through either process reaches the board and the phones
on the other exactly once, and stopping the command stops both processes.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from tests.live_server import free_port
from tests.scaleout.test_two_processes import Client, database_url, redis_url  # noqa: F401 (fixtures)

BIN = Path(sys.executable).parent


def free_pair() -> int:
    """A port P with P+1 free too."""
    for _ in range(50):
        first = free_port()
        with socket.socket() as a, socket.socket() as b:
            try:
                a.bind(("127.0.0.1", first))
                b.bind(("127.0.0.1", first + 1))
                return first
            except OSError:
                continue
    raise RuntimeError("no two consecutive free ports")


def answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def workers(redis_url, database_url):  # noqa: F811
    data_dir = Path(tempfile.mkdtemp(prefix="facilitator-workers-"))
    env = {
        **os.environ, "FACILITATOR_DATA_DIR": str(data_dir), "DATABASE_URL": database_url,
        "MESSAGE_QUEUE": redis_url, "FACILITATOR_ASYNC": "eventlet", "PYTHONUNBUFFERED": "1",
    }
    port = free_pair()
    made = subprocess.run(
        [str(BIN / "facilitator"), "new", "Two cores", "--port", str(port)], env=env, capture_output=True, text=True,
        check=True, timeout=60,
    )
    links = json.loads(made.stdout)
    from facilitator import create_app

    app = create_app({"async_mode": "threading", "data_dir": data_dir, "database_url": database_url})
    app.extensions["facilitation"].set_open_phases(links["code"], ["what"])
    app.extensions["db"].dispose()
    log = (data_dir / "run.log").open("wb")
    proc = subprocess.Popen(
        [str(BIN / "facilitator"), "run", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 90
    while not (answers(port) and answers(port + 1)):
        assert proc.poll() is None, f"facilitator run --workers 2 exited: {(data_dir / 'run.log').read_text()[-2000:]}"
        assert time.monotonic() < deadline, "the two server processes did not start within 90 s"
        time.sleep(0.2)
    try:
        yield links["code"], urlsplit(links["board_url"]).path.rstrip("/").rsplit("/", 1)[1], port, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()
        shutil.rmtree(data_dir, ignore_errors=True)


def phone_page_port(port: int, code: str) -> int:
    """Open the join link as a phone would; the port whose page it ends on."""
    with requests.Session() as browser:
        page = browser.get(f"http://127.0.0.1:{port}/j/{code}", timeout=10)
        assert page.status_code == 200
        return urlsplit(page.url).port


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_two_server_processes_share_the_room_and_each_note_arrives_once_on_the_other(workers):
    code, board_key, port, proc = workers
    # The join link hands the phones out to the two processes in turn.
    ports = [phone_page_port(port, code) for _ in range(4)]
    assert sorted(ports) == [port, port, port + 1, port + 1], ports

    board, near, far = Client(), Client(), Client()
    copies: dict[str, list] = {"board": [], "near": [], "far": []}
    for name, client in (("board", board), ("near", near), ("far", far)):
        client.sio.on("note", lambda note, name=name: copies[name].append(note["id"]))
    try:
        board.sio.connect(f"http://127.0.0.1:{port}", wait_timeout=10)  # polling first, as a browser may
        board.join("board:join", {"code": code, "key": board_key})
        near.sio.connect(f"http://127.0.0.1:{port}", wait_timeout=10)
        near.join("phone:join", {"code": code})
        far.sio.connect(f"http://127.0.0.1:{port + 1}", wait_timeout=10)
        far.join("phone:join", {"code": code})

        from_far = str(uuid.uuid4())
        assert far.sio.call("note:post", {"id": from_far, "phase": "what", "text": "Posted on the second process"}, timeout=10)["ok"]
        assert wait_for(lambda: from_far in copies["board"] and from_far in copies["near"], 2), copies
        from_near = str(uuid.uuid4())
        assert near.sio.call("note:post", {"id": from_near, "phase": "what", "text": "Posted on the first process"}, timeout=10)["ok"]
        assert wait_for(lambda: from_near in copies["far"] and from_near in copies["board"], 2), copies
        time.sleep(1)  # a second copy would have arrived by now
        for name in copies:
            assert copies[name].count(from_far) == 1 and copies[name].count(from_near) == 1, (name, copies[name])
    finally:
        for client in (board, near, far):
            client.close()

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=40) == 0
    assert wait_for(lambda: not answers(port) and not answers(port + 1), 5), "a server process outlived the command"


def test_the_server_processes_stop_when_the_command_is_killed(workers):
    _code, _key, port, proc = workers
    proc.kill()  # SIGKILL: the watching process cannot pass anything on
    proc.wait(timeout=10)
    assert wait_for(lambda: not answers(port) and not answers(port + 1), 20), (
        "a server process kept its port after `facilitator run --workers 2` was killed"
    )
