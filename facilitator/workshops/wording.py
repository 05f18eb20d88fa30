"""The facilitator's own words in the participants' languages (issue 28).

The facilitator writes the workshop's title and question, each phase's title, prompt and
guidance, the theme names, the actions (what and who) and the report's findings and
recommendations in one language. Each of these can carry translations, one per language,
made by an interpreter (through the workshop's interpreter link) or by a facilitator, so
an Arabic phone shows the question, the vote's candidates and the agreed actions in
Arabic, and the Arabic handout prints them.

A translation remembers the words it was made from (`source`). When the facilitator
changes the original (renames a theme, rewords the question), the translation is out of
date: no reader is given it (they see the original, marked as not yet translated in their
own language), and the translator is shown it as a starting point, marked as out of date.

Each row keeps its own translations (how they are stored and read: workshops/own_words.py).

Subjects, as clients name them: "workshop", "phase:<key>", "theme:<id>", "action:<id>".
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.store.models import Action, Theme, Workshop
from facilitator.workshops.actions import find_action
from facilitator.workshops.changes import Changes, next_seq
from facilitator.workshops.errors import N_, ActionNotFound, InvalidInput, NotAllowed, OriginalChanged
from facilitator.workshops.lifecycle import require_editable
from facilitator.workshops.own_words import FIELDS, Row, stored
from facilitator.workshops.own_words import original as own_original
from facilitator.workshops.phases import find_phase
from facilitator.workshops.text import clean_text, is_blank
from facilitator.workshops.themes import find_theme
from facilitator.workshops.translations import TRANSLATORS, checked_language

# The longest a translation may be: twice the longest original the console accepts, so a
# language that needs more words than English still fits (never cut).
LIMITS = {
    "title": 400, "name": 400, "owner": 400,
    "question": 2000, "prompt": 2000, "text": 4000, "guidance": 4000,
    "findings": 20000, "recommendations": 20000,
}


@dataclass(frozen=True)
class Subject:
    """One thing the facilitator wrote: its kind, how clients name it, and its row."""

    kind: str
    name: str
    row: Row


def find_subject(session: Session, workshop: Workshop, name) -> Subject:
    """The subject named "workshop", "phase:<key>", "theme:<id>" or "action:<id>", or a
    refusal: InvalidInput for a name of no such shape, the kind's own not-found error."""
    if not isinstance(name, str) or not name:
        raise InvalidInput(N_("Say what to translate: the workshop, a phase, a theme or an action."))
    kind, _, key = name.partition(":")
    if kind == "workshop" and not key:
        return Subject("workshop", "workshop", workshop)
    if kind == "phase" and key:
        return Subject("phase", name, find_phase(workshop, key))
    if kind == "theme" and key.isdigit():
        return Subject("theme", name, find_theme(session, workshop, int(key)))
    if kind == "action" and key:
        return Subject("action", name, find_action(session, workshop, key))
    raise InvalidInput(N_("Say what to translate: the workshop, a phase, a theme or an action."))


def interpreter_may_translate(subject: Subject) -> bool:
    """An interpreter translates what the room is shown, and the report's front page:
    not an action the facilitator has not agreed (nor one dropped)."""
    return subject.kind != "action" or bool(subject.row.on_board)


def translate(
    session: Session, workshop: Workshop, subject_name, field, language, text, *, by: str, original=None
) -> tuple[Subject, Changes]:
    """Set (or with empty `text`, remove) the translation of one of the facilitator's
    words into `language`, made from the original as it is now.

    Refused: an archived workshop, an unknown subject or field, a language no one knows,
    text that is not text or is too long (never cut), an original that is empty (nothing
    to translate), and for an interpreter an action the room is not shown (it answers as
    an action that is not there would); with `original` (the words the translator was
    shown), OriginalChanged when the facilitator has reworded them since, so a
    translation of the old words is never stored as one of the new.
    Returns the subject and what changed, for the broadcast.
    """
    if by not in TRANSLATORS:
        raise NotAllowed()
    require_editable(workshop)
    subject = find_subject(session, workshop, subject_name)
    if by == "interpreter" and not interpreter_may_translate(subject):
        raise ActionNotFound()
    if field not in FIELDS[subject.kind]:
        raise InvalidInput(N_("That part cannot be translated."))
    language = checked_language(language)
    if not language:
        raise InvalidInput(N_("Please say which language the translation is in."))
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise InvalidInput(N_("A translation must be text."))
    text = clean_text(text)
    if len(text) > LIMITS[field]:
        raise InvalidInput(
            N_("This translation is longer than %(limit)s characters — please shorten it."),
            params={"limit": LIMITS[field]},
        )
    words = own_original(subject.row, field)
    if not words.strip():
        raise InvalidInput(N_("There is nothing to translate here yet."))
    # Compared as cleaned text: a page hands back the words with its own line breaks and ends.
    if original is not None and (not isinstance(original, str) or clean_text(original) != clean_text(words)):
        raise OriginalChanged()
    translations = stored(subject.row)
    by_language = translations.get(field) if isinstance(translations.get(field), dict) else {}
    if is_blank(text):
        by_language.pop(language, None)
    else:
        by_language[language] = {"text": text, "source": words, "by": by}
    if by_language:
        translations[field] = by_language
    else:
        translations.pop(field, None)
    subject.row.translations = json.dumps(translations, ensure_ascii=False, sort_keys=True)
    return subject, _touched(session, workshop, subject)


def _touched(session: Session, workshop: Workshop, subject: Subject) -> Changes:
    """Take a change number and say which rows the room must be sent again."""
    seq = next_seq(session, workshop)
    if subject.kind == "theme":
        subject.row.seq = seq
        return Changes(themes=[subject.row], forgets=True)
    if subject.kind == "action":
        subject.row.seq = seq
        return Changes(actions=[subject.row], forgets=True)
    return Changes(workshop=True, forgets=True)


# ---- the translator's list ------------------------------------------------------------


def entry(subject: Subject, field: str) -> dict:
    """One line of the translator's list: {subject, field, original, translations:
    {language: {text, by, out_of_date}}} (out-of-date ones kept, as a starting point)."""
    words = own_original(subject.row, field)
    kept = stored(subject.row).get(field)
    translations = {}
    for language, saved in (kept.items() if isinstance(kept, dict) else ()):
        if isinstance(saved, dict) and saved.get("text"):
            translations[language] = {
                "text": saved["text"], "by": saved.get("by", ""), "out_of_date": saved.get("source") != words,
            }
    return {"subject": subject.name, "kind": subject.kind, "field": field, "original": words, "translations": translations}


def entries(session: Session, workshop: Workshop, *, by: str) -> list[dict]:
    """Everything of the facilitator's words there is to translate, in the order the room
    meets it: the workshop, its phases, the live themes, then the actions (for an
    interpreter only the agreed ones). Empty originals are left out."""
    subjects = [Subject("workshop", "workshop", workshop)]
    subjects += [Subject("phase", f"phase:{p.key}", p) for p in workshop.phases]
    themes = session.scalars(
        select(Theme).where(Theme.workshop_id == workshop.id, Theme.deleted.is_(False)).order_by(Theme.phase_key, Theme.position, Theme.id)
    )
    subjects += [Subject("theme", f"theme:{t.id}", t) for t in themes]
    actions = session.scalars(
        select(Action).where(Action.workshop_id == workshop.id, Action.status != "dropped").order_by(Action.created_at, Action.id)
    )
    subjects += [Subject("action", f"action:{a.id}", a) for a in actions]
    out = []
    for subject in subjects:
        if by == "interpreter" and not interpreter_may_translate(subject):
            continue
        for field in FIELDS[subject.kind]:
            if own_original(subject.row, field).strip():
                out.append(entry(subject, field))
    return out
