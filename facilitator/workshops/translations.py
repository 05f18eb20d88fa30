"""Translations on notes, and the interpreter link that lets someone add them.

A note keeps the words as said (`text`, in `language`) and, optionally, a translation
into the report's language, marked with who made it: an interpreter (through the
workshop's interpreter link) or a facilitator. An empty translation removes it. The
interpreter link is a per-workshop secret (192 random bits) the facilitator can make,
replace and revoke; an empty token means there is no link.
"""

from __future__ import annotations

import re
from hmac import compare_digest

from sqlalchemy.orm import Session

from facilitator.store.models import Note, Workshop
from facilitator.workshops import visibility
from facilitator.workshops.changes import next_seq
from facilitator.workshops.codes import new_secret
from facilitator.workshops.errors import N_, InvalidInput, NotAllowed, NoteNotFound, UnknownLanguage
from facilitator.workshops.lifecycle import require_editable
from facilitator.workshops.notes import find_note
from facilitator.workshops.spoken_languages import is_known_language
from facilitator.workshops.text import clean_text, is_blank

TRANSLATORS = ("interpreter", "facilitator")
# A translation may run longer than the words as said; twice the note limit, at least 1,000.
MIN_TRANSLATION_MAX = 1000
_LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")


def checked_language(value) -> str:
    """'' or a language tag such as 'ar', 'ckb', 'es' or 'en-GB' (lower-cased primary part):
    any language Babel names (workshops/spoken_languages.py), not only the nine the phones speak (people speak
    many more). Refused: what is not shaped like a tag (InvalidInput), and a tag no one
    knows, such as 'xx' (UnknownLanguage)."""
    if value in (None, ""):
        return ""
    if not isinstance(value, str) or not _LANGUAGE_TAG.match(value.strip()):
        raise InvalidInput(N_("Please give the language as a short code, for example ar or uk."))
    primary, _, rest = value.strip().partition("-")
    tag = primary.lower() + ("-" + rest if rest else "")
    if not is_known_language(tag):
        raise UnknownLanguage()
    return tag


def translation_limit(workshop: Workshop) -> int:
    return max(MIN_TRANSLATION_MAX, 2 * (workshop.note_max_chars or 0))


def set_translation(
    session: Session, workshop: Workshop, note_id, text, *, by: str, target: str, language=None
) -> Note:
    """Set (or with empty `text`, remove) the translation of a note into `target`.

    `language`, when given, corrects the language the note itself is written in (marked
    as a person's correction when it changes it); with `text` None only the language
    changes and the translation is kept.
    Refused: a note that is not there, text that is not text or is too long (never cut).
    An interpreter may translate only the notes the role table lets them read (those on
    the board, and those the facilitator released to them): any other hidden or pending
    note answers them exactly as a note that is not there.
    """
    if by not in TRANSLATORS:
        raise NotAllowed()
    require_editable(workshop)
    note = find_note(session, workshop, note_id)
    if by == "interpreter" and not visibility.may_see(visibility.INTERPRETER, note, workshop):
        raise NoteNotFound()
    if text is None and language is None:
        raise InvalidInput(N_("Please give a translation or the note's language."))
    if text is not None and not isinstance(text, str):
        raise InvalidInput(N_("A translation must be text."))
    text = clean_text(text) if text is not None else None
    limit = translation_limit(workshop)
    if text is not None and len(text) > limit:
        raise InvalidInput(
            N_("This translation is longer than %(limit)s characters — please shorten it."),
            params={"limit": limit},
            limit=limit,
        )
    if language is not None:
        language = checked_language(language)
        if language != note.language:
            note.language, note.language_source = language, "person"
    if text is None:
        pass  # the language alone: the translation stays as made, and by whom
    elif is_blank(text):
        note.translation_text, note.translation_language, note.translation_by = "", "", ""
    else:
        note.translation_text, note.translation_language, note.translation_by = text, target, by
    note.seq = next_seq(session, workshop)
    return note


def release_for_translation(session: Session, workshop: Workshop, note_id, released) -> Note:
    """Release a hidden or pending note to the interpreter (`released` True), or take it
    back. A note on the board is the interpreter's anyway; releasing it changes nothing
    they see until it is hidden. Refused: a note that is not there, a flag that is not
    true or false."""
    if not isinstance(released, bool):
        raise InvalidInput(N_("Say whether the note is released to the interpreter (true or false)."))
    require_editable(workshop)
    note = find_note(session, workshop, note_id)
    note.released_for_translation = released
    note.seq = next_seq(session, workshop)
    return note


def rotate_interpreter_token(session: Session, workshop: Workshop) -> str:
    """A new interpreter link (the old one stops working at once)."""
    workshop.interpreter_token = new_secret()
    return workshop.interpreter_token


def revoke_interpreter_token(session: Session, workshop: Workshop) -> None:
    workshop.interpreter_token = ""


def interpreter_may_enter(workshop: Workshop, token: str) -> bool:
    """True while `token` is this workshop's current interpreter link."""
    current = workshop.interpreter_token or ""
    return bool(current) and isinstance(token, str) and compare_digest(token.encode(), current.encode())
