"""Commissioners' responses: what they decided about a workshop's recommendations and actions.

The facilitator makes a response link (a per-workshop secret, 192 random bits; "" means
no link), can replace or revoke it, and locks the answers when they are final. Whoever
holds the link sees the workshop's recommendations and agreed actions and records, for
each, one of four decisions, what will be done, by whom and by when, and optionally the
decision or document it fed. Until the lock an answer can be changed; after it every
change is refused and nothing recorded is lost.

What can be answered ("items") comes from the report: each of the facilitator's
recommendations (a bullet or paragraph of `workshop.recommendations`) and each agreed
(confirmed or done) action. An item's key is "action:<id>" or "rec:<digest of its words>",
so reordering recommendations keeps their answers; rewording one starts it afresh, and
its old answer stays, with the words it answered.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from hmac import compare_digest

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.store.models import Action, Response, Workshop, utcnow
from facilitator.workshops.codes import new_secret
from facilitator.workshops.errors import N_, InvalidInput, WorkshopError
from facilitator.workshops.text import clean_text, is_blank

# The four answers, in the order the page offers them, with the words people read.
DECISIONS = {
    "agreed": N_("Agreed"),
    "partly": N_("Agreed in part"),
    "not_now": N_("Not now"),
    "not_ours": N_("Not ours to decide"),
}
TEXT_LIMIT = 2000
SHORT_LIMIT = 200
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")


class ResponsesLocked(WorkshopError):
    code = "responses_locked"
    message = N_(
        "The facilitator has locked the responses, so they cannot be changed any more. "
        "Everything already recorded is kept. Please contact the facilitator if something needs to change."
    )


class LinkNotValid(WorkshopError):
    code = "link_not_valid"
    message = N_("This response link is no longer valid. Please ask the facilitator for a new one.")


@dataclass
class Item:
    """One thing a commissioner can answer: a recommendation or an agreed action."""

    key: str
    kind: str  # "recommendation" | "action"
    text: str
    evidence: list[str] = field(default_factory=list)  # what the report shows it came from
    owner: str = ""
    due: str = ""


def recommendation_key(text: str) -> str:
    words = " ".join(text.split()).casefold()
    return "rec:" + hashlib.sha256(words.encode()).hexdigest()[:16]


def split_recommendations(markdown: str) -> list[str]:
    """The facilitator's recommendations as items: one per bullet (or numbered line),
    or one per paragraph when there are no bullets. Continuation lines join their item."""
    lines = (markdown or "").splitlines()
    bulleted = any(_BULLET.match(line) for line in lines)
    items: list[str] = []
    current: list[str] = []
    for line in lines:
        starts = bool(_BULLET.match(line)) if bulleted else (not line.strip())
        if starts:
            if current:
                items.append(" ".join(current))
            current = []
        text = _BULLET.sub("", line, count=1).strip() if bulleted else line.strip()
        if text:
            current.append(text)
    if current:
        items.append(" ".join(current))
    return [item for item in items if not is_blank(item)]


def items_of(recommendations_md: str, drafted: bool, actions) -> list[Item]:
    """What the response page lists: the facilitator's recommendations (not the product's
    draft, which only repeats the actions), then every agreed action with its sources.
    `actions` are the report's action views (reports/context.ActionView)."""
    items: list[Item] = []
    seen: set[str] = set()
    for text in [] if drafted else split_recommendations(recommendations_md):
        key = recommendation_key(text)
        if key not in seen:  # the same words twice are one recommendation
            seen.add(key)
            items.append(Item(key, "recommendation", text))
    for action in actions:
        if action.status not in ("confirmed", "done") or not getattr(action, "id", ""):
            continue
        key = f"action:{action.id}"
        if key in seen:
            continue
        seen.add(key)
        items.append(Item(key, "action", action.text, list(action.sources), action.owner, action.due))
    return items


def _text(value, limit: int, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(N_("Please write %(what)s as text."), params={"what": what})
    value = clean_text(value).strip()
    if len(value) > limit:
        raise InvalidInput(
            N_("This is longer than %(limit)s characters — please shorten it."), params={"limit": limit}, limit=limit
        )
    return value


def _date(value) -> str:
    if value in (None, ""):
        return ""
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise InvalidInput(N_("Please give the date as a date, for example 2026-09-30.")) from None


def responder_may_enter(workshop: Workshop, token) -> bool:
    """True while `token` is this workshop's current response link."""
    current = workshop.response_token or ""
    return bool(current) and isinstance(token, str) and compare_digest(token.encode(), current.encode())


def record(session: Session, workshop: Workshop, token, item: Item, fields: dict) -> Response:
    """Record (or change) the answer to `item` through the response link `token`.

    Refused: a link that is not the current one (LinkNotValid), locked responses
    (ResponsesLocked; nothing changes), an unknown decision, "not ours to decide" without
    who should decide, text too long, a date that is not a date.
    """
    if not responder_may_enter(workshop, token):
        raise LinkNotValid()
    if workshop.responses_locked:
        raise ResponsesLocked()
    decision = fields.get("decision")
    if decision not in DECISIONS:
        raise InvalidInput(N_("Please choose one of the answers: agreed, agreed in part, not now, or not ours to decide."))
    forward_to = _text(fields.get("forward_to"), SHORT_LIMIT, "who should decide")
    if decision == "not_ours" and not forward_to:
        raise InvalidInput(N_("Please say who should decide this, so the facilitator can take it to them."))
    values = {
        "decision": decision,
        "forward_to": forward_to if decision == "not_ours" else "",
        "what": _text(fields.get("what"), TEXT_LIMIT, "what will be done"),
        "who": _text(fields.get("who"), SHORT_LIMIT, "who will do it"),
        "by_when": _date(fields.get("by_when")),
        "fed_into": _text(fields.get("fed_into"), TEXT_LIMIT, "the decision or document"),
    }
    response = find_response(session, workshop, item.key)
    if response is None:
        response = Response(workshop_id=workshop.id, item_key=item.key)
        session.add(response)
    response.item_text = item.text
    for name, value in values.items():
        setattr(response, name, value)
    response.updated_at = utcnow()
    session.flush()
    return response


def find_response(session: Session, workshop: Workshop, key: str) -> Response | None:
    return session.scalars(select(Response).where(Response.workshop_id == workshop.id, Response.item_key == key)).first()


def responses_of(session: Session, workshop: Workshop) -> list[Response]:
    """Every recorded answer of the workshop, oldest first."""
    return list(session.scalars(select(Response).where(Response.workshop_id == workshop.id).order_by(Response.created_at, Response.id)))


def rotate_response_token(session: Session, workshop: Workshop) -> str:
    """A new response link (the old one stops working at once)."""
    workshop.response_token = new_secret()
    return workshop.response_token


def revoke_response_token(session: Session, workshop: Workshop) -> None:
    workshop.response_token = ""


def set_locked(session: Session, workshop: Workshop, locked: bool) -> None:
    workshop.responses_locked = bool(locked)


def response_summary(response: Response) -> str:
    """One line in plain words: "Agreed in part — pilot in two practices (ICB, by 2026-10-01)"."""
    said = DECISIONS.get(response.decision, response.decision)
    if response.decision == "not_ours" and response.forward_to:
        said += f" (to be decided by {response.forward_to})"
    if response.what:
        said += f" — {response.what}"
    who = ", ".join(p for p in (response.who, f"by {response.by_when}" if response.by_when else "") if p)
    return f"{said} ({who})" if who else said


def response_view(response: Response) -> dict:
    """An answer as exports and pages read it (plain values; text is never markup)."""
    return {
        "item": response.item_key,
        "item_text": response.item_text,
        "decision": response.decision,
        "forward_to": response.forward_to,
        "what": response.what,
        "who": response.who,
        "by_when": response.by_when,
        "fed_into": response.fed_into,
        "decision_label": DECISIONS.get(response.decision, response.decision),  # English; pages translate the key
        "created_at": response.created_at.isoformat() if response.created_at else "",
        "updated_at": response.updated_at.isoformat() if response.updated_at else "",
    }


def answer_counts(session: Session, workshops) -> dict[int, tuple[int, int]]:
    """{workshop id: (items answered, items to answer)} for the workshop list, without
    building reports: the items are the facilitator's recommendations and the agreed
    actions, as on the response page. Only workshops with a link or an answer appear."""
    counts = {}
    for workshop in workshops:
        answered_keys = set(session.scalars(select(Response.item_key).where(Response.workshop_id == workshop.id)))
        if not workshop.response_token and not answered_keys:
            continue
        keys = {recommendation_key(t) for t in split_recommendations(workshop.recommendations)} if (workshop.recommendations or "").strip() else set()
        keys |= {f"action:{i}" for i in session.scalars(select(Action.id).where(Action.workshop_id == workshop.id, Action.on_board))}
        counts[workshop.id] = (len(keys & answered_keys), len(keys))
    return counts


def impact_log(session: Session) -> list[dict]:
    """Every decision recorded across workshops, newest workshop first: {"workshop", "code",
    "workshop_date", "response": response_view}. The evidence a partnership reports to its
    funders and board (the impact page, `facilitator impact`)."""
    rows = session.execute(
        select(Response, Workshop)
        .join(Workshop, Workshop.id == Response.workshop_id)
        .order_by(Workshop.date.desc(), Workshop.created_at.desc(), Workshop.id.desc(), Response.created_at, Response.id)
    )
    return [
        {"workshop": workshop.title, "code": workshop.code, "workshop_date": workshop.date, "response": response_view(response)}
        for response, workshop in rows
    ]
