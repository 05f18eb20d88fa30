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

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from facilitator.reports.errors import RenderOutOfMemory, RenderTimedOut, ReportError

DEFAULT_TIME_LIMIT = 120.0  # seconds; 2,000 notes take well under a tenth of this
DEFAULT_MEMORY_LIMIT = 3 * 1024**3  # bytes of address space; the CJK fonts alone map ~100 MB
POLL_SECONDS = 0.02
WORKER = [sys.executable, "-m", "facilitator.reports.pdf_worker"]


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
    # Output goes to a file, not a pipe: a child that writes a lot can never block on us.
    with tempfile.TemporaryFile() as answer_file:
        child = subprocess.Popen(WORKER, stdin=subprocess.PIPE, stdout=answer_file, stderr=subprocess.DEVNULL)
        try:
            child.stdin.write(json.dumps(order).encode())
            child.stdin.close()
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
    raise ReportError(
        f"The PDF process stopped unexpectedly (exit code {child.returncode}); it may have run out of memory."
    )
