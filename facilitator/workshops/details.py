"""A workshop's details: creating, finding, listing and editing workshops.

Plain functions over a SQLAlchemy session. Every change that a board must show bumps
the workshop's change number in the same transaction (`changes.next_seq`). Phases, the
timer and the board's view are in `phases.py`.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.store.models import Phase, Workshop
from facilitator.workshops.changes import next_seq
from facilitator.workshops.codes import new_join_code, new_secret, normalise_join_code
from facilitator.workshops.errors import N_, InvalidInput, WorkshopNotFound
from facilitator.workshops.own_words import from_template
from facilitator.workshops.session_templates import SessionTemplate
from facilitator.workshops.text import clean_line, clean_text, is_blank

TITLE_MAX = 200
QUESTION_MAX = 1000
VENUE_MAX = 200
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def create_workshop(
    session: Session,
    template: SessionTemplate,
    *,
    title: str,
    question: str = "",
    date: str = "",
    venue: str = "",
) -> Workshop:
    """A new workshop, shaped by `template`, with a fresh join code and secrets."""
    details = _checked_details(title=title, question=question, date=date, venue=venue)
    workshop = Workshop(
        code=_unused_join_code(session),
        template_key=template.key,
        note_max_chars=template.note_max_chars,
        board_secret=new_secret(),
        cofacilitator_token=new_secret(),
        seq=0,
        status="draft",  # goes live when the facilitator first opens a phase
        lanyards_off=True,  # anonymous by default: groups are kept, not shown
        dots_per_person=template.dots_per_person,
        timer_duration=template.phases[0].minutes * 60,
        timer_remaining=float(template.phases[0].minutes * 60),
        timer_phase=template.phases[0].key,
        **details,
    )
    workshop.phases = [
        Phase(
            key=p.key, position=i, title=p.title, prompt=p.prompt, guidance=p.guidance, minutes=p.minutes,
            # The template's own translations, so phones read the phase in their language
            # until the facilitator rewords it (then it is not yet translated: own_words.py).
            translations=from_template({"title": p.title, "prompt": p.prompt, "guidance": p.guidance}, p.translations),
        )
        for i, p in enumerate(template.phases)
    ]
    session.add(workshop)
    session.flush()
    return workshop


def find_workshop(session: Session, code: str) -> Workshop:
    """The workshop with join code `code` (as a person typed it), or WorkshopNotFound."""
    workshop = session.scalar(select(Workshop).where(Workshop.code == normalise_join_code(code)))
    if workshop is None:
        raise WorkshopNotFound()
    return workshop


def list_workshops(session: Session) -> list[Workshop]:
    """Every workshop, newest first."""
    return list(session.scalars(select(Workshop).order_by(Workshop.created_at.desc(), Workshop.id.desc())))


def workshops_with_codes(session: Session, codes) -> list[Workshop]:
    """The workshops whose join codes are in `codes` (any order)."""
    codes = list(codes)
    return list(session.scalars(select(Workshop).where(Workshop.code.in_(codes)))) if codes else []


def update_details(session: Session, workshop: Workshop, **fields: str) -> Workshop:
    """Change title, question, date or venue; other keys are refused."""
    unknown = set(fields) - {"title", "question", "date", "venue"}
    if unknown:
        raise InvalidInput(
            N_("These details cannot be changed here: %(fields)s."), params={"fields": ", ".join(sorted(map(str, unknown)))}
        )
    merged = {k: getattr(workshop, k) for k in ("title", "question", "date", "venue")} | fields
    for key, value in _checked_details(**merged).items():
        setattr(workshop, key, value)
    next_seq(session, workshop)
    return workshop


def _checked_details(*, title, question, date, venue) -> dict:
    if not all(isinstance(v, str) for v in (title, question, date, venue)):
        raise InvalidInput(N_("Title, question, date and venue must be text."))
    title = clean_line(title, TITLE_MAX + 1)
    if is_blank(title):
        raise InvalidInput(N_("Please give the workshop a title."))
    if len(title) > TITLE_MAX:
        raise InvalidInput(N_("The title is longer than %(limit)s characters — please shorten it."), params={"limit": TITLE_MAX})
    question = clean_text(question)
    if len(question) > QUESTION_MAX:
        raise InvalidInput(
            N_("The question is longer than %(limit)s characters — please shorten it."), params={"limit": QUESTION_MAX}
        )
    date = date.strip()
    if date and not _ISO_DATE.match(date):
        raise InvalidInput(N_("Please give the date as year-month-day, for example 2026-07-17."))
    venue = clean_line(venue, VENUE_MAX + 1)
    if len(venue) > VENUE_MAX:
        raise InvalidInput(N_("The venue is longer than %(limit)s characters — please shorten it."), params={"limit": VENUE_MAX})
    return {"title": title, "question": question, "date": date, "venue": venue}


def _unused_join_code(session: Session) -> str:
    for _ in range(20):
        code = new_join_code()
        if session.scalar(select(Workshop.id).where(Workshop.code == code)) is None:
            return code
    raise RuntimeError("Could not find a free join code")  # 20 collisions in 6.4e7: never in practice
