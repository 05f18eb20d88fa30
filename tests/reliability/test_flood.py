"""Issue 21, row 8, on the real server (eventlet): a flood of events from many connections
on 3 addresses neither freezes another workshop's board nor keeps the server's memory.

Measured before the fix, with this very test: 180 connections sending `votes:mine` as fast
as their sockets took them froze the quiet workshop's board past the 15 s a note waits
for its answer; 150 connections within their budgets but never reading took the server
from 102 MB to 579 MB (510 MB after), with the quiet board's p95 at 373 ms (idle 16 ms).
The issue's own harness saw stalls of 7.8 s and 1.17 GB.

The bounds here are loose on purpose, so the test fails only on stalls and growth like
those: the targets (p95 under 2x idle, memory back within 20 %) are `make bench`'s
"flood" part, taken in one quiet sitting (docs/performance.md). The flood itself runs in
its own process (tests/reliability/flood.py: loopback only, bounded).
"""

from __future__ import annotations

import pytest

from tests.reliability.flood import measure

# Timings and memory measured here are the server's own only when nothing else runs.
pytestmark = pytest.mark.alone

STALL_BOUND_MS = 500  # measured after the fix: at most 76 ms; before, 756 ms and frozen
MEMORY_BOUND = 1.5  # times the memory before the flood; measured after: 1.15 at most; before, 5.0


@pytest.mark.parametrize("mode, connections", [("fast", 180), ("slow", 150)])
def test_a_flood_from_many_connections_neither_freezes_another_workshop_nor_keeps_the_memory(tmp_path, mode, connections):
    figures = measure(tmp_path / "server", mode, connections)
    print(figures)
    assert figures["flood"]["events_written"] > 10_000, figures
    assert figures["flood_max_ms"] < STALL_BOUND_MS, figures
    assert figures["memory_peak_mb"] < MEMORY_BOUND * figures["memory_before_mb"], figures
    assert figures["memory_after_mb"] < MEMORY_BOUND * figures["memory_before_mb"], figures
