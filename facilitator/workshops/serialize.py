"""What each audience sees of a workshop, as plain dictionaries ready to send.

Two audiences: the *public* one (the projected board and the phones) and the
*facilitators*. The public view never carries what participants should not see:

- a note that is not on the board (`Note.on_board`: hidden, or waiting for approval)
  reaches the public only as a tombstone (its id and that it is hidden), so a board or
  phone removes it without its text;
- groups only when the workshop's "lanyards" are on, nicknames only when shown — and
  only on notes posted while that was so (`Note.nickname_public`, `Note.group_public`);
- a deleted theme and an unconfirmed or dropped action only as tombstones;
- vote tallies only once revealed (see `votes.voting_state`).
"""

from __future__ import annotations

import time

from facilitator.models import Action, Note, Phase, Theme, Workshop
from facilitator.workshops.cards import kind_of
from facilitator.workshops.codes import display_join_code


def note_for_public(note: Note, workshop: Workshop | None = None) -> dict:
    """`workshop` says whether nicknames and groups may be shown; without it neither is.
    Every view of a note on the board carries its card `kind` ("note", "review"; see
    workshops/cards.py); a tombstone carries only what removing it takes."""
    if not note.on_board:
        tombstone = {"id": note.id, "phase": note.phase_key, "hidden": True, "seq": note.seq}
        if not note.approved and not note.hidden:
            tombstone["pending"] = True  # lets its author's phone say "waiting for approval"
        return tombstone
    view = {
        "id": note.id,
        "phase": note.phase_key,
        "text": note.text,
        "hidden": False,
        "kind": kind_of(note).key,
        "late": bool(note.late),
        "theme": note.theme_id,
        "seq": note.seq,
        "created_at": note.created_at.isoformat(),
    }
    if workshop is not None and workshop.show_translations:
        view["translation"] = translation_view(note)  # C6: only while the board shows translations
    # Shown only while the setting is on now AND was on when the note was posted (issue 12).
    if workshop is not None and workshop.show_nicknames and note.nickname_public and note.nickname:
        view["nickname"] = note.nickname
    if workshop is not None and workshop.shows_groups and note.group_public and note.group_key:
        view["group"] = note.group_key
    return view


def note_for_facilitator(note: Note) -> dict:
    return {
        "id": note.id,
        "phase": note.phase_key,
        "text": note.text,
        "hidden": note.hidden,
        "approved": note.approved,
        "group": note.group_key,
        "nickname": note.nickname,
        "theme": note.theme_id,
        "scribed": note.scribed,
        "table": note.table_label,
        "kind": kind_of(note).key,
        "late": bool(note.late),
        "highlighted": note.highlighted,
        "seq": note.seq,
        "created_at": note.created_at.isoformat(),
        "language": note.language or "",  # C6
        "translation": translation_view(note),  # C6
    }


def translation_view(note: Note) -> dict | None:
    """C6: {"text", "language", "by": "interpreter" | "facilitator"}, or None."""
    if not (note.translation_text or "").strip():
        return None
    return {"text": note.translation_text, "language": note.translation_language, "by": note.translation_by}


def theme_view(theme: Theme) -> dict:
    """Themes look the same to every audience; a deleted one is a tombstone."""
    if theme.deleted:
        return {"id": theme.id, "phase": theme.phase_key, "deleted": True, "merged_into": theme.merged_into, "seq": theme.seq}
    return {"id": theme.id, "phase": theme.phase_key, "name": theme.name, "position": theme.position, "seq": theme.seq}


def _action_fields(action: Action) -> dict:
    """What everyone who may see an action sees of it."""
    return {
        "id": action.id,
        "text": action.text,
        "owner": action.owner,
        "due": action.due,
        "framework_tag": action.framework_tag,
        "status": action.status,
        "links": action.links,
        "seq": action.seq,
    }


def action_for_public(action: Action) -> dict:
    """Only confirmed and done actions reach the room; any other is a tombstone."""
    if not action.on_board:
        return {"id": action.id, "removed": True, "seq": action.seq}
    return _action_fields(action)


def action_for_facilitator(action: Action) -> dict:
    return {**_action_fields(action), "outcome": action.outcome, "proposed": action.proposed_by is not None}


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
