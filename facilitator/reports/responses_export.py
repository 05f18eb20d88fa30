"""The commissioners' responses as CSV and Markdown (issue 14): per workshop, and across
workshops for the impact log.

Every cell a commissioner typed is untrusted: CSV cells that a spreadsheet would run as a
formula get a leading apostrophe (csv_export.safe_cell); in Markdown every value goes
through markup.literal_markdown, so a viewer shows the words as typed, as text — no
link, image, reference definition, raw HTML or heading (issue 12 item 14).
"""

from __future__ import annotations

import csv
import io

from facilitator.reports.csv_export import safe_cell
from facilitator.reports.markup import literal_markdown, one_line

COLUMNS = ["item", "answered", "decision", "forward_to", "what", "who", "by_when", "fed_into", "updated_at"]
IMPACT_COLUMNS = ["workshop", "code", "workshop_date"] + COLUMNS


def _md(text) -> str:
    """Any value as Markdown text on one line (the page shows a commissioner's words as typed)."""
    return one_line(literal_markdown("" if text is None else str(text)))


def _row(response: dict) -> list:
    return [
        response["item_text"], response["item"], response["decision_label"], response["forward_to"], response["what"],
        response["who"], response["by_when"], response["fed_into"], response["updated_at"],
    ]


def responses_csv(responses: list[dict]) -> str:
    """A workshop's responses, one row per answer (`item` the words answered, `answered` its key)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for response in responses:
        writer.writerow([safe_cell(v) for v in _row(response)])
    return buffer.getvalue()


def response_line(response: dict) -> str:
    """'**Agreed in part** — Pilot in two practices (ICB, by 2026-10-01). Fed into: …' as Markdown."""
    said = f"**{_md(response['decision_label'])}**"
    if response.get("forward_to"):
        said += f" (to be decided by {_md(response['forward_to'])})"
    if response.get("what"):
        said += f" — {_md(response['what'])}"
    who = ", ".join(p for p in (_md(response.get("who", "")), f"by {_md(response['by_when'])}" if response.get("by_when") else "") if p)
    if who:
        said += f" ({who})"
    if response.get("fed_into"):
        said += f". Fed into: {_md(response['fed_into'])}"
    return said


def responses_markdown(responses: list[dict]) -> list[str]:
    """The report's "Commissioners' responses" section (no lines when there are none)."""
    if not responses:
        return []
    out = ["## Commissioners' responses\n"]
    for response in responses:
        out.append(f"- {_md(response['item_text'])}: {response_line(response)}")
    out.append("")
    return out


def impact_csv(entries: list[dict]) -> str:
    """The impact log (workshops/responses.impact_log entries) as CSV, one row per decision."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(IMPACT_COLUMNS)
    for entry in entries:
        writer.writerow([safe_cell(v) for v in [entry["workshop"], entry["code"], entry["workshop_date"], *_row(entry["response"])]])
    return buffer.getvalue()


def impact_markdown(entries: list[dict]) -> str:
    """The impact log as Markdown: one bullet per decision, under its workshop."""
    out = ["# Impact log: decisions influenced by workshops\n"]
    if not entries:
        out.append("No decision has been recorded yet.")
    current = None
    for entry in entries:
        if entry["code"] != current:
            current = entry["code"]
            when = f", {_md(entry['workshop_date'])}" if entry["workshop_date"] else ""
            out.append(f"\n## {_md(entry['workshop'])} ({_md(entry['code'])}{when})\n")
        response = entry["response"]
        out.append(f"- {_md(response['item_text'])}: {response_line(response)} _(answered {_md(response['updated_at'][:10])})_")
    return "\n".join(out).rstrip() + "\n"
