"""What each audience sees of a workshop, as plain dictionaries ready to send.

Two audiences: the *public* one (the projected board and the phones) and the
*facilitators*. A hidden note reaches the public only as a tombstone — its id and
that it is hidden — so a board or phone removes it without ever seeing its text.
"""

from __future__ import annotations

import time

from facilitator.models import Note, Phase, Workshop
from facilitator.workshops.codes import display_join_code


def note_for_public(note: Note) -> dict:
    if note.hidden:
        return {"id": note.id, "phase": note.phase_key, "hidden": True, "seq": note.seq}
    return {
        "id": note.id,
        "phase": note.phase_key,
        "text": note.text,
        "hidden": False,
        "seq": note.seq,
        "created_at": note.created_at.isoformat(),
    }


def note_for_facilitator(note: Note) -> dict:
    return {
        "id": note.id,
        "phase": note.phase_key,
        "text": note.text,
        "hidden": note.hidden,
        "group": note.group_key,
        "nickname": note.nickname,
        "seq": note.seq,
        "created_at": note.created_at.isoformat(),
    }


def phase_state(phase: Phase) -> dict:
    return {
        "key": phase.key,
        "title": phase.title,
        "prompt": phase.prompt,
        "guidance": phase.guidance,
        "minutes": phase.minutes,
        "open": phase.is_open,
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
        "server_time": now,
    }


def workshop_state(workshop: Workshop) -> dict:
    """Everything about the workshop except its notes: details, phases, timer."""
    return {
        "code": workshop.code,
        "display_code": display_join_code(workshop.code),
        "title": workshop.title,
        "question": workshop.question,
        "date": workshop.date,
        "venue": workshop.venue,
        "template": workshop.template_key,
        "note_max_chars": workshop.note_max_chars,
        "phases": [phase_state(p) for p in workshop.phases],
        "timer": timer_state(workshop),
        "seq": workshop.seq,
    }
