"""One row per note, for spreadsheets.

Columns: phase, theme, votes, group, time, hidden, then the note and the rest. Hidden
notes keep their row (so counts add up) but not their text: a note is usually hidden
because it should not be passed on. A note's group and nickname only as they were shown
when it was posted (workshops/visibility.py, the report's role); the nickname column
only when some note has one to show.
A cell that a spreadsheet would run as a formula gets a leading apostrophe (safe_cell),
so a note can never become a formula on the facilitator's laptop.
"""

from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.reports import clock
from facilitator.reports.rules import is_review_card, on_board
from facilitator.store.models import Note, Theme, Vote, Workshop
from facilitator.workshops import visibility
from facilitator.workshops.session_templates import SessionTemplate

COLUMNS = [
    "phase", "theme", "votes", "group", "time", "hidden", "note", "framework_tag", "highlighted", "scribed", "note_id",
    "language", "translation", "translation_language", "translated_by", "kind", "late",
]
# What Excel, LibreOffice and Google Sheets read as the start of a formula (OWASP's list,
# plus a line feed, and the full-width signs some Excel versions accept in their place).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value) -> str:
    """`value` as a CSV cell a spreadsheet shows as text, never runs (formula injection):
    a cell starting with `=`, `+`, `-`, `@`, a tab, a carriage return or a line feed (or
    a full-width `＝ ＋ － ＠`) gets a leading `'`, which spreadsheets take as "this is text"
    and do not show. Every cell of every CSV export goes through here, whatever its column:
    notes, theme and group names, nicknames, a commissioner's words, workshop titles."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_csv(session: Session, workshop: Workshop, template: SessionTemplate | None) -> str:
    themes = {t.id: t.name for t in session.scalars(select(Theme).where(Theme.workshop_id == workshop.id))}
    note_votes: dict[str, int] = {}
    for (target,) in session.execute(
        select(Vote.target_id).where(Vote.workshop_id == workshop.id, Vote.target_kind == "note")
    ):
        note_votes[target] = note_votes.get(target, 0) + 1
    phase_title = {p.key: p.title for p in workshop.phases}
    phase_order = {p.key: p.position for p in workshop.phases}
    notes = sorted(
        session.scalars(select(Note).where(Note.workshop_id == workshop.id)),
        key=lambda n: (phase_order.get(n.phase_key, 99), n.created_at, n.seq),
    )
    shown_nicknames = any(visibility.shows(visibility.REPORT, "nickname", n, workshop) for n in notes)
    columns = COLUMNS + (["nickname"] if shown_nicknames else [])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for note in notes:
        left_out = not on_board(note)
        row = [
            phase_title.get(note.phase_key, note.phase_key),
            themes.get(note.theme_id, ""),
            note_votes.get(note.id, 0),
            (template.group_label(note.group_key) if template else note.group_key)
            if visibility.shows(visibility.REPORT, "group", note, workshop) else "",
            clock.local(note.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            "yes" if left_out else "no",
            "" if left_out else note.text,
            note.framework_tag,
            "yes" if note.highlighted else "no",
            "yes" if note.scribed else "no",
            note.id,
            note.language,
            "" if left_out else note.translation_text,
            note.translation_language if note.translation_text else "",
            note.translation_by if note.translation_text else "",
            "review" if is_review_card(note) else "note",
            "yes" if note.late else "no",  # rules.LATE_MARK: scribed after its phase had closed
        ]
        if shown_nicknames:
            row.append(note.nickname if visibility.shows(visibility.REPORT, "nickname", note, workshop) else "")
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()
