"""Live broadcast latency while a report renders (issue 7).

Our server (eventlet) with a 500-note workshop; 200 phones and a board connected, 50 of
them posting. The same load runs twice in one go: once idle, once while a facilitator
exports the PDF again and again through the console's download route. The target is a
live p95 during renders within 1.2 × the idle p95. PDF timings alone are
bench/report_render.py's.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid

import requests

from bench.loadgen import Load, run_load
from bench.servers import Server

NOTES = 500


def seed(server: Server, notes: int) -> str:
    """Add `notes` notes to the server's workshop (before it starts); returns the
    co-facilitator path, which gives the exporter a console session."""
    from facilitator import create_app
    from facilitator.store.models import Workshop

    app = create_app({"data_dir": server.data_dir, "async_mode": "threading"})
    service = app.extensions["facilitation"]
    people = [service.join(server.code, group=g)["participant"]["id"] for g in ("lived-experience", "practitioner", "")]
    for i in range(notes):
        service.post_note(
            server.code, people[i % 3], note_id=str(uuid.uuid4()), phase="what",
            text=f"Note {i}: the interpreter was booked for the wrong language, so the appointment moved again.",
        )
    with app.extensions["db"].reading() as session:
        token = session.query(Workshop).filter_by(code=server.code).one().cofacilitator_token
    app.extensions["db"].dispose()
    return f"/facilitator/co/{server.code}/{token}"


def measure_render_load(log, quick: bool = False) -> dict:
    phones, duration = (100, 6.0) if quick else (200, 12.0)
    server = Server("facilitator (eventlet)", "facilitator", "eventlet")
    server.start()
    server.stop(keep_data=True)
    cofacilitator = seed(server, NOTES)
    server.start(fresh=False)
    try:
        load = Load(phones=phones, posters=50, rate=10.0, duration=duration)
        idle = asyncio.run(run_load(server.url, server.code, server.board_key, load, server.proc.pid))
        facilitator = requests.Session()
        facilitator.get(server.url + cofacilitator, allow_redirects=False, timeout=10)
        renders: list[float] = []
        failures: list[str] = []
        stop = threading.Event()

        def export_again_and_again():
            while not stop.is_set():
                started = time.perf_counter()
                response = facilitator.get(f"{server.url}/facilitator/w/{server.code}/report/download/pdf", timeout=120)
                if response.ok and response.content.startswith(b"%PDF"):
                    renders.append(time.perf_counter() - started)
                else:
                    failures.append(str(response.status_code))

        exporter = threading.Thread(target=export_again_and_again)
        exporter.start()
        try:
            busy = asyncio.run(run_load(server.url, server.code, server.board_key, load, server.proc.pid))
        finally:
            stop.set()
            exporter.join(180)
    finally:
        server.stop()
    ratio = busy["latency_p95_ms"] / idle["latency_p95_ms"] if idle.get("latency_p95_ms") and busy.get("latency_p95_ms") else None
    result = {
        "phones": phones,
        "notes_in_report": NOTES,
        "idle_p95_ms": idle.get("latency_p95_ms"),
        "during_render_p95_ms": busy.get("latency_p95_ms"),
        "p95_ratio": round(ratio, 2) if ratio else None,
        "renders_completed": len(renders),
        "render_s_median": round(sorted(renders)[len(renders) // 2], 2) if renders else None,
        "render_failures": failures,
        "lost_idle": idle.get("lost"),
        "lost_during_render": busy.get("lost"),
        "target_ratio_le_1_2": bool(ratio and ratio <= 1.2),
    }
    log(f"report render: idle p95 {result['idle_p95_ms']} ms, during renders {result['during_render_p95_ms']} ms "
        f"(× {result['p95_ratio']}), {len(renders)} PDFs of {NOTES} notes, median {result['render_s_median']} s")
    return result
