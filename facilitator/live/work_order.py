"""The order socket events do their work in: one at a time per workshop, workshops side by side.

A workshop's changes must be applied in the order they arrive (its change numbers are
handed out one after another, and a phone's retry must find its first try stored).
Other workshops have nothing to wait for: a phone flooding one workshop with catch-ups
queues behind its own events only, and a board in another workshop carries on (issue 12:
with one gate for the whole server, one flooding phone stalled every other workshop for
seconds).

SQLite still takes one writer at a time: `Database.session` holds the database's own
writer lock for the length of a write transaction. The two locks are always taken in
this order (workshop, then writer), and a workshop holds at most one place in the
writer's queue, so the writer is shared round-robin between workshops, never first come
first served by a flood.

The locks are made when first used, after the server's entry point has monkey-patched
(under eventlet they are green), and forgotten when nobody holds or waits for them.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator


class WorkshopGates:
    """One gate per key (a workshop's join code), each letting one event through at a time."""

    def __init__(self):
        self._lock = threading.Lock()
        self._gates: dict[str, list] = {}  # key -> [semaphore, how many hold it or wait for it]

    @contextmanager
    def hold(self, key: str) -> Iterator[None]:
        """Wait for `key`'s turn, then run the block; other keys are never waited for."""
        with self._lock:
            entry = self._gates.get(key)
            if entry is None:
                entry = self._gates[key] = [threading.Semaphore(1), 0]
            entry[1] += 1
        try:
            with entry[0]:
                yield
        finally:
            with self._lock:
                entry[1] -= 1
                if entry[1] == 0:
                    del self._gates[key]

    def __len__(self) -> int:
        """How many gates are in use (held or waited for) now."""
        with self._lock:
            return len(self._gates)
