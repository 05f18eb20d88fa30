"""Newcomers who arrive together from one network address (issue 21, row 10).

A script on one laptop can open sockets and join as fresh people faster than any room
fills: 126 "people" and 378 dots in 20 s. Refusing such joins would also refuse a real
room behind one venue's Wi-Fi, and delaying their dots only slows a script while it
silently drops the dots of people who joined late or share a phone. So the server only
*notes* who arrived together, and the facilitator — who can see the room — decides
(workshops/arrivals.py raises the alert; the console offers one click to discard).

Two newcomers to one workshop are in the same arrival burst when they came from the
same address with at most `gap_seconds` between one and the next; a burst is named by a
random id, and that id is all that is stored (on `Participant.arrival_burst`). The
address itself is held here in memory only for `gap_seconds` after its last newcomer,
and is never written anywhere.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from typing import Callable

# A script joining at the per-address refill rate (one a second) stays in one burst; a
# room's late arrivals, minutes apart, are bursts of their own.
BURST_GAP_SECONDS = 5.0


class ArrivalBursts:
    """Names the arrival burst of each new participant. Thread- and greenlet-safe."""

    def __init__(self, gap_seconds: float = BURST_GAP_SECONDS, clock: Callable[[], float] = time.monotonic,
                 new_id: Callable[[], str] = lambda: secrets.token_hex(8)):
        self.gap_seconds = gap_seconds
        self._clock = clock
        self._new_id = new_id
        # (workshop code, address) -> (when its last newcomer arrived, burst id), oldest first.
        self._last: OrderedDict[tuple[str, str], tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()

    def arrival(self, code: str, address: str) -> str:
        """A new participant of workshop `code` arrived from `address`: the id of its burst."""
        now = self._clock()
        key = (code, address)
        with self._lock:
            self._forget_older_than(now - self.gap_seconds)
            last = self._last.pop(key, None)
            burst = last[1] if last is not None else self._new_id()
            self._last[key] = (now, burst)
            return burst

    def __len__(self) -> int:
        """How many (workshop, address) pairs are held now: at most the ones seen within the gap."""
        with self._lock:
            self._forget_older_than(self._clock() - self.gap_seconds)
            return len(self._last)

    def _forget_older_than(self, moment: float) -> None:
        while self._last:
            key, (when, _) = next(iter(self._last.items()))
            if when >= moment:
                return
            del self._last[key]
