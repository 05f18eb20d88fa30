"""What runs inside the PDF child process (see pdf.py, which starts it).

`python -m facilitator.reports.pdf_worker` reads one JSON order on standard input and
answers with one JSON line on standard output. Each job lowers its own limits first,
then renders, then writes the file under a temporary name and renames it, so a killed
render leaves no half file.

Limits are the platform's: `resource` exists on Linux and macOS only, and macOS refuses
RLIMIT_AS (ValueError). A limit the platform lacks is skipped; the time limit still
holds, since the parent kills a render that runs too long (pdf.render_in_child). The
child also exits by itself when its parent is gone (a server stopped or killed), so no
render outlives the server.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
from pathlib import Path

# Read before the slow imports below: a parent that dies while we load is still noticed.
PARENT_PID = os.getppid()

try:
    import resource
except ImportError:  # Windows
    resource = None

import weasyprint

from facilitator.reports.fetcher import AssetsOnlyFetcher
from facilitator.reports.html import STATIC_DIR

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


def run(job: str, args: list, out_path: str, time_limit: float, memory_limit: int) -> list:
    """Set limits, do `job`; returns ["ok", details] or ["error", kind, text]."""
    try:
        skipped = apply_limits(time_limit, memory_limit)
        if skipped:
            logging.getLogger("facilitator.pdf").info("limits this platform lacks, skipped: %s", ", ".join(skipped))
        refused = JOBS[job](*args, out_path=Path(out_path))
        return ["ok", {"refused": refused, "pid": os.getpid()}]
    except MemoryError:
        return ["error", "memory", "ran out of memory"]
    except BaseException as exc:  # anything at all: the parent must hear why
        return ["error", type(exc).__name__, str(exc)[:500]]


def apply_limits(time_limit: float, memory_limit: int) -> list[str]:
    """Lower this process's memory and CPU limits where the platform has them.

    Returns the names of the limits skipped ("memory", "cpu"); never raises for a
    limit the platform cannot set.
    """
    if resource is None:
        return ["memory", "cpu"]
    skipped = []
    if memory_limit:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        except (ValueError, OSError, AttributeError):  # macOS: "current limit exceeds maximum limit"
            skipped.append("memory")
    # A backstop if the parent dies and cannot kill us: the kernel stops a runaway render.
    cpu = int(time_limit) + 5
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    except (ValueError, OSError, AttributeError):
        skipped.append("cpu")
    return skipped


def exit_with_parent(poll_seconds: float = 0.2) -> None:
    """Exit as soon as the process that started us is gone (the server stopped or crashed).

    A thread polls the parent's id: when the parent dies the child is re-parented, so
    the id changes (Linux and macOS; on Windows the id never changes, so there a render
    left behind runs to its end).
    """
    def watch():
        while True:
            if os.getppid() != PARENT_PID:
                os._exit(3)
            time.sleep(poll_seconds)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def main() -> None:
    """Load everything a job needs, then wait for the order (see pdf.WarmWorkers)."""
    exit_with_parent()
    # A render is background work: on a two-core laptop the live boards come first.
    if hasattr(os, "nice"):  # not on Windows
        os.nice(10)
    import facilitator.reports.build  # noqa: F401  (the report code, loaded before the order arrives)
    import facilitator.reports.handout  # noqa: F401

    order = json.loads(sys.stdin.read())
    answer = run(order["job"], order["args"], order["out_path"], order["time_limit"], order["memory_limit"])
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()


def render_html_to_pdf(html: str, sleep_first: float = 0.0, *, out_path: Path) -> list[str]:
    """Render one HTML document; returns the URLs the fetcher refused (for tests and logs).

    `sleep_first` exists only so tests can prove that an over-long render is killed.
    """
    if sleep_first:
        import time

        time.sleep(sleep_first)
    document, refused = laid_out(html)
    write_laid_out(document, out_path)
    return refused


def laid_out(html: str):
    """(the document laid out in pages, the URLs the fetcher refused): WeasyPrint's work
    but the writing, so a caller can count the pages first (the handout does)."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # refused URLs are expected, not news
    fetcher = AssetsOnlyFetcher(STATIC_DIR)
    document = weasyprint.HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher).render(**PDF_OPTIONS)
    return document, fetcher.refused


def write_laid_out(document, out_path: Path) -> None:
    """Write a laid-out document to `out_path` whole or not at all (a temporary file first)."""
    temporary = out_path.with_name(f".{out_path.name}.{os.getpid()}.part")
    try:
        document.write_pdf(temporary, **PDF_OPTIONS)
        os.replace(temporary, out_path)
    finally:
        temporary.unlink(missing_ok=True)


def render_workshop_to_pdf(database_url: str, template_path: str, code: str, *, out_path: Path) -> list[str]:
    """Read the workshop here, in the child, so the live server does none of the work.
    The child opens the database without migrating it and reads only the workshop's
    template file (`template_path`; a folder of templates also works)."""
    from facilitator.reports.build import report_html

    html = report_html(database_url, Path(template_path), code)
    return render_html_to_pdf(html, out_path=out_path)


def render_handout_to_pdf(database_url: str, template_path: str, code: str, language: str = "en", *, out_path: Path) -> list[str]:
    """The easy-read handout for participants (reports/handout.py), read here like the report:
    printed at the first of handout.COMPACT_LEVELS that fits handout.MAX_PAGES, and when
    none does, at the most compact, saying on its first page why it is longer."""
    from facilitator.reports.handout import COMPACT_LEVELS, MAX_PAGES, handout_context_for, render_handout

    context = handout_context_for(database_url, template_path, code)
    for level in range(len(COMPACT_LEVELS)):
        document, refused = laid_out(render_handout(context, language, level))
        if len(document.pages) <= MAX_PAGES:
            break
    else:
        document, refused = laid_out(render_handout(context, language, level, over_length=True))
    write_laid_out(document, out_path)
    return refused


JOBS = {"html": render_html_to_pdf, "workshop": render_workshop_to_pdf, "handout": render_handout_to_pdf}


if __name__ == "__main__":
    main()
