"""The product's first draft of a report's key findings and recommendations.

The facilitator edits these in the report panel (stored on the workshop as Markdown);
until they do, the report prints this draft and says so. Built only from the data:
themes by dots (or by size when nobody voted), each with its note count and one quote
(a highlighted note when there is one), whose voices were heard, and the agreed actions.
"""

from __future__ import annotations

import re

from facilitator.reports.markup import one_line

QUOTE_THEMES = 5
_ACTIVE = re.compile(r"([\\`*_\[\]!#|])")


def _md(text: str) -> str:
    """Typed words inside the draft's Markdown, shown as typed: Markdown's own signs are
    escaped; `<` and `&` need nothing, since the report shows raw HTML as text anyway."""
    return _ACTIVE.sub(r"\\\1", one_line(text))


def _readable(note, language: str) -> bool:
    """A reader of the report's language can read it: written in it, or translated."""
    return bool(note.translation) or (note.language or language).split("-")[0] == language


def _pick_quote(notes, language: str):
    """A highlighted note a reader can read, else any readable one, else a highlighted one."""
    for wanted in (lambda n: n.highlighted and _readable(n, language), lambda n: _readable(n, language), lambda n: n.highlighted):
        found = next((n for n in notes if wanted(n)), None)
        if found is not None:
            return found
    return notes[0]


def _quote(note) -> str:
    if note.translation:
        by = "an interpreter" if note.translation.by == "interpreter" else "the facilitator"
        said = f"{_md(note.group_label)}; translated by {by}" if note.group_label else f"translated by {by}"
        return f"“{_md(note.translation.text)}” ({said})"
    # Its author's group only as shown when the note was posted (group_label is "" otherwise).
    return f"“{_md(note.text)}” ({_md(note.group_label)})" if note.group_label else f"“{_md(note.text)}”"


def draft_findings(r) -> str:
    """Markdown bullets: the themes that mattered most, then the balance of voices."""
    themes = [t for p in r.phases for t in p.themes if t.notes]
    voted = {p.key for p in r.phases if p.had_vote}
    themes.sort(key=lambda t: (-(t.votes if t.phase_key in voted else 0), -len(t.notes), t.name))
    lines = []
    for theme in themes[:QUOTE_THEMES]:
        count = len(theme.notes)
        facts = [f"{count} {'note' if count == 1 else 'notes'}"]
        if theme.phase_key in voted:
            facts.append(f"{theme.votes} {'dot' if theme.votes == 1 else 'dots'}")
        quote = _pick_quote(theme.notes, r.report_language)
        lines.append(f"- **{_md(theme.name)}** ({_md(theme.phase_title)}; {', '.join(facts)}): {_quote(quote)}")
    if not themes and r.notes_total:
        highlighted = [n for p in r.phases for n in p.highlights if _readable(n, r.report_language)][:3]
        lines.append(
            "- 1 note was posted; it was not put in a theme." if r.notes_total == 1
            else f"- {r.notes_total} notes were posted; they were not grouped into themes."
        )
        lines += [f"- {_quote(n)}" for n in highlighted]
    balance = voice_sentence(r)
    if balance:
        lines.append(f"- {balance}")
    return "\n".join(lines)


def voice_sentence(r) -> str:
    """'Of 150 notes, 62 came from Lived experience, 40 from Practitioner and 3 from Commissioner.'"""
    v = r.voice
    if not v.grand_total:
        return ""
    pairs = sorted(zip(v.groups, v.totals), key=lambda p: -p[1])
    parts = [f"{count} from {label if label != 'Not stated' else 'people who did not say their group'}" for label, count in pairs if count]
    if len(parts) > 1:
        said = ", ".join(parts[:-1]) + " and " + parts[-1]
    else:
        said = parts[0]
    return f"Of {v.grand_total} {'note' if v.grand_total == 1 else 'notes'}, {_md(said)}."


def draft_recommendations(r) -> str:
    """Markdown bullets: each agreed action with its owner and date, and where it came from."""
    lines = []
    for a in r.actions:
        if a.status == "proposed":
            continue
        who = _md(a.owner) if a.owner else "owner to be agreed"
        when = f", by {a.due}" if a.due else ""
        lines.append(f"- {_md(a.text)} ({who}{when})")
    return "\n".join(lines)
