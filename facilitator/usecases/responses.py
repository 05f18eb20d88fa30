"""Commissioners' responses: their link, the lock, an answer recorded, and the impact log."""

from __future__ import annotations

from facilitator.usecases.unit_of_work import NOTHING, UnitOfWork
from facilitator.workshops import details, responses


class ResponseCases(UnitOfWork):
    """This module's use cases, as methods of the one `Facilitation` (usecases/__init__.py)."""

    def make_response_link(self, code: str) -> str:
        """A new commissioners' response link, replacing (and ending) any earlier one; returns its token."""
        return self._change(code, lambda session, workshop: (NOTHING, responses.rotate_response_token(session, workshop)))

    def revoke_response_link(self, code: str) -> None:
        """End the response link: a page opened with it is refused at its next step."""
        self._change(code, lambda session, workshop: (NOTHING, responses.revoke_response_token(session, workshop)))

    def lock_responses(self, code: str, locked: bool) -> None:
        """Lock the commissioners' answers (no more changes through the link), or unlock them."""
        self._change(code, lambda session, workshop: (NOTHING, responses.set_locked(session, workshop, locked)))

    def record_response(self, code: str, token, item, fields: dict) -> dict:
        """A commissioner answers one item (`responses.Item`) through the link `token`;
        the link and the lock are checked inside the same transaction as the write."""
        return self._change(
            code, lambda session, workshop: (NOTHING, responses.response_view(responses.record(session, workshop, token, item, fields)))
        )

    def responses(self, code: str) -> list[dict]:
        """Every answer recorded for workshop `code` (responses.response_view), oldest first."""
        with self.db.reading() as session:
            return [responses.response_view(r) for r in responses.responses_of(session, details.find_workshop(session, code))]

    def impact_log(self) -> list[dict]:
        """Every commissioners' decision across workshops (responses.impact_log)."""
        with self.db.reading() as session:
            return responses.impact_log(session)

    def answer_counts(self, codes) -> dict[str, tuple[int, int]]:
        """{code: (answered, to answer)} for the workshop list (only workshops with a link or answers)."""
        with self.db.reading() as session:
            found = details.workshops_with_codes(session, codes)
            counts = responses.answer_counts(session, found)
            return {w.code: counts[w.id] for w in found if w.id in counts}
