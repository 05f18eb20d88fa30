"""What each audience sees of a workshop, as plain dictionaries ready to send.

What a role may see of a note or an action is decided in one place,
`workshops/visibility.py` (role x field x state); the views here only name the
audiences. Besides notes and actions:

- a deleted theme only as a tombstone;
- the facilitator's words with their up-to-date translations (`translations`), for every
  audience alike (workshops/own_words.py);
- vote tallies only once revealed (see `visibility.VOTE_TABLE`).
"""

from __future__ import annotations

import time

from facilitator.store.models import Action, Note, Phase, Theme, Workshop
from facilitator.workshops import visibility
from facilitator.workshops.codes import display_join_code
from facilitator.workshops.own_words import for_room


def note_for_public(note: Note, workshop: Workshop | None = None) -> dict:
    """The note as the room (boards and phones) sees it (`visibility.NOTE_TABLE`);
    `workshop` decides whether nicknames, groups and translations may be shown: without
    it none is. A note not on the board is a tombstone."""
    return visibility.note_view(note, visibility.BOARD, workshop)


def note_for_author(note: Note) -> dict:
    """A phone's own note as its phone sees it: its words, and whether it is hidden or waiting."""
    return visibility.note_view(note, visibility.AUTHOR)


def note_for_facilitator(note: Note) -> dict:
    """The note as the consoles see it: everything, for moderation."""
    return visibility.note_view(note, visibility.CONSOLE)


def note_for_interpreter(note: Note) -> dict:
    """The note's words and language, never its author; {} for a hidden or pending note."""
    return visibility.note_view(note, visibility.INTERPRETER)


def theme_view(theme: Theme) -> dict:
    """Themes look the same to every audience; a deleted one is a tombstone."""
    if theme.deleted:
        return {"id": theme.id, "phase": theme.phase_key, "deleted": True, "merged_into": theme.merged_into, "seq": theme.seq}
    return {
        "id": theme.id, "phase": theme.phase_key, "name": theme.name, "position": theme.position, "seq": theme.seq,
        "translations": for_room(theme, "theme"),
    }


def action_for_public(action: Action) -> dict:
    """Only confirmed and done actions reach the room; any other is a tombstone."""
    return visibility.action_view(action, visibility.BOARD)


def action_for_facilitator(action: Action) -> dict:
    return visibility.action_view(action, visibility.CONSOLE)


def phase_state(phase: Phase) -> dict:
    return {
        "key": phase.key,
        "title": phase.title,
        "prompt": phase.prompt,
        "guidance": phase.guidance,
        "minutes": phase.minutes,
        "open": phase.is_open,
        "translations": for_room(phase, "phase"),
    }


def timer_state(workshop: Workshop, now: float | None = None) -> dict:
    """The timer as clients draw it; `server_time` lets them correct for clock skew."""
    now = time.time() if now is None else now
    running = workshop.timer_started_at is not None
    remaining = workshop.timer_remaining - (now - workshop.timer_started_at) if running else workshop.timer_remaining
    return {
        "duration": workshop.timer_duration,
        "remaining": max(0.0, round(remaining, 2)),
        "running": running,
        "phase": workshop.timer_phase,
        "server_time": now,
    }


def workshop_state(workshop: Workshop) -> dict:
    """Everything about the workshop except its notes: details, phases, timer, status, settings."""
    from facilitator.workshops.spotlight import spotlight_state

    return {
        "code": workshop.code,
        "display_code": display_join_code(workshop.code),
        "title": workshop.title,
        "question": workshop.question,
        # The facilitator's words in other languages, {field: {language: text}}; a phone
        # shows its own language's and marks what has none (workshops/own_words.py).
        "translations": for_room(workshop, "workshop"),
        "date": workshop.date,
        "venue": workshop.venue,
        "template": workshop.template_key,
        "note_max_chars": workshop.note_max_chars,
        "status": workshop.status,
        "board_view": workshop.board_view or "auto",
        "settings": {
            "show_nicknames": workshop.show_nicknames,
            "lanyards_off": workshop.lanyards_off,
            "premoderation": workshop.premoderation,
            "show_translations": bool(workshop.show_translations),
        },
        "voting": {
            "phase": workshop.voting_phase,
            "dots": workshop.dots_per_person,
            "revealed": workshop.votes_revealed,
        },
        "spotlight": spotlight_state(workshop),
        "phases": [phase_state(p) for p in workshop.phases],
        "timer": timer_state(workshop),
        "seq": workshop.seq,
    }
