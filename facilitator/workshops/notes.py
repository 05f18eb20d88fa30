"""Participants joining, and the notes they post; hiding and restoring notes.

A note's id is made by the phone (a UUID) before it is first sent, so when the phone
retries after a lost acknowledgement the server recognises the same note and stores
it once.
"""

from __future__ import annotations

import uuid
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.store.models import Note, Participant, Workshop
from facilitator.workshops import presence
from facilitator.workshops.cards import NOTE
from facilitator.workshops.changes import next_seq
from facilitator.workshops.codes import new_secret
from facilitator.workshops.errors import (
    N_,
    EmptyNote,
    InvalidInput,
    NoteHidden,
    NoteNotFound,
    NoteTooLong,
    ParticipantNotFound,
    PhaseClosed,
    WorkshopClosed,
    WorkshopNotFound,
)
from facilitator.workshops.lifecycle import require_live
from facilitator.workshops.people import People
from facilitator.workshops.phases import find_phase
from facilitator.workshops.session_templates import SessionTemplate
from facilitator.workshops.text import clean_line, clean_text, is_blank
from facilitator.workshops.written_language import written_language

NICKNAME_MAX = 40
TABLE_MAX = 40


def check_group(template: SessionTemplate, group: str) -> None:
    """Refuse a group key the template does not offer ("" means none given)."""
    if group and group not in {g.key for g in template.groups}:
        raise InvalidInput(N_("Please choose one of the groups in the list, or none."))


def join(
    session: Session,
    workshop: Workshop,
    template: SessionTemplate,
    *,
    participant_id: str | None = None,
    nickname: str = "",
    group: str = "",
    table: str = "",
    language: str = "",
    seat_id: str | None = None,
    admit_new: Callable[[], str | None] | None = None,
    people: People | None = None,
) -> tuple[Participant, bool]:
    """Join `workshop`, or come back to it: returns (participant, is_new).

    A phone that already joined sends back the id it was given, and stays the same
    participant; nickname, group, table and language are updated when given. `seat_id`
    is the id the phone's cookie holds: the person it names comes back too, and a new
    person takes it as their id. `admit_new` runs just before a new person is made; it
    returns the arrival burst they belong to (facilitator/web/bursts.py), or None.
    `language` is a short language tag the edge has already checked ("ar"), or "".
    `people`: the participants this transaction may name (a batch of joins shares one);
    made here for the two ids this join names when not given.

    An archived workshop answers like no workshop at all (WorkshopNotFound); a closed one
    lets its own participants back in to read, but takes no new ones (WorkshopClosed),
    so its counts never change after closing.
    """
    if workshop.status == "archived":
        raise WorkshopNotFound()
    if not all(isinstance(v, str) for v in (nickname, group, table, language)):
        raise InvalidInput(N_("Nickname, group and table must be text."))
    language = language[:16]
    nickname = clean_line(nickname, NICKNAME_MAX)
    table = clean_line(table, TABLE_MAX)
    check_group(template, group)
    if people is None:
        people = People(session, (participant_id, seat_id))
    for known_id in (participant_id, seat_id):
        if not known_id:
            continue
        participant = people.get(known_id)
        if participant is not None and participant.workshop_id == workshop.id:
            if nickname:
                participant.nickname = nickname
            if group:
                participant.group_key = group
            if table:
                participant.table_label = table
            if language and language != participant.language:
                was, participant.language = participant.language, language
                presence.record_join(session, workshop, language, was=was)
            return participant, False
    if workshop.status == "closed":
        raise WorkshopClosed()
    # The edge's limit on new people (it raises its own refusal), and who they arrived with.
    arrival_burst = admit_new() if admit_new is not None else None
    unused_seat = isinstance(seat_id, str) and seat_id and people.get(seat_id) is None
    participant = Participant(
        id=seat_id if unused_seat else new_secret(), workshop_id=workshop.id, nickname=nickname, group_key=group, table_label=table,
        language=language, arrival_burst=arrival_burst,
    )
    session.add(participant)
    people.made(participant)
    # Not flushed here: a batch of joins inserts its people together, at its commit.
    presence.record_join(session, workshop, language, was=None)
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
    scribe: dict | None = None,
) -> tuple[Note, bool]:
    """Store a note in an open phase of a live workshop: returns (note, is_new).

    Posting the same note id again returns the stored note unchanged (is_new False),
    even if the phase or the workshop has closed since: the first attempt may have
    arrived. With pre-moderation on, a participant's note waits for approval
    (`approved` False). `scribe` ({"group", "table"}, already checked) marks a note
    a facilitator posted for someone without a phone; it needs no approval, and may go
    into a phase that has closed (marked `late`).
    """
    note_id = checked_note_id(note_id)
    existing = session.get(Note, (workshop.id, note_id))
    if existing is not None:
        owner = participant.id if participant else None
        if existing.participant_id != owner:
            raise InvalidInput(N_("That note id is already taken. Please try again."))
        return existing, False
    if not isinstance(phase, str) or not isinstance(text, str):
        raise InvalidInput(N_("A note needs a phase and some text."))
    require_live(workshop)
    late = NOTE.needs_open_phase and not find_phase(workshop, phase).is_open
    if late and scribe is None:
        raise PhaseClosed()
    text = clean_text(text)
    if is_blank(text):
        raise EmptyNote()
    if len(text) > workshop.note_max_chars:
        raise NoteTooLong(workshop.note_max_chars, len(text))
    language, language_source = _language_of(text, participant, scribe)
    note = Note(
        workshop_id=workshop.id,
        id=note_id,
        phase_key=phase,
        participant_id=participant.id if participant else None,
        group_key=participant.group_key if participant else (scribe or {}).get("group", ""),
        nickname=participant.nickname if participant else "",
        table_label=participant.table_label if participant else (scribe or {}).get("table", ""),
        language=language,
        language_source=language_source,
        scribed=scribe is not None,
        kind=NOTE.key,
        late=late,
        nickname_public=bool(workshop.show_nicknames),  # what the phone was told at posting (issue 12)
        group_public=bool(workshop.shows_groups),
        approved=scribe is not None or participant is None or not workshop.premoderation,
        text=text,
        seq=next_seq(session, workshop),
    )
    session.add(note)
    if participant is not None and not participant.posted:
        participant.posted = True  # they said something (workshops/arrivals.py)
    session.flush()
    return note, True


def _language_of(text: str, participant: Participant | None, scribe: dict | None) -> tuple[str, str]:
    """(language, language_source) of a new note: the language a scribe recorded for the
    person, as they said it; otherwise the one its words are in when the detector is sure,
    else the phone's (written_language.py says why a phone's language is only a hint)."""
    said = (scribe or {}).get("language", "") if participant is None else ""
    if said:
        return said, ""
    language, recognised = written_language(text, participant.language if participant else "")
    return language or "", "text" if recognised else ""


def checked_scribe(template: SessionTemplate, group, table) -> dict:
    """The scribe details of a note posted for someone: their group and table, both optional."""
    group = group or ""
    table = table or ""
    if not isinstance(group, str) or not isinstance(table, str):
        raise InvalidInput(N_("Group and table must be text."))
    check_group(template, group)
    return {"group": group, "table": clean_line(table, TABLE_MAX)}


def find_note(session: Session, workshop: Workshop, note_id) -> Note:
    note = session.get(Note, (workshop.id, checked_note_id(note_id)))
    if note is None:
        raise NoteNotFound()
    return note


def set_hidden(session: Session, workshop: Workshop, note_id: str, hidden: bool) -> Note:
    """Hide a note from the board and phones, or restore it. Nothing is deleted.

    A hidden note cannot stay in the spotlight: hiding it clears the spotlight too.
    """
    note = find_note(session, workshop, note_id)
    if note.hidden != bool(hidden):
        note.hidden = bool(hidden)
        note.seq = next_seq(session, workshop)
        if hidden and workshop.spotlight == f"note:{note.id}":
            workshop.spotlight = None
            next_seq(session, workshop)
    return note


def set_highlighted(session: Session, workshop: Workshop, note_id: str, highlighted: bool) -> Note:
    """Mark a note as a quote to feature in the report ("In their words"), or unmark it.

    Only the facilitators see the mark; a hidden note is refused, since the report
    leaves hidden notes out.
    """
    note = find_note(session, workshop, note_id)
    if note.hidden and highlighted:
        raise NoteHidden(N_("That note is hidden, so it cannot be quoted in the report. Restore it first."))
    if note.highlighted != bool(highlighted):
        note.highlighted = bool(highlighted)
        note.seq = next_seq(session, workshop)
    return note


def approve(session: Session, workshop: Workshop, note_id: str) -> Note:
    """Let a note that waits for pre-moderation onto the board (approving twice is harmless)."""
    note = find_note(session, workshop, note_id)
    if not note.approved:
        note.approved = True
        note.seq = next_seq(session, workshop)
    return note


def notes_since(session: Session, workshop: Workshop, since: int = 0, limit: int | None = None) -> list[Note]:
    """Notes created or changed after change number `since` (tombstones
    included), oldest change first; at most `limit` of them when given."""
    statement = select(Note).where(Note.workshop_id == workshop.id, Note.seq > since).order_by(Note.seq)
    return list(session.scalars(statement if limit is None else statement.limit(limit)))


def checked_note_id(note_id) -> str:
    """The canonical form of a phone-made UUID, or InvalidInput."""
    try:
        return str(uuid.UUID(note_id))
    except (TypeError, ValueError, AttributeError):
        raise InvalidInput(N_("This note has no valid id. Please reload the page and try again.")) from None
