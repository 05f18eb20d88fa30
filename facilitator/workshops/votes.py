"""Dot-voting: the facilitator opens voting on one phase with N dots per person;
participants place dots on that phase's notes or themes and can take them back.

The server holds each person's budget. A dot on something no longer on the board (a
hidden note, a deleted theme) does not count against it: it is handed back. Tallies
may stay hidden from boards and phones until the facilitator reveals them.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from facilitator.store.models import Note, Participant, Theme, Vote, Workshop
from facilitator.workshops import arrivals, visibility
from facilitator.workshops.changes import next_seq
from facilitator.workshops.errors import (
    N_,
    DotsDiscarded,
    InvalidInput,
    NoDotHere,
    NoDotsLeft,
    NoteHidden,
    NoteNotFound,
    ThemeNotFound,
    VotingClosed,
)
from facilitator.workshops.lifecycle import require_live, require_running
from facilitator.workshops.notes import checked_note_id
from facilitator.workshops.phases import find_phase

MAX_DOTS = 20
KINDS = ("note", "theme")


def open_voting(session: Session, workshop: Workshop, phase, dots=None, revealed: bool = False) -> Workshop:
    """Open voting on `phase` with `dots` per person (default: the workshop's setting).

    Tallies stay hidden from the room unless `revealed` (no bandwagon). Dots already
    placed in that phase stay: opening again continues the same vote. One change number
    for the whole step, so clients see no gap.
    """
    require_running(workshop)
    if not isinstance(phase, str):
        raise InvalidInput(N_("Say which phase to vote on."))
    find_phase(workshop, phase)
    if dots is None:
        dots = workshop.dots_per_person
    if not isinstance(dots, int) or isinstance(dots, bool) or not 1 <= dots <= MAX_DOTS:
        raise InvalidInput(N_("Each person can have from 1 to %(most)s dots."), params={"most": MAX_DOTS})
    workshop.voting_phase = phase
    workshop.dots_per_person = dots
    workshop.votes_revealed = bool(revealed)
    next_seq(session, workshop)
    return workshop


def close_voting(session: Session, workshop: Workshop) -> Workshop:
    """Stop voting; the dots placed stay (they go into the report)."""
    if workshop.voting_phase is not None:
        workshop.voting_phase = None
        next_seq(session, workshop)
    return workshop


def reveal(session: Session, workshop: Workshop, revealed: bool) -> Workshop:
    """Show the tallies on boards and phones, or keep them hidden (consoles always see them)."""
    if not isinstance(revealed, bool):
        raise InvalidInput(N_("Say whether to show the tallies (true) or hide them (false)."))
    if workshop.votes_revealed != revealed:
        workshop.votes_revealed = revealed
        next_seq(session, workshop)
    return workshop


def place_dot(session: Session, workshop: Workshop, participant: Participant, kind, target_id) -> Vote:
    """Place one of `participant`'s dots on a note or theme in the voting phase
    (not when the facilitator discarded their dots: workshops/arrivals.py)."""
    phase = _voting_phase(workshop)
    if participant.dots_discarded:
        raise DotsDiscarded()
    key = _target(session, workshop, kind, target_id, phase)
    session.scalar(select(Participant.id).where(Participant.id == participant.id).with_for_update())  # one at a time
    used = sum(dots_of(session, workshop, participant).values())
    if used >= workshop.dots_per_person:
        raise NoDotsLeft(workshop.dots_per_person)
    vote = Vote(workshop_id=workshop.id, participant_id=participant.id, phase_key=phase, target_kind=key[0], target_id=key[1])
    session.add(vote)
    next_seq(session, workshop)
    session.flush()
    return vote


def remove_dot(session: Session, workshop: Workshop, participant: Participant, kind, target_id) -> None:
    """Take back one of `participant`'s dots from a note or theme."""
    phase = _voting_phase(workshop)
    if kind not in KINDS:
        raise InvalidInput(N_("A dot goes on a note or a theme."))
    target = _canonical(kind, target_id)
    vote = session.scalar(
        select(Vote)
        .where(
            Vote.workshop_id == workshop.id,
            Vote.participant_id == participant.id,
            Vote.phase_key == phase,
            Vote.target_kind == kind,
            Vote.target_id == target,
        )
        .order_by(Vote.id.desc())
        .limit(1)
    )
    if vote is None:
        raise NoDotHere()
    session.delete(vote)
    next_seq(session, workshop)


def dots_of(session: Session, workshop: Workshop, participant: Participant) -> Counter:
    """`participant`'s dots in the voting phase that still count: {"note:<id>": n, ...}."""
    if workshop.voting_phase is None:
        return Counter()
    votes = session.scalars(
        select(Vote).where(
            Vote.workshop_id == workshop.id, Vote.participant_id == participant.id, Vote.phase_key == workshop.voting_phase
        )
    )
    counts = Counter(f"{v.target_kind}:{v.target_id}" for v in votes)
    alive = _alive(session, workshop, counts)
    return Counter({key: n for key, n in counts.items() if key in alive})


def tallies(session: Session, workshop: Workshop, phase: str | None = None) -> dict[str, int]:
    """Dots per note and theme (in `phase`, or every phase), counting only what is still on the board."""
    counts, _ = _counts(session, workshop, phase)
    return counts


def voting_state(session: Session, workshop: Workshop, role: str) -> dict:
    """The `votes` payload as `role` (visibility.VOTE_TABLE) may see it."""
    counts, placed = _counts(session, workshop, None, workshop.voting_phase)
    return visibility.votes_view(_values(session, workshop, counts, placed), role, workshop)


def voting_views(session: Session, workshop: Workshop) -> tuple[dict, dict]:
    """The `votes` payload for the room and for the consoles, from one read of the dots.

    Every dot placed is broadcast to the whole room, so this runs once per dot: one
    query for the dots, one per kind for what is still on the board, and one for the
    arrival bursts (a second only while a burst has 20 or more who voted in silence).
    """
    counts, placed = _counts(session, workshop, None, workshop.voting_phase)
    values = _values(session, workshop, counts, placed)
    return (visibility.votes_view(values, visibility.PHONE, workshop),
            visibility.votes_view(values, visibility.CONSOLE, workshop))


def _values(session: Session, workshop: Workshop, counts: dict, placed: int) -> dict:
    return {
        "phase": lambda: workshop.voting_phase,
        "tallies": lambda: counts,
        "placed": lambda: placed,
        "seq": lambda: workshop.seq,
        "arrivals": lambda: arrivals.suspect_bursts(session, workshop),
    }


def _counts(session: Session, workshop: Workshop, phase: str | None, placed_in: str | None = None) -> tuple[dict, int]:
    statement = select(Vote.target_kind, Vote.target_id, Vote.phase_key).where(Vote.workshop_id == workshop.id)
    if phase is not None:
        statement = statement.where(Vote.phase_key == phase)
    rows = session.execute(statement).all()
    alive = _alive(session, workshop, {f"{kind}:{target}" for kind, target, _ in rows})
    counts: Counter = Counter()
    placed = 0
    for kind, target, row_phase in rows:
        key = f"{kind}:{target}"
        # Every dot placed in the phase counts, whatever it is on (issue 12): were dots on
        # hidden notes left out, hiding a note would show the room its dots while tallies are hidden.
        placed += row_phase == placed_in
        if key in alive:
            counts[key] += 1
    return dict(counts), placed


def forget_votes(session: Session, workshop: Workshop, phase: str) -> int:
    """Remove every dot placed in `phase` (to run the vote again); returns how many."""
    require_running(workshop)
    find_phase(workshop, phase)
    result = session.execute(delete(Vote).where(Vote.workshop_id == workshop.id, Vote.phase_key == phase))
    next_seq(session, workshop)
    return result.rowcount or 0


# ---- helpers --------------------------------------------------------------------


def _voting_phase(workshop: Workshop) -> str:
    require_live(workshop)
    if workshop.voting_phase is None:
        raise VotingClosed()
    return workshop.voting_phase


def _canonical(kind, target_id) -> str:
    if kind == "note":
        return checked_note_id(target_id)
    if isinstance(target_id, bool) or not isinstance(target_id, (int, str)) or not str(target_id).isdigit():
        raise InvalidInput(N_("Say which theme, by its number."))
    return str(int(target_id))


def _target(session: Session, workshop: Workshop, kind, target_id, phase: str) -> tuple[str, str]:
    """Check that a note or theme can take a dot now; returns (kind, canonical id)."""
    if kind not in KINDS:
        raise InvalidInput(N_("A dot goes on a note or a theme."))
    target = _canonical(kind, target_id)
    if kind == "note":
        note = session.get(Note, (workshop.id, target))
        if note is None:
            raise NoteNotFound()
        if not note.on_board:
            raise NoteHidden(N_("That note is not on the board any more, so it cannot take a dot."))
        row_phase = note.phase_key
    else:
        theme = session.get(Theme, int(target))
        if theme is None or theme.workshop_id != workshop.id or theme.deleted:
            raise ThemeNotFound()
        row_phase = theme.phase_key
    if row_phase != phase:
        raise VotingClosed(N_("Voting is open for another part of the workshop, not this one."))
    return kind, target


def _alive(session: Session, workshop: Workshop, keys) -> set[str]:
    """Which of the "kind:id" keys still point at something on the board."""
    note_ids = [k[5:] for k in keys if k.startswith("note:")]
    theme_ids = [int(k[6:]) for k in keys if k.startswith("theme:")]
    alive = set()
    if note_ids:
        alive |= {
            f"note:{i}"
            for i in session.scalars(
                select(Note.id).where(
                    Note.workshop_id == workshop.id, Note.id.in_(note_ids), Note.on_board
                )
            )
        }
    if theme_ids:
        alive |= {
            f"theme:{i}"
            for i in session.scalars(
                select(Theme.id).where(Theme.workshop_id == workshop.id, Theme.id.in_(theme_ids), Theme.deleted.is_(False))
            )
        }
    return alive
