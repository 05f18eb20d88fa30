"""Turn a results JSON into the Markdown tables of docs/performance.md."""

from __future__ import annotations

import re

from bench.servers import ROOT

DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
OURS = "facilitator (eventlet)"
BARE = "bare Flask-SocketIO (eventlet)"
NODE = "Node socket.io"


def _fmt(value, digits=0):
    if value is None:
        return "–"
    return f"{value:.{digits}f}"


def render_tables(result: dict) -> str:
    m = result["machine"]
    lines = [
        f"Measured {result['date']} on {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, {m['os']}, "
        f"Python {m['python']}, Node {m['node']}. Command: `{result['command']}`; "
        f"{result['settings']['repeats']} repeats of {result['settings']['duration_s']:.0f} s per point, medians shown.",
        "",
    ]
    rows = result.get("broadcast") or []
    if rows:
        lines += [
            "| N | server | notes/s | p50 ms | p95 ms | p99 ms | lost | dup | connect all s | server CPU % | peak RSS MB | loader CPU % |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in sorted(rows, key=lambda r: (r["phones"], r["server"] != OURS, r["server"])):
            lines.append(
                f"| {r['phones']} | {r['server']} | {_fmt(r['rate'])} | {_fmt(r['latency_p50_ms'])} | {_fmt(r['latency_p95_ms'])} "
                f"| {_fmt(r['latency_p99_ms'])} | {r['lost']} | {r['duplicated']} | {_fmt(r['connect_all_s'], 1)} "
                f"| {_fmt(r['server_cpu_pct'])} | {_fmt(r['server_peak_rss_mb'])} | {_fmt(r['loader_cpu_pct'])} |"
            )
        lines += ["", "Ratios of p95 within this run (target: ours ≤ 1.25 × bare at N = 200 and 1000; stretch ≤ 1.5 × Node at 500):", ""]
        lines += ["| N | ours / bare Flask-SocketIO | ours / Node | gevent / bare | with deflate / bare |", "|---:|---:|---:|---:|---:|"]
        by = {(r["server"], r["phones"]): r for r in rows}
        for n in sorted({r["phones"] for r in rows}):
            def ratio(a, b):
                x, y = by.get((a, n)), by.get((b, n))
                if not x or not y or not x["latency_p95_ms"] or not y["latency_p95_ms"]:
                    return "–"
                return f"{x['latency_p95_ms'] / y['latency_p95_ms']:.2f}"
            lines.append(
                f"| {n} | {ratio(OURS, BARE)} | {ratio(OURS, NODE)} | {ratio('facilitator (gevent)', BARE)} "
                f"| {ratio('facilitator (eventlet, ws deflate)', BARE)} |"
            )
        lines.append("")
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
