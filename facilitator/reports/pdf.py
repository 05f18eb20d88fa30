"""Print the report to PDF in a child process, with a time limit and a memory limit.

Rendering a 500-note report takes seconds of pure CPU. Done inside the server it froze
every live board for that long (and in a thread the GIL still hurt), so it happens in a
separate process. The parent only waits, polling with short sleeps, which under
eventlet or gevent let the boards carry on.

Children come from a fork server that imported WeasyPrint once (`pdf_worker`), so each
export starts in milliseconds, and never from a fork of the live server itself.
Only the standard library is used on this side.
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from facilitator.reports.errors import RenderOutOfMemory, RenderTimedOut, ReportError

DEFAULT_TIME_LIMIT = 120.0  # seconds; 2,000 notes take well under a tenth of this
DEFAULT_MEMORY_LIMIT = 3 * 1024**3  # bytes of address space; the CJK fonts alone map ~100 MB
POLL_SECONDS = 0.02

_context = None


def _mp_context():
    """The fork server context, made once per process."""
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(["facilitator.reports.pdf_worker"])
    return _context


def _child_main(*args) -> None:
    """The child's first step; WeasyPrint is imported there (already, by the fork server), never here."""
    from facilitator.reports.pdf_worker import run

    run(*args)


def render_in_child(
    job: str,
    args: tuple,
    out_path: Path,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    memory_limit: int = DEFAULT_MEMORY_LIMIT,
) -> dict:
    """Run `pdf_worker.JOBS[job](*args)` in a child that writes `out_path`.

    Returns the child's details on success. Raises RenderTimedOut (the child is killed),
    RenderOutOfMemory, or ReportError with the child's reason. `out_path` is written
    only when the render finished.
    """
    ctx = _mp_context()
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(
        target=_child_main,
        args=(sender, job, args, str(out_path), time_limit, memory_limit),
        name="facilitator-pdf",
        daemon=True,
    )
    started = time.monotonic()
    child.start()
    sender.close()  # only the child writes; we then see EOF if it dies without a word
    message = None
    try:
        while True:
            if receiver.poll(0):
                try:
                    message = receiver.recv()
                except EOFError:
                    message = None
                break
            if not child.is_alive():
                if receiver.poll(0):
                    continue
                break
            if time.monotonic() - started > time_limit:
                child.kill()
                raise RenderTimedOut(
                    f"The PDF took longer than {time_limit:g} seconds, so it was stopped. "
                    "Try again, or export Markdown or CSV, which are quicker."
                )
            time.sleep(POLL_SECONDS)  # cooperative under eventlet/gevent: the boards keep going
    finally:
        receiver.close()
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
            child.join()
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
        f"The PDF process stopped unexpectedly (exit code {child.exitcode}); it may have run out of memory."
    )
