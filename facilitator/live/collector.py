"""Garbage collection paced for a live room: short collections often, a whole one rarely.

Measured (issue 16, 3,000 phones connecting and joining at once): Python's own pacing
ran 9 full collections, each walking every object of every connection (590,000 at the
end), 230 ms each on average: 2.1 s of the server's CPU in a 2-minute storm, with the
event loop, and every board, frozen for each of them.

Here the server's main loop calls `CollectionPacer.tick` every few seconds, and

- Python's automatic full collections are off; young collections stay automatic (most
  garbage dies young), every YOUNG allocations rather than every 700;
- every `every` seconds, a collection of everything not frozen, then everything left is
  frozen (`gc.freeze`): a connection that stays is walked once, not at every collection;
- every `thorough_every` seconds, everything is unfrozen first, so cyclic garbage among
  frozen objects (the connections that closed since) is reclaimed: memory held by
  closed connections is bounded by that interval's churn.

Plain Python over the `gc` module (or a stand-in with the same functions, for tests).
"""

from __future__ import annotations

import gc as _gc
import time

OFF = 2**31 - 1  # a gen-2 threshold Python never reaches: no automatic full collections
# Allocations between two young collections (Python's default: 700). Measured at 3,000
# phones joining at once: 1.29 ms of server CPU per join with 700, 0.96 ms with 10,000
# (fewer collections, and most young objects are gone by the time one runs).
YOUNG = 10_000


class CollectionPacer:
    def __init__(
        self, every: float = 30.0, thorough_every: float = 600.0, young: int = YOUNG, gc=_gc, clock=time.monotonic,
    ):
        if not 0 < every <= thorough_every:
            raise ValueError("need 0 < every <= thorough_every")
        self.young = young
        self.every = every
        self.thorough_every = thorough_every
        self.gc = gc
        self.clock = clock
        self._last = self._last_thorough = clock()
        self.collections = 0  # how many this pacer ran

    def install(self) -> "CollectionPacer":
        """Turn Python's automatic full collections off (young ones stay), after one whole
        collection and a freeze of everything the start-up made."""
        _, middle, _ = self.gc.get_threshold()
        self.gc.collect()
        self.gc.freeze()
        self.gc.set_threshold(self.young, middle, OFF)
        self._last = self._last_thorough = self.clock()
        return self

    def tick(self) -> bool:
        """Collect if one is due; returns whether it did. Call it often (every few seconds)."""
        now = self.clock()
        if now - self._last < self.every:
            return False
        if now - self._last_thorough >= self.thorough_every:
            self.gc.unfreeze()
            self._last_thorough = now
        self.gc.collect()
        self.gc.freeze()
        self._last = now
        self.collections += 1
        return True
