"""The server's PDF render queue: a few renders at a time, a short queue, honest waits.

Issue 12 item 8: eight PDFs asked for at once started eight renders (fifteen worker
processes, 1.9 GB), which shared two cores so slowly that every one hit its 120 s limit
and failed. Here, one queue per server process (app.extensions["pdf_jobs"]):

- at most `renders` renders run at once (FACILITATOR_PDF_RENDERS, default 1: a render is
  a whole core of pure CPU for 5-30 s; on the usual two-core laptop the other core is the
  live room's, and two renders side by side each take twice as long, so nothing comes
  sooner and the boards slow down; a bigger machine can raise it);
- at most `waiting` jobs wait behind them; one more is refused at once with QueueFull,
  which says when to try again, rather than accepted and failed minutes later;
- one job per (workshop, format, language): asking again for a PDF already queued or
  rendering joins that job instead of starting another;
- every job knows its place and an estimate of when it is ready, from recent render times
  (the same PDF's last render, else the median of the last few, else DEFAULT_ESTIMATE).

The render's own time limit starts when it starts, not when it was queued. Each render
runs in a task started by `start_task` (the server passes socketio.start_background_task:
a green thread under eventlet, a thread in tests); the task only waits for the child
process (reports/pdf.py), so the event loop is never blocked. Plain Python: no Flask.
"""

from __future__ import annotations

import heapq
import logging
import math
import secrets
import statistics
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Callable, Hashable

from facilitator.core.config import SettingError, env
from facilitator.reports.errors import ReportError
from facilitator.workshops.errors import N_, WorkshopError

DEFAULT_RENDERS = 1
MAX_RENDERS = 8
DEFAULT_WAITING = 4
DEFAULT_ESTIMATE = 10.0  # seconds, before any render has been timed (a 500-note report: ~5 s)
RECENT = 8  # render times the estimate looks back on
KEEP_SECONDS = 15 * 60  # a finished job's file can be fetched by its id this long
KEEP_JOBS = 64  # finished jobs remembered at most

log = logging.getLogger("facilitator.pdf")


class QueueFull(ReportError):
    """Every render place and every waiting place is taken; `retry_after` is in seconds."""

    code = "report_busy"
    message = N_("The laptop is busy making other reports — try again in about %(seconds)s s.")

    def __init__(self, retry_after: int):
        super().__init__(params={"seconds": retry_after}, retry_after=retry_after)
        self.retry_after = retry_after


class QueueClosed(ReportError):
    code = "report_stopping"
    message = N_("The server is stopping, so the PDF was not made. Start the server again and ask for it once more.")


def renders_from_env() -> int:
    """FACILITATOR_PDF_RENDERS: renders at once, a whole number from 1 to MAX_RENDERS."""
    value = env("FACILITATOR_PDF_RENDERS")
    if value is None:
        return DEFAULT_RENDERS
    if not value.isdigit() or not 1 <= int(value) <= MAX_RENDERS:
        raise SettingError("FACILITATOR_PDF_RENDERS", value, f"use a whole number from 1 to {MAX_RENDERS}")
    return int(value)


@dataclass(eq=False)  # compared by identity: a job is itself, whatever its fields
class Job:
    """One PDF being made. `state` is queued, rendering, done or failed; `path` is the file
    once done, `error` the WorkshopError once failed (its message is for the facilitator)."""

    id: str
    key: Hashable
    queued_at: float
    state: str = "queued"
    started_at: float | None = None
    finished_at: float | None = None
    path: object = None
    error: WorkshopError | None = None
    finished: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def over(self) -> bool:
        return self.state in ("done", "failed")


class RenderQueue:
    """See the module's docstring. `render(key)` makes the file and returns its path (or
    raises a WorkshopError); it is called in a task of its own, never in `submit`."""

    def __init__(
        self,
        render: Callable[[Hashable], object],
        *,
        renders: int = DEFAULT_RENDERS,
        waiting: int = DEFAULT_WAITING,
        start_task: Callable[[Callable[[], None]], object] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.render = render
        self.renders = renders
        self.waiting_places = waiting
        self.start_task = start_task or (lambda work: threading.Thread(target=work, daemon=True).start())
        self.clock = clock
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Job] = OrderedDict()  # every job still remembered, oldest first
        self._current: dict[Hashable, Job] = {}  # key -> its queued or rendering job
        self._queue: deque[Job] = deque()
        self._rendering: list[Job] = []
        self._last: dict[Hashable, float] = {}  # key -> its last render's seconds
        self._recent: deque[float] = deque(maxlen=RECENT)
        self._closed = False

    # ---- asking --------------------------------------------------------------------------

    def submit(self, key: Hashable) -> Job:
        """The job making `key`: the one already queued or rendering, else a new one.
        Raises QueueFull when no place is free, QueueClosed once the server is stopping."""
        with self._lock:
            if self._closed:
                raise QueueClosed()
            self._forget_old()
            job = self._current.get(key)
            if job is not None:
                return job
            if len(self._rendering) >= self.renders and len(self._queue) >= self.waiting_places:
                raise QueueFull(self._retry_after())
            job = Job(id=secrets.token_urlsafe(12), key=key, queued_at=self.clock())
            self._jobs[job.id] = job
            self._current[key] = job
            self._queue.append(job)
            start = len(self._rendering) < self.renders
            if start:
                self._begin_next()
        if start:
            self.start_task(self._run)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def status(self, job: Job) -> dict:
        """Where `job` is: {state, position (1 = next to start, 0 = rendering or over),
        ready_in_s (whole seconds, at least 1 until over), elapsed_s, estimate_s}."""
        with self._lock:
            now = self.clock()
            position = self._queue.index(job) + 1 if job in self._queue else 0
            ready_in = 0
            if not job.over:
                ready_in = max(1, math.ceil(self._schedule(now)[job.id][1]))
            return {
                "state": job.state,
                "position": position,
                "ready_in_s": ready_in,
                "elapsed_s": round(now - (job.started_at or job.queued_at), 1) if not job.over else 0,
                "estimate_s": math.ceil(self._estimate(job.key)),
            }

    def busy(self) -> dict:
        """Renders running and jobs waiting now (for tests and the health page)."""
        with self._lock:
            return {"rendering": len(self._rendering), "waiting": len(self._queue)}

    def close(self) -> None:
        """Start nothing more: jobs still waiting fail at once (QueueClosed). Renders in
        progress are stopped by the PDF workers' own close (pdf._workers.close)."""
        with self._lock:
            self._closed = True
            dropped = list(self._queue)
            self._queue.clear()
            for job in dropped:
                self._finish(job, error=QueueClosed())

    # ---- running -------------------------------------------------------------------------

    def _run(self) -> None:
        """One render place: render the job it was started for, then the next waiting one."""
        while True:
            with self._lock:
                job = next((j for j in self._rendering if j.state == "queued"), None)
                if job is None:
                    return
                job.state, job.started_at = "rendering", self.clock()
            path, error = None, None
            try:
                path = self.render(job.key)
            except WorkshopError as exc:
                error = exc
            except Exception:  # a bug must still end the job with a message, never a hang
                log.exception("a PDF render failed")
                error = ReportError()
            with self._lock:
                if error is None:
                    seconds = self.clock() - job.started_at
                    self._last[job.key] = seconds
                    self._recent.append(seconds)
                self._rendering.remove(job)
                self._finish(job, path=path, error=error)
                if not self._closed and self._queue:
                    self._begin_next()

    def _begin_next(self) -> None:
        """Move the first waiting job to a render place (held lock; the caller runs it)."""
        job = self._queue.popleft()
        self._rendering.append(job)

    def _finish(self, job: Job, *, path=None, error: WorkshopError | None = None) -> None:
        job.path, job.error = path, error
        job.state = "failed" if error is not None else "done"
        job.finished_at = self.clock()
        if self._current.get(job.key) is job:
            del self._current[job.key]
        job.finished.set()

    # ---- estimates (lock held) -------------------------------------------------------------

    def _estimate(self, key: Hashable) -> float:
        if key in self._last:
            return self._last[key]
        if self._recent:
            return statistics.median(self._recent)
        return DEFAULT_ESTIMATE

    def _schedule(self, now: float) -> dict[str, tuple[float, float]]:
        """Each unfinished job's (start, finish), in seconds from now: the queue is played
        out over the render places, each waiting job taking the first place to free up."""
        plan, places = {}, []
        for job in self._rendering:
            if job.started_at is None:  # placed, its task not yet begun
                finish = self._estimate(job.key)
                plan[job.id] = (0.0, finish)
            else:
                finish = max(1.0, self._estimate(job.key) - (now - job.started_at))
                plan[job.id] = (0.0, finish)
            places.append(finish)
        places += [0.0] * (self.renders - len(places))
        heapq.heapify(places)
        for job in self._queue:
            start = heapq.heappop(places)
            finish = start + self._estimate(job.key)
            plan[job.id] = (start, finish)
            heapq.heappush(places, finish)
        return plan

    def _retry_after(self) -> int:
        """Seconds until a waiting place frees up (the first waiting job starts)."""
        plan = self._schedule(self.clock())
        return max(1, math.ceil(plan[self._queue[0].id][0])) if self._queue else 1

    def _forget_old(self) -> None:
        now = self.clock()
        finished = [job for job in self._jobs.values() if job.over]
        for index, job in enumerate(finished):
            if now - job.finished_at > KEEP_SECONDS or index < len(finished) - KEEP_JOBS:
                del self._jobs[job.id]
