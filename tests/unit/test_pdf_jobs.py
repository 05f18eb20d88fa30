"""The PDF render queue (reports/jobs.py) on its own, without Flask: a cap on renders at
once, a bounded queue, one job per PDF, and waits estimated from recent renders."""

from __future__ import annotations

import threading

import pytest

from facilitator.reports.errors import ReportError
from facilitator.reports.jobs import DEFAULT_ESTIMATE, QueueClosed, QueueFull, RenderQueue
from facilitator.workshops.errors import WorkshopNotFound


class Renders:
    """The queue's `render`: each key's render waits until the test lets it finish, and the
    renders running at once are counted."""

    def __init__(self, clock=None):
        self.release: dict[str, threading.Event] = {}
        self.started: list[str] = []
        self.running = 0
        self.most_at_once = 0
        self.lock = threading.Lock()
        self.begun = threading.Condition(self.lock)
        self.outcome: dict[str, BaseException] = {}

    def __call__(self, key):
        with self.lock:
            self.started.append(key)
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            gate = self.release.setdefault(key, threading.Event())
            self.begun.notify_all()
        try:
            assert gate.wait(10), f"{key} was never let finish"
            with self.lock:  # the next render of the same PDF waits for its own finish()
                if self.release.get(key) is gate:
                    del self.release[key]
            if key in self.outcome:
                raise self.outcome[key]
            return f"/exports/{key}.pdf"
        finally:
            with self.lock:
                self.running -= 1

    def finish(self, key):
        with self.lock:
            self.release.setdefault(key, threading.Event()).set()

    def wait_started(self, count):
        with self.lock:
            assert self.begun.wait_for(lambda: len(self.started) >= count, 10), self.started


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_eight_pdfs_asked_at_once_render_one_at_a_time_and_all_arrive():
    renders = Renders()
    queue = RenderQueue(renders, renders=1, waiting=8)
    jobs = [queue.submit(f"w{i}") for i in range(8)]
    for i in range(8):
        renders.wait_started(i + 1)
        assert renders.running == 1
        renders.finish(f"w{i}")
        assert jobs[i].finished.wait(10)
    assert renders.most_at_once == 1
    assert renders.started == [f"w{i}" for i in range(8)]  # in the order asked
    assert [job.state for job in jobs] == ["done"] * 8
    assert jobs[3].path == "/exports/w3.pdf"


def test_two_render_places_run_two_at_once_never_three():
    renders = Renders()
    queue = RenderQueue(renders, renders=2, waiting=8)
    jobs = [queue.submit(f"w{i}") for i in range(5)]
    renders.wait_started(2)
    assert queue.busy() == {"rendering": 2, "waiting": 3}
    for i in range(5):
        renders.finish(f"w{i}")
        jobs[i].finished.wait(10)
    assert all(job.state == "done" for job in jobs)
    assert renders.most_at_once == 2


def test_a_full_queue_refuses_at_once_saying_when_to_try_again():
    renders = Renders()
    queue = RenderQueue(renders, renders=1, waiting=2)
    first = queue.submit("w0")
    queue.submit("w1")
    queue.submit("w2")
    with pytest.raises(QueueFull) as refused:
        queue.submit("w3")
    assert refused.value.retry_after >= 1
    assert refused.value.message == (
        f"The laptop is busy making other reports — try again in about {refused.value.retry_after} s."
    )
    renders.wait_started(1)
    renders.finish("w0")
    first.finished.wait(10)
    renders.wait_started(2)  # w1 now renders: a waiting place is free again
    assert queue.submit("w3").state == "queued"
    for key in ("w1", "w2", "w3"):
        renders.finish(key)


def test_asking_again_for_the_same_pdf_joins_the_job_instead_of_starting_another():
    renders = Renders()
    queue = RenderQueue(renders, renders=1, waiting=1)
    first = queue.submit(("K7P3M", "pdf", "en"))
    again = queue.submit(("K7P3M", "pdf", "en"))
    handout = queue.submit(("K7P3M", "handout", "ar"))  # another PDF: a job of its own
    assert again is first and handout is not first
    assert queue.submit(("K7P3M", "handout", "ar")) is handout  # joining never counts against the bound
    renders.finish(("K7P3M", "pdf", "en"))
    renders.finish(("K7P3M", "handout", "ar"))
    assert first.finished.wait(10) and handout.finished.wait(10)
    assert renders.started == [("K7P3M", "pdf", "en"), ("K7P3M", "handout", "ar")]
    # Once made, asking again makes it anew (the workshop may have changed since).
    later = queue.submit(("K7P3M", "pdf", "en"))
    assert later is not first
    renders.finish(("K7P3M", "pdf", "en"))
    later.finished.wait(10)


def test_the_wait_is_estimated_from_recent_renders():
    clock = Clock()
    renders = Renders()
    queue = RenderQueue(renders, renders=1, waiting=4, clock=clock)
    big = queue.submit("big")
    renders.wait_started(1)
    assert queue.status(big)["ready_in_s"] == DEFAULT_ESTIMATE  # nothing timed yet
    clock.now += 20  # the 500-note report takes 20 s
    renders.finish("big")
    big.finished.wait(10)

    again = queue.submit("big")
    other = queue.submit("small")
    renders.wait_started(2)
    clock.now += 5
    assert queue.status(again) == {"state": "rendering", "position": 0, "ready_in_s": 15, "elapsed_s": 5.0, "estimate_s": 20}
    # "small" has not been timed: the median of recent renders (20 s) stands in.
    assert queue.status(other)["position"] == 1 and queue.status(other)["ready_in_s"] == 35
    clock.now += 5
    renders.finish("big")
    again.finished.wait(10)
    renders.wait_started(3)
    clock.now += 2
    renders.finish("small")
    other.finished.wait(10)
    assert queue.status(other)["state"] == "done"
    # The next wait for "small" uses its own last time (2 s), not the median.
    third = queue.submit("small")
    renders.wait_started(4)
    assert queue.status(third)["ready_in_s"] == 2
    renders.finish("small")
    third.finished.wait(10)


def test_a_full_queue_says_when_the_first_waiting_pdf_starts():
    clock = Clock()
    renders = Renders()
    queue = RenderQueue(renders, renders=1, waiting=1, clock=clock)
    timed = queue.submit("a")
    renders.wait_started(1)
    clock.now += 30
    renders.finish("a")
    timed.finished.wait(10)
    running = queue.submit("a")
    renders.wait_started(2)
    queue.submit("b")
    clock.now += 10
    with pytest.raises(QueueFull) as refused:
        queue.submit("c")
    assert refused.value.retry_after == 20  # "a" has about 20 s left; then "b" starts and a place is free
    renders.finish("a")
    renders.finish("b")
    running.finished.wait(10)


def test_a_failed_render_says_why_and_the_next_one_still_runs():
    renders = Renders()
    renders.outcome["gone"] = WorkshopNotFound()
    renders.outcome["bug"] = RuntimeError("a bug")
    queue = RenderQueue(renders, renders=1, waiting=4)
    gone, bug, fine = queue.submit("gone"), queue.submit("bug"), queue.submit("fine")
    for key in ("gone", "bug", "fine"):
        renders.finish(key)
    assert fine.finished.wait(10)
    assert gone.state == "failed" and isinstance(gone.error, WorkshopNotFound)
    assert bug.state == "failed" and type(bug.error) is ReportError
    assert bug.error.message == "The report could not be made. Nothing in the workshop was changed."
    assert fine.state == "done"


def test_once_closed_waiting_pdfs_fail_with_a_reason_and_none_starts():
    renders = Renders()
    queue = RenderQueue(renders, renders=1, waiting=4)
    running, waiting = queue.submit("a"), queue.submit("b")
    renders.wait_started(1)
    queue.close()
    assert waiting.finished.is_set() and waiting.state == "failed" and isinstance(waiting.error, QueueClosed)
    with pytest.raises(QueueClosed):
        queue.submit("c")
    renders.finish("a")
    assert running.finished.wait(10)
    assert renders.started == ["a"]
