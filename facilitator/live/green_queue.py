"""The outgoing queue of each Engine.IO connection on eventlet, without a timer per packet.

This module never imports eventlet: the server's entry point (facilitator/serve.py, the
only module that does) hands it eventlet's hub and queue-empty exception, in eventlet
mode only (`install`).

Why (issue 16, profiled with py-spy at 1,000 phones): a note sent to a room is put on
every connection's queue, and each connection's writer green thread takes it off and
writes it. With eventlet's own queue every put schedules one timer on the hub to wake
that connection's writer, and every wait of the writer starts and cancels a second one
(its timeout): two timers, two heap operations and their bookkeeping for each copy of
each note, about a quarter of the server's CPU per delivery. Here

- a put wakes its writer through one shared hub callback per burst of puts (a broadcast
  to 3,000 phones schedules one callback, not 3,000 timers), and
- a wait with a timeout arms at most one timer per queue, which is re-armed only when it
  fires before its waiter's deadline (about once per ping interval of idleness), not
  per packet.

The contract is the one Engine.IO uses of `eventlet.queue.Queue`: FIFO `put`, `get`
(blocking, with an optional timeout, or `block=False`), `task_done`, `join`, `qsize`,
`empty`; `get` raises `Empty` (the exception class handed in: eventlet's own) when it
times out or when nothing is queued and `block=False`. Like eventlet's queue, it is for
green threads of one hub (one OS thread), not for OS threads.

`for_hub(get_hub, empty)` makes the queue class for a hub: `get_hub()` returns the
calling thread's hub, an object with `schedule_call_global(seconds, fn, *args)` (a
timer with `.cancel()`) and `switch()` (to the hub).
"""

from __future__ import annotations

import time
from collections import deque

from greenlet import getcurrent

__all__ = ["WriterQueue", "for_hub", "install"]


class _Waker:
    """Wakes the waiting readers of the queues put to since the hub last ran it, from one
    hub callback (so the putting green thread never switches away mid-broadcast)."""

    def __init__(self, hub):
        self.hub = hub
        self.due: list[WriterQueue] = []

    def wake_soon(self, queue: "WriterQueue") -> None:
        if not self.due:
            self.hub.schedule_call_global(0, self._run)
        self.due.append(queue)

    def _run(self) -> None:
        due, self.due = self.due, []
        for queue in due:
            queue._due = False
            queue._wake_readers()


def _waker(hub) -> _Waker:
    waker = getattr(hub, "_facilitator_waker", None)
    if waker is None:
        waker = hub._facilitator_waker = _Waker(hub)
    return waker


class WriterQueue:
    """An unbounded FIFO queue for green threads; see the module's docstring. Use the
    class `for_hub` makes: this one has no hub."""

    Empty: type[Exception] = Exception

    @staticmethod
    def _get_hub():
        raise RuntimeError("a WriterQueue needs a hub: use green_queue.for_hub(get_hub, empty)")

    def __init__(self, maxsize: int | None = None):  # maxsize: accepted for the interface; unbounded
        self._items: deque = deque()
        self._readers: dict = {}  # waiting greenlet -> its deadline (monotonic) or None
        self._due = False  # a wake-up is already scheduled
        self._timer = None  # the one timeout timer, if armed
        self._timer_at = 0.0
        self._unfinished = 0
        self._joiners: list = []

    # -- the queue ---------------------------------------------------------------------

    def qsize(self) -> int:
        return len(self._items)

    def empty(self) -> bool:
        return not self._items

    def put(self, item, block: bool = True, timeout: float | None = None) -> None:
        self._items.append(item)
        self._unfinished += 1
        if self._readers and not self._due:
            self._due = True
            _waker(self._get_hub()).wake_soon(self)

    def put_nowait(self, item) -> None:
        self.put(item)

    def get(self, block: bool = True, timeout: float | None = None):
        if self._items:
            return self._items.popleft()
        if not block or (timeout is not None and timeout <= 0):
            raise self.Empty
        hub = self._get_hub()
        me = getcurrent()
        deadline = None if timeout is None else time.monotonic() + timeout
        self._readers[me] = deadline
        if deadline is not None:
            self._arm_timer(hub, deadline)
        try:
            while True:
                hub.switch()  # back here when woken: by a put, or by the timer
                if self._items:
                    return self._items.popleft()
                if deadline is not None and time.monotonic() >= deadline:
                    raise self.Empty
        finally:
            self._readers.pop(me, None)

    def get_nowait(self):
        return self.get(block=False)

    def task_done(self) -> None:
        if self._unfinished <= 0:
            raise ValueError("task_done() called too many times")
        self._unfinished -= 1
        if self._unfinished == 0 and self._joiners:
            joiners, self._joiners = self._joiners, []
            hub = self._get_hub()
            for greenlet in joiners:
                hub.schedule_call_global(0, self._resume_joiner, greenlet)

    def join(self) -> None:
        if self._unfinished == 0:
            return
        me = getcurrent()
        self._joiners.append(me)
        self._get_hub().switch()

    # -- waking ------------------------------------------------------------------------

    def _wake_readers(self) -> None:
        """Run from the hub: resume each reader still waiting here. A reader that has
        left `get` since (it is no longer in `_readers`) may be blocked elsewhere, on its
        socket, and must not be resumed from here."""
        for greenlet in list(self._readers):
            if not self._items:
                return
            if greenlet in self._readers:
                greenlet.switch()

    def _resume_joiner(self, greenlet) -> None:
        greenlet.switch()

    def _arm_timer(self, hub, deadline: float) -> None:
        if self._timer is not None and self._timer_at <= deadline:
            return  # armed for earlier: when it fires it re-arms for this deadline
        if self._timer is not None:
            self._timer.cancel()
        self._timer_at = deadline
        self._timer = hub.schedule_call_global(max(0.0, deadline - time.monotonic()), self._timer_fired)

    def _timer_fired(self) -> None:
        """Run from the hub: wake the readers whose deadline has passed (they raise Empty),
        and re-arm for the earliest deadline still waiting."""
        self._timer = None
        now = time.monotonic()
        later = []
        for greenlet, deadline in list(self._readers.items()):
            if deadline is None or greenlet not in self._readers:
                continue
            if deadline <= now:
                greenlet.switch()
            else:
                later.append(deadline)
        if later:
            self._arm_timer(self._get_hub(), min(later))


def for_hub(get_hub, empty: type[Exception]) -> type[WriterQueue]:
    """The WriterQueue class for the hub `get_hub()` returns; its `get` raises `empty`."""
    return type("WriterQueue", (WriterQueue,), {"_get_hub": staticmethod(get_hub), "Empty": empty})


def install(eio_server, get_hub, empty: type[Exception]) -> None:
    """Give every Engine.IO connection of `eio_server` a WriterQueue on that hub
    (eventlet mode only: serve.py passes eventlet.hubs.get_hub and eventlet.queue.Empty).

    engineio's async drivers are module-level dicts shared by every server: this server
    gets its own copy, with the queue replaced."""
    eio_server._async = {**eio_server._async, "queue": for_hub(get_hub, empty), "queue_empty": empty}
