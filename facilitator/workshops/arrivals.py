"""One person, one voice against scripts (issue 21, row 10): the facilitator's alert.

A script on one address can make a crowd of "people" who vote and say nothing. The
server notes who arrived together (`Participant.arrival_burst`, facilitator/web/bursts.py)
and, when such a burst votes without posting, the consoles are told:

    "126 people joined from one network within 24 seconds. None of them posted
     anything, and they placed 378 dots."  (or "40 of them placed 120 dots and
     posted nothing")

with two answers: discard their dots (the people in the burst who voted and posted
nothing lose every dot they placed and place no more), or keep them (the burst is
forgotten). We chose an alert over a waiting rule ("a dot counts only from someone seen
for N minutes"): a rule only delays a script, while it silently drops the dots of real
people who arrived late, share a phone or reconnected; the facilitator can see the room.

A burst is suspect when at least `MIN_PEOPLE` of its people placed dots and posted
nothing (no note, no proposed action), and they are at least `SILENT_SHARE` of it. A real
room that joined together has mostly said something before the vote; a script that
joins while the room is arriving, to hide among it, still stands out.
"""

from __future__ import annotations

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.orm import Session

from facilitator.store.models import Participant, Vote, Workshop
from facilitator.workshops.changes import next_seq
from facilitator.workshops.errors import N_, InvalidInput
from facilitator.workshops.lifecycle import require_editable

MIN_PEOPLE = 20
SILENT_SHARE = 1 / 3
_BURST_ID_MAX = 16


def suspect_bursts(session: Session, workshop: Workshop) -> list[dict]:
    """The bursts the facilitator should look at, largest first:
    [{"burst", "people", "silent", "dots", "seconds"}, ...] — `silent` people placed
    `dots` and posted nothing; never who they are or where from.

    Runs with every dot placed (the consoles' `votes`): one query on the (workshop,
    burst) index finds the bursts with enough people who posted nothing; only while
    there are such bursts, a second counts their dots.
    """
    silent_people = func.sum(case((Participant.posted.is_(False), 1), else_=0))
    groups = {
        burst: (people, first, last)
        for burst, people, first, last in session.execute(
            select(Participant.arrival_burst, func.count(), func.min(Participant.joined_at), func.max(Participant.joined_at))
            .where(Participant.workshop_id == workshop.id, Participant.arrival_burst.is_not(None))
            .group_by(Participant.arrival_burst)
            .having(func.count() >= MIN_PEOPLE, silent_people >= MIN_PEOPLE, silent_people >= SILENT_SHARE * func.count())
        )
    }
    if not groups:
        return []
    silent: dict[str, list[int]] = {}
    for burst, dots in session.execute(
        select(Participant.arrival_burst, func.count())
        .join(Vote, Vote.participant_id == Participant.id)
        .where(Participant.workshop_id == workshop.id, Participant.arrival_burst.in_(sorted(groups)),
               Participant.posted.is_(False))
        .group_by(Participant.arrival_burst, Participant.id)
    ):
        silent.setdefault(burst, []).append(dots)
    alerts = []
    for burst, dots in silent.items():
        people, first, last = groups[burst]
        if len(dots) >= max(MIN_PEOPLE, SILENT_SHARE * people):
            alerts.append({"burst": burst, "people": people, "silent": len(dots), "dots": sum(dots),
                           "seconds": max(1, round((last - first).total_seconds()))})
    return sorted(alerts, key=lambda a: (-a["silent"], a["burst"]))


def discard_dots(session: Session, workshop: Workshop, burst) -> dict:
    """Discard the dots of everyone in `burst` who placed dots and posted nothing (the
    `silent` of its alert, and any like them since): they place no more.

    Those who posted keep their dots; they and the discarded leave the burst. Those who
    have neither posted nor voted stay in it, so if enough of them vote later the alert
    comes back. Asking twice (two co-facilitators at once) discards nothing more:
    {"people": 0, "dots": 0}.
    """
    require_editable(workshop)
    burst = _checked(burst)
    in_burst = (Participant.workshop_id == workshop.id, Participant.arrival_burst == burst)
    silent = sorted(session.scalars(
        select(Participant.id).where(*in_burst, Participant.posted.is_(False),
                                     select(Vote.id).where(Vote.participant_id == Participant.id).exists())))
    dots = 0
    if silent:
        dots = session.execute(
            delete(Vote).where(Vote.workshop_id == workshop.id, Vote.participant_id.in_(silent))
        ).rowcount or 0
        session.execute(update(Participant).where(Participant.id.in_(silent)).values(dots_discarded=True, arrival_burst=None))
    spoke = session.execute(
        update(Participant).where(*in_burst, Participant.posted.is_(True)).values(arrival_burst=None)
    ).rowcount or 0
    if silent or spoke:
        next_seq(session, workshop)
    return {"people": len(silent), "dots": dots}


def keep(session: Session, workshop: Workshop, burst) -> int:
    """The facilitator says the burst is people in the room: forget it; returns how many."""
    require_editable(workshop)
    forgotten = _forget(session, workshop, _checked(burst))
    if forgotten:
        next_seq(session, workshop)
    return forgotten


def _checked(burst) -> str:
    if not isinstance(burst, str) or not burst or len(burst) > _BURST_ID_MAX:
        raise InvalidInput(N_("Say which alert, by its id."))
    return burst


def _forget(session: Session, workshop: Workshop, burst: str) -> int:
    return session.execute(
        update(Participant)
        .where(Participant.workshop_id == workshop.id, Participant.arrival_burst == burst)
        .values(arrival_burst=None)
    ).rowcount or 0
