"""Who has joined a workshop: how many people, and how many read each language.

Kept as running totals on the workshop's row, moved on by each join in the same
transaction, so a join costs the same in a room of 3,000 as in a room of 30 (issue 16:
counting every participant and every language on each join made joins slower as the
room filled). A workshop whose totals were never kept (NULL: made by an import or an
older version) is counted from its participants once, at its next join.
"""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from facilitator.store.models import Participant, Workshop


def count_participants(session: Session, workshop: Workshop) -> int:
    """How many people have joined."""
    if workshop.joined_count is None:
        return _counted(session, workshop)[0]
    return workshop.joined_count


def count_languages(session: Session, workshop: Workshop) -> dict[str, int]:
    """How many participants read each language ("" for phones that did not say)."""
    if workshop.joined_languages is None:
        return _counted(session, workshop)[1]
    return dict(json.loads(workshop.joined_languages))


def record_join(session: Session, workshop: Workshop, language: str, *, was: str | None) -> None:
    """A participant joined (`was` None: someone new) or switched from language `was` to
    `language`; the participant is already in `session`. A workshop without totals is
    counted from its rows, this one included (the session is flushed for that)."""
    if workshop.joined_count is None or workshop.joined_languages is None:
        session.flush()
        workshop.joined_count, languages = _counted(session, workshop)
    else:
        languages = json.loads(workshop.joined_languages)
        if was is None:
            workshop.joined_count += 1
        else:
            languages[was] = languages.get(was, 0) - 1
            if languages[was] <= 0:
                del languages[was]
        languages[language] = languages.get(language, 0) + 1
    workshop.joined_languages = json.dumps(languages, sort_keys=True)


def _counted(session: Session, workshop: Workshop) -> tuple[int, dict[str, int]]:
    rows = session.execute(
        select(Participant.language, func.count()).where(Participant.workshop_id == workshop.id).group_by(Participant.language)
    )
    languages = {language or "": count for language, count in rows}
    return sum(languages.values()), languages
