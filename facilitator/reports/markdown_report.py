"""The report as Markdown: the same sections as the PDF, for people who edit text.

Every value in it is data, whoever typed it (issue 14): no viewer (CommonMark, GitHub,
Python-Markdown, Obsidian) shows a link, an image, a reference definition, raw HTML, a
heading or a table break that came from a workshop. Only this file's own words and the
template's wording are Markdown. Each value goes through one of markup's three escapes:

- `_esc` / `_field` (markup.literal_markdown): what the PDF prints as plain text — title,
  question, date, venue, partners, names, "prepared for", phase titles and prompts, theme
  and group names, nicknames, owners, dates, tags, statuses, an action's sources;
- `_cell` (markup.inert_markdown): what the PDF renders from Markdown — notes, their
  translations, actions' text and outcomes — as the words the PDF shows;
- `_prose` (markup.prose_markdown): Markdown kept for its lists and emphasis — the key
  findings and recommendations, and the template's introduction and method, into which
  the workshop's details go escaped as text (`_template_prose`).
The commissioners' responses are escaped the same way (responses_export).
"""

from __future__ import annotations

from facilitator.reports.context import ReportContext
from facilitator.reports.markup import inert_markdown, literal_markdown, one_line, prose_markdown
from facilitator.reports.responses_export import response_line, responses_markdown
from facilitator.workshops.session_templates import fill_placeholders


def _cell(text: str) -> str:
    """A note, a translation, an action's text or outcome, on one line."""
    return one_line(inert_markdown(text)) or " "


def _esc(text) -> str:
    """A value the PDF prints as plain text, on one line, exactly as typed."""
    return one_line(literal_markdown("" if text is None else str(text)))


def _field(text) -> str:
    """_esc for a table cell, which may not be empty."""
    return _esc(text) or " "


def _prose(text: str) -> str:
    return prose_markdown(text)


def _template_prose(pattern: str, placeholders: dict[str, str], filled: str) -> str:
    """The template's wording as Markdown, with the workshop's details in it as text."""
    if not pattern:
        return _prose(filled)
    return fill_placeholders(_prose(pattern), {name: _esc(value) for name, value in placeholders.items()})


def _note_cell(n) -> str:
    """The note as written, and under it (same cell) its translation, marked as such, and
    the late mark when it was added after its phase closed."""
    cell = _cell(n.text)
    if n.translation:
        cell += f" <br>_{n.translation.label}:_ {_cell(n.translation.text)}"
    elif n.untranslated_in:
        cell += f" <br>_({_esc(n.untranslated_in)}, not yet translated)_"
    if n.late:
        cell += f" <br>_({n.late_mark})_"
    return cell


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
            add(f"\n_Report made on {_esc(r.generated_local)} from workshop {_esc(r.code)}._\n")
            if "introduction" not in r.sections:
                out.extend(_front(r))
        elif section == "introduction":
            add("## Introduction\n")
            # Template wording is Markdown on purpose; only the filled-in details are untrusted,
            # and a Markdown file cannot fetch without an image or HTML: drop both.
            add(_template_prose(r.introduction_pattern, r.placeholders, r.introduction_md) + "\n")
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
                    add(f"| {_cell(a.text)} | {_field(a.owner)} | {_field(a.status.capitalize())} | {_cell(a.outcome) if a.outcome else 'Not yet recorded'} |")
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
                    add(f"> — {_esc(quote.group_label)}\n" if quote.group_label else "")
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
                        text += " <br>from: " + "; ".join(_esc(x) for x in a.sources)
                    tag = f" {_esc(a.tag) or '—'} |" if r.has_framework else ""
                    add(f"| {text} | {_field(a.owner) if a.owner else 'To be agreed'} | {_esc(a.due) or '—'} |{tag}")
            else:
                add("No actions were recorded in this workshop.")
            add("")
        elif section == "framework":
            add(f"## {_esc(r.framework_name)}\n")
            add(_esc(r.framework_sentence) + "\n")
            add("| Part | Actions |\n|---|---:|")
            for row in r.framework_rows:
                add(f"| {_field(row.label)} | {row.actions} |")
            add("")
        elif section == "voice":
            add("## Voice balance\n")
            v = r.voice
            if v.grand_total:
                add("| Group | " + " | ".join(_field(title) for title, _ in v.rows) + " | All phases |")
                add("|---|" + "---:|" * (len(v.rows) + 1))
                for label, counts, total in v.by_group:
                    add(f"| {_field(label)} | " + " | ".join(map(str, counts)) + f" | {total} |")
                add("| **All groups** | " + " | ".join(str(sum(c)) for _, c in v.rows) + f" | {v.grand_total} |")
            else:
                add("No notes were posted.")
            add("")
        elif section == "method":
            add("## How this workshop worked\n")
            add(" ".join(_esc(sentence) for sentence in r.method_sentences) + "\n")
            if r.method_md:
                add(_template_prose(r.method_pattern, r.placeholders, r.method_md) + "\n")
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
                    add("| Time | Note |" + (" Group |" if r.show_groups else "") + " Theme |\n|---|---|" + ("---|" if r.show_groups else "") + "---|")
                    for n in phase.notes:
                        group = f" {_field(n.group_label or '—')} |" if r.show_groups else ""
                        add(f"| {n.time} | {_note_cell(n)} |{group} {_field(n.theme)} |")
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
    out.append((_prose(r.findings_md) if r.findings_md else "No notes were posted, so there are no findings to report.") + "\n")
    if r.findings_drafted and r.findings_md:
        out.append("_Drawn from the workshop's data; not yet edited by the facilitator._\n")
    out.append("## Recommendations\n")
    out.append((_prose(r.recommendations_md) if r.recommendations_md else "No actions were agreed, so there are no recommendations yet.") + "\n")
    out.extend(responses_markdown(r.responses))
    if r.previous_actions:
        out.append("## What happened since last time\n")
        for a in r.previous_actions:
            outcome = _cell(a.outcome) if a.outcome else "outcome not yet recorded"
            answered = f" — Commissioners' response: {response_line(a.response)}" if a.response else ""
            out.append(f"- {_cell(a.text)} — **{_esc(a.status.capitalize())}**: {outcome}{answered}")
        out.append("")
    return out


def _note_table(r: ReportContext, notes, votes: bool) -> list[str]:
    # The Group column only when some note was posted with its group shown (visibility.py).
    head = "| Note |" + (" Group |" if r.show_groups else "") + (" Name given |" if r.show_nicknames else "") + (" Dots |" if votes else "")
    rule = "|---|" + ("---|" if r.show_groups else "") + ("---|" if r.show_nicknames else "") + ("---:|" if votes else "")
    rows = [head, rule]
    for n in notes:
        group = f" {_field(n.group_label or '—')} |" if r.show_groups else ""
        nick = f" {_field(n.nickname)} |" if r.show_nicknames else ""
        dots = f" {n.votes} |" if votes else ""
        rows.append(f"| {_note_cell(n)} |{group}{nick}{dots}")
    rows.append("")
    return rows
