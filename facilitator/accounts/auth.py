"""The facilitator passcode: one per installation, stored only as a salted hash."""

from __future__ import annotations

from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from facilitator.accounts.signins import end_every_signin
from facilitator.store.models import Setting
from facilitator.workshops.errors import N_, InvalidInput

PASSCODE_KEY = "facilitator_passcode_hash"
PASSCODE_MIN = 8
PASSCODE_MAX = 200


def has_passcode(session: Session) -> bool:
    return session.get(Setting, PASSCODE_KEY) is not None


def set_passcode(session: Session, passcode: str, *, method: str = "scrypt") -> None:
    """Set or replace the passcode; refuses one that is too short to be safe.

    `method` is Werkzeug's hashing method. Everything in the product uses the default
    (scrypt); only the tests pass a cheap one, so that signing in costs them nothing.
    """
    if not isinstance(passcode, str) or len(passcode.strip()) < PASSCODE_MIN:
        raise InvalidInput(N_("Please choose a passcode of at least %(least)s characters."), params={"least": PASSCODE_MIN})
    if len(passcode) > PASSCODE_MAX:
        raise InvalidInput(N_("Please choose a passcode of at most %(most)s characters."), params={"most": PASSCODE_MAX})
    hashed = generate_password_hash(passcode, method=method)
    end_every_signin(session)  # a new passcode ends every facilitator session (issue 12)
    row = session.get(Setting, PASSCODE_KEY)
    if row is None:
        session.add(Setting(key=PASSCODE_KEY, value=hashed))
    else:
        row.value = hashed


def stored_hash(session: Session) -> str | None:
    """The passcode's salted hash, to check outside the database session (see `matches`)."""
    row = session.get(Setting, PASSCODE_KEY)
    return row.value if row else None


def matches(hashed: str | None, passcode) -> bool:
    """True when `passcode` matches `hashed`: scrypt, ~200 ms of CPU (run it off the event loop)."""
    return bool(hashed and isinstance(passcode, str) and check_password_hash(hashed, passcode))


def check_passcode(session: Session, passcode: str) -> bool:
    """True when `passcode` matches the stored one (False when none is set)."""
    row = session.get(Setting, PASSCODE_KEY)
    return bool(row and isinstance(passcode, str) and check_password_hash(row.value, passcode))
