"""`make bench` (python -m bench): the measurements of issues 7, 12 and 16, written to bench/results/.

    python -m bench [--quick] [--repeats R] [--sizes 200,1000] [--only broadcast,joins,neighbour,multi,...]

The load comes from one Node process (bench/node/loadgen.js; each phone a WebSocket of
bench/node/wire_client.js, on `ws` from bench/node's lockfile), which reports its own CPU
and event-loop lag beside every figure.

broadcast  for each N, each repeat, each server in turn (interleaved, so the machine's
           noise hits every server alike): a fresh server, N phones join at once (the
           join burst: connect, then join, timed apart), then 10 posters x 1 note/s (5 at N >= 2,000) for D s. With
           `multi` selected too, ours as several processes (--workers) joins the rotation
           at the multi sizes. Medians of the repeats; ratios within this one run.
joins      the join burst alone (no posting), every server, every N.
neighbour  issue 12 item 2: workshop B's note->board p95, idle and while a phone of
           workshop A floods sync, ~900 KB frames and re-joins; target <= 2x idle.
flood      issue 21 row 8: workshop B's note->board p95 idle and while 180 raw WebSockets
           on 3 addresses flood workshop A (and 150 that never read), with the
           server's memory before, at its peak and after; targets < 2x idle, memory
           back within 20 % (tests/reliability/flood.py).
multi      ours as `facilitator run --workers 2` behind Redis and PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from datetime import datetime, timezone
from pathlib import Path

from bench.nodeload import run_node_load
from bench.servers import ROOT, Server

RESULTS = ROOT / "bench" / "results"
FULL_SIZES = [200, 1000, 2000, 3000]
QUICK_SIZES = [200]
OURS, BARE, NODE = "facilitator (eventlet)", "bare Flask-SocketIO (eventlet)", "Node socket.io"
MULTI = "facilitator (eventlet, 2 processes)"
PARTS = ("broadcast", "joins", "neighbour", "flood", "multi", "phone", "storm", "report", "report-pdf")
DEFAULT_PARTS = "broadcast,neighbour,flood,multi,phone,storm,report,report-pdf"


def servers(with_gevent: bool) -> list[Server]:
    """The single-process servers compared, ours first."""
    chosen = [Server(OURS, "facilitator", "eventlet")]
    if with_gevent:
        chosen.append(Server("facilitator (gevent)", "facilitator", "gevent"))
    return chosen + [Server(BARE, "bare-flask", "eventlet"), Server(NODE, "node")]


def posters_for(n: int) -> int:
    """10 posters x 1 note/s; 5 at N >= 2,000 (issue 16's load), never more than the room."""
    return min(n, 10 if n < 2000 else 5)


def room_config(server: Server, n: int, duration: float) -> dict:
    return {
        "scenario": "room",
        "urls": server.urls,
        "room": {"code": server.code, "boardKey": server.board_key, "phones": n, "posters": posters_for(n),
                 "perPosterRate": 1, "duration": duration, "settleLimitMs": 60000},
    }


def measure(server: Server, config: dict) -> dict:
    """A fresh server, one run of the load generator, the server stopped; a failure is a result too."""
    try:
        server.start()
    except Exception as exc:
        return {"error": f"server did not start: {exc!r}", "server_stderr_tail": server.stop()[-1500:]}
    try:
        if config["scenario"] == "room":
            config = room_config(server, config["phones"], config["duration"])
        else:
            config = config["build"](server)
        result = run_node_load(config, server.pids())
    except Exception as exc:
        result = {"error": repr(exc)}
    finally:
        errors = server.stop()
    if "error" in result or result.get("joined", 0) < result.get("phones", 0):
        result["server_stderr_tail"] = errors[-1500:]
    return result


def run_rooms(part: str, sizes: list[int], repeats: int, duration: float, with_gevent: bool, multi, log) -> list[dict]:
    """The room scenario for every (N, repeat, server), interleaved. `multi`: (server, sizes) or None."""
    runs = []
    for n in sizes:
        for repeat in range(repeats):
            chosen = servers(with_gevent)
            if multi and n in multi[1]:
                chosen.append(multi[0])
            for server in chosen:
                result = measure(server, {"scenario": "room", "phones": n, "duration": duration})
                result.update(server=server.name, phones=n, repeat=repeat, part=part)
                runs.append(result)
                (RESULTS / "tmp" / "partial.json").write_text(json.dumps(runs, indent=2))  # kept as we go
                log(line_for(result))
    return runs


def line_for(r: dict) -> str:
    if "error" in r:
        return f"N={r['phones']:5} #{r['repeat']} {r['server']:38} ERROR {r['error'][:300]}"
    text = (
        f"N={r['phones']:5} #{r['repeat']} {r['server']:38} joined={r.get('joined')} connects {r.get('connects_per_s')}/s, "
        f"joins {r.get('joins_per_s')}/s p95 join={r.get('join_p95_ms')}ms {r.get('join_server_cpu_ms_per_join')}ms CPU/join "
        f"(loader {r.get('join_loader_cpu_pct')}%), connect+join {r.get('connect_join_per_s')}/s"
    )
    if r.get("latency_p95_ms") is not None:
        text += (
            f" | p50={r['latency_p50_ms']} p95={r['latency_p95_ms']} p99={r['latency_p99_ms']} lost={r['lost']} "
            f"dup={r['duplicated']} server={r['server_cpu_pct']}% {r['server_cpu_us_per_delivery']}us/copy "
            f"loader={r['loader_cpu_pct']}% lag p99={r['loader_lag_p99_ms']}ms"
        )
    return text


NUMERIC = (
    "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "server_cpu_pct", "server_cpu_us_per_delivery",
    "server_peak_rss_mb", "loader_cpu_pct", "loader_lag_p99_ms", "loader_lag_max_ms", "rate", "joins_per_s",
    "join_p95_ms", "join_span_s", "join_server_cpu_pct", "join_server_cpu_ms_per_join", "join_loader_cpu_pct",
    "join_loader_lag_p99_ms", "connects_per_s", "connect_p95_ms", "connect_server_cpu_ms_per_phone", "connect_join_per_s",
    "connect_join_span_s", "connect_join_p95_ms",
)


def summarise(runs: list[dict]) -> list[dict]:
    """Median of the repeats for each (server, N); lost and duplicated are summed."""
    groups: dict[tuple, list[dict]] = {}
    for run in runs:
        groups.setdefault((run["server"], run["phones"]), []).append(run)
    rows = []
    for (server, n), group in groups.items():
        ok = [r for r in group if "error" not in r]
        row = {"server": server, "phones": n, "repeats": len(group), "errors": len(group) - len(ok)}
        for key in NUMERIC:
            values = [r[key] for r in ok if r.get(key) is not None]
            row[key] = round(statistics.median(values), 1) if values else None
        for key in ("lost", "duplicated", "notes_acked", "notes_sent", "notes_refused"):
            row[key] = sum(r.get(key) or 0 for r in ok)
        row["joined_min"] = min((r.get("joined", 0) for r in ok), default=0)
        rows.append(row)
    return rows


def run_neighbour(repeats: int, duration: float, log) -> dict:
    """Issue 12 item 2 on ours: B's board p95 idle and while A's phone abuses the server."""

    def build(server: Server) -> dict:
        return {
            "scenario": "neighbour",
            "urls": server.urls,
            "neighbour": {"b": {"code": server.code, "boardKey": server.board_key}, "a": {"code": server.code_a, "notes": 300},
                          "phones": 20, "duration": duration, "abusers": 1, "inflight": 8, "bigFrameBytes": 900_000},
        }

    runs = []
    for repeat in range(repeats):
        server = Server(OURS, "facilitator", "eventlet", neighbour_notes=300)
        result = measure(server, {"scenario": "neighbour", "build": build})
        result.update(server=server.name, repeat=repeat)
        runs.append(result)
        if "error" in result:
            log(f"neighbour #{repeat}: ERROR {result['error'][:300]}")
        else:
            log(
                f"neighbour #{repeat}: B board p95 idle {result['idle']['latency_p95_ms']} ms, abused "
                f"{result['abused']['latency_p95_ms']} ms (x{result['ratio_p95']}); lost {result['abused']['lost']}; "
                f"abuser {result['abused']['abuser']}; loader {result['abused']['loader_cpu_pct']}%"
            )
    ok = [r for r in runs if "error" not in r]
    summary = {"repeats": len(runs), "errors": len(runs) - len(ok), "runs": runs}
    if ok:
        med = lambda f: round(statistics.median(f(r) for r in ok), 1)  # noqa: E731
        summary.update(
            idle_p95_ms=med(lambda r: r["idle"]["latency_p95_ms"]), abused_p95_ms=med(lambda r: r["abused"]["latency_p95_ms"]),
            ratio=med(lambda r: r["ratio_p95"] or 0), lost=sum(r["idle"]["lost"] + r["abused"]["lost"] for r in ok),
            abuser_sent=med(lambda r: r["abused"]["abuser"]["sent"]),
            loader_cpu_pct=med(lambda r: r["abused"]["loader_cpu_pct"]), loader_lag_p99_ms=med(lambda r: r["abused"]["loader_lag_p99_ms"]),
            server_cpu_pct=med(lambda r: r["abused"]["server_cpu_pct"]),
        )
    return summary


def run_flood(repeats: int, seconds: float, log) -> dict:
    """Issue 21 row 8: a quiet workshop's board while 180 connections on 3 addresses flood
    another (as fast as they can, and 150 within their budgets never reading), and the
    server's memory (tests/reliability/flood.py, the same measure as the test)."""
    import tempfile

    from tests.reliability.flood import measure

    runs = []
    for mode, connections in (("fast", 180), ("slow", 150)):
        for repeat in range(repeats):
            with tempfile.TemporaryDirectory(prefix="bench-flood-") as folder:
                try:
                    figures = measure(Path(folder) / "server", mode, connections, seconds=seconds)
                except Exception as error:  # one failed run is reported, not the whole sitting lost
                    figures = {"mode": mode, "connections": connections, "error": repr(error)}
            figures["repeat"] = repeat
            runs.append(figures)
            if "error" in figures:
                log(f"flood {mode} #{repeat}: ERROR {figures['error'][:300]}")
            else:
                log(f"flood {mode} #{repeat}: quiet board p95 idle {figures['idle_p95_ms']} ms, flooded {figures['flood_p95_ms']} ms "
                    f"(x{figures['ratio_p95']}, max {figures['flood_max_ms']} ms); memory {figures['memory_before_mb']} -> "
                    f"{figures['memory_peak_mb']} -> {figures['memory_after_mb']} MB")
    summary = {"runs": runs}
    for mode in ("fast", "slow"):
        ok = [r for r in runs if r["mode"] == mode and "error" not in r]
        if ok:
            med = lambda key: round(statistics.median(r[key] for r in ok), 2)  # noqa: E731
            summary[mode] = {key: med(key) for key in ("idle_p95_ms", "flood_p95_ms", "flood_max_ms", "ratio_p95",
                                                         "memory_before_mb", "memory_peak_mb", "memory_after_mb", "memory_after_ratio")}
            summary[mode].update(connections=ok[0]["connections"], repeats=len(ok))
    return summary


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
    parser.add_argument("--quick", action="store_true", help="a smoke run: N = 200, once, 4 s of posting")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--sizes", default=None, help="comma-separated N (default 200,1000,2000,3000; --quick: 200)")
    parser.add_argument("--multi-sizes", default=None, help="N for the multi-process figure (default 3000; --quick: 200)")
    parser.add_argument("--workers", type=int, default=2, help="server processes for the multi-process figure (default 2)")
    parser.add_argument("--duration", type=float, default=None, help="seconds of posting per run (default 10; --quick: 4)")
    parser.add_argument("--only", default=DEFAULT_PARTS, help=f"comma-separated parts: {', '.join(PARTS)} (default: {DEFAULT_PARTS})")
    parser.add_argument("--gevent", action="store_true", help="also measure ours under gevent")
    parser.add_argument("--storm-phones", type=int, default=None)
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite the table in docs/performance.md")
    args = parser.parse_args(argv)
    parts = set(args.only.split(","))
    unknown = parts - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s) {', '.join(sorted(unknown))}: choose from {', '.join(PARTS)}")
    raise_file_limit()  # the load generator's side; each server raises its own (bench.servers.usual_file_limit)

    sizes = [int(x) for x in args.sizes.split(",")] if args.sizes else (QUICK_SIZES if args.quick else FULL_SIZES)
    multi_sizes = [int(x) for x in args.multi_sizes.split(",")] if args.multi_sizes else ([200] if args.quick else [3000])
    repeats = args.repeats or (1 if args.quick else 3)
    duration = args.duration or (4.0 if args.quick else 10.0)
    given = " ".join(argv if argv is not None else sys.argv[1:])
    command = f"make bench BENCH_ARGS='{given}'" if given else "make bench"
    log_path = RESULTS / "tmp" / "bench.log"
    (RESULTS / "tmp").mkdir(parents=True, exist_ok=True)

    def log(line: str) -> None:
        print(line, flush=True)
        with log_path.open("a") as f:
            f.write(line + "\n")

    started = datetime.now(timezone.utc)
    load = os.getloadavg()
    log(f"== bench started {started.isoformat(timespec='seconds')}: parts={sorted(parts)} sizes={sizes} "
        f"repeats={repeats} duration={duration}s; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    result: dict = {"date": started.isoformat(timespec="seconds"), "command": command, "machine": machine(),
                    "load_average_at_start": [round(x, 2) for x in load],
                    "settings": {"sizes": sizes, "multi_sizes": multi_sizes, "workers": args.workers, "repeats": repeats,
                                 "duration_s": duration, "parts": sorted(parts)}}
    with ExitStack() as stack:
        multi = None
        if "multi" in parts:
            from bench import services

            why = services.missing()
            if why:
                result["multi_error"] = why
                log(f"multi-process figure not measured: {why}")
            else:
                fresh = stack.enter_context(services.redis_and_postgres())
                multi = (Server(MULTI.replace("2", str(args.workers)), "facilitator", "eventlet", workers=args.workers,
                                fresh_env=fresh), multi_sizes)
        if "broadcast" in parts:
            runs = run_rooms("broadcast", sizes, repeats, duration, args.gevent, multi, log)
            result["broadcast_runs"] = runs
            result["broadcast"] = summarise(runs)
        elif multi:  # the multi-process figure alone, beside bare Flask-SocketIO and Node at the same N
            runs = run_rooms("broadcast", multi_sizes, repeats, duration, False, multi, log)
            result["broadcast_runs"] = runs
            result["broadcast"] = summarise(runs)
        if "joins" in parts:
            runs = run_rooms("joins", sizes, repeats, 0, args.gevent, None, log)
            result["joins_runs"] = runs
            result["joins"] = summarise(runs)
    if "neighbour" in parts:
        result["neighbour"] = run_neighbour(repeats, duration if args.quick else 15.0, log)
    if "flood" in parts:
        result["flood"] = run_flood(repeats, 10.0 if args.quick else 30.0, log)
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
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
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
