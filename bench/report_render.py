"""Time PDF renders of the report for 100, 500 and 2,000 notes (not a test; run it by hand).

    .venv/bin/python bench/report_render.py

Builds each workshop in a temporary database (notes in several scripts, a few themes,
voting dots), then exports the PDF exactly as the console does: in a child process
(`python -m facilitator.reports.pdf_worker`). Each size is rendered three times; the
first export of the run is reported separately. Writes
bench/results/report_render.json. Target: 500 notes in under 3 s.
"""

from __future__ import annotations

import json
import platform
import statistics
import tempfile
import time
import uuid
from pathlib import Path

SIZES = (100, 500, 2000)
RUNS = 3
TEXTS = [
    "The receptionist did not book an interpreter, so the appointment was moved again.",
    "Tłumacz nie przyszedł, więc wizyta została przełożona.",
    "Interpretul nu a venit și am așteptat două ore.",
    "Перекладач не прийшов, і лікар говорив тільки англійською.",
    "لم يأتِ المترجم ولم أفهم ما قاله الطبيب.",
    "مترجم نیامد و من حرف دکتر را نفهمیدم.",
    "مجھے ترجمان نہیں ملا اور میں ڈاکٹر کی بات نہیں سمجھا۔",
    "ተርጓሚ ኣይመጸን፡ ንሓኪም ኣይተረድኣንን።",
    "翻译没有来，我听不懂医生说的话。",
]


def build(app, notes: int) -> str:
    from facilitator.models import Note, Theme, Workshop

    service = app.extensions["facilitation"]
    made = service.create_workshop("adaptive-action", title=f"Benchmark {notes}", date="2026-07-17", venue="Hall")
    service.set_open_phases(made.code, ["what", "so-what", "now-what"])
    people = [service.join(made.code, group=g)["participant"]["id"] for g in ("lived-experience", "practitioner", "commissioner", "vcse", "")]
    phases = ("what", "so-what", "now-what")
    for i in range(notes):
        service.post_note(made.code, people[i % 5], note_id=str(uuid.uuid4()), phase=phases[i % 3], text=f"{TEXTS[i % len(TEXTS)]} ({i})")
    with app.extensions["db"].session() as session:
        workshop = session.query(Workshop).filter_by(code=made.code).one()
        themes = []
        for t in range(6):
            theme = Theme(workshop_id=workshop.id, phase_key=phases[t % 3], name=f"Theme {t + 1}", position=t)
            session.add(theme)
            themes.append(theme)
        session.flush()
        for i, note in enumerate(session.query(Note).filter_by(workshop_id=workshop.id)):
            if i % 2:
                note.theme_id = themes[i % 6].id
    return made.code


def main() -> None:
    from facilitator import create_app
    from facilitator.reports.exports import Exporter

    results = {"machine": platform.platform(), "python": platform.python_version(), "runs": RUNS, "sizes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"data_dir": Path(tmp) / "data", "export_dir": Path(tmp) / "exports", "async_mode": "threading"})
        settings = app.config["SETTINGS"]
        exporter = Exporter(app.extensions["db"], app.extensions["facilitation"].templates, settings.templates_dir, settings.export_dir)
        warm_code = build(app, 10)
        started = time.perf_counter()
        exporter.export(warm_code, "pdf")
        results["first_export_s"] = round(time.perf_counter() - started, 3)
        for size in SIZES:
            code = build(app, size)
            times = []
            for _ in range(RUNS):
                started = time.perf_counter()
                path = exporter.export(code, "pdf")
                times.append(time.perf_counter() - started)
            from pypdf import PdfReader

            results["sizes"][str(size)] = {
                "seconds": [round(t, 3) for t in times],
                "median_s": round(statistics.median(times), 3),
                "pages": len(PdfReader(path).pages),
                "bytes": path.stat().st_size,
            }
            print(f"{size:5} notes: median {statistics.median(times):.2f} s over {RUNS} runs, {results['sizes'][str(size)]['pages']} pages")
        app.extensions["db"].dispose()
    results["target_500_under_3s"] = results["sizes"]["500"]["median_s"] < 3.0
    out = Path(__file__).resolve().parent / "results" / "report_render.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
