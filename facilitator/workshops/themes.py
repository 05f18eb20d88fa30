"""Themes: the facilitator groups a phase's notes under names, and can undo each step.

Every step (create, rename, assign, merge, delete) is written to `theme_change` with
what it takes to undo it, so "Undo" works across reconnects and page reloads. A
deleted or merged theme stays as a tombstone (`deleted`), so a client that catches up
`since` a change number learns it went. Each changed row gets a new change number.
"""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from facilitator.store.models import Note, Theme, ThemeChange, Vote, Workshop
from facilitator.workshops.changes import Changes, next_seq
from facilitator.workshops.errors import N_, InvalidInput, NoteHidden, NothingToUndo, ThemeNotFound
from facilitator.workshops.lifecycle import require_editable
from facilitator.workshops.notes import find_note
from facilitator.workshops.phases import find_phase
from facilitator.workshops.text import clean_line, is_blank

NAME_MAX = 120
MAX_NOTES_PER_STEP = 500


def find_theme(session: Session, workshop: Workshop, theme_id) -> Theme:
    """A live (not deleted) theme of this workshop, or ThemeNotFound."""
    if not isinstance(theme_id, int) or isinstance(theme_id, bool):
        raise InvalidInput(N_("Say which theme, by its number."))
    theme = session.get(Theme, theme_id)
    if theme is None or theme.workshop_id != workshop.id or theme.deleted:
        raise ThemeNotFound()
    return theme


def create_theme(session: Session, workshop: Workshop, phase: str, name: str, note_ids=()) -> Changes:
    """A new theme in `phase`, optionally with some of that phase's notes already in it."""
    require_editable(workshop)
    if not isinstance(phase, str):
        raise InvalidInput(N_("Say which phase the theme belongs to."))
    find_phase(workshop, phase)  # UnknownPhase if there is none
    notes = _notes(session, workshop, note_ids, phase)
    position = session.scalar(select(func.count()).select_from(Theme).where(Theme.workshop_id == workshop.id))
    theme = Theme(workshop_id=workshop.id, phase_key=phase, name=_name(name), position=position, seq=0)
    session.add(theme)
    session.flush()
    theme.seq = next_seq(session, workshop)
    changes = Changes().theme(theme)
    moved = _move(session, workshop, notes, theme.id, changes)
    _record(session, workshop, "create", {"theme": theme.id, "notes": moved})
    return changes


def rename_theme(session: Session, workshop: Workshop, theme_id, name: str) -> Changes:
    require_editable(workshop)
    theme = find_theme(session, workshop, theme_id)
    name = _name(name)
    if name == theme.name:
        return Changes()
    _record(session, workshop, "rename", {"theme": theme.id, "name": theme.name})
    theme.name = name
    theme.seq = next_seq(session, workshop)
    return Changes().theme(theme)


def assign_notes(session: Session, workshop: Workshop, note_ids, theme_id) -> Changes:
    """Put notes into a theme of their phase, or take them out of any theme (`theme_id` None)."""
    require_editable(workshop)
    theme = find_theme(session, workshop, theme_id) if theme_id is not None else None
    notes = _notes(session, workshop, note_ids, theme.phase_key if theme else None)
    changes = Changes()
    moved = _move(session, workshop, notes, theme.id if theme else None, changes)
    if moved:
        _record(session, workshop, "assign", {"notes": moved})
    return changes


def merge_themes(session: Session, workshop: Workshop, source_id, target_id) -> Changes:
    """Move every note and dot of `source` into `target` and remove `source`."""
    require_editable(workshop)
    source = find_theme(session, workshop, source_id)
    target = find_theme(session, workshop, target_id)
    if source.id == target.id:
        raise InvalidInput(N_("Choose two different themes to merge."))
    if source.phase_key != target.phase_key:
        raise InvalidInput(N_("Only themes in the same phase can be merged."))
    changes = Changes()
    members = list(session.scalars(select(Note).where(Note.workshop_id == workshop.id, Note.theme_id == source.id)))
    moved = _move(session, workshop, members, target.id, changes)
    votes = list(session.scalars(select(Vote).where(_theme_votes(workshop, source.id))))
    for vote in votes:
        vote.target_id = str(target.id)
    _retire(session, workshop, source, changes, merged_into=target.id)
    _record(session, workshop, "merge", {"theme": source.id, "notes": moved, "votes": [v.id for v in votes]})
    changes.votes = bool(votes)
    return changes


def delete_theme(session: Session, workshop: Workshop, theme_id) -> Changes:
    """Remove a theme; its notes go back to being ungrouped, and dots on it return to people."""
    require_editable(workshop)
    theme = find_theme(session, workshop, theme_id)
    changes = Changes()
    members = list(session.scalars(select(Note).where(Note.workshop_id == workshop.id, Note.theme_id == theme.id)))
    moved = _move(session, workshop, members, None, changes)
    _retire(session, workshop, theme, changes)
    _record(session, workshop, "delete", {"theme": theme.id, "notes": moved})
    changes.votes = session.scalar(select(func.count()).select_from(Vote).where(_theme_votes(workshop, theme.id))) > 0
    return changes


def undo(session: Session, workshop: Workshop) -> Changes:
    """Undo the latest theme step that is not undone yet."""
    require_editable(workshop)
    step = session.scalar(
        select(ThemeChange).where(ThemeChange.workshop_id == workshop.id).order_by(ThemeChange.id.desc()).limit(1)
    )
    if step is None:
        raise NothingToUndo()
    data = json.loads(step.undo)
    changes = Changes()
    if step.kind in ("merge", "delete"):
        theme = session.get(Theme, data["theme"])
        if theme is not None:
            theme.deleted = False
            theme.merged_into = None
            theme.seq = next_seq(session, workshop)
            changes.theme(theme)
        for vote in session.scalars(select(Vote).where(Vote.id.in_(data.get("votes", [])))):
            vote.target_id = str(data["theme"])
        changes.votes = True
    if step.kind == "rename":
        theme = session.get(Theme, data["theme"])
        if theme is not None:
            theme.name = data["name"]
            theme.seq = next_seq(session, workshop)
            changes.theme(theme)
    _restore(session, workshop, data.get("notes", {}), changes)
    if step.kind == "create":
        theme = session.get(Theme, data["theme"])
        if theme is not None and not theme.deleted:
            _retire(session, workshop, theme, changes)
            changes.votes = True
    session.delete(step)
    return changes


def themes_since(session: Session, workshop: Workshop, since: int = 0, limit: int | None = None) -> list[Theme]:
    """Themes created or changed after change number `since` (tombstones
    included), oldest change first; at most `limit` of them when given."""
    statement = select(Theme).where(Theme.workshop_id == workshop.id, Theme.seq > since).order_by(Theme.seq)
    return list(session.scalars(statement if limit is None else statement.limit(limit)))


def live_theme(session: Session, workshop: Workshop, theme_id: int) -> Theme | None:
    theme = session.get(Theme, theme_id)
    return theme if theme is not None and theme.workshop_id == workshop.id and not theme.deleted else None


def can_undo(session: Session, workshop: Workshop) -> bool:
    return session.scalar(select(ThemeChange.id).where(ThemeChange.workshop_id == workshop.id).limit(1)) is not None


# ---- helpers --------------------------------------------------------------------


def _name(name) -> str:
    if not isinstance(name, str) or is_blank(name):
        raise InvalidInput(N_("Please give the theme a name."))
    name = clean_line(name, NAME_MAX + 1)
    if len(name) > NAME_MAX:
        raise InvalidInput(N_("A theme name is at most %(limit)s characters — please shorten it."), params={"limit": NAME_MAX})
    return name


def _notes(session: Session, workshop: Workshop, note_ids, phase: str | None) -> list[Note]:
    """The notes named by `note_ids`; each must exist, be on the board, and be in `phase` when given."""
    if isinstance(note_ids, str) or not isinstance(note_ids, (list, tuple)) or len(note_ids) > MAX_NOTES_PER_STEP:
        raise InvalidInput(N_("Say which notes, as a list."))
    notes = []
    for note_id in note_ids:
        note = find_note(session, workshop, note_id)
        if not note.on_board:
            raise NoteHidden(N_("That note is hidden or not approved yet. Restore or approve it first."))
        if phase is not None and note.phase_key != phase:
            raise InvalidInput(N_("A note can only join a theme in its own phase."))
        notes.append(note)
    return notes


def _move(session: Session, workshop: Workshop, notes: list[Note], theme_id: int | None, changes: Changes) -> dict:
    """Move notes into `theme_id`; returns {note id: previous theme id} for those that moved."""
    moved = {}
    for note in notes:
        if note.theme_id == theme_id:
            continue
        moved[note.id] = note.theme_id
        note.theme_id = theme_id
        note.seq = next_seq(session, workshop)
        changes.note(note)
    return moved


def _restore(session: Session, workshop: Workshop, previous: dict, changes: Changes) -> None:
    for note_id, theme_id in previous.items():
        note = session.get(Note, (workshop.id, note_id))
        if note is None:
            continue
        if theme_id is not None and live_theme(session, workshop, theme_id) is None:
            theme_id = None  # its old theme has gone since: leave it ungrouped rather than lost
        note.theme_id = theme_id
        note.seq = next_seq(session, workshop)
        changes.note(note)


def _retire(session: Session, workshop: Workshop, theme: Theme, changes: Changes, merged_into: int | None = None):
    theme.deleted = True
    theme.merged_into = merged_into
    theme.seq = next_seq(session, workshop)
    changes.theme(theme)
    if workshop.spotlight == f"theme:{theme.id}":
        workshop.spotlight = None
        next_seq(session, workshop)
        changes.workshop = True


def _theme_votes(workshop: Workshop, theme_id: int):
    return (Vote.workshop_id == workshop.id) & (Vote.target_kind == "theme") & (Vote.target_id == str(theme_id))


def _record(session: Session, workshop: Workshop, kind: str, undo_data: dict) -> None:
    session.add(ThemeChange(workshop_id=workshop.id, kind=kind, undo=json.dumps(undo_data)))
