"""Start and stop the servers under test, each as its own process on 127.0.0.1.

Ours is started as a user would: `facilitator new` makes the workshop (printing its
links as JSON), `bench.open_phase` opens What? as the console would, then
`facilitator run --host 127.0.0.1 --port P` serves it, with FACILITATOR_ASYNC choosing
eventlet or gevent. The baselines need no workshop: any code and key will do.
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
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
FACILITATOR = VENV_BIN / "facilitator"
NODE_DIR = ROOT / "bench" / "node"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


USUAL_SOFT_LIMIT = 1024  # a laptop's `ulimit -n`


def usual_file_limit() -> None:
    """Start each server under a laptop's usual open-files limit: each raises it itself,
    as the product does at start (facilitator/live/connections.py), so the bench measures that."""
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(USUAL_SOFT_LIMIT, hard), hard))


def free_ports(count: int) -> int:
    """The first of `count` consecutive free ports on 127.0.0.1."""
    for _ in range(50):  # bounded: a few tries find a free run
        first = free_port()
        if first + count > 65535:
            continue
        taken = []
        try:
            for port in range(first, first + count):
                s = socket.socket()
                taken.append(s)
                s.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for s in taken:
                s.close()
    raise RuntimeError(f"no {count} consecutive free ports")


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listening on {port} after {timeout} s")


@dataclass
class Server:
    """One server under test. `kind` is facilitator, bare-flask or node."""

    name: str
    kind: str
    async_mode: str = "eventlet"
    env: dict = field(default_factory=dict)
    port: int = 0
    code: str = "BENCH1"
    board_key: str = "bench"
    proc: subprocess.Popen | None = None
    data_dir: Path | None = None
    workers: int = 1  # facilitator run --workers N (needs DATABASE_URL and MESSAGE_QUEUE in env)
    neighbour_notes: int = 0  # also make workshop A with this many notes (the abusive-neighbour scenario)
    code_a: str = ""
    fresh_env: object = None  # callable returning extra env for a fresh start (a new PostgreSQL database)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def urls(self) -> list[str]:
        """One URL per server process: with --workers N, ports P .. P+N-1."""
        return [f"http://127.0.0.1:{self.port + i}" for i in range(self.workers)]

    def pids(self) -> list[int]:
        """The processes serving (with --workers, the children; the parent only waits)."""
        if self.workers == 1:
            return [self.proc.pid]
        import psutil

        children = psutil.Process(self.proc.pid).children()
        return [c.pid for c in children] or [self.proc.pid]

    def start(self, fresh: bool = True) -> "Server":
        """Start (or, with fresh=False, restart on the same port and data) the server."""
        if fresh:
            self.port = free_ports(self.workers)
            if self.fresh_env:
                self.env = {**self.env, **self.fresh_env()}
        env = {**os.environ, "FACILITATOR_STOP_SECONDS": "5", **self.env, "PYTHONUNBUFFERED": "1"}
        if self.kind == "facilitator":
            if fresh:
                self.data_dir = Path(tempfile.mkdtemp(prefix="facilitator-bench-"))
                env["FACILITATOR_DATA_DIR"] = str(self.data_dir)
                self._new_workshop(env)
            env["FACILITATOR_DATA_DIR"] = str(self.data_dir)
            env["FACILITATOR_ASYNC"] = self.async_mode
            command = [str(FACILITATOR), "run", "--host", "127.0.0.1", "--port", str(self.port)]
            if self.workers > 1:
                command += ["--workers", str(self.workers)]
        elif self.kind == "bare-flask":
            command = [sys.executable, str(ROOT / "bench" / "baselines" / "bare_flask.py"), str(self.port), self.async_mode]
        elif self.kind == "node":
            command = ["node", str(NODE_DIR / "server.js"), str(self.port)]
        else:
            raise ValueError(self.kind)
        self.proc = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=usual_file_limit
        )
        for i in range(self.workers):
            wait_for_port(self.port + i, self.proc, timeout=60)
        return self

    def _new_workshop(self, env: dict) -> None:
        made = subprocess.run(
            [str(FACILITATOR), "new", "Bench workshop", "--port", str(self.port)],
            env=env, check=True, capture_output=True, text=True, timeout=60,
        )
        links = json.loads(made.stdout)
        self.code = links["code"]
        self.board_key = urlsplit(links["board_url"]).path.rstrip("/").rsplit("/", 1)[1]
        subprocess.run(
            [sys.executable, "-m", "bench.open_phase", self.code], env=env, check=True, cwd=ROOT, timeout=60,
            capture_output=True,
        )
        if self.neighbour_notes:
            made = subprocess.run(
                [str(FACILITATOR), "new", "Abusive neighbour", "--port", str(self.port)],
                env=env, check=True, capture_output=True, text=True, timeout=60,
            )
            self.code_a = json.loads(made.stdout)["code"]
            subprocess.run(
                [sys.executable, "-m", "bench.open_phase", self.code_a, "--notes", str(self.neighbour_notes)],
                env=env, check=True, cwd=ROOT, timeout=300, capture_output=True,
            )

    def stop(self, keep_data: bool = False) -> str:
        """Stop the server; returns what it wrote to stderr (for diagnosing a failed run)."""
        errors = ""
        if self.proc and self.proc.poll() is None:
            import psutil

            try:  # with --workers, the serving children: none may outlive the run
                children = psutil.Process(self.proc.pid).children(recursive=True)
            except psutil.Error:
                children = []
            self.proc.send_signal(signal.SIGTERM)
            try:
                _, err = self.proc.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                _, err = self.proc.communicate()
            _gone, alive = psutil.wait_procs(children, timeout=5)
            for child in alive:
                child.kill()
            errors = (err or b"").decode(errors="replace")
        self.proc = None
        if not keep_data and self.data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)
            self.data_dir = None
        return errors
