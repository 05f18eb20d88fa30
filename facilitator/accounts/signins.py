"""Facilitator sign-ins that can end (issue 12, items 5–7).

A facilitator's session cookie no longer says just "facilitator: true" — a captured copy
of that would open the console for 14 days whatever happened. It names a sign-in, and
the server keeps the list of live sign-ins in the database (one `Setting` row, so every
server process sees it):

- signing out ends that sign-in;
- setting a new passcode (`facilitator init`, the setup page) ends every sign-in
  (`auth.set_passcode` clears the list in the same transaction);
- a cookie naming a sign-in that is not on the list opens nothing.

Checking a passcode costs scrypt's 200 ms of CPU: it runs in the server's thread pool
(the `offload` the database uses for commits), never on the event loop, and each
attempt takes its token from the limiter *before* it is checked, so a burst of forty
at once is forty attempts, not one. The limiter is keyed on the device when it has
signed in here before (its cookie carries a `device` mark that outlives sign-out), else
on the address: strangers' wrong passcodes from a shared address never lock out the
facilitator's own laptop.
"""

from __future__ import annotations

import json
import secrets
import threading
import time

from sqlalchemy.orm import Session

from facilitator.store.models import Setting

LIVE_SIGNINS_KEY = "facilitator_signins"
SIGNINS_KEPT = 50  # the newest live sign-ins; older ones end
CACHE_SECONDS = 1.0  # how long a process trusts its copy of the list (other processes may sign out)


def end_every_signin(session: Session) -> None:
    """Forget every live sign-in (a new passcode was set). Runs in the caller's transaction."""
    row = session.get(Setting, LIVE_SIGNINS_KEY)
    if row is not None:
        row.value = "[]"


class SignIns:
    """The live facilitator sign-ins, stored in the database."""

    def __init__(self, db):
        self.db = db
        self._cache: tuple[frozenset[str], float] = (frozenset(), 0.0)
        self._lock = threading.Lock()

    def _stored(self, session: Session) -> list[str]:
        row = session.get(Setting, LIVE_SIGNINS_KEY)
        try:
            value = json.loads(row.value) if row is not None else []
        except ValueError:
            value = []
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    def _store(self, session: Session, live: list[str]) -> None:
        row = session.get(Setting, LIVE_SIGNINS_KEY)
        if row is None:
            session.add(Setting(key=LIVE_SIGNINS_KEY, value=json.dumps(live)))
        else:
            row.value = json.dumps(live)
        self._cache = (frozenset(), 0.0)

    def start(self) -> str:
        """A new live sign-in; its id goes into the facilitator's cookie."""
        signin = secrets.token_urlsafe(24)
        with self.db.session() as session:
            self._store(session, (self._stored(session) + [signin])[-SIGNINS_KEPT:])
        return signin

    def end(self, signin) -> None:
        if not isinstance(signin, str):
            return
        with self.db.session() as session:
            self._store(session, [s for s in self._stored(session) if s != signin])

    def is_live(self, signin) -> bool:
        if not isinstance(signin, str) or not signin:
            return False
        with self._lock:
            live, read_at = self._cache
            if time.monotonic() - read_at > CACHE_SECONDS:
                with self.db.reading() as session:
                    live = frozenset(self._stored(session))
                self._cache = (live, time.monotonic())
        return signin in live
