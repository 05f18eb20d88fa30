"""The contract of facilitator.live.green_queue.WriterQueue, checked under eventlet.

Run as `python -m tests.green.writer_queue_checks`: it monkey-patches (so it must never
be imported by pytest's own process), runs every check, and prints one JSON line per
check: {"check": name, "ok": bool, "detail": "..."}. tests/unit/test_writer_queue.py
runs it in a child process and turns each line into a test.
"""

from facilitator.core.logs import quiet_eventlet_deprecation

quiet_eventlet_deprecation()

import eventlet  # noqa: E402
import eventlet.queue  # noqa: E402

eventlet.monkey_patch()

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402

from eventlet.event import Event  # noqa: E402
from eventlet.hubs import get_hub  # noqa: E402
from eventlet.queue import Empty  # noqa: E402

from facilitator.live.green_queue import WriterQueue as Base  # noqa: E402
from facilitator.live.green_queue import for_hub, install  # noqa: E402

WriterQueue = for_hub(get_hub, Empty)  # as serve.py installs it

CHECKS = []


def check(function):
    CHECKS.append(function)
    return function


class CountingTimers:
    """Counts the timers scheduled on the hub while in use."""

    def __enter__(self):
        self.hub = get_hub()
        self.original = self.hub.schedule_call_global
        self.count = 0

        def counting(*args, **kwargs):
            self.count += 1
            return self.original(*args, **kwargs)

        self.hub.schedule_call_global = counting
        return self

    def __exit__(self, *exc):
        self.hub.schedule_call_global = self.original


@check
def first_in_first_out():
    q = WriterQueue()
    for item in (1, 2, 3):
        q.put(item)
    assert q.qsize() == 3 and not q.empty()
    assert [q.get(), q.get(block=False), q.get(timeout=1)] == [1, 2, 3]
    assert q.empty()
    try:
        q.get(block=False)
    except Empty:
        return "an empty queue raises Empty with block=False"
    raise AssertionError("get(block=False) on an empty queue returned")


@check
def a_waiting_reader_is_woken_by_a_put():
    q = WriterQueue()
    got = []
    reader = eventlet.spawn(lambda: got.append(q.get(timeout=5)))
    eventlet.sleep(0.01)
    q.put("note")
    reader.wait()
    assert got == ["note"], got
    return "woken with the item"


@check
def a_broadcast_to_many_readers_schedules_one_wake_up_not_one_per_reader():
    queues = [WriterQueue() for _ in range(500)]
    received = []

    def read(q):
        received.append(q.get(timeout=30))

    readers = [eventlet.spawn(read, q) for q in queues]
    eventlet.sleep(0.01)  # every reader waits now (each armed its one timeout timer)
    with CountingTimers() as timers:
        for q in queues:
            q.put("note")
        for reader in readers:
            reader.wait()
    assert received == ["note"] * 500, len(received)
    assert timers.count <= 2, f"{timers.count} timers for one broadcast to 500 readers"
    return f"{timers.count} timer(s) scheduled for 500 readers"


def timers_for_a_writer_taking_1000_packets(queue) -> int:
    """Timers scheduled while a writer takes 1,000 packets one at a time, waiting for each
    with a timeout, as Engine.IO's writer does. The putter's sleep(0) costs one timer each."""
    received = []

    def writer():
        while len(received) < 1000:
            received.append(queue.get(timeout=25))

    task = eventlet.spawn(writer)
    eventlet.sleep(0.01)
    with CountingTimers() as timers:
        for i in range(1000):
            queue.put(i)
            eventlet.sleep(0)  # the writer takes each one and waits again
        task.wait()
    assert received == list(range(1000))
    return timers.count


@check
def a_writer_that_waits_again_after_every_packet_arms_no_timer_per_packet():
    ours = timers_for_a_writer_taking_1000_packets(WriterQueue())
    eventlets = timers_for_a_writer_taking_1000_packets(eventlet.queue.Queue())
    assert ours <= 2 * 1000 + 10, ours  # the putter's sleep and one wake-up per packet, no timeout timer
    assert ours < eventlets, (ours, eventlets)
    return f"{ours} timers for 1,000 packets (eventlet's own queue: {eventlets})"


@check
def a_get_with_a_timeout_gives_up_in_time():
    q = WriterQueue()
    began = time.monotonic()
    try:
        q.get(timeout=0.2)
    except Empty:
        waited = time.monotonic() - began
        assert 0.19 <= waited < 1.0, waited
        return f"Empty after {waited:.3f} s"
    raise AssertionError("get(timeout=0.2) returned without an item")


@check
def the_timeout_follows_the_latest_wait_not_the_first():
    q = WriterQueue()
    q_results = []

    def writer():
        q_results.append(q.get(timeout=0.3))  # answered at once, then...
        began = time.monotonic()
        try:
            q.get(timeout=0.6)  # ...a new wait: the timer armed for the first must not end it early
        except Empty:
            q_results.append(time.monotonic() - began)

    q.put("first")
    task = eventlet.spawn(writer)
    task.wait()
    waited = q_results[1]
    assert q_results[0] == "first" and 0.59 <= waited < 1.2, q_results
    return f"second wait lasted {waited:.3f} s"


@check
def a_reader_blocked_elsewhere_is_never_resumed_by_the_queue():
    q = WriterQueue()
    go_on = Event()
    log = []

    def reader(name):
        log.append((name, q.get(timeout=5)))
        go_on.wait()  # blocked on something else now
        log.append((name, "went on", go_on.ready()))

    readers = [eventlet.spawn(reader, name) for name in ("a", "b")]
    eventlet.sleep(0.01)
    for item in (1, 2, 3):
        q.put(item)
    eventlet.sleep(0.05)
    assert sorted(entry[1] for entry in log) == [1, 2], log
    assert q.qsize() == 1
    eventlet.sleep(0.4)  # the readers' timeout timer fires meanwhile: it must not resume them either
    assert len(log) == 2, log
    go_on.send(True)
    for task in readers:
        task.wait()
    assert all(entry[2] is True for entry in log[2:]) and len(log) == 4, log
    return "each reader took one item and stayed where it was blocked"


@check
def join_returns_once_every_item_is_done():
    q = WriterQueue()
    done = []
    q.join()  # nothing queued: returns at once
    q.put(None)

    def consumer():
        q.get()
        eventlet.sleep(0.1)
        done.append(True)
        q.task_done()

    eventlet.spawn(consumer)
    q.join()
    assert done == [True]
    try:
        q.task_done()
    except ValueError:
        return "join waited for task_done; one too many raises ValueError"
    raise AssertionError("task_done() with nothing unfinished did not raise")


@check
def engineio_connections_get_writer_queues():
    import engineio

    server = engineio.Server(async_mode="eventlet")
    shared = server._async
    install(server, get_hub, Empty)
    assert isinstance(server.create_queue(), Base)
    assert server.get_queue_empty_exception() is Empty
    assert not issubclass(shared["queue"], Base), "the driver's shared table was changed"
    return "create_queue() makes a WriterQueue; the driver's table is untouched"


def main() -> int:
    wanted = set(sys.argv[1:])
    for function in CHECKS:
        if wanted and function.__name__ not in wanted:
            continue
        try:
            detail = function() or ""
            ok = True
        except Exception:
            detail, ok = traceback.format_exc(), False
        print(json.dumps({"check": function.__name__, "ok": ok, "detail": detail}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
