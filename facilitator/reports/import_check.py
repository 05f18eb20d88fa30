"""Checking a workshop export before anything is restored from it (issue 12).

A file given to `facilitator import` may have been made or changed by hand, so nothing
in it is trusted. Before the database is touched the whole file is checked:

- its size, before it is read whole (`MAX_FILE_BYTES`);
- how deeply its lists and groups nest, counted without recursion before it is parsed
  (`MAX_DEPTH`), so a file nested 200,000 deep is refused, never a RecursionError;
- every field of every row: that it is one the export has, of the column's type, and no
  longer than the live app lets anyone make it (the domain's own limits, imported from
  facilitator/workshops/*.py and reports/cover.py — never a second copy of one);
- the values the app knows a fixed list of (status, card kind, vote target, decision),
  and that notes, votes and themes name phases, people and themes that are in the file.

A refusal is ImportRefused naming the row and the field ("Note 17's text is 100,000
characters; the most a note can hold is 2,000."). Rows are numbered from 1 in the order
the file lists them.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import Boolean, DateTime, Float, Integer, String

from facilitator.reports import cover
from facilitator.reports.errors import ImportRefused
from facilitator.reports.json_format import FORMAT, VERSION
from facilitator.reports.json_format import columns as _columns
from facilitator.store.models import Action, Note, Participant, Phase, Response, Theme, Vote, Workshop
from facilitator.workshops import actions, details, lifecycle, notes, phases, responses, themes, translations, votes
from facilitator.workshops.cards import CARD_KINDS
from facilitator.workshops.errors import N_
from facilitator.workshops.findings import FRONT_MAX
from facilitator.workshops.session_templates import MAX_NOTE_LIMIT

# The largest real export measured is about 1.5 KB per note (a 5,000-note conference,
# the largest the app is sized for, is about 8 MB); 32 MB is four times that.
MAX_FILE_BYTES = 32 * 1024 * 1024
# An export nests four deep (the file, a list of rows, a row, an action's links); twenty
# leaves room for later versions and refuses anything built to exhaust the parser.
MAX_DEPTH = 20
# Every row is one JSON object (and an action's links one list): that 5,000-note
# conference holds about 7,000. Far more means a file built to fill the memory (32 MB
# of "[]," parses into 11 million lists, about 700 MB) or to be slow to check.
MAX_CONTAINERS = 200_000
# The largest whole number a database column holds (64 bits, signed).
_INTEGER_RANGE = (-(2**63), 2**63 - 1)

# The text a field may hold at most, and how the refusal names what holds it: the live
# app's own limits. A String column not listed here is held to its length in the
# schema; a Text column not listed, to the longest text the app takes anywhere (the
# report's findings, workshops/findings.py FRONT_MAX).
_LONGEST_TEXT = (FRONT_MAX, N_("a text"))
_NOTE_TEXT = {
    # Not the workshop's own note limit: redacting personal details ("[name removed]")
    # may lengthen a note past it. The most any workshop lets a note hold.
    "note": (MAX_NOTE_LIMIT, N_("a note")),
    # A review card spells out an action, its owner, date, the commissioners' answer
    # and what happened (workshops/cycles.review_text): the longest text, not a note's.
    "review": (FRONT_MAX, N_("a review card")),
}
_TRANSLATION = translations.translation_limit(SimpleNamespace(note_max_chars=MAX_NOTE_LIMIT))
LIMITS = {
    (Workshop, "title"): (details.TITLE_MAX, N_("a title")),
    (Workshop, "question"): (details.QUESTION_MAX, N_("a question")),
    (Workshop, "venue"): (details.VENUE_MAX, N_("a venue")),
    (Workshop, "partners"): (cover.PARTNERS_MAX, N_("the partners list")),
    (Workshop, "facilitator_name"): (cover.LINE_MAX, N_("a name")),
    (Workshop, "prepared_for"): (cover.LINE_MAX, N_("'prepared for'")),
    (Workshop, "findings"): (FRONT_MAX, N_("the key findings")),
    (Workshop, "recommendations"): (FRONT_MAX, N_("the recommendations")),
    (Participant, "nickname"): (notes.NICKNAME_MAX, N_("a nickname")),
    (Participant, "table_label"): (notes.TABLE_MAX, N_("a table label")),
    (Note, "nickname"): (notes.NICKNAME_MAX, N_("a nickname")),
    (Note, "table_label"): (notes.TABLE_MAX, N_("a table label")),
    (Note, "translation_text"): (_TRANSLATION, N_("a translation")),
    (Theme, "name"): (themes.NAME_MAX, N_("a theme name")),
    (Action, "text"): (actions.TEXT_MAX, N_("an action")),
    (Action, "owner"): (actions.OWNER_MAX, N_("an action's owner")),
    (Action, "outcome"): (actions.TEXT_MAX, N_("what happened")),
    (Response, "what"): (responses.TEXT_LIMIT, N_("an answer")),
    (Response, "fed_into"): (responses.TEXT_LIMIT, N_("an answer")),
    (Response, "forward_to"): (responses.SHORT_LIMIT, N_("a name")),
    (Response, "who"): (responses.SHORT_LIMIT, N_("a name")),
}
# Whole numbers the live app keeps within a range.
# Change numbers: a workshop makes a few per note, so a billion is more than any export
# holds, and stays far inside what every client reads exactly (a JavaScript number is
# exact to 2^53) and PostgreSQL's integer column (2^31): issue 21 — 2^63-1 became a float
# on the phones, so every later change looked like the same one.
MAX_SEQ = 10**9
RANGES = {
    **{(model, "seq"): (0, MAX_SEQ) for model in (Workshop, Note, Theme, Action)},
    (Workshop, "note_max_chars"): (1, MAX_NOTE_LIMIT),
    (Workshop, "dots_per_person"): (1, votes.MAX_DOTS),
    (Workshop, "timer_duration"): (0, phases.MAX_TIMER_SECONDS),
}
# Fields whose value is one of a fixed list.
CHOICES = {
    (Workshop, "status"): lifecycle.STATUSES,
    (Workshop, "board_view"): phases.BOARD_VIEWS,
    (Note, "kind"): tuple(CARD_KINDS),
    (Vote, "target_kind"): ("note", "theme"),
    (Action, "status"): actions.STATUSES,
    (Response, "decision"): tuple(responses.DECISIONS),
}

# The sections of the file that are lists of rows, and what one row is called.
SECTIONS = (
    ("phases", Phase, N_("Phase")),
    ("participants", Participant, N_("Participant")),
    ("themes", Theme, N_("Theme")),
    ("notes", Note, N_("Note")),
    ("votes", Vote, N_("Vote")),
    ("actions", Action, N_("Action")),
    ("responses", Response, N_("Response")),  # absent from exports made before issue 14
)

# Fields an export writes that are not the column's plain value: references to other
# rows of the file ("p3", theme 2), and the action's links as a list. (types, required)
_REF = (str,)
_THEME_REF = (int, str)
EXTRA = {
    Workshop: {"previous_workshop_code": ((str, type(None)), False)},
    Participant: {"ref": (_REF, True)},
    Theme: {"ref": (_THEME_REF, True), "merged_into": (_THEME_REF + (type(None),), False)},
    Note: {"participant_id": (_REF + (type(None),), False), "theme_id": (_THEME_REF + (type(None),), False)},
    Vote: {"participant_id": (_REF, True), "target_id": (_THEME_REF, True)},
    Action: {"proposed_by": (_REF + (type(None),), False), "linked": ((list,), False)},
}

# A JSON string, or an unclosed one running to the end: every match attempt succeeds, so
# emptying the strings is linear (a pattern that can fail retries from every later quote:
# '"' followed by 40,000 '\\"' took 100 s).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.S)
_BRACKET = re.compile(r"[\[\]{}]")


# ---- reading the file ------------------------------------------------------------------


def read_export(path: Path):
    """The parsed contents of the export at `path`, after its size and nesting are checked.
    Raises ImportRefused (never RecursionError or MemoryError) for a file that is too big,
    nested too deep, or not JSON."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _too_big(path, size)
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # a file that grows, or lies about its size
    except OSError as exc:
        raise ImportRefused(
            N_("Could not read %(file)s: %(reason)s. Nothing was saved."),
            params={"file": str(path), "reason": exc.strerror or type(exc).__name__},
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        raise _too_big(path, len(raw))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            N_("%(file)s is not a workshop export: it is not UTF-8 text. Nothing was saved."), params={"file": str(path)}
        ) from None
    shape = _shape(_STRING.sub('""', text))
    if shape == "deep":
        raise ImportRefused(
            N_("%(file)s nests lists and groups more than %(limit)s levels deep; a workshop export never does. Nothing was saved."),
            params={"file": str(path), "limit": MAX_DEPTH},
        )
    if shape == "many":
        raise ImportRefused(
            N_("%(file)s holds more than %(limit)s rows and lists; a workshop export never holds that many. Nothing was saved."),
            params={"file": str(path), "limit": f"{MAX_CONTAINERS:,}"},
        )
    try:
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError:  # not reachable after the depth check; kept so it can never escape
        raise ImportRefused(N_("%(file)s nests too deeply to read. Nothing was saved."), params={"file": str(path)}) from None
    except ValueError as exc:
        raise ImportRefused(
            N_("%(file)s is not valid JSON (%(reason)s). Nothing was saved."), params={"file": str(path), "reason": str(exc)}
        ) from None


def _too_big(path: Path, size: int) -> ImportRefused:
    return ImportRefused(
        N_("%(file)s is %(size)s MB; a workshop export is at most %(limit)s MB. Nothing was saved."),
        params={"file": str(path), "size": f"{size / 1024 / 1024:,.1f}", "limit": MAX_FILE_BYTES // 1024 // 1024},
    )


def _shape(outside_strings: str) -> str:
    """"deep" when lists and objects nest more than MAX_DEPTH deep, "many" when there are
    more than MAX_CONTAINERS of them, else "ok" — in JSON text whose strings have been
    emptied (their brackets do not count). One loop over the brackets alone: no
    recursion, and it stops at the first one too deep or too many."""
    depth = 0
    for count, match in enumerate(_BRACKET.finditer(outside_strings), 1):
        if count > 2 * MAX_CONTAINERS:  # each list or object is an opening and a closing bracket
            return "many"
        if match.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return "deep"
        else:
            depth -= 1
    return "ok"


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number an export holds")


# ---- checking what was read ----------------------------------------------------------


def check_export(data, templates) -> None:
    """Refuse (ImportRefused) anything in `data` an export made by this version cannot
    hold; return None when every section, row and field is as the app makes them."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportRefused("This file is not a facilitator workshop export (JSON made by `facilitator export`).")
    if data.get("version") != VERSION:
        raise ImportRefused(
            f"This export is version {repr(data.get('version'))[:40]}; this facilitator restores version {VERSION} only."
        )
    for key in ("workshop",) + tuple(name for name, _, _ in SECTIONS[:-1]):
        expected = dict if key == "workshop" else list
        if not isinstance(data.get(key), expected):
            raise ImportRefused(f"The export is damaged: '{key}' is missing or has the wrong shape.")
    if not isinstance(data.get("responses", []), list):
        raise ImportRefused("The export is damaged: 'responses' has the wrong shape.")

    workshop = data["workshop"]
    _check_row(Workshop, workshop, N_("The workshop"), None, _columns(Workshop))
    if workshop.get("date") and not details._ISO_DATE.match(workshop["date"]):  # it names the export files
        raise _refused(N_("The workshop's date is “%(value)s”; a date is written year-month-day, for example 2026-07-17. Nothing was saved."),
                       value=workshop["date"])
    if workshop["template_key"] not in templates:
        raise ImportRefused(
            f"This workshop uses the session template '{workshop['template_key']}', which is not installed here. "
            f"Add {workshop['template_key']}.toml to session_templates/ and import again."
        )
    for name, model, label in SECTIONS:
        for number, row in enumerate(data.get(name, []), 1):
            _check_row(model, row, label, number, _columns(model))

    _check_references(data)


def _check_row(model, row, label: str, number: int | None, columns) -> None:
    where = _where(label, number)
    if not isinstance(row, dict):
        raise _refused(N_("%(row)s should be a group of fields, but the file has %(found)s. Nothing was saved."), row=where, found=_kind(row))
    columns = {c.key: c for c in columns}
    extra = EXTRA.get(model, {})
    for key in row:
        if key not in columns and key not in extra:
            raise ImportRefused(
                f"The export has a field this facilitator does not know ({where}: {str(key)[:40]}); "
                "it was probably made by a newer version. Nothing was saved."
            )
    for key, (types, required) in extra.items():
        if key not in row:
            if required:
                raise _refused(N_("%(row)s has no %(field)s. Nothing was saved."), row=where, field=_field(key))
            continue
        value = row[key]
        if not isinstance(value, types) or isinstance(value, bool):
            raise _wrong_type(where, key, types[0], value)
        if isinstance(value, str) and len(value) > 80:  # a reference is short: "p12", "note:<uuid>"
            raise _too_long(where, key, value, (80, N_("a reference")))
        if key == "linked":
            if len(value) > actions.MAX_LINKS:
                raise _refused(N_("%(row)s links %(count)s notes and themes; an action links at most %(limit)s. Nothing was saved."),
                               row=where, count=len(value), limit=actions.MAX_LINKS)
            if not all(isinstance(link, str) and len(link) <= 80 for link in value):
                raise _refused(N_("%(row)s's links should be a list of notes and themes (\"note:<id>\", \"theme:<number>\"). Nothing was saved."),
                               row=where)
    for key, column in columns.items():
        if key in extra:
            continue
        if key not in row:
            if _required(column):
                raise _refused(N_("%(row)s has no %(field)s. Nothing was saved."), row=where, field=_field(key))
            continue
        _check_value(model, where, key, column, row[key], row)


def _check_value(model, where: str, key: str, column, value, row) -> None:
    if value is None:
        if not column.nullable:
            raise _refused(N_("%(row)s's %(field)s is empty (null); it must have a value. Nothing was saved."),
                           row=where, field=_field(key))
        return
    kind = column.type
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise _wrong_type(where, key, bool, value)
    elif isinstance(kind, Integer):
        if not isinstance(value, int) or isinstance(value, bool):
            raise _wrong_type(where, key, int, value)
        low, high = RANGES.get((model, key), _INTEGER_RANGE)
        if not low <= value <= high:
            raise _refused(N_("%(row)s's %(field)s is %(value)s; it must be from %(low)s to %(high)s. Nothing was saved."),
                           row=where, field=_field(key), value=f"{value:,}"[:40], low=f"{low:,}", high=f"{high:,}")
    elif isinstance(kind, Float):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise _wrong_type(where, key, float, value)
        if not math.isfinite(value) or abs(value) > 1e15:
            raise _refused(N_("%(row)s's %(field)s is %(value)s, which is not a number the app keeps. Nothing was saved."),
                           row=where, field=_field(key), value=str(value)[:40])
    elif isinstance(kind, DateTime):
        if not isinstance(value, str):
            raise _wrong_type(where, key, datetime, value)
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise _refused(N_("%(row)s's %(field)s is not a date and time. Nothing was saved."),
                           row=where, field=_field(key)) from None
    else:  # String and Text
        if not isinstance(value, str):
            raise _wrong_type(where, key, str, value)
        if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            raise _refused(N_("%(row)s's %(field)s holds a broken character (a lone surrogate) that cannot be stored. Nothing was saved."),
                           row=where, field=_field(key))
        _check_length(model, where, key, column, value, row)
        if (model, key) in UUID_IDS and not _is_uuid(value):
            raise _refused(N_("%(row)s's id is “%(value)s”, which is not an id this app makes (a UUID such as "
                              "0b6e5c9a-1f1e-4c6b-9a57-3d6f2f1f2a10). Nothing was saved."),
                           row=where, value=value[:40])
        choices = CHOICES.get((model, key))
        if choices is not None and value not in choices:
            raise _refused(N_("%(row)s's %(field)s is “%(value)s”, which this facilitator does not know (it knows %(choices)s). Nothing was saved."),
                           row=where, field=_field(key), value=value[:40], choices=", ".join(choices))


# Ids made by phones and the app as UUIDs: an id of another shape (issue 21: "../../x")
# could never be hidden, moderated or linked, since every event checks the id's shape.
UUID_IDS = {(Note, "id"), (Action, "id")}


def _is_uuid(value: str) -> bool:
    """True for a UUID in the canonical form the app stores (lower case, with dashes)."""
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def _check_length(model, where: str, key: str, column, value: str, row) -> None:
    if model is Note and key == "text":
        kind = row.get("kind", "note")
        limit = _NOTE_TEXT.get(kind, _NOTE_TEXT["note"]) if isinstance(kind, str) else _NOTE_TEXT["note"]
    elif (model, key) in LIMITS:
        limit = LIMITS[(model, key)]
    elif isinstance(column.type, String) and column.type.length:
        limit = (column.type.length, N_("this field"))
    else:
        limit = _LONGEST_TEXT
    if len(value) > limit[0]:
        raise _too_long(where, key, value, limit)


def _check_references(data: dict) -> None:
    """Rows name phases, people and themes that are in the file (a vote for nobody, or a
    note in a phase the workshop does not have, is a damaged file)."""
    phase_keys = {p["key"] for p in data["phases"]}
    people = {p["ref"] for p in data["participants"]}
    theme_refs = {str(t["ref"]) for t in data["themes"]}
    for name, label, phase_field in (("themes", N_("Theme"), "phase_key"), ("notes", N_("Note"), "phase_key"),
                                     ("votes", N_("Vote"), "phase_key")):
        for number, row in enumerate(data[name], 1):
            if phase_field in row and row[phase_field] not in phase_keys:
                raise _refused(N_("%(row)s is in the phase “%(value)s”, which the workshop does not have. Nothing was saved."),
                               row=_where(label, number), value=row[phase_field][:40])
    for number, row in enumerate(data["notes"], 1):
        if row.get("participant_id") is not None and row["participant_id"] not in people:
            raise _refused(N_("%(row)s names a person who is not in the export. Nothing was saved."), row=_where(N_("Note"), number))
        if row.get("theme_id") is not None and str(row["theme_id"]) not in theme_refs:
            raise _refused(N_("%(row)s is in a theme that is not in the export. Nothing was saved."), row=_where(N_("Note"), number))
    for number, row in enumerate(data["votes"], 1):
        if row["participant_id"] not in people:
            raise _refused(N_("%(row)s names a person who is not in the export. Nothing was saved."), row=_where(N_("Vote"), number))
        if row.get("target_kind") == "theme" and str(row["target_id"]) not in theme_refs:
            raise _refused(N_("%(row)s points at a theme that is not in the export. Nothing was saved."), row=_where(N_("Vote"), number))
    for number, row in enumerate(data["actions"], 1):
        if row.get("proposed_by") is not None and row["proposed_by"] not in people:
            raise _refused(N_("%(row)s names a person who is not in the export. Nothing was saved."), row=_where(N_("Action"), number))


# ---- messages ---------------------------------------------------------------------------

_KINDS = {
    str: N_("text"),
    int: N_("a whole number"),
    float: N_("a number"),
    bool: N_("true or false"),
    dict: N_("a group of fields"),
    list: N_("a list"),
    datetime: N_("a date and time"),
    type(None): N_("nothing (null)"),
}


def _kind(value) -> str:
    if isinstance(value, bool):
        return _KINDS[bool]
    return _KINDS.get(type(value), type(value).__name__)


def _where(label: str, number: int | None) -> str:
    return label if number is None else f"{label} {number}"


def _field(key: str) -> str:
    return key.replace("_", " ")


def _required(column) -> bool:
    return not column.nullable and column.default is None and column.server_default is None


def _refused(message: str, **params) -> ImportRefused:
    return ImportRefused(message, params=params)


def _wrong_type(where: str, key: str, expected: type, value) -> ImportRefused:
    return _refused(N_("%(row)s's %(field)s should be %(expected)s, but the file has %(found)s. Nothing was saved."),
                    row=where, field=_field(key), expected=_KINDS[expected], found=_kind(value))


def _too_long(where: str, key: str, value: str, limit: tuple[int, str]) -> ImportRefused:
    return _refused(N_("%(row)s's %(field)s is %(length)s characters; the most %(what)s can hold is %(limit)s. Nothing was saved."),
                    row=where, field=_field(key), length=f"{len(value):,}", what=limit[1], limit=f"{limit[0]:,}")
