"""`facilitator run --workers N` refuses to start without Redis and PostgreSQL settings.

Several processes on SQLite and no message queue would each hold their own room: a note
posted through one would never reach phones on another. So the command says what to set,
in words, and starts nothing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.live_server import free_port

BIN = Path(sys.executable).parent


def test_several_server_processes_are_refused_without_redis_and_postgresql():
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MESSAGE_QUEUE")}
    env["FACILITATOR_DATA_DIR"] = tempfile.mkdtemp(prefix="facilitator-workers-")
    done = subprocess.run(
        [str(BIN / "facilitator"), "run", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1
    message = done.stderr.strip()
    assert "--workers 2 needs a shared message queue and database" in message
    assert "MESSAGE_QUEUE=redis://" in message and "DATABASE_URL=postgresql" in message
    assert "Traceback" not in done.stderr
    with socket.socket() as probe:  # nothing was left listening
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_several_server_processes_are_refused_with_sqlite_even_when_redis_is_set():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(FACILITATOR_DATA_DIR=tempfile.mkdtemp(prefix="facilitator-workers-"), MESSAGE_QUEUE="redis://127.0.0.1:1/0")
    done = subprocess.run(
        [str(BIN / "facilitator"), "run", "--host", "127.0.0.1", "--port", str(free_port()), "--workers", "2"],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1
    assert "DATABASE_URL=postgresql" in done.stderr and "MESSAGE_QUEUE=" not in done.stderr
