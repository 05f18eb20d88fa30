"""The eventlet server's per-connection queue (facilitator/live/green_queue.py) keeps the
contract Engine.IO relies on, while waking a room's writers without a timer per copy.

The checks run under eventlet in a child process (tests/green/writer_queue_checks.py):
eventlet is never imported, let alone monkey-patched, inside pytest's own process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKS = [
    "first_in_first_out",
    "a_waiting_reader_is_woken_by_a_put",
    "a_broadcast_to_many_readers_schedules_one_wake_up_not_one_per_reader",
    "a_writer_that_waits_again_after_every_packet_arms_no_timer_per_packet",
    "a_get_with_a_timeout_gives_up_in_time",
    "the_timeout_follows_the_latest_wait_not_the_first",
    "a_reader_blocked_elsewhere_is_never_resumed_by_the_queue",
    "join_returns_once_every_item_is_done",
    "engineio_connections_get_writer_queues",
]


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.green.writer_queue_checks"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, f"the checks did not run (exit {done.returncode}): {done.stderr[-2000:]}"
    return {line["check"]: line for line in lines}


def test_every_check_in_the_script_is_run_here(results):
    assert sorted(results) == sorted(CHECKS)


@pytest.mark.parametrize("name", CHECKS)
def test_writer_queue(results, name):
    result = results.get(name)
    assert result is not None, f"{name} did not report"
    assert result["ok"], result["detail"]
    print(result["detail"])
