"""The report as Markdown: the same sections as the PDF, for people who edit text.

Participant text is made inert (markup.inert_markdown): whatever viewer opens this file
shows the notes as text and never fetches an image or follows a script link.
"""

from __future__ import annotations

from facilitator.reports.context import ReportContext
from facilitator.reports.markup import inert_markdown, one_line


def _cell(text: str) -> str:
    return one_line(inert_markdown(text)) or " "


def _esc(text: str) -> str:
    """Facilitator-typed fields (titles, venue) are untrusted too."""
    return one_line(inert_markdown(text))


def render_markdown(r: ReportContext) -> str:
    out: list[str] = []
    add = out.append
    for section in r.sections:
        if section == "cover":
            add(f"# {_esc(r.title)}\n")
            if r.question:
                add(f"**{_esc(r.question)}**\n")
            for label, value in (
                ("Date", r.date),
                ("Venue", r.venue),
                ("Partners", ", ".join(r.partners)),
                ("Facilitated by", r.facilitator_name),
                ("Prepared for", r.prepared_for),
                ("People taking part", str(r.participants_total)),
            ):
                if value:
                    add(f"- {label}: {_esc(value)}")
            add(f"\n_Report made on {r.generated_at:%d %B %Y at %H:%M} UTC from workshop {r.code}._\n")
        elif section == "introduction":
            add("## Introduction\n")
            # Template wording is Markdown on purpose; only the filled-in details are untrusted,
            # and a Markdown file cannot fetch without an image or HTML: drop both.
            add(_strip_active_markdown(r.introduction_md) + "\n")
        elif section == "summary":
            add("## Summary\n")
            add("| | |\n|---|---:|")
            add(f"| People taking part | {r.participants_total} |")
            for phase in r.phases:
                add(f"| Notes in {_esc(phase.title)} | {len(phase.notes)} |")
            add(f"| Actions agreed | {len(r.actions)} |")
            if r.left_out_total:
                add(f"| Notes left out of this report | {r.left_out_total} |")
            add("\n### Who took part\n")
            for label, count in r.participants_by_group:
                add(f"- {_esc(label)}: {count}")
            add("\n### What mattered most\n")
            if r.top_themes:
                for i, t in enumerate(r.top_themes, 1):
                    add(f"{i}. **{_esc(t.name)}** ({_esc(t.phase_title)}) — {t.votes} votes")
            elif r.top_notes:
                for i, n in enumerate(r.top_notes, 1):
                    add(f"{i}. {_cell(n.text)} — {n.votes} votes")
            else:
                add("No votes were cast in this workshop.")
            add("")
        elif section == "previous-actions":
            add("## You said, we did\n")
            if r.previous_actions:
                add("| You said | Owner | Status | We did |\n|---|---|---|---|")
                for a in r.previous_actions:
                    add(f"| {_cell(a.text)} | {_cell(a.owner)} | {a.status.capitalize()} | {_cell(a.outcome) if a.outcome else 'Not yet recorded'} |")
            else:
                add("This workshop does not follow an earlier one.")
            add("")
        elif section == "phases":
            for phase in r.phases:
                add(f"## {_esc(phase.title)}\n")
                add(f"_We asked: {_esc(phase.prompt)}_\n")
                for quote in phase.highlights:
                    add(f"> {_cell(quote.text)}\n> — {_esc(quote.group_label)}\n")
                for theme in phase.themes:
                    add(f"### {_esc(theme.name)} ({theme.votes} votes)\n")
                    out.extend(_note_table(r, theme.notes))
                if phase.unthemed:
                    if phase.themes:
                        add("### Other notes\n")
                    out.extend(_note_table(r, phase.unthemed))
                if not phase.notes:
                    add("No notes were posted in this phase.\n")
        elif section == "actions":
            add("## Now what? Actions\n")
            if r.actions:
                add(f"| Action | Owner | By when | {_esc(r.framework_name) or 'Tag'} | Votes |\n|---|---|---|---|---:|")
                for a in r.actions:
                    add(f"| {_cell(a.text)} | {_cell(a.owner) if a.owner else 'To be agreed'} | {a.due or '—'} | {_esc(a.tag) or '—'} | {a.votes} |")
            else:
                add("No actions were recorded in this workshop.")
            add("")
        elif section == "framework":
            add(f"## {_esc(r.framework_name)}\n")
            add("| Part | Notes | Themes | Actions |\n|---|---:|---:|---:|")
            for row in r.framework_rows:
                add(f"| {_esc(row.label)} | {row.notes} | {row.themes} | {row.actions} |")
            add("")
        elif section == "voice":
            add("## Voice balance\n")
            v = r.voice
            if v.grand_total:
                add("| Phase | " + " | ".join(_esc(g) for g in v.groups) + " | All |")
                add("|---|" + "---:|" * (len(v.groups) + 1))
                for title, counts in v.rows:
                    add(f"| {_esc(title)} | " + " | ".join(map(str, counts)) + f" | {sum(counts)} |")
                add("| **All phases** | " + " | ".join(map(str, v.totals)) + f" | {v.grand_total} |")
            else:
                add("No notes were posted.")
            add("")
        elif section == "method":
            add("## How this workshop worked\n")
            if r.method_md:
                add(_strip_active_markdown(r.method_md) + "\n")
            add(
                "People joined anonymously from their phones and could say which group they were here as. "
                + ("Nicknames are shown as the workshop was set up to show them. " if r.show_nicknames else "Names and nicknames are never shown. ")
                + (f"The facilitator left {r.left_out_total} notes out of this report." if r.left_out_total else "No notes were left out.")
                + "\n"
            )
        elif section == "appendix":
            add("## Appendix: every note\n")
            for phase in r.phases:
                add(f"### {_esc(phase.title)}\n")
                if phase.notes:
                    add("| Time | Note | Group | Theme |\n|---|---|---|---|")
                    for n in phase.notes:
                        add(f"| {n.time} | {_cell(n.text)} | {_esc(n.group_label)} | {_esc(n.theme)} |")
                    add("")
                else:
                    add("No notes.\n")
    return "\n".join(out).rstrip() + "\n"


def _note_table(r: ReportContext, notes) -> list[str]:
    head = "| Note | Group |" + (" Name given |" if r.show_nicknames else "") + " Votes |"
    rule = "|---|---|" + ("---|" if r.show_nicknames else "") + "---:|"
    rows = [head, rule]
    for n in notes:
        nick = f" {_esc(n.nickname)} |" if r.show_nicknames else ""
        rows.append(f"| {_cell(n.text)} | {_esc(n.group_label)} |{nick} {n.votes} |")
    rows.append("")
    return rows


def _strip_active_markdown(text: str) -> str:
    """Template Markdown keeps its emphasis and lists, but loses raw HTML and images."""
    import re

    text = re.sub(r"<[^>]*>", "", text)
    return re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
