"""Actions: the Now what? turned into who does what by when.

Participants propose actions from their phones while the last phase (Now what?) is
open; the facilitator writes, edits and confirms them. Boards show confirmed and done
actions; a proposal reaches the board only once the facilitator confirms it. An
action's id is made by whoever creates it (a UUID), so a retried proposal is stored once.
"""

from __future__ import annotations

import re
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.store.models import Action, Note, Participant, Theme, Workshop
from facilitator.workshops.changes import next_seq
from facilitator.workshops.errors import N_, ActionNotFound, EmptyNote, InvalidInput, NoteHidden, PhaseClosed
from facilitator.workshops.lifecycle import require_editable, require_live
from facilitator.workshops.session_templates import SessionTemplate
from facilitator.workshops.text import clean_text, is_blank

STATUSES = ("proposed", "confirmed", "done", "dropped")
TEXT_MAX = 1000
OWNER_MAX = 200
MAX_LINKS = 50
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def framework_view(template: SessionTemplate | None) -> dict:
    """The template's framework as consoles draw it: {"name", "tags": [{"key", "label"}]}
    (an empty name and no tags when it has none). Read from the validated template."""
    framework = template.framework if template is not None else None
    if framework is None:
        return {"name": "", "tags": []}
    return {"name": framework.name, "tags": [{"key": t.key, "label": t.label} for t in framework.tags]}


def propose(
    session: Session, workshop: Workshop, participant: Participant, *, action_id, text, owner="", due=""
) -> tuple[Action, bool]:
    """A participant proposes an action while the last phase is open: returns (action, is_new)."""
    action_id = _checked_id(action_id)
    existing = session.get(Action, (workshop.id, action_id))
    if existing is not None:
        if existing.proposed_by != participant.id:
            raise InvalidInput(N_("That action id is already taken. Please try again."))
        return existing, False
    require_live(workshop)
    last = workshop.phases[-1]
    if not last.is_open:
        raise PhaseClosed(N_("Actions can be proposed while %(phase)s is open. Your text is kept."), params={"phase": last.title})
    fields = _fields({"text": text, "owner": owner, "due": due}, require_text=True)
    action = Action(
        workshop_id=workshop.id, id=action_id, status="proposed", proposed_by=participant.id, seq=next_seq(session, workshop), **fields,
    )
    session.add(action)
    if not participant.posted:
        participant.posted = True  # they said something (workshops/arrivals.py)
    session.flush()
    return action, True


def save(session: Session, workshop: Workshop, template: SessionTemplate | None, action_id, changes: dict) -> Action:
    """The facilitator creates or edits an action (text, owner, due, links, framework_tag, status, outcome).

    A new action is confirmed unless `status` says otherwise.
    """
    require_editable(workshop)
    if not isinstance(changes, dict):
        raise InvalidInput(N_("Send the action's fields."))
    action_id = _checked_id(action_id) if action_id else str(uuid.uuid4())
    action = session.get(Action, (workshop.id, action_id))
    is_new = action is None
    fields = _fields(changes, require_text=is_new)
    if "links" in changes:
        fields["links"] = _links(session, workshop, changes["links"])
    if "framework_tag" in changes:
        tag = changes["framework_tag"] or ""
        if tag and tag not in {t["key"] for t in framework_view(template)["tags"]}:
            raise InvalidInput(N_("Choose a tag from the workshop's framework, or none."))
        fields["framework_tag"] = tag
    if "status" in changes:
        if changes["status"] not in STATUSES:
            raise InvalidInput(N_("An action is proposed, confirmed, done or dropped."))
        fields["status"] = changes["status"]
    if is_new:
        action = Action(workshop_id=workshop.id, id=action_id, status="confirmed", seq=0)
        session.add(action)
    for key, value in fields.items():
        setattr(action, key, value)
    action.seq = next_seq(session, workshop)
    session.flush()
    return action


def find_action(session: Session, workshop: Workshop, action_id) -> Action:
    action = session.get(Action, (workshop.id, _checked_id(action_id)))
    if action is None:
        raise ActionNotFound()
    return action


def actions_since(session: Session, workshop: Workshop, since: int = 0, limit: int | None = None) -> list[Action]:
    """Actions created or changed after change number `since` (tombstones
    included), oldest change first; at most `limit` of them when given."""
    statement = select(Action).where(Action.workshop_id == workshop.id, Action.seq > since).order_by(Action.seq)
    return list(session.scalars(statement if limit is None else statement.limit(limit)))


def all_actions(session: Session, workshop: Workshop) -> list[Action]:
    return list(session.scalars(select(Action).where(Action.workshop_id == workshop.id).order_by(Action.created_at)))


# ---- helpers --------------------------------------------------------------------


def _fields(values: dict, require_text: bool) -> dict:
    fields = {}
    if "text" in values or require_text:
        text = values.get("text")
        if not isinstance(text, str):
            raise InvalidInput(N_("An action needs some text: what will be done?"))
        text = clean_text(text)
        if is_blank(text):
            raise EmptyNote(N_("Please say what will be done."))
        if len(text) > TEXT_MAX:
            raise InvalidInput(N_("This action is longer than %(limit)s characters — please shorten it."), params={"limit": TEXT_MAX})
        fields["text"] = text
    if "owner" in values:
        owner = values.get("owner") or ""
        if not isinstance(owner, str):
            raise InvalidInput(N_("Who owns the action must be text."))
        owner = " ".join(clean_text(owner).split())
        if len(owner) > OWNER_MAX:  # refused, never cut: a cut name or team is a wrong one
            raise InvalidInput(
                N_("Who owns the action can be at most %(limit)s characters — please shorten it."),
                params={"limit": OWNER_MAX},
                limit=OWNER_MAX,
            )
        fields["owner"] = owner
    if "due" in values:
        due = values.get("due") or ""
        if not isinstance(due, str) or (due.strip() and not _ISO_DATE.match(due.strip())):
            raise InvalidInput(N_("Please give the date as year-month-day, for example 2026-09-30."))
        fields["due"] = due.strip()
    if "outcome" in values:
        outcome = values.get("outcome") or ""
        if not isinstance(outcome, str) or len(outcome) > TEXT_MAX:
            raise InvalidInput(N_("What happened must be text of at most %(limit)s characters."), params={"limit": TEXT_MAX})
        fields["outcome"] = clean_text(outcome)
    return fields


def _links(session: Session, workshop: Workshop, links) -> list[str]:
    """Check "note:<id>" / "theme:<id>" links: each must point at something on the board."""
    if not isinstance(links, list) or len(links) > MAX_LINKS or not all(isinstance(x, str) for x in links):
        raise InvalidInput(N_("Links must be a list of notes and themes."))
    checked = []
    for link in links:
        kind, _, ref = link.partition(":")
        if kind == "note":
            note = session.get(Note, (workshop.id, ref))
            if note is None or not note.on_board:
                raise NoteHidden(N_("One of the linked notes is not on the board any more."))
        elif kind == "theme" and ref.isdigit():
            theme = session.get(Theme, int(ref))
            if theme is None or theme.workshop_id != workshop.id or theme.deleted:
                raise NoteHidden(N_("One of the linked themes does not exist any more."))
            ref = str(int(ref))
        else:
            raise InvalidInput(N_("Links must be notes or themes."))
        if f"{kind}:{ref}" not in checked:
            checked.append(f"{kind}:{ref}")
    return checked


def _checked_id(action_id) -> str:
    try:
        return str(uuid.UUID(action_id))
    except (TypeError, ValueError, AttributeError):
        raise InvalidInput(N_("This action has no valid id. Please reload the page and try again.")) from None
