"""Print the report to PDF in a child process, with a time limit and a memory limit.

Rendering a 500-note report takes seconds of pure CPU. Done inside the server it froze
every live board for that long (and in a thread the GIL still hurt), so it happens in a
separate process: `python -m facilitator.reports.pdf_worker`, told what to do as one
JSON object on its standard input, answering with one JSON line on its standard output.

A plain subprocess, not multiprocessing: under eventlet's monkey-patching the fork
server is not available and multiprocessing's pipes are not green, while `subprocess`
is patched by both eventlet and gevent. The parent only waits, polling with short
sleeps, which under eventlet or gevent let the boards carry on. Only the standard
library is used on this side.
"""

from __future__ import annotations

import atexit
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

from facilitator.reports.errors import RenderOutOfMemory, RenderTimedOut, ReportError
from facilitator.workshops.errors import N_

DEFAULT_TIME_LIMIT = 120.0  # seconds; 2,000 notes take well under a tenth of this
DEFAULT_MEMORY_LIMIT = 3 * 1024**3  # bytes of address space; the CJK fonts alone map ~100 MB
POLL_SECONDS = 0.02
STOPPING = N_("The server is stopping, so the PDF was not made. Start the server again and ask for it once more.")
WORKER = [sys.executable, "-m", "facilitator.reports.pdf_worker"]


class WarmWorkers:
    """Keeps one worker process started ahead of time, waiting for its order with
    WeasyPrint, the fonts and the report code already loaded: an export then skips
    about a second of start-up. Each worker renders once and exits; the next one is
    started as soon as a job has begun."""

    def __init__(self, command: list[str]):
        self.command = command
        self._spare: tuple[subprocess.Popen, IO[bytes]] | None = None
        self._rendering: set[subprocess.Popen] = set()
        self._closed = False
        self._lock = threading.Lock()

    def _start(self) -> tuple[subprocess.Popen, IO[bytes]]:
        # Output goes to a file, not a pipe: a child that writes a lot can never block on us.
        answer_file = tempfile.TemporaryFile()
        child = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=answer_file, stderr=subprocess.DEVNULL)
        return child, answer_file

    def take(self) -> tuple[subprocess.Popen, IO[bytes]]:
        """A worker for one job: the waiting spare if it is still alive, else a new one.
        Raises ReportError once `close` has been called (the server is stopping)."""
        with self._lock:
            if self._closed:
                raise ReportError(STOPPING)
            spare, self._spare = self._spare, None
            if spare is not None and spare[0].poll() is None:
                self._rendering.add(spare[0])
                return spare
            if spare is not None:
                spare[1].close()
            worker = self._start()
            self._rendering.add(worker[0])
            return worker

    @property
    def closed(self) -> bool:
        return self._closed

    def done(self, child: subprocess.Popen) -> None:
        """`child` has been waited for: it no longer counts as rendering."""
        with self._lock:
            self._rendering.discard(child)

    def rendering(self) -> int:
        """How many workers are rendering now (the spare is not counted)."""
        with self._lock:
            return sum(1 for child in self._rendering if child.poll() is None)

    def prepare(self) -> None:
        """Start the next spare, unless one is waiting (or the server is stopping)."""
        with self._lock:
            if self._spare is None and not self._closed:
                self._spare = self._start()

    def close(self) -> None:
        """Stop the spare and kill every worker still rendering, waiting for each, and start
        no more: at stop or exit a render left running would outlive the server (its
        requester is gone anyway). A render killed here fails in render_in_child."""
        with self._lock:
            self._closed = True
            spare, self._spare = self._spare, None
            rendering = list(self._rendering)
        for child in rendering:
            if child.poll() is None:
                child.kill()
            child.wait()
        if spare is not None:
            if spare[0].poll() is None:
                spare[0].kill()
            spare[0].wait()
            spare[0].stdin.close()
            spare[1].close()


_workers = WarmWorkers(WORKER)
atexit.register(_workers.close)


def render_in_child(
    job: str,
    args: tuple,
    out_path: Path,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    memory_limit: int = DEFAULT_MEMORY_LIMIT,
) -> dict:
    """Run `pdf_worker.JOBS[job](*args)` in a child that writes `out_path`.

    `args` must be JSON values. Returns the child's details on success (the URLs its
    fetcher refused, and its process id). Raises RenderTimedOut (the child is killed),
    RenderOutOfMemory, or ReportError with the child's reason. `out_path` is written
    only when the render finished.
    """
    order = {"job": job, "args": list(args), "out_path": str(out_path), "time_limit": time_limit, "memory_limit": memory_limit}
    started = time.monotonic()
    child, answer_file = _workers.take()
    with answer_file:
        try:
            child.stdin.write(json.dumps(order).encode())
            child.stdin.close()
            _workers.prepare()  # the next export's worker loads while this one renders
            while child.poll() is None:
                if time.monotonic() - started > time_limit:
                    child.kill()
                    raise RenderTimedOut(
                        f"The PDF took longer than {time_limit:g} seconds, so it was stopped. "
                        "Try again, or export Markdown or CSV, which are quicker."
                    )
                time.sleep(POLL_SECONDS)  # cooperative under eventlet/gevent: the boards keep going
        finally:
            if child.poll() is None:
                child.kill()
            child.wait()
            _workers.done(child)
        answer_file.seek(0)
        lines = answer_file.read().decode("utf-8", "replace").strip().splitlines()
    try:
        message = json.loads(lines[-1]) if lines else None
    except ValueError:
        message = None
    if message and message[0] == "ok":
        return message[1]
    if message and message[1] == "memory":
        raise RenderOutOfMemory(
            f"The PDF needed more than {memory_limit // 1024**2} MB of memory, so it was stopped. "
            "Export Markdown or CSV instead, or ask for a higher limit."
        )
    if message:
        raise ReportError(f"The PDF could not be made ({message[1]}: {message[2]}).")
    if _workers.closed:
        raise ReportError(STOPPING)
    raise ReportError(
        f"The PDF process stopped unexpectedly (exit code {child.returncode}); it may have run out of memory."
    )
