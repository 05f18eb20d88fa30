"""Phones joining one workshop together are saved together: one transaction, one commit.

After the venue's Wi-Fi drops, every phone in the room reconnects within seconds and
sends `phone:join`. Saved one by one, each join was a transaction and an fsync of its
own, behind the workshop's other events (issue 16: about 90 joins a second). Here the
first join to arrive for a workshop takes the workshop's turn (`WorkshopGates`) and
saves every join that is waiting for that workshop in one go (`Facilitation.join_many`);
joins arriving meanwhile wait for the next batch. Nothing waits on a timer: while one
batch commits (off the event loop), the next one gathers by itself.

Each join still does its own checks and session bookkeeping in its own handler; only
the saving is shared. A refusal goes to the join it belongs to (join_many sees to that).
"""

from __future__ import annotations

import threading
from typing import Callable

MAX_BATCH = 200  # joins saved in one transaction; a bigger room takes several


_PENDING = object()


class _Waiting:
    __slots__ = ("request", "done", "outcome", "leads")

    def __init__(self, request: dict):
        self.request = request
        self.done = threading.Event()
        self.outcome = _PENDING
        self.leads = False  # woken to save the next batch, its own join first


class JoinBatches:
    """Made after the server's entry point has monkey-patched: its locks are green under eventlet."""

    def __init__(self, save_many: Callable[[str, list[dict]], list], hold: Callable, max_batch: int = MAX_BATCH):
        self.save_many = save_many  # (code, requests) -> [answer or WorkshopError, ...] in order
        self.hold = hold  # hold(code): a context manager, the workshop's turn
        self.max_batch = max_batch
        self._lock = threading.Lock()
        self._waiting: dict[str, list[_Waiting]] = {}  # per workshop, oldest first
        self.batches = 0  # how many transactions joins took (tests, bench)

    def join(self, code: str, request: dict):
        """Save this join with any others waiting for workshop `code`; its answer, or
        raises what refused it (a WorkshopError, or a database error for the caller to retry)."""
        waiting = _Waiting(request)
        with self._lock:
            queue = self._waiting.setdefault(code, [])
            queue.append(waiting)
            waiting.leads = len(queue) == 1  # nobody is saving for this workshop: this join does
        if not waiting.leads:
            waiting.done.wait()
        if waiting.outcome is _PENDING:  # leading: save a batch, this join first
            self._save_one_batch(code)
        if isinstance(waiting.outcome, BaseException):
            raise waiting.outcome
        return waiting.outcome

    def _save_one_batch(self, code: str) -> None:
        """Save the oldest waiting joins; then wake the oldest one left to save the next
        batch (so no join's answer waits for later joins to be saved)."""
        with self._lock:
            batch = self._waiting[code][: self.max_batch]
        try:
            with self.hold(code):
                self.batches += 1
                outcomes = self.save_many(code, [w.request for w in batch])
        except BaseException as error:  # the database failed the whole batch: each caller hears it
            outcomes = [error] * len(batch)
        with self._lock:
            queue = self._waiting[code]
            del queue[: len(batch)]
            following = queue[0] if queue else None
            if following is None:
                del self._waiting[code]
            else:
                following.leads = True
        for waiting, outcome in zip(batch, outcomes):
            waiting.outcome = outcome
            waiting.done.set()
        if following is not None:
            following.done.set()
