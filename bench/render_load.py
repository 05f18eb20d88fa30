"""Live broadcast latency while a report renders (issue 7).

Not measured yet: it needs a way to start a render on the running server (the reports
package's export route), which was still being written when this benchmark was; see
docs/performance.md. PDF timings alone are bench/report_render.py's.
"""


def measure_render_load(log, quick: bool = False) -> dict:
    reason = "the reports package was not committed when this benchmark was written; no export to trigger"
    log(f"report render: not measured ({reason})")
    return {"error": reason}
