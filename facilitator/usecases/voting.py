"""Dot voting: the facilitator opens, closes, reveals and resets it; a phone places and takes
back dots; the arrivals alert's discard and keep."""

from __future__ import annotations

from facilitator.usecases.unit_of_work import UnitOfWork, dots_answer, state_answer
from facilitator.workshops import arrivals, details, notes, votes
from facilitator.workshops.changes import Changes


class VotingCases(UnitOfWork):
    """This module's use cases, as methods of the one `Facilitation` (usecases/__init__.py)."""

    def open_voting(self, code: str, *, phase, dots=None, reveal=None) -> dict:
        return self._voting_step(code, lambda s, w: votes.open_voting(s, w, phase, dots, revealed=bool(reveal)))

    def close_voting(self, code: str) -> dict:
        return self._voting_step(code, votes.close_voting)

    def reveal_votes(self, code: str, revealed) -> dict:
        return self._voting_step(code, lambda s, w: votes.reveal(s, w, revealed))

    def reset_votes(self, code: str, *, phase) -> dict:
        return self._voting_step(code, lambda s, w: votes.forget_votes(s, w, phase))

    def _voting_step(self, code: str, step) -> dict:
        def change(session, workshop):
            step(session, workshop)
            return Changes(workshop=True, votes=True), state_answer(workshop)

        return self._change(code, change)

    def place_dot(self, code: str, participant_id: str, kind, target_id) -> dict:
        """A participant places one dot; answers with their dots and how many are left."""
        return self._dot_step(code, participant_id, lambda s, w, p: votes.place_dot(s, w, p, kind, target_id))

    def take_back_dot(self, code: str, participant_id: str, kind, target_id) -> dict:
        return self._dot_step(code, participant_id, lambda s, w, p: votes.remove_dot(s, w, p, kind, target_id))

    def _dot_step(self, code: str, participant_id: str, step) -> dict:
        def change(session, workshop):
            participant = notes.find_participant(session, workshop, participant_id)
            step(session, workshop, participant)
            return Changes(votes=True), dots_answer(session, workshop, participant)

        return self._change(code, change)

    def discard_arrival_dots(self, code: str, burst) -> dict:
        """The facilitator discards the dots of a burst of newcomers who posted nothing
        (workshops/arrivals.py) → {"discarded": {"people", "dots"}}; consoles get the alert gone."""

        def change(session, workshop):
            discarded = arrivals.discard_dots(session, workshop, burst)
            return Changes(votes=True), {"discarded": discarded}

        return self._change(code, change)

    def keep_arrivals(self, code: str, burst) -> dict:
        """The facilitator says a burst of newcomers is people in the room: its alert goes."""

        def change(session, workshop):
            return Changes(votes=True), {"kept": arrivals.keep(session, workshop, burst)}

        return self._change(code, change)

    def my_dots(self, code: str, participant_id: str) -> dict:
        with self.db.reading() as session:
            workshop = details.find_workshop(session, code)
            return dots_answer(session, workshop, notes.find_participant(session, workshop, participant_id))
