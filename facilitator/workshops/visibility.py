"""What each role may see of a note and of an action: the one table (DESIGN: roles and links).

Every payload, page and export that carries a note is built by `note_view(note, role,
workshop)` from `NOTE_TABLE`, and every action by `action_view` from `ACTION_TABLE`:
a field a role is not granted for the note's state is never put in, whatever the
caller builds around it. tests/security/test_role_table.py is generated from these
tables and walks every event, broadcast, page and export for every role.

The roles:

- `phone` and `board`: the room. They share one Socket.IO room, so they are granted
  the same. A note that is not on the board reaches them only as a tombstone.
- `author`: a phone's view of its own notes (the answer to its post, its notes given
  back when it rejoins): its words whatever their state, and whether they are hidden or
  waiting — not what only moderators see (highlights, tables, its group as recorded).
- `console`: the facilitator and the co-facilitators, who moderate: everything.
- `interpreter`: the words of the notes on the board and their language — never who
  wrote them (no nickname, group or table) — and nothing of a hidden note or one
  waiting for approval unless the facilitator released it for translation (then the
  same, and that it is not on the board).
- `commissioner` and `report`: what the report prints. A note's author is printed only
  as it was shown when posted.

The states of a note (`state_of`): `visible` (on the board), `hidden` (the facilitator
hid it) and `pending` (waiting for approval under pre-moderation). A redacted note is a
visible note whose details were overwritten in the store itself (reports/privacy.py and
the write-ahead log's truncation), so no role can receive what it said before.

Conditions are the rules that depend on the workshop or on what was promised at posting:
a nickname or group reaches the room and the report only while the workshop shows them
AND it was shown when the note was posted (`Note.nickname_public`, `Note.group_public`):
anonymity promised at posting is kept forever.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from facilitator.store.models import Action, Note, Workshop
from facilitator.workshops.cards import kind_of
from facilitator.workshops.own_words import carried_view, for_room

PHONE = "phone"
AUTHOR = "author"
BOARD = "board"
CONSOLE = "console"
INTERPRETER = "interpreter"
COMMISSIONER = "commissioner"
REPORT = "report"
ROLES = (PHONE, AUTHOR, BOARD, CONSOLE, INTERPRETER, COMMISSIONER, REPORT)

VISIBLE = "visible"
HIDDEN = "hidden"
PENDING = "pending"
STATES = (VISIBLE, HIDDEN, PENDING)


def state_of(note: Note) -> str:
    """The note's state, as the table reads it."""
    if note.hidden:
        return HIDDEN
    if not note.approved:
        return PENDING
    return VISIBLE


# ---- conditions -------------------------------------------------------------------

Condition = Callable[[Note, "Workshop | None"], bool]


def always(note: Note, workshop: Workshop | None) -> bool:
    return True


def nickname_as_posted(note: Note, workshop: Workshop | None) -> bool:
    """Shown now, and shown when the note was posted (issue 12: fixed at posting)."""
    return bool(workshop is not None and workshop.show_nicknames and note.nickname_public and note.nickname)


def group_as_posted(note: Note, workshop: Workshop | None) -> bool:
    """Groups shown now ("lanyards" on), and shown when the note was posted."""
    return bool(workshop is not None and workshop.shows_groups and note.group_public and note.group_key)


def released_for_translation(note: Note, workshop: Workshop | None) -> bool:
    """A hidden or pending note the facilitator released to the interpreter (to read it
    before deciding on it)."""
    return bool(note.released_for_translation)


def review_card(note: Note, workshop: Workshop | None) -> bool:
    """A card carried from the last cycle's actions: it carries that action's translations."""
    return kind_of(note).key == "review"


def while_translations_shown(note: Note, workshop: Workshop | None) -> bool:
    """The board's translation line is the facilitator's choice (`show_translations`)."""
    return bool(workshop is not None and workshop.show_translations)


@dataclass(frozen=True)
class Fixed:
    """A field whose value for this role and state is fixed (a tombstone's `hidden`)."""

    value: object


# ---- the values a note's fields take ------------------------------------------------


def translation_view(note: Note) -> dict | None:
    """{"text", "language", "by": "interpreter" | "facilitator"}, or None."""
    if not (note.translation_text or "").strip():
        return None
    return {"text": note.translation_text, "language": note.translation_language, "by": note.translation_by}


NOTE_VALUES: dict[str, Callable[[Note], object]] = {
    "id": lambda n: n.id,
    "phase": lambda n: n.phase_key,
    "text": lambda n: n.text,
    "hidden": lambda n: n.hidden,
    "approved": lambda n: n.approved,
    "kind": lambda n: kind_of(n).key,
    "late": lambda n: bool(n.late),
    "theme": lambda n: n.theme_id,
    "seq": lambda n: n.seq,
    "created_at": lambda n: n.created_at.isoformat(),
    "language": lambda n: n.language or "",
    # "given" (the phone's language, or the one a scribe recorded), "text" (read from its
    # words, unlike the phone's) or "person" (corrected by a facilitator or interpreter).
    "language_from": lambda n: n.language_source or "given",
    "translation": translation_view,
    "nickname": lambda n: n.nickname,
    "group": lambda n: n.group_key,
    "table": lambda n: n.table_label,
    "scribed": lambda n: n.scribed,
    "highlighted": lambda n: n.highlighted,
    "released": lambda n: bool(n.released_for_translation),
    # A review card's action words in other languages, {"text"|"owner": {language: text}}.
    "translations": carried_view,
}

# ---- the table --------------------------------------------------------------------

_ROOM_CARD = {
    "id": always, "phase": always, "text": always, "hidden": Fixed(False), "kind": always, "late": always,
    "theme": always, "seq": always, "created_at": always,
    "translation": while_translations_shown, "nickname": nickname_as_posted, "group": group_as_posted,
    "translations": review_card,
}
# What removing a card takes, and no more; a pending one tells its author's phone
# "waiting for approval" (the phone knows its own notes' ids).
_ROOM_TOMBSTONE = {"id": always, "phase": always, "hidden": Fixed(True), "seq": always}
_ROOM = {VISIBLE: _ROOM_CARD, HIDDEN: _ROOM_TOMBSTONE, PENDING: {**_ROOM_TOMBSTONE, "pending": Fixed(True)}}

_EVERYTHING = {name: always for name in NOTE_VALUES}

_OWN = {"id": always, "phase": always, "text": always, "kind": always, "late": always, "theme": always,
        "seq": always, "created_at": always, "translation": always}
_AUTHOR = {
    VISIBLE: {**_OWN, "hidden": Fixed(False)},
    HIDDEN: {**_OWN, "hidden": Fixed(True)},
    PENDING: {**_OWN, "hidden": Fixed(False), "pending": Fixed(True)},
}

# What the report prints of a note (reports/context.py): its words, translation and
# language, and its author only as shown when posted. Hidden and pending notes are left
# out (and counted).
_PRINTED = {
    "id": always, "phase": always, "text": always, "kind": always, "late": always, "theme": always,
    "created_at": always, "language": always, "translation": always, "scribed": always,
    "highlighted": always, "nickname": nickname_as_posted, "group": group_as_posted,
}

# What an interpreter works from: the words and their language, never who wrote them.
_TRANSLATED = {
    "id": always, "phase": always, "text": always, "kind": always, "seq": always,
    "language": always, "language_from": always, "translation": always,
}
# A note off the board reaches the interpreter only once released, marked as such.
_RELEASED = {**{name: released_for_translation for name in _TRANSLATED}, "released": released_for_translation}

NOTE_TABLE: dict[str, dict[str, dict[str, Condition | Fixed]]] = {
    PHONE: _ROOM,
    AUTHOR: _AUTHOR,
    BOARD: _ROOM,
    CONSOLE: {VISIBLE: _EVERYTHING, HIDDEN: _EVERYTHING, PENDING: _EVERYTHING},
    INTERPRETER: {
        VISIBLE: _TRANSLATED,
        HIDDEN: _RELEASED,
        PENDING: _RELEASED,
    },
    COMMISSIONER: {VISIBLE: _PRINTED, HIDDEN: {}, PENDING: {}},
    REPORT: {VISIBLE: _PRINTED, HIDDEN: {}, PENDING: {}},
}


def granted(role: str, note: Note, workshop: Workshop | None = None) -> dict[str, Condition | Fixed]:
    """The fields `role` is granted for `note` in its present state (may be empty)."""
    return NOTE_TABLE[role][state_of(note)]


def may_see(role: str, note: Note, workshop: Workshop | None = None) -> bool:
    """True when `role` receives anything at all of `note` (not even a tombstone otherwise)."""
    return bool(note_view(note, role, workshop))


def shows(role: str, field: str, note: Note, workshop: Workshop | None = None) -> bool:
    """True when `role` is shown `field` of `note` now."""
    rule = granted(role, note, workshop).get(field)
    if rule is None:
        return False
    return True if isinstance(rule, Fixed) else rule(note, workshop)


def note_view(note: Note, role: str, workshop: Workshop | None = None) -> dict:
    """The note as `role` may see it: exactly the fields the table grants for its state
    whose conditions hold (`workshop` decides the conditions; without it they fail), or
    {} when the role may see nothing of it."""
    view = {}
    for name, rule in granted(role, note, workshop).items():
        if isinstance(rule, Fixed):
            view[name] = rule.value
        elif rule(note, workshop):
            view[name] = NOTE_VALUES[name](note)
    return view


# ---- actions ----------------------------------------------------------------------

ACTION_VALUES: dict[str, Callable[[Action], object]] = {
    "id": lambda a: a.id,
    "text": lambda a: a.text,
    "owner": lambda a: a.owner,
    "due": lambda a: a.due,
    "framework_tag": lambda a: a.framework_tag,
    "status": lambda a: a.status,
    "links": lambda a: a.links,
    "seq": lambda a: a.seq,
    "outcome": lambda a: a.outcome,
    "proposed": lambda a: a.proposed_by is not None,
    "translations": lambda a: for_room(a, "action"),  # {"text"|"owner": {language: text}}
}
_ACTION_SHOWN = {
    name: always for name in ("id", "text", "owner", "due", "framework_tag", "status", "links", "seq", "translations")
}

# An action reaches the room once confirmed (or done); proposed and dropped ones only as
# tombstones. Who proposed it (a phone) is never sent: only that it was proposed.
ACTION_TABLE: dict[str, dict[bool, dict[str, Condition | Fixed]]] = {
    PHONE: {True: _ACTION_SHOWN, False: {"id": always, "removed": Fixed(True), "seq": always}},
    CONSOLE: {True: {**_ACTION_SHOWN, "outcome": always, "proposed": always},
              False: {**_ACTION_SHOWN, "outcome": always, "proposed": always}},
}
ACTION_TABLE[BOARD] = ACTION_TABLE[PHONE]


def action_view(action: Action, role: str) -> dict:
    """The action as `role` may see it (phones and boards: confirmed ones, else a tombstone)."""
    view = {}
    for name, rule in ACTION_TABLE[role][bool(action.on_board)].items():
        if isinstance(rule, Fixed):
            view[name] = rule.value
        elif rule(action, None):
            view[name] = ACTION_VALUES[name](action)
    return view


# ---- the votes payload ------------------------------------------------------------
#
# The room (phones and boards) sees how many dots were placed, and the tallies only once
# the facilitator reveals them (no bandwagon: until then `tallies` is None). The consoles
# see the tallies always, and the arrival alerts (workshops/arrivals.py): the room and the
# interpreter never learn that anyone was suspected of not being in the room.


def tallies_revealed(workshop: Workshop) -> bool:
    return bool(workshop.votes_revealed)


def _always(workshop: Workshop) -> bool:
    return True


_ROOM_VOTES = {"phase": _always, "placed": _always, "seq": _always, "tallies": tallies_revealed}
VOTE_TABLE: dict[str, dict[str, Callable[[Workshop], bool]]] = {
    PHONE: _ROOM_VOTES,
    BOARD: _ROOM_VOTES,
    CONSOLE: {"phase": _always, "placed": _always, "seq": _always, "tallies": _always, "arrivals": _always},
}


def votes_view(values: dict[str, Callable[[], object]], role: str, workshop: Workshop) -> dict:
    """The `votes` payload as `role` may see it, from `values` (field -> how to read it,
    called only for the fields granted). A tally not granted is sent as None, so a
    client knows it is hidden rather than missing."""
    view = {}
    for name, rule in VOTE_TABLE[role].items():
        view[name] = values[name]() if rule(workshop) else None
    return view
