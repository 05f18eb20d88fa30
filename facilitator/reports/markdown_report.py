"""The report as Markdown: the same sections as the PDF, for people who edit text.

Participant text is made inert (markup.inert_markdown): whatever viewer opens this file
shows the notes as text and never fetches an image or follows a script link.
"""

from __future__ import annotations

from facilitator.reports.context import ReportContext
from facilitator.reports.markup import inert_markdown, one_line
from facilitator.reports.responses_export import response_line, responses_markdown


def _cell(text: str) -> str:
    return one_line(inert_markdown(text)) or " "


def _note_cell(n) -> str:
    """The note as written, and under it (same cell) its translation, marked as such."""
    cell = _cell(n.text)
    if n.translation:
        cell += f" <br>_{n.translation.label}:_ {_cell(n.translation.text)}"
    elif n.untranslated_in:
        cell += f" <br>_({n.untranslated_in}, not yet translated)_"
    return cell


def _allowed_markdown(text: str) -> str:
    """The facilitator's findings keep their Markdown (lists, emphasis) but nothing that
    fetches or runs: raw HTML is shown as text and images are not images."""
    import re

    text = text.replace("<", "&lt;").replace("![", "!\\[")
    return re.sub(r"^([ \t]{0,3})#", r"\1\\#", text, flags=re.MULTILINE)


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
                ("Who was in the room", r.people.sentence()),
            ):
                if value:
                    add(f"- {label}: {_esc(value)}")
            add(f"\n_Report made on {r.generated_local} from workshop {r.code}._\n")
            if "introduction" not in r.sections:
                out.extend(_front(r))
        elif section == "introduction":
            add("## Introduction\n")
            # Template wording is Markdown on purpose; only the filled-in details are untrusted,
            # and a Markdown file cannot fetch without an image or HTML: drop both.
            add(_strip_active_markdown(r.introduction_md) + "\n")
            out.extend(_front(r))
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
                    add(f"{i}. **{_esc(t.name)}** ({_esc(t.phase_title)}) — {t.votes} dots, {len(t.notes)} notes")
            elif r.top_notes:
                for i, n in enumerate(r.top_notes, 1):
                    add(f"{i}. {_note_cell(n)} — {n.votes} dots")
            else:
                add("There was no dot vote in this workshop." if not r.had_vote else "Nobody placed a dot.")
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
                    add(f"> {_cell(quote.text)}")
                    if quote.translation:
                        add(f">\n> _{quote.translation.label}:_ {_cell(quote.translation.text)}")
                    add(f"> — {_esc(quote.group_label)}\n")
                for theme in phase.themes:
                    dots = f", {theme.votes} dots" if phase.had_vote else ""
                    add(f"### {_esc(theme.name)} ({len(theme.notes)} notes{dots})\n")
                    out.extend(_note_table(r, theme.notes, phase.note_dots))
                if phase.unthemed:
                    if phase.themes:
                        add("### Other notes\n")
                    out.extend(_note_table(r, phase.unthemed, phase.note_dots))
                if not phase.notes:
                    add("No notes were posted in this phase.\n")
        elif section == "actions":
            add("## Now what? Actions\n")
            if r.actions:
                tag_head = f" {_esc(r.framework_name)} |" if r.has_framework else ""
                add(f"| Action | Owner | By when |{tag_head}\n|---|---|---|" + ("---|" if r.has_framework else ""))
                for a in r.actions:
                    text = _cell(a.text)
                    if a.sources:
                        text += " <br>from: " + "; ".join(_cell(x) for x in a.sources)
                    tag = f" {_esc(a.tag) or '—'} |" if r.has_framework else ""
                    add(f"| {text} | {_cell(a.owner) if a.owner else 'To be agreed'} | {a.due or '—'} |{tag}")
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
                add("| Group | " + " | ".join(_esc(title) for title, _ in v.rows) + " | All phases |")
                add("|---|" + "---:|" * (len(v.rows) + 1))
                for label, counts, total in v.by_group:
                    add(f"| {_esc(label)} | " + " | ".join(map(str, counts)) + f" | {total} |")
                add("| **All groups** | " + " | ".join(str(sum(c)) for _, c in v.rows) + f" | {v.grand_total} |")
            else:
                add("No notes were posted.")
            add("")
        elif section == "method":
            add("## How this workshop worked\n")
            add(" ".join(r.method_sentences) + "\n")
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
                        add(f"| {n.time} | {_note_cell(n)} | {_esc(n.group_label)} | {_esc(n.theme)} |")
                    add("")
                else:
                    add("No notes.\n")
    return "\n".join(out).rstrip() + "\n"


def _front(r: ReportContext) -> list[str]:
    """Key findings, recommendations and (for a later cycle) what happened since last time."""
    out = ["## Key findings\n"]
    if r.question:
        out.append(f"We asked: {_esc(r.question)}\n")
    if r.people.total:
        out.append(_esc(r.people.sentence()) + "\n")
    out.append((_allowed_markdown(r.findings_md) if r.findings_md else "No notes were posted, so there are no findings to report.") + "\n")
    if r.findings_drafted and r.findings_md:
        out.append("_Drawn from the workshop's data; not yet edited by the facilitator._\n")
    out.append("## Recommendations\n")
    out.append((_allowed_markdown(r.recommendations_md) if r.recommendations_md else "No actions were agreed, so there are no recommendations yet.") + "\n")
    out.extend(responses_markdown(r.responses))
    if r.previous_actions:
        out.append("## What happened since last time\n")
        for a in r.previous_actions:
            outcome = _cell(a.outcome) if a.outcome else "outcome not yet recorded"
            answered = f" — Commissioners' response: {response_line(a.response)}" if a.response else ""
            out.append(f"- {_cell(a.text)} — **{a.status.capitalize()}**: {outcome}{answered}")
        out.append("")
    return out


def _note_table(r: ReportContext, notes, votes: bool) -> list[str]:
    head = "| Note | Group |" + (" Name given |" if r.show_nicknames else "") + (" Dots |" if votes else "")
    rule = "|---|---|" + ("---|" if r.show_nicknames else "") + ("---:|" if votes else "")
    rows = [head, rule]
    for n in notes:
        nick = f" {_esc(n.nickname)} |" if r.show_nicknames else ""
        dots = f" {n.votes} |" if votes else ""
        rows.append(f"| {_note_cell(n)} | {_esc(n.group_label)} |{nick}{dots}")
    rows.append("")
    return rows


def _strip_active_markdown(text: str) -> str:
    """Template Markdown keeps its emphasis and lists, but loses raw HTML and images."""
    import re

    text = re.sub(r"<[^>]*>", "", text)
    return re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
