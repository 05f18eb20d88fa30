"""The real server, started as a user would start it: `facilitator run`, in a subprocess.

Used by the browser and reliability tests. Each server gets its own data folder and a
free port on 127.0.0.1; PUBLIC_URL points at it so the join links work in the tests.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

FACILITATOR = str(Path(sys.executable).with_name("facilitator"))
PASSCODE = "correct horse battery"


# Servers' ports come from below Linux's ephemeral range (32768-60999), where the kernel
# picks the local ports of outgoing connections: a port picked there, freed, then bound by
# the server a moment later could meanwhile be taken by another test's client connection
# ("Port 38011 is already in use", seen under `make test`'s parallel workers). Each xdist
# worker (PYTEST_XDIST_WORKER=gw0, gw1, ...) has a block of its own, so two never pick alike.
PORTS_FROM, PORTS_PER_WORKER = 20000, 500
_next_port = [0]


def free_port() -> int:
    """A port nothing listens on now, in this test process's own block (tests never use a
    fixed port: several run at once). Successive calls give different ports, so a server
    made but not yet started keeps its port."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    first = PORTS_FROM + (index % 24) * PORTS_PER_WORKER
    for _ in range(PORTS_PER_WORKER):
        port = first + _next_port[0] % PORTS_PER_WORKER
        _next_port[0] += 1
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue  # held by something still running (a server of an earlier test)
            return port
    raise RuntimeError(f"no free port in {first}-{first + PORTS_PER_WORKER - 1}")


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    """Wait until something listens on `port`; fail at once if `proc` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listening on port {port}")


class LiveServer:
    """A `facilitator run` process with its own data folder; restartable on the same port."""

    def __init__(self, data_dir: Path, async_mode: str = "eventlet", extra_env: dict | None = None):
        self.data_dir = Path(data_dir)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "FACILITATOR_DATA_DIR": str(self.data_dir),
            "FACILITATOR_EXPORT_DIR": str(self.data_dir / "exports"),
            "PUBLIC_URL": self.url,
            "FACILITATOR_ASYNC": async_mode,
            "PYTHONUNBUFFERED": "1",
            **(extra_env or {}),
        }
        self.process: subprocess.Popen | None = None
        self.log_path = self.data_dir / "server.log"
        self.workshop_links: dict[str, dict] = {}

    def cli(self, *args: str, stdin: str | None = None) -> str:
        """Run a `facilitator` command against this server's data folder; return its output."""
        done = subprocess.run(
            [FACILITATOR, *args], env=self.env, input=stdin, capture_output=True, text=True, timeout=60
        )
        if done.returncode != 0:
            raise RuntimeError(f"facilitator {' '.join(args)} failed: {done.stderr}")
        return done.stdout

    def init(self) -> "LiveServer":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.cli("init", "--passcode-stdin", stdin=PASSCODE + "\n")
        return self

    def new_workshop(self, title: str = "Interpreting in primary care", **options) -> dict:
        args = ["new", title, "--port", str(self.port)]
        for key, value in options.items():
            args += [f"--{key}", value]
        links = json.loads(self.cli(*args))
        self.workshop_links[links["code"]] = links
        return links

    def start(self, timeout: float = 30) -> "LiveServer":
        with open(self.log_path, "ab") as log:  # the child keeps its own copy of the handle
            self.process = subprocess.Popen(
                [FACILITATOR, "run", "--host", "127.0.0.1", "--port", str(self.port)],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the server did not start within {timeout} s")

    def stop(self, hard: bool = False) -> None:
        """Stop the server: SIGKILL when `hard` (a crash), SIGTERM otherwise."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL if hard else signal.SIGTERM)
            self.process.wait(timeout=15)
        self.process = None

    def restart(self, hard: bool = False) -> "LiveServer":
        self.stop(hard=hard)
        return self.start()
