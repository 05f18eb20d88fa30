"""Helpers for the install tests: the checkout, free ports, a `facilitator` run as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.live_server import free_port  # noqa: F401  (the install tests' ports, from the same blocks)

CHECKOUT = Path(__file__).resolve().parents[2]
FACILITATOR = str(Path(sys.executable).with_name("facilitator"))


def wait_until_serving(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"the server did not answer at {url} within {timeout} s")


def child_pids(pid: int) -> set[int]:
    """Every live process whose parent is `pid` (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def user_env(tmp_path):
    """An environment like a new user's: own data folder, nothing else set by tests."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACILITATOR_") and k not in ("DATABASE_URL", "PUBLIC_URL")}
    env.update({"FACILITATOR_DATA_DIR": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1"})
    return env


def run_cli(*args: str, env: dict, cwd=None, stdin: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [FACILITATOR, *args], env=env, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=timeout
    )
