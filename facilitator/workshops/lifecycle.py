"""A workshop's life: draft → live → closed → archived; settings; search, duplicate, delete, purge.

Participants can post, vote and propose only while a workshop is *live*. Closing stops
all of that at once (phases and voting close, the timer stops). An *archived* workshop
is read-only until it is reopened. Deleting removes the workshop with everything in it.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from facilitator.store.models import Action, Note, Participant, Phase, Theme, ThemeChange, Vote, Workshop
from facilitator.workshops.changes import next_seq
from facilitator.workshops.errors import N_, InvalidInput, WorkshopClosed, WorkshopNotStarted
from facilitator.workshops.session_templates import SessionTemplate

STATUSES = ("draft", "live", "closed", "archived")
SETTINGS = ("show_nicknames", "lanyards_off", "premoderation", "show_translations")


def require_live(workshop: Workshop) -> None:
    """Refuse anything a participant does unless the workshop is live."""
    if workshop.status == "draft":
        raise WorkshopNotStarted()
    if workshop.status != "live":
        raise WorkshopClosed()


def require_running(workshop: Workshop) -> None:
    """Refuse live facilitation (voting, spotlight, scribing) once the workshop has closed."""
    if workshop.status in ("closed", "archived"):
        raise WorkshopClosed(N_("This workshop is closed. Reopen it first if you need to carry on."))


def require_editable(workshop: Workshop) -> None:
    """Refuse edits (themes, actions) to an archived workshop; a closed one can still be tidied."""
    if workshop.status == "archived":
        raise WorkshopClosed(N_("This workshop is archived, so it cannot be changed. Reopen it first."))


def set_status(session: Session, workshop: Workshop, status: str, now: float | None = None) -> Workshop:
    """Move the workshop to `status` (live, closed or archived).

    Closing closes every phase and the voting and stops the timer, in the same
    transaction, so every phone stops taking notes with the same change.
    """
    if status not in STATUSES[1:]:
        raise InvalidInput(N_("A workshop can be made live, closed or archived."))
    if status == workshop.status:
        return workshop
    if status in ("closed", "archived"):
        for phase in workshop.phases:
            phase.is_open = False
        workshop.voting_phase = None
        workshop.spotlight = None
        if workshop.timer_started_at is not None:  # stopped here, not by pause_timer: one change number
            now = time.time() if now is None else now
            workshop.timer_remaining = max(0.0, workshop.timer_remaining - (now - workshop.timer_started_at))
            workshop.timer_started_at = None
    workshop.status = status
    next_seq(session, workshop)
    return workshop


def set_options(session: Session, workshop: Workshop, options: dict) -> Workshop:
    """Change show_nicknames, lanyards_off or premoderation (each true or false)."""
    if not isinstance(options, dict) or not options:
        raise InvalidInput(N_("Say which settings to change."))
    unknown = set(options) - set(SETTINGS)
    if unknown:
        raise InvalidInput(
            N_("These settings do not exist: %(settings)s."), params={"settings": ", ".join(sorted(map(str, unknown)))}
        )
    if not all(isinstance(v, bool) for v in options.values()):
        raise InvalidInput(N_("Each setting is either on (true) or off (false)."))
    require_editable(workshop)
    for key, value in options.items():
        setattr(workshop, key, value)
    next_seq(session, workshop)
    return workshop


def search_workshops(session: Session, query: str = "", status: str = "") -> list[Workshop]:
    """Workshops whose title, venue, date or code contains `query`, newest first."""
    statement = select(Workshop).order_by(Workshop.created_at.desc(), Workshop.id.desc())
    query = (query or "").strip()[:100]
    if query:
        like = f"%{query.replace('%', '').replace('_', '')}%"
        statement = statement.where(
            or_(Workshop.title.ilike(like), Workshop.venue.ilike(like), Workshop.code.ilike(like), Workshop.date.ilike(like))
        )
    if status in STATUSES:
        statement = statement.where(Workshop.status == status)
    return list(session.scalars(statement))


def duplicate_workshop(session: Session, workshop: Workshop, template: SessionTemplate) -> Workshop:
    """A fresh draft with the same template, details and settings, and no notes."""
    from facilitator.workshops.details import create_workshop

    title = workshop.title if len(workshop.title) > 190 else f"{workshop.title} (copy)"
    copy = create_workshop(
        session, template, title=title[:200], question=workshop.question, date=workshop.date, venue=workshop.venue
    )
    _copy_settings(workshop, copy)
    return copy


def delete_workshop(session: Session, workshop: Workshop) -> str:
    """Delete the workshop and everything in it; returns its code (for its export files)."""
    code = workshop.code
    for model in (Vote, Action, Note, ThemeChange, Theme, Participant, Phase):
        session.execute(delete(model).where(model.workshop_id == workshop.id))
    session.execute(
        Workshop.__table__.update().where(Workshop.previous_workshop_id == workshop.id).values(previous_workshop_id=None)
    )
    session.execute(delete(Workshop).where(Workshop.id == workshop.id))
    session.expunge(workshop)
    return code


def expired_workshops(session: Session, days: int, now: datetime | None = None) -> list[Workshop]:
    """Workshops created more than `days` days ago, except live ones (never mid-session)."""
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise InvalidInput(N_("Keep workshops for at least one day."))
    cutoff = (now or datetime.now(timezone.utc)) - timedelta(days=days)
    candidates = session.scalars(select(Workshop).where(Workshop.status != "live"))
    return [w for w in candidates if _aware(w.created_at) < cutoff]


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; they were stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _copy_settings(source: Workshop, target: Workshop) -> None:
    for key in SETTINGS + ("dots_per_person", "note_max_chars"):
        setattr(target, key, getattr(source, key))
    target.partners = source.partners
    target.facilitator_name = source.facilitator_name
    target.prepared_for = source.prepared_for


def contents(session: Session, workshop: Workshop) -> dict[str, int]:
    """How much a workshop holds, to say what deleting it will remove."""
    from sqlalchemy import func

    def count(model) -> int:
        return session.scalar(select(func.count()).select_from(model).where(model.workshop_id == workshop.id))

    from facilitator.store.models import (
        Response,  # the commissioners' answers (issue 14)
    )

    return {"notes": count(Note), "participants": count(Participant), "votes": count(Vote), "actions": count(Action), "themes": count(Theme),
            "responses": count(Response)}
