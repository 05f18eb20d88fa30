"""`make bench` (python -m bench): every measurement of issue 7, written to bench/results/.

    python -m bench [--quick] [--repeats R] [--sizes 50,200] [--only broadcast,phone,storm,report]

Broadcast: for each N, each repeat, each server in turn (interleaved, so the machine's
noise hits every server alike), a fresh server process and the same load. Medians of
the repeats go into the table; the ratios that count are taken within this one run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from bench.loadgen import Load, run_load
from bench.servers import ROOT, Server

RESULTS = ROOT / "bench" / "results"
FULL_SIZES = [50, 200, 500, 1000, 2000]
QUICK_SIZES = [50, 200]
FANOUT_BUDGET = 10_000  # copies per second the one-process load generator can receive


def servers() -> list[Server]:
    """The servers compared, ours first. Variants test one idea each."""
    return [
        Server("facilitator (eventlet)", "facilitator", "eventlet"),
        Server("facilitator (gevent)", "facilitator", "gevent"),
        Server("facilitator (eventlet, ws deflate)", "facilitator", "eventlet", env={"FACILITATOR_WS_COMPRESSION": "1"}),
        Server("bare Flask-SocketIO (eventlet)", "bare-flask", "eventlet"),
        Server("Node socket.io", "node"),
    ]


def load_for(n: int, duration: float) -> Load:
    """10 notes/s from up to 50 posters; fewer notes/s above 1000 phones, so the load
    generator (one Python process) keeps up with every copy it must receive."""
    return Load(phones=n, posters=min(n, 50), rate=min(10.0, FANOUT_BUDGET / n), duration=duration)


def run_broadcast(sizes: list[int], repeats: int, duration: float, log) -> list[dict]:
    runs = []
    for n in sizes:
        for repeat in range(repeats):
            for server in servers():
                server.start()
                try:
                    result = asyncio.run(run_load(server.url, server.code, server.board_key, load_for(n, duration), server.proc.pid))
                except Exception as exc:  # a server that falls over is a result too
                    result = {"phones": n, "error": repr(exc)}
                finally:
                    errors = server.stop()
                result.update(server=server.name, repeat=repeat)
                if result.get("connected", n) < n or "error" in result:
                    result["server_stderr_tail"] = errors[-1500:]
                runs.append(result)
                # Kept as we go: a run stopped half-way still leaves its figures.
                (RESULTS / "tmp" / "partial.json").write_text(json.dumps(runs, indent=2))
                log(
                    f"N={n:5} #{repeat} {server.name:40} p50={result.get('latency_p50_ms')} "
                    f"p95={result.get('latency_p95_ms')} p99={result.get('latency_p99_ms')} "
                    f"lost={result.get('lost')} dup={result.get('duplicated')} connect={result.get('connect_all_s')}s "
                    f"cpu={result.get('server_cpu_pct')}% loader={result.get('loader_cpu_pct')}%"
                )
    return runs


def summarise(runs: list[dict]) -> list[dict]:
    """Median of the repeats for each (server, N); lost and duplicated are summed."""
    groups: dict[tuple, list[dict]] = {}
    for run in runs:
        groups.setdefault((run["server"], run["phones"]), []).append(run)
    rows = []
    for (server, n), group in groups.items():
        ok = [r for r in group if "error" not in r]
        row = {"server": server, "phones": n, "repeats": len(group), "errors": len(group) - len(ok)}
        for key in (
            "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "connect_all_s", "connect_p95_ms",
            "server_cpu_pct", "server_peak_rss_mb", "loader_cpu_pct", "rate",
        ):
            values = [r[key] for r in ok if r.get(key) is not None]
            row[key] = round(statistics.median(values), 1) if values else None
        for key in ("lost", "duplicated", "notes_acked", "notes_sent"):
            row[key] = sum(r.get(key) or 0 for r in ok)
        row["connected_min"] = min((r.get("connected", 0) for r in ok), default=0)
        rows.append(row)
    return rows


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "node": subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip(),
    }


def raise_file_limit() -> None:
    """Thousands of sockets on each side: take the hard limit (inherited by the servers)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="a smoke run: N = 50 and 200, once, 4 s each")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--sizes", default=None, help="comma-separated N, e.g. 200,1000")
    parser.add_argument("--duration", type=float, default=None, help="seconds of posting per run")
    parser.add_argument("--only", default="broadcast,phone,storm,report,report-pdf")
    parser.add_argument("--storm-phones", type=int, default=None)
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite the table in docs/performance.md")
    args = parser.parse_args(argv)
    raise_file_limit()

    sizes = [int(x) for x in args.sizes.split(",")] if args.sizes else (QUICK_SIZES if args.quick else FULL_SIZES)
    repeats = args.repeats or (1 if args.quick else 3)
    duration = args.duration or (4.0 if args.quick else 10.0)
    parts = set(args.only.split(","))
    command = "make bench" + (" (--quick)" if args.quick else "") + (f" BENCH_ARGS='{' '.join(argv or sys.argv[1:])}'")
    log_path = RESULTS / "tmp" / "bench.log"
    (RESULTS / "tmp").mkdir(parents=True, exist_ok=True)

    def log(line: str) -> None:
        print(line, flush=True)
        with log_path.open("a") as f:
            f.write(line + "\n")

    started = datetime.now(timezone.utc)
    log(f"== bench started {started.isoformat(timespec='seconds')}: sizes={sizes} repeats={repeats} duration={duration}s")
    result: dict = {"date": started.isoformat(timespec="seconds"), "command": command, "machine": machine(),
                    "settings": {"sizes": sizes, "repeats": repeats, "duration_s": duration}}
    if "broadcast" in parts:
        runs = run_broadcast(sizes, repeats, duration, log)
        result["broadcast_runs"] = runs
        result["broadcast"] = summarise(runs)
    if "phone" in parts:
        from bench.phone_page import measure_phone_page

        result["phone_page"] = measure_phone_page(log)
    if "storm" in parts:
        from bench.storm import run_storm

        result["storm"] = run_storm(args.storm_phones or (200 if args.quick else 1000), log)
    if "report-pdf" in parts:  # issue 15: the 500-note PDF, click to file (bench/report_render.py)
        from bench.report_render import measure as measure_report_pdf

        result["report_pdf"] = measure_report_pdf(log=log)
    if "report" in parts:
        from bench.render_load import measure_render_load

        result["report_render"] = measure_render_load(log, quick=args.quick)
    result["elapsed_s"] = round(time.time() - started.timestamp(), 1)

    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    name = f"bench-{'quick-' if args.quick else ''}{stamp}.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2))
    (RESULTS / ("latest-quick.json" if args.quick else "latest.json")).write_text(json.dumps(result, indent=2))
    from bench.table import render_tables, update_docs

    tables = render_tables(result)
    print(tables)
    if not args.no_docs and not args.quick:
        update_docs(tables)
    log(f"== wrote bench/results/{name} in {result['elapsed_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
