"""Creating, finding and editing workshops; opening phases; the timer.

Plain functions over a SQLAlchemy session. Every change that a board must show bumps
the workshop's sequence number in the same transaction (see `next_seq`).
"""

from __future__ import annotations

import re
import time

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from facilitator.models import Participant, Phase, Workshop
from facilitator.templates_lib import SessionTemplate
from facilitator.workshops.codes import new_join_code, new_secret, normalise_join_code
from facilitator.workshops.errors import InvalidInput, UnknownPhase, WorkshopClosed, WorkshopNotFound
from facilitator.workshops.text import clean_line, clean_text, is_blank

TITLE_MAX = 200
QUESTION_MAX = 1000
VENUE_MAX = 200
MAX_TIMER_SECONDS = 4 * 60 * 60
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def next_seq(session: Session, workshop: Workshop) -> int:
    """Reserve the workshop's next change number; atomic even with several servers."""
    session.execute(update(Workshop).where(Workshop.id == workshop.id).values(seq=Workshop.seq + 1))
    workshop.seq = session.scalar(select(Workshop.seq).where(Workshop.id == workshop.id))
    return workshop.seq


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
        lanyards_off=True,
        dots_per_person=template_dots(template),
        timer_duration=template.phases[0].minutes * 60,
        timer_remaining=float(template.phases[0].minutes * 60),
        **details,
    )
    workshop.phases = [
        Phase(key=p.key, position=i, title=p.title, prompt=p.prompt, guidance=p.guidance, minutes=p.minutes)
        for i, p in enumerate(template.phases)
    ]
    session.add(workshop)
    session.flush()
    return workshop


def template_dots(template: SessionTemplate) -> int:
    """Dots per person for voting: the template's `dots_per_person` if it sets a sensible one, else 3."""
    dots = template.raw.get("dots_per_person", 3) if isinstance(template.raw, dict) else 3
    return dots if isinstance(dots, int) and not isinstance(dots, bool) and 1 <= dots <= 20 else 3


def find_workshop(session: Session, code: str) -> Workshop:
    """The workshop with join code `code` (as a person typed it), or WorkshopNotFound."""
    workshop = session.scalar(select(Workshop).where(Workshop.code == normalise_join_code(code)))
    if workshop is None:
        raise WorkshopNotFound()
    return workshop


def list_workshops(session: Session) -> list[Workshop]:
    """Every workshop, newest first."""
    return list(session.scalars(select(Workshop).order_by(Workshop.created_at.desc(), Workshop.id.desc())))


def count_participants(session: Session, workshop: Workshop) -> int:
    return session.scalar(select(func.count()).select_from(Participant).where(Participant.workshop_id == workshop.id))


def count_languages(session: Session, workshop: Workshop) -> dict[str, int]:
    """How many participants read each language ("" for phones that did not say)."""
    rows = session.execute(
        select(Participant.language, func.count())
        .where(Participant.workshop_id == workshop.id)
        .group_by(Participant.language)
    )
    return {language or "": count for language, count in rows}


def update_details(session: Session, workshop: Workshop, **fields: str) -> Workshop:
    """Change title, question, date or venue; other keys are refused."""
    unknown = set(fields) - {"title", "question", "date", "venue"}
    if unknown:
        raise InvalidInput(f"These details cannot be changed here: {', '.join(sorted(unknown))}.")
    merged = {k: getattr(workshop, k) for k in ("title", "question", "date", "venue")} | fields
    for key, value in _checked_details(**merged).items():
        setattr(workshop, key, value)
    next_seq(session, workshop)
    return workshop


def set_open_phases(session: Session, workshop: Workshop, keys: list[str]) -> Workshop:
    """Open exactly the phases named in `keys` (none, one or several) and close the rest.

    When this opens a single new phase and the timer is not running, the timer is set
    to that phase's suggested minutes, ready to start.
    """
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise InvalidInput("Say which phases to open, as a list.")
    known = {p.key: p for p in workshop.phases}
    if keys and workshop.status in ("closed", "archived"):
        raise WorkshopClosed("This workshop is closed. Reopen it from the console before opening a phase.")
    for key in keys:
        if key not in known:
            raise UnknownPhase(f"There is no phase called '{key}' in this workshop.")
    newly_open = [p for p in workshop.phases if p.key in keys and not p.is_open]
    for phase in workshop.phases:
        phase.is_open = phase.key in keys
    if len(newly_open) == 1 and workshop.timer_started_at is None:
        _set_timer(workshop, newly_open[0].minutes * 60)
    if keys and workshop.status == "draft":
        workshop.status = "live"
    next_seq(session, workshop)
    return workshop


def open_phase(workshop: Workshop, key: str) -> Phase:
    """The phase `key`, or UnknownPhase; PhaseClosed is the caller's to raise."""
    for phase in workshop.phases:
        if phase.key == key:
            return phase
    raise UnknownPhase(f"There is no phase called '{key}' in this workshop.")


def start_timer(session: Session, workshop: Workshop, now: float | None = None) -> Workshop:
    """Start or resume the countdown; a finished timer starts again from its full length."""
    now = time.time() if now is None else now
    if workshop.timer_started_at is None:
        if workshop.timer_remaining <= 0:
            workshop.timer_remaining = float(workshop.timer_duration)
        workshop.timer_started_at = now
        next_seq(session, workshop)
    return workshop


def pause_timer(session: Session, workshop: Workshop, now: float | None = None) -> Workshop:
    """Stop the countdown where it is."""
    now = time.time() if now is None else now
    if workshop.timer_started_at is not None:
        workshop.timer_remaining = max(0.0, workshop.timer_remaining - (now - workshop.timer_started_at))
        workshop.timer_started_at = None
        next_seq(session, workshop)
    return workshop


def reset_timer(session: Session, workshop: Workshop, seconds: int | None = None) -> Workshop:
    """Stop the timer and set it to `seconds` (default: its current length)."""
    if seconds is None:
        seconds = workshop.timer_duration
    if not isinstance(seconds, int) or isinstance(seconds, bool) or not 0 < seconds <= MAX_TIMER_SECONDS:
        raise InvalidInput("The timer takes a whole number of seconds, up to four hours.")
    _set_timer(workshop, seconds)
    next_seq(session, workshop)
    return workshop


def _set_timer(workshop: Workshop, seconds: int) -> None:
    workshop.timer_duration = seconds
    workshop.timer_remaining = float(seconds)
    workshop.timer_started_at = None


def _checked_details(*, title, question, date, venue) -> dict:
    if not all(isinstance(v, str) for v in (title, question, date, venue)):
        raise InvalidInput("Title, question, date and venue must be text.")
    title = clean_line(title, TITLE_MAX + 1)
    if is_blank(title):
        raise InvalidInput("Please give the workshop a title.")
    if len(title) > TITLE_MAX:
        raise InvalidInput(f"The title is longer than {TITLE_MAX} characters — please shorten it.")
    question = clean_text(question)
    if len(question) > QUESTION_MAX:
        raise InvalidInput(f"The question is longer than {QUESTION_MAX} characters — please shorten it.")
    date = date.strip()
    if date and not _ISO_DATE.match(date):
        raise InvalidInput("Please give the date as year-month-day, for example 2026-07-17.")
    venue = clean_line(venue, VENUE_MAX + 1)
    if len(venue) > VENUE_MAX:
        raise InvalidInput(f"The venue is longer than {VENUE_MAX} characters — please shorten it.")
    return {"title": title, "question": question, "date": date, "venue": venue}


def _unused_join_code(session: Session) -> str:
    for _ in range(20):
        code = new_join_code()
        if session.scalar(select(Workshop.id).where(Workshop.code == code)) is None:
            return code
    raise RuntimeError("Could not find a free join code")  # 20 collisions in 6.4e7: never in practice
