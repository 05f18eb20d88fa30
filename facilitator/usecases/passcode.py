"""The facilitators' passcode (one per installation): chosen, set, checked off the event loop."""

from __future__ import annotations

from facilitator.accounts import auth
from facilitator.usecases.unit_of_work import NOTHING, UnitOfWork


class PasscodeCases(UnitOfWork):
    """This module's use cases, as methods of the one `Facilitation` (usecases/__init__.py)."""

    def has_passcode(self) -> bool:
        with self.db.reading() as session:
            return auth.has_passcode(session)

    def choose_passcode(self, passcode: str) -> bool:
        """The first passcode, chosen on the laptop; False if someone else chose one first."""

        def choose(session):
            if auth.has_passcode(session):
                return None, NOTHING, False
            auth.set_passcode(session, passcode)
            return None, NOTHING, True

        return self._write(choose)

    def set_passcode(self, passcode: str) -> None:
        """Set or replace the passcode (`facilitator init`)."""
        self._write(lambda session: (None, NOTHING, auth.set_passcode(session, passcode)))

    def check_passcode(self, passcode: str, offload=None) -> bool:
        """`offload(fn)` runs the hash check in a worker thread (issue 12: never on the event loop)."""
        with self.db.reading() as session:
            hashed = auth.stored_hash(session)
        check = lambda: auth.matches(hashed, passcode)  # noqa: E731
        return offload(check) if offload else check()
