"""The spotlight: one note or theme shown large on the board while the room talks about it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from facilitator.store.models import Workshop
from facilitator.workshops.changes import next_seq
from facilitator.workshops.errors import N_, InvalidInput, NoteHidden
from facilitator.workshops.lifecycle import require_running
from facilitator.workshops.notes import find_note
from facilitator.workshops.themes import find_theme


def set_spotlight(session: Session, workshop: Workshop, kind, target_id) -> Workshop:
    """Spotlight a note or theme that is on the board; `kind` None clears the spotlight."""
    if kind is None:
        if workshop.spotlight is not None:
            workshop.spotlight = None
            next_seq(session, workshop)
        return workshop
    require_running(workshop)
    if kind == "note":
        note = find_note(session, workshop, target_id)
        if not note.on_board:
            raise NoteHidden(N_("A hidden note cannot go in the spotlight. Restore it first."))
        ref = f"note:{note.id}"
    elif kind == "theme":
        ref = f"theme:{find_theme(session, workshop, target_id).id}"
    else:
        raise InvalidInput(N_("The spotlight shows a note or a theme."))
    if workshop.spotlight != ref:
        workshop.spotlight = ref
        next_seq(session, workshop)
    return workshop


def spotlight_state(workshop: Workshop) -> dict | None:
    """{"kind": "note"|"theme", "id": ...} for clients, or None."""
    if not workshop.spotlight:
        return None
    kind, _, ref = workshop.spotlight.partition(":")
    return {"kind": kind, "id": int(ref) if kind == "theme" else ref}
