"""How the facilitator's own words keep their translations, and what a reader is given
(issue 28; the changes are workshops/wording.py).

Each row that holds the facilitator's words (the workshop, a phase, a theme, an action)
keeps its translations as JSON in its `translations` column:
{field: {language: {"text": ..., "source": ..., "by": "interpreter" | "facilitator"}}}.
`source` is the original the translation was made from: once the original changes, the
translation is out of date and no reader is given it. Only this module and wording.py
read or write that column.
"""

from __future__ import annotations

import json

from facilitator.store.models import Action, Note, Phase, Theme, Workshop

# What can be translated, per kind of subject, in the order a translator meets them.
FIELDS: dict[str, tuple[str, ...]] = {
    "workshop": ("title", "question", "findings", "recommendations"),
    "phase": ("title", "prompt", "guidance"),
    "theme": ("name",),
    "action": ("text", "owner"),
}
# What the room (phones and boards) is given; findings and recommendations are the report's.
ROOM_FIELDS: dict[str, tuple[str, ...]] = {**FIELDS, "workshop": ("title", "question")}
Row = Workshop | Phase | Theme | Action | Note


def stored(row: Row) -> dict:
    """The row's translations as stored ({} when none, or when the column is damaged)."""
    try:
        value = json.loads(row.translations or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def original(row: Row, field: str) -> str:
    """The words as the facilitator wrote them."""
    return getattr(row, field) or ""


def current(row: Row, fields: tuple[str, ...] | None = None) -> dict[str, dict[str, str]]:
    """{field: {language: text}}: the translations made from the original as it is now
    (out-of-date ones left out), for `fields` (default: all of the row's kind)."""
    out: dict[str, dict[str, str]] = {}
    for field, by_language in stored(row).items():
        if (fields is not None and field not in fields) or not isinstance(by_language, dict):
            continue
        words = original(row, field)
        fresh = {
            language: entry["text"]
            for language, entry in by_language.items()
            if isinstance(entry, dict) and entry.get("text") and words and entry.get("source") == words
        }
        if fresh:
            out[field] = fresh
    return out


def for_room(row: Row, kind: str) -> dict[str, dict[str, str]]:
    """What the room is given of the row's translations (see ROOM_FIELDS)."""
    return current(row, ROOM_FIELDS[kind])


def from_template(originals: dict[str, str], by_language: dict[str, dict[str, str]]) -> str:
    """The stored translations of a new row whose words come from a session template:
    `originals` {field: words}, `by_language` {language: {field: translation}} (the
    template's own translations), marked as made by the template. Stored as JSON."""
    translations: dict[str, dict] = {}
    for language, fields in by_language.items():
        for field, text in fields.items():
            if text and originals.get(field):
                translations.setdefault(field, {})[language] = {"text": text, "source": originals[field], "by": "template"}
    return json.dumps(translations, ensure_ascii=False, sort_keys=True)


def carried(row: Row, fields: tuple[str, ...]) -> str:
    """The stored translations of `fields` of `row`, for a new row that takes the same
    words (the next cycle asks the same question): they stay up to date as long as the
    words do."""
    kept = {field: value for field, value in stored(row).items() if field in fields}
    return json.dumps(kept, ensure_ascii=False, sort_keys=True)


def carried_view(row: Row) -> dict[str, dict[str, str]]:
    """The words a row carries already translated, {field: {language: text}}: what `view`
    stored for it (a review card keeps its action's, as they were when the next cycle
    began: the card's words never change, so they never go out of date)."""
    return {
        field: {language: text for language, text in by_language.items() if isinstance(text, str) and text}
        for field, by_language in stored(row).items()
        if isinstance(by_language, dict)
    }


def view(translations: dict[str, dict[str, str]]) -> str:
    """`translations` as a row stores an already-made view of them (see carried_view)."""
    return json.dumps(translations, ensure_ascii=False, sort_keys=True)
