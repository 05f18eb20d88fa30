"""The participants one transaction of joins may name, found without a query each.

A phone's join names up to two people: the id it was given earlier and the seat in its
cookie. Looked up one by one, each name was a query, and each query first flushed what
the transaction had made so far; a batch of 200 joins (join_batches.py) paid 200
flushes and up to 600 queries (issue 16). `People` loads everyone a batch names in one
query, and remembers the people the transaction makes, so a seat named twice in one
batch is the same person both times. A phone that comes back is also sent its own notes
and actions: those of everyone the batch names come in one query each, not two per phone.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.store.models import Action, Note, Participant, Workshop

_IDS_PER_QUERY = 500  # well under SQLite's limit on bound parameters


class People:
    """Participants by id, for one transaction: those named when it was made, and those
    `made` in it since. `get` never queries the database."""

    def __init__(self, session: Session, ids: Iterable):
        wanted = sorted({i for i in ids if isinstance(i, str) and i})
        self._session = session
        self._by_id: dict[str, Participant] = {}
        for chunk in _chunks(wanted):
            for participant in session.scalars(select(Participant).where(Participant.id.in_(chunk))):
                self._by_id[participant.id] = participant
        self._named = set(self._by_id)  # those that existed before this transaction
        self._work: dict[tuple, dict[str, list]] = {}  # (kind, workshop id) -> participant id -> rows

    def get(self, participant_id) -> Participant | None:
        """The participant with this id (in any workshop), or None; any non-text id is None."""
        return self._by_id.get(participant_id) if isinstance(participant_id, str) else None

    def made(self, participant: Participant) -> None:
        """Someone new was added to the session in this transaction."""
        self._by_id[participant.id] = participant

    def own_notes(self, workshop: Workshop, participant: Participant) -> list[Note]:
        """A participant's own notes in `workshop`, oldest first, hidden ones included."""
        return self._own(Note, Note.participant_id, workshop, participant)

    def own_actions(self, workshop: Workshop, participant: Participant) -> list[Action]:
        """The actions a participant suggested in `workshop`, oldest first."""
        return self._own(Action, Action.proposed_by, workshop, participant)

    def _own(self, model, author, workshop: Workshop, participant: Participant) -> list:
        key = (model, workshop.id)
        if key not in self._work:  # first asked: everyone named, in one query
            rows: dict[str, list] = {}
            named = sorted(pid for pid in self._named if self._by_id[pid].workshop_id == workshop.id)
            for chunk in _chunks(named):
                query = select(model).where(model.workshop_id == workshop.id, author.in_(chunk)).order_by(model.seq)
                for row in self._session.scalars(query):
                    rows.setdefault(getattr(row, author.key), []).append(row)
            self._work[key] = rows
        if participant.id not in self._named:
            return []  # made in this transaction: nothing written yet
        return list(self._work[key].get(participant.id, []))


def _chunks(ids: list) -> Iterable[list]:
    for start in range(0, len(ids), _IDS_PER_QUERY):
        yield ids[start : start + _IDS_PER_QUERY]


def named_by(requests: Iterable[dict]) -> list:
    """Every id a list of join requests (join_many's) names: given ids and seats."""
    return [value for request in requests for value in (request.get("participant_id"), request.get("seat_id"))]
