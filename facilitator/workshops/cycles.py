"""Cycles: every Now what? leads to the next What?.

"Start the next cycle" makes a new workshop linked to the previous one, with the title
and date the facilitator confirmed. Its first phase begins with the previous cycle's
actions as review cards (the `review` card kind, `review_of` naming the action), so the
room starts from "what happened to what we said we would do". The previous workshop
keeps its actions unchanged.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.store.models import Note, Workshop
from facilitator.workshops import own_words
from facilitator.workshops.actions import all_actions
from facilitator.workshops.cards import REVIEW
from facilitator.workshops.changes import next_seq
from facilitator.workshops.details import create_workshop
from facilitator.workshops.errors import N_, InvalidInput
from facilitator.workshops.lifecycle import _copy_settings
from facilitator.workshops.responses import find_response, response_summary
from facilitator.workshops.session_templates import SessionTemplate

MAX_CHAIN = 200


def start_next_cycle(
    session: Session, previous: Workshop, template: SessionTemplate, *, title=None, date=None
) -> Workshop:
    """A new draft workshop after `previous`, with review cards for its actions.

    `title` and `date` (year-month-day) are what the facilitator confirmed; without a
    title the new cycle is called after the old one ("… — cycle 2"), without a date it
    has none. A workshop has at most one next cycle: asking again refuses and names it.
    """
    following = session.scalar(select(Workshop).where(Workshop.previous_workshop_id == previous.id).limit(1))
    if following is not None:
        raise InvalidInput(
            N_("The next cycle already exists: “%(title)s” (%(code)s)."),
            params={"title": following.title, "code": following.code},
        )
    if title is None or (isinstance(title, str) and not title.strip()):
        title = next_cycle_title(session, previous)
    workshop = create_workshop(
        session, template, title=title, question=previous.question, date="" if date is None else date, venue=previous.venue
    )
    _copy_settings(previous, workshop)
    workshop.translations = own_words.carried(previous, ("question",))  # the same question, in every language
    workshop.previous_workshop_id = previous.id
    first = workshop.phases[0].key
    for action in all_actions(session, previous):
        if not action.on_board:  # proposals nobody confirmed and dropped actions stay behind
            continue
        session.add(
            Note(
                workshop_id=workshop.id,
                id=_review_id(previous, action.id),
                phase_key=first,
                text=review_text(action, find_response(session, previous, f"action:{action.id}")),
                review_of=f"{previous.code}:{action.id}",
                kind=REVIEW.key,
                framework_tag=action.framework_tag,
                # Its what and who in the phones' languages, as translated in the last cycle.
                translations=own_words.view(own_words.current(action, ("text", "owner"))),
                seq=next_seq(session, workshop),
            )
        )
    session.flush()
    return workshop


def next_cycle_title(session: Session, previous: Workshop) -> str:
    """The title a next cycle gets when the facilitator does not choose one: "<title> — cycle N"."""
    number = chain(session, previous).index(previous) + 2
    base = re.sub(r"\s+—\s+cycle \d+$", "", previous.title)
    return f"{base[:180]} — cycle {number}"


def review_text(action, response=None) -> str:
    """How an action reads on a review card: what, who, by when, where it stood, what the
    commissioners decided about it (`response`, a models.Response, if they answered) and
    what happened."""
    parts = [action.text]
    if action.owner:
        parts.append(f"Owner: {action.owner}")
    if action.due:
        parts.append(f"By: {action.due}")
    parts.append("Done" if action.status == "done" else "Agreed last time")
    if response is not None:
        parts.append(f"Commissioners' response: {response_summary(response)}")
    if action.outcome:
        parts.append(f"What happened: {action.outcome}")
    return "\n".join(parts)


def chain(session: Session, workshop: Workshop) -> list[Workshop]:
    """Every cycle of this piece of work, oldest first (this workshop included)."""
    earlier = []
    seen = {workshop.id}
    current = workshop
    while current.previous_workshop_id and len(earlier) < MAX_CHAIN:
        current = session.get(Workshop, current.previous_workshop_id)
        if current is None or current.id in seen:
            break
        seen.add(current.id)
        earlier.insert(0, current)
    later = []
    current = workshop
    while len(later) < MAX_CHAIN:
        following = session.scalar(
            select(Workshop).where(Workshop.previous_workshop_id == current.id).order_by(Workshop.id).limit(1)
        )
        if following is None or following.id in seen:
            break
        seen.add(following.id)
        later.append(following)
        current = following
    return earlier + [workshop] + later


def _review_id(previous: Workshop, action_id: str) -> str:
    import uuid

    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"facilitator:{previous.code}:{action_id}"))


def visible_cycles(listed: list[dict], may_open) -> list[dict]:
    """The cycle chain as a console's snapshot lists it (`{"code", "title", "date",
    "status", "current"}`, oldest first), for a viewer who may open only some workshops
    (`may_open(code)`: a co-facilitator holds one workshop's link, not the others'). The
    cycles they may not open keep their title, date and status but lose their join code,
    so a co-facilitator of cycle 2 does not learn cycle 1's (issue 12)."""
    return [
        cycle if cycle.get("current") or may_open(cycle["code"]) else {k: v for k, v in cycle.items() if k != "code"}
        for cycle in listed
    ]
