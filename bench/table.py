"""Turn a results JSON into the Markdown tables of docs/performance.md."""

from __future__ import annotations

import re

from bench.servers import ROOT

DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
OURS = "facilitator (eventlet)"
BARE = "bare Flask-SocketIO (eventlet)"
NODE = "Node socket.io"
TARGET_JOINS_PER_S = 1000
TARGET_CPU_RATIO = 1.1
TARGET_P95_RATIO = 1.25
TARGET_MULTI_P95_MS = 250


def targets(result: dict, by: dict, join_rows: list, multi_name: str | None) -> list[str]:
    """One line per target of issue 16, saying plainly whether this run reached it."""
    lines = ["Targets (issue 16) in this run:", ""]
    sizes = sorted({n for (_s, n) in by})
    big = max(sizes) if sizes else None
    joins = {r["phones"]: r for r in join_rows if r["server"] == OURS}
    if joins:
        n = max(joins)
        value = joins[n]["joins_per_s"]
        lines.append(f"- joins >= {TARGET_JOINS_PER_S}/s at {n} phones (the join phase): ours {_fmt(value)}/s — "
                     f"{_verdict(None if value is None else value >= TARGET_JOINS_PER_S)}"
                     + ("" if n >= 3000 else " (target is at 3,000 phones; not measured at that size)")
                     + f"; connect + join {_fmt(joins[n].get('connect_join_per_s'))}/s")
    for n in sizes:
        ours, bare = by.get((OURS, n)), by.get((BARE, n))
        if not ours or not bare:
            continue
        cpu = _ratio(ours["server_cpu_us_per_delivery"], bare["server_cpu_us_per_delivery"])
        p95 = _ratio(ours["latency_p95_ms"], bare["latency_p95_ms"])
        text = f"- N = {n}: CPU per delivery ours / bare {cpu} (target <= {TARGET_CPU_RATIO}: "
        text += _verdict(None if cpu == "–" else float(cpu) <= TARGET_CPU_RATIO) + ")"
        if n >= 1000:
            text += f"; p95 ours / bare {p95} (target <= {TARGET_P95_RATIO}: {_verdict(None if p95 == '–' else float(p95) <= TARGET_P95_RATIO)})"
        text += f"; lost {ours['lost']}"
        lines.append(text)
    if multi_name:
        for n in sorted(n for (s, n) in by if s == multi_name):
            mp = by[(multi_name, n)]
            ok = mp["latency_p95_ms"] is not None and mp["latency_p95_ms"] < TARGET_MULTI_P95_MS and not mp["lost"] and not mp["errors"]
            lines.append(f"- {multi_name}, {n} phones: p95 {_fmt(mp['latency_p95_ms'])} ms, lost {mp['lost']} "
                         f"(target p95 < {TARGET_MULTI_P95_MS} ms, nothing lost, at 3,000 phones: {_verdict(ok)})")
    nb = result.get("neighbour")
    if nb and nb.get("ratio"):
        lines.append(f"- abusive neighbour: B's p95 x{nb['ratio']:.2f} of idle (target <= 2: {_verdict(nb['ratio'] <= 2)})")
    for mode, flood in (result.get("flood") or {}).items():
        if mode in ("fast", "slow"):
            lines.append(f"- {flood['connections']}-connection flood ({mode}): quiet board p95 x{flood['ratio_p95']:.2f} of idle "
                         f"(target < 2: {_verdict(flood['ratio_p95'] < 2)}); memory after x{flood['memory_after_ratio']:.2f} "
                         f"(target <= 1.2: {_verdict(flood['memory_after_ratio'] <= 1.2)})")
    loaders = [r.get("loader_cpu_pct") for r in by.values() if r.get("loader_cpu_pct") is not None]
    if loaders:
        lines.append(f"- the load generator's CPU stayed at most {max(loaders):.0f} % of a core while posting "
                     f"(target < 60 %: {_verdict(max(loaders) < 60)})")
    lines.append("")
    return lines


def _fmt(value, digits=0):
    if value is None:
        return "–"
    return f"{value:.{digits}f}"


def _ratio(a, b, digits=2):
    if a is None or b is None or not b:
        return "–"
    return f"{a / b:.{digits}f}"


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("reached" if ok else "**not reached**")


def render_tables(result: dict) -> str:
    m = result["machine"]
    load = result.get("load_average_at_start")
    lines = [
        f"Measured {result['date']} on {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, {m['os']}, "
        f"Python {m['python']}, Node {m['node']}. Command: `{result['command']}`; "
        f"{result['settings']['repeats']} repeat(s) of {result['settings']['duration_s']:.0f} s of posting per point, medians shown"
        + (f"; load average at start {load[0]:.2f} (end {result.get('load_average_at_end', ['?'])[0]})." if load else "."),
        "",
        "Load: one Node process of Socket.IO connections (bench/node/loadgen.js, each a WebSocket of "
        "bench/node/wire_client.js, which speaks the protocol with less CPU than socket.io-client); *loader CPU* is its own "
        "CPU (% of one core) and *lag* its event-loop delay p99 — a figure is the server's only while these stay "
        "low (target: loader < 60 %). Each server starts under `ulimit -n 1024` and raises its own limit, as the product does.",
        "",
    ]
    rows = result.get("broadcast") or []
    by = {(r["server"], r["phones"]): r for r in rows}
    multi_name = next((r["server"] for r in rows if "processes" in r["server"]), None)
    if rows:
        lines += [
            "Broadcast: a board and N phones in one workshop, 10 posters x 1 note/s (5 at N >= 2,000); latency from "
            "`note:post` sent to each copy of the `note` received, over every copy.",
            "",
            "| N | server | notes/s | p50 ms | p95 ms | p99 ms | lost | dup | server CPU % | µs CPU / delivery | peak RSS MB | loader CPU % | loader lag p99 ms |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in sorted(rows, key=lambda r: (r["phones"], r["server"] != OURS, r["server"])):
            lines.append(
                f"| {r['phones']} | {r['server']} | {_fmt(r['rate'])} | {_fmt(r['latency_p50_ms'])} | {_fmt(r['latency_p95_ms'])} "
                f"| {_fmt(r['latency_p99_ms'])} | {r['lost']} | {r['duplicated']} | {_fmt(r['server_cpu_pct'])} "
                f"| {_fmt(r['server_cpu_us_per_delivery'])} | {_fmt(r['server_peak_rss_mb'])} | {_fmt(r['loader_cpu_pct'])} "
                f"| {_fmt(r['loader_lag_p99_ms'])} |" + (f" ({r['errors']} run(s) failed)" if r.get("errors") else "")
            )
        lines += [
            "",
            "Ratios within this run (targets: p95 ours / bare <= 1.25 at 1,000–3,000; CPU per delivery ours / bare <= 1.1):",
            "",
            "| N | p95 ours / bare | p95 ours / Node | CPU per delivery ours / bare | ours / Node | "
            + ("p95 multi-process / bare | multi-process p95 ms, lost |" if multi_name else ""),
            "|---:|---:|---:|---:|---:|" + ("---:|---:|" if multi_name else ""),
        ]
        for n in sorted({r["phones"] for r in rows}):
            ours, bare, node = by.get((OURS, n), {}), by.get((BARE, n), {}), by.get((NODE, n), {})
            line = (
                f"| {n} | {_ratio(ours.get('latency_p95_ms'), bare.get('latency_p95_ms'))} "
                f"| {_ratio(ours.get('latency_p95_ms'), node.get('latency_p95_ms'))} "
                f"| {_ratio(ours.get('server_cpu_us_per_delivery'), bare.get('server_cpu_us_per_delivery'))} "
                f"| {_ratio(ours.get('server_cpu_us_per_delivery'), node.get('server_cpu_us_per_delivery'))} |"
            )
            if multi_name:
                mp = by.get((multi_name, n), {})
                line += (f" {_ratio(mp.get('latency_p95_ms'), bare.get('latency_p95_ms'))} "
                         f"| {_fmt(mp.get('latency_p95_ms'))}, {mp.get('lost', '–') if mp else '–'} |")
            lines.append(line)
        lines.append("")
    if result.get("multi_error"):
        lines += [f"Multi-process figure not measured: {result['multi_error']}.", ""]
    join_rows = result.get("joins") or rows
    if join_rows:
        lines += [
            "Join burst, in two phases timed apart: the N phones connect (the stack's handshake: the same work for every "
            "server), then every connected phone sends `phone:join` at once. *joins/s* = phones joined / time from the "
            "first `phone:join` sent to the last answer, and the server's CPU over that phase per join (issue 16 item 1: "
            "the server's own work per join); *connect + join/s* = phones joined / time from the first connect to the "
            "last answer (the figure the issue opened with)"
            + (" (from the broadcast runs)." if not result.get("joins") else "."),
            "",
            "| N | server | joined | connects/s | server ms CPU / connect | joins/s | p95 join ms | server ms CPU / join "
            "| connect + join/s | loader CPU % (join) | loader lag p99 ms (join) |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in sorted(join_rows, key=lambda r: (r["phones"], r["server"] != OURS, r["server"])):
            lines.append(
                f"| {r['phones']} | {r['server']} | {r['joined_min']} | {_fmt(r.get('connects_per_s'))} "
                f"| {_fmt(r.get('connect_server_cpu_ms_per_phone'), 2)} | {_fmt(r['joins_per_s'])} | {_fmt(r['join_p95_ms'])} "
                f"| {_fmt(r['join_server_cpu_ms_per_join'], 2)} | {_fmt(r.get('connect_join_per_s'))} "
                f"| {_fmt(r['join_loader_cpu_pct'])} | {_fmt(r['join_loader_lag_p99_ms'])} |"
            )
        lines.append("")
    nb = result.get("neighbour")
    if nb:
        lines += ["Abusive neighbour (issue 12 item 2): workshop B has a board and 20 phones posting 1 note/s; "
                  "B's note→board p95 idle, then while one phone of workshop A (300 notes) floods `sync {since: 0}`, "
                  "~900 KB `note:post` frames and re-sent `phone:join` (one connection each, up to 8 unanswered). "
                  "Target: abused <= 2 x idle.", ""]
        if not nb.get("idle_p95_ms"):
            lines.append(f"- not measured: {next((r.get('error') for r in nb.get('runs', []) if r.get('error')), '?')[:300]}")
        else:
            lines += [
                "| B idle p95 ms | B abused p95 ms | ratio | target <= 2 | lost | abuser events sent | server CPU % | loader CPU % | loader lag p99 ms |",
                "|---:|---:|---:|---|---:|---:|---:|---:|---:|",
                f"| {_fmt(nb['idle_p95_ms'])} | {_fmt(nb['abused_p95_ms'])} | {_fmt(nb['ratio'], 2)} | {_verdict(nb['ratio'] <= 2)} "
                f"| {nb['lost']} | {_fmt(nb['abuser_sent'])} | {_fmt(nb['server_cpu_pct'])} | {_fmt(nb['loader_cpu_pct'])} "
                f"| {_fmt(nb['loader_lag_p99_ms'])} |",
            ]
        lines.append("")
    flood = result.get("flood")
    if flood:
        lines += ["Flood (issue 21 row 8): workshop B has a board and 4 phones posting 4 notes/s between them; B's note→board "
                  "p95 idle, then while 180 raw WebSockets on 3 loopback addresses join workshop A and send `votes:mine` as "
                  "fast as their sockets take them (*fast*), or 150 send 15 a second each and never read (*slow*); the "
                  "server's memory before, at its peak and once the flood stopped (tests/reliability/flood.py). "
                  "Targets: p95 < 2 x idle, memory back within 20 %.", "",
                  "| flood | runs | B idle p95 ms | B flooded p95 ms | ratio | max ms | memory before / peak / after MB | after ratio |",
                  "|---|---:|---:|---:|---:|---:|---|---:|"]
        for mode in ("fast", "slow"):
            f = flood.get(mode)
            if f:
                lines.append(f"| {f['connections']} {mode} | {f['repeats']} | {_fmt(f['idle_p95_ms'])} | {_fmt(f['flood_p95_ms'])} "
                             f"| {_fmt(f['ratio_p95'], 2)} | {_fmt(f['flood_max_ms'])} | {f['memory_before_mb']:.0f} / "
                             f"{f['memory_peak_mb']:.0f} / {f['memory_after_mb']:.0f} | {_fmt(f['memory_after_ratio'], 2)} |")
        lines.append("")
    lines += targets(result, by, join_rows, multi_name)
    phone = result.get("phone_page")
    if phone:
        lines += ["Phone page, until it can post:", ""]
        if phone.get("error"):
            lines.append(f"- not measured: {phone['error']}")
        else:
            lines.append(
                f"- {phone['requests']} HTTP requests + {phone['websockets']} WebSocket, "
                f"{phone['transferred_bytes'] / 1024:.1f} KB transferred (as sent on the wire, headers included), "
                f"{phone['time_to_post_ms']:.0f} ms to a usable note form on loopback."
            )
            for item in phone["resources"]:
                lines.append(f"  - `{item['url']}`: {item['bytes'] / 1024:.1f} KB ({item['encoding'] or 'identity'})")
        lines.append("")
    storm = result.get("storm")
    if storm:
        lines += ["Reconnect storm (server restarted under connected phones):", ""]
        for s in storm if isinstance(storm, list) else [storm]:
            if s.get("error"):
                lines.append(f"- {s.get('server', '')}: not measured: {s['error']}")
                continue
            lines.append(
                f"- {s['server']}, {s['phones']} phones: {s['back']} back in {_fmt(s['all_back_s'], 1)} s "
                f"(p50 {_fmt(s['back_p50_s'], 1)} s, p95 {_fmt(s['back_p95_s'], 1)} s); notes posted before the restart "
                f"{s['notes_before']}, missing after resync {s['missing_after_resync']}."
            )
        lines.append("")
    report = result.get("report_render")
    if report:
        lines += ["Report renders:", ""]
        if report.get("error"):
            lines.append(f"- not measured: {report['error']}")
        else:
            for key, value in report.items():
                lines.append(f"- {key}: {value}")
        lines.append("")
    return "\n".join(lines)


def update_docs(tables: str) -> None:
    """Replace the generated block of docs/performance.md (between the bench markers)."""
    text = DOC.read_text() if DOC.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    block = f"{BEGIN}\n{tables}\n{END}"
    if BEGIN in text:
        text = re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text += "\n" + block + "\n"
    DOC.write_text(text)
