"""Participants joining, and the notes they post; hiding and restoring notes.

A note's id is made by the phone (a UUID) before it is first sent, so when the phone
retries after a lost acknowledgement the server recognises the same note and stores
it once.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.models import Note, Participant, Workshop
from facilitator.templates_lib import SessionTemplate
from facilitator.workshops.codes import new_secret
from facilitator.workshops.errors import (
    EmptyNote,
    InvalidInput,
    NoteNotFound,
    NoteTooLong,
    ParticipantNotFound,
    PhaseClosed,
)
from facilitator.workshops.text import clean_line, clean_text, is_blank
from facilitator.workshops.workshops import next_seq, open_phase

NICKNAME_MAX = 40


def join(
    session: Session,
    workshop: Workshop,
    template: SessionTemplate,
    *,
    participant_id: str | None = None,
    nickname: str = "",
    group: str = "",
) -> tuple[Participant, bool]:
    """Join `workshop`, or come back to it: returns (participant, is_new).

    A phone that already joined sends back the id it was given, and stays the same
    participant; nickname and group are updated when given.
    """
    if not isinstance(nickname, str) or not isinstance(group, str):
        raise InvalidInput("Nickname and group must be text.")
    nickname = clean_line(nickname, NICKNAME_MAX)
    if group and group not in {g.key for g in template.groups}:
        raise InvalidInput("Please choose one of the groups in the list, or none.")
    if participant_id:
        participant = session.get(Participant, participant_id) if isinstance(participant_id, str) else None
        if participant is not None and participant.workshop_id == workshop.id:
            if nickname:
                participant.nickname = nickname
            if group:
                participant.group_key = group
            return participant, False
    participant = Participant(id=new_secret(), workshop_id=workshop.id, nickname=nickname, group_key=group)
    session.add(participant)
    session.flush()
    return participant, True


def find_participant(session: Session, workshop: Workshop, participant_id: str) -> Participant:
    participant = session.get(Participant, participant_id) if isinstance(participant_id, str) else None
    if participant is None or participant.workshop_id != workshop.id:
        raise ParticipantNotFound()
    return participant


def post_note(
    session: Session,
    workshop: Workshop,
    *,
    note_id: str,
    phase: str,
    text: str,
    participant: Participant | None = None,
) -> tuple[Note, bool]:
    """Store a note in an open phase: returns (note, is_new).

    Posting the same note id again returns the stored note unchanged (is_new False),
    even if the phase has closed since: the first attempt may have arrived.
    """
    note_id = checked_note_id(note_id)
    existing = session.get(Note, (workshop.id, note_id))
    if existing is not None:
        owner = participant.id if participant else None
        if existing.participant_id != owner:
            raise InvalidInput("That note id is already taken. Please try again.")
        return existing, False
    if not isinstance(phase, str) or not isinstance(text, str):
        raise InvalidInput("A note needs a phase and some text.")
    if not open_phase(workshop, phase).is_open:
        raise PhaseClosed()
    text = clean_text(text)
    if is_blank(text):
        raise EmptyNote()
    if len(text) > workshop.note_max_chars:
        raise NoteTooLong(workshop.note_max_chars, len(text))
    note = Note(
        workshop_id=workshop.id,
        id=note_id,
        phase_key=phase,
        participant_id=participant.id if participant else None,
        group_key=participant.group_key if participant else "",
        nickname=participant.nickname if participant else "",
        text=text,
        seq=next_seq(session, workshop),
    )
    session.add(note)
    session.flush()
    return note, True


def set_hidden(session: Session, workshop: Workshop, note_id: str, hidden: bool) -> Note:
    """Hide a note from the board and phones, or restore it. Nothing is deleted."""
    note = session.get(Note, (workshop.id, checked_note_id(note_id)))
    if note is None:
        raise NoteNotFound()
    if note.hidden != bool(hidden):
        note.hidden = bool(hidden)
        note.seq = next_seq(session, workshop)
    return note


def notes_since(session: Session, workshop: Workshop, since: int = 0) -> list[Note]:
    """Notes created or changed after change number `since`, oldest change first."""
    return list(
        session.scalars(
            select(Note).where(Note.workshop_id == workshop.id, Note.seq > since).order_by(Note.seq)
        )
    )


def notes_by(session: Session, workshop: Workshop, participant: Participant) -> list[Note]:
    """A participant's own notes, oldest first, hidden ones included (it is their text)."""
    return list(
        session.scalars(
            select(Note)
            .where(Note.workshop_id == workshop.id, Note.participant_id == participant.id)
            .order_by(Note.seq)
        )
    )


def checked_note_id(note_id) -> str:
    """The canonical form of a phone-made UUID, or InvalidInput."""
    try:
        return str(uuid.UUID(note_id))
    except (TypeError, ValueError, AttributeError):
        raise InvalidInput("This note has no valid id. Please reload the page and try again.") from None
