"""The 500-note PDF, click to file, through the live server (issue 15); and WeasyPrint's own time.

    .venv/bin/python bench/report_render.py [--notes 500] [--runs 3]
    make bench BENCH_ARGS="--only report-pdf"      (the same, from `python -m bench`)

1. Click to file: the realistic multilingual workshop (tests/reports/builders.py: 40
   phones, seven groups, eight languages, translations, themes with dots, actions) is
   written into a real server's database; the server (`facilitator run`, eventlet) is
   started, and a co-facilitator's HTTP session downloads the PDF from the console's
   download route `runs` times, timed from request to the last byte.
2. WeasyPrint alone: the same report's HTML laid out (`render`) and written
   (`write_pdf`) in this warm process, each timed, so what is ours and what is the
   renderer's can be told apart.

Writes bench/results/report_render.json. Target: click to file under 3 s for 500 notes.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def click_to_file(notes: int, runs: int, log=print) -> dict:
    import requests

    from bench.servers import Server
    from tests.reports.builders import seed_server_database

    server = Server("facilitator (eventlet)", "facilitator", "eventlet")
    server.start()
    server.stop(keep_data=True)
    code, cofacilitator = seed_server_database(server.data_dir, notes)
    server.start(fresh=False)
    try:
        browser = requests.Session()
        browser.get(server.url + cofacilitator, allow_redirects=False, timeout=10)
        times, pages = [], None
        for _ in range(runs):
            started = time.perf_counter()
            response = browser.get(f"{server.url}/facilitator/w/{code}/report/download/pdf", timeout=300)
            elapsed = time.perf_counter() - started
            if not (response.ok and response.content.startswith(b"%PDF")):
                raise RuntimeError(f"the download failed: HTTP {response.status_code}")
            times.append(elapsed)
            log(f"  click to file: {elapsed:.2f} s")
        from io import BytesIO

        from pypdf import PdfReader

        pages = len(PdfReader(BytesIO(response.content)).pages)
    finally:
        server.stop()
    return {"seconds": [round(t, 3) for t in times], "median_s": round(statistics.median(times), 3), "pages": pages}


def weasyprint_alone(notes: int, runs: int, log=print) -> dict:
    import tempfile

    import weasyprint

    from facilitator import create_app
    from facilitator.reports.build import report_html
    from facilitator.reports.fetcher import AssetsOnlyFetcher
    from facilitator.reports.html import STATIC_DIR
    from facilitator.reports.pdf_worker import PDF_OPTIONS
    from tests.reports.builders import build_realistic_workshop

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"data_dir": Path(tmp) / "data", "async_mode": "threading"})
        settings = app.config["SETTINGS"]
        code = build_realistic_workshop(app.extensions["facilitation"], app.extensions["db"], notes=notes)
        rows = []
        for _ in range(runs):
            started = time.perf_counter()
            html = report_html(settings.database_url, settings.templates_dir, code)
            built = time.perf_counter()
            document = weasyprint.HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=AssetsOnlyFetcher(STATIC_DIR)).render(**PDF_OPTIONS)
            laid_out = time.perf_counter()
            document.write_pdf(Path(tmp) / "r.pdf", **PDF_OPTIONS)
            written = time.perf_counter()
            rows.append((built - started, laid_out - built, written - laid_out))
            log(f"  ours (read + HTML) {rows[-1][0]:.2f} s, WeasyPrint layout {rows[-1][1]:.2f} s, writing {rows[-1][2]:.2f} s")
        app.extensions["db"].dispose()
    median = lambda i: round(statistics.median(r[i] for r in rows), 3)  # noqa: E731
    return {"html_s": median(0), "layout_s": median(1), "write_s": median(2), "weasyprint_s": round(median(1) + median(2), 3),
            "pages": len(document.pages)}


def measure(notes: int = 500, runs: int = 3, log=print) -> dict:
    import os

    log(f"report PDF, {notes} notes: click to file through the live server")
    result = {"notes": notes, "runs": runs, "machine": platform.platform(), "load_average": os.getloadavg()}
    result["click_to_file"] = click_to_file(notes, runs, log)
    log("report PDF: WeasyPrint alone, in a warm process")
    result["weasyprint_alone"] = weasyprint_alone(notes, runs, log)
    result["target_under_3s"] = result["click_to_file"]["median_s"] < 3.0
    log(f"report PDF: click to file median {result['click_to_file']['median_s']} s "
        f"({result['click_to_file']['pages']} pages); WeasyPrint alone {result['weasyprint_alone']['weasyprint_s']} s; "
        f"load average {result['load_average'][0]:.1f} on {os.cpu_count()} cores")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    result = measure(args.notes, args.runs)
    out = ROOT / "bench" / "results" / "report_render.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
