"""Guards shared by the socket handlers and the pages (issue 12).

**Looking up a join code** (`code_lookup`): every path that turns a typed code into a
workshop — `phone:join`, `board:join`, `console:join`, `GET /j/<code>` and the join
form — goes through one limiter per client address, so guessing codes on one path is
not free on another. A failed lookup answers exactly like "no such workshop" whatever
the reason (unknown code, archived workshop, wrong board key, not this facilitator's),
so an answer never tells a guesser that a code exists.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

from facilitator.web.bursts import ArrivalBursts
from facilitator.web.security import RateLimiter
from facilitator.workshops.errors import N_, NotAllowed, WorkshopError, WorkshopNotFound


class TooManyCodeTries(WorkshopError):
    """This address has looked up too many wrong codes; it waits before trying again."""

    code = "too_many_tries"
    message = N_("Too many wrong codes from this phone. Please wait a minute, then check the code on the screen.")


@contextmanager
def code_lookup(
    failures: RateLimiter, address: str, unknown: Callable[[], WorkshopError] = WorkshopNotFound
) -> Iterator[None]:
    """Run one code lookup for `address` under the shared limiter.

    Refuses at once (TooManyCodeTries) while the address is blocked. A lookup that ends
    in WorkshopNotFound or NotAllowed costs the address one try and raises `unknown()`
    — the same answer for both.
    """
    if failures.blocked(address):
        raise TooManyCodeTries()
    try:
        yield
    except (WorkshopNotFound, NotAllowed):
        failures.allow(address)
        raise unknown() from None


def require_findable(workshop) -> None:
    """An archived workshop is put away: to a join code it answers like no workshop at all."""
    if workshop.status == "archived":
        raise WorkshopNotFound()


# ---- one person, one voice --------------------------------------------------------
#
# A phone keeps its participant id in localStorage; it is also kept in the phone's
# session cookie (a "seat", given when the phone page is opened), and on the connection
# itself. A `phone:join` without an id gets the person back from the connection, then
# from the seat — so re-joining never makes a second person with fresh dots and a fresh
# note allowance. New people are also limited per connection and per address, for the
# scripts that keep no cookie.

SEATS_KEPT = 10  # the last workshops this phone opened
NEW_PEOPLE_PER_CONNECTION = 3


class TooManyNewPeople(WorkshopError):
    """Too many new participants from this connection or address just now."""

    code = "slow_down"
    message = N_("Many people joined from this network just now. Please wait a moment, then try again.")


def seat_for(cookie_session, code: str, new_id: Callable[[], str]) -> str:
    """The participant id this phone's cookie holds for workshop `code`, made on first visit."""
    seats = dict(cookie_session.get("seats") or {})
    if code not in seats:
        seats[code] = new_id()
        seats = dict(list(seats.items())[-SEATS_KEPT:])
        cookie_session["seats"] = seats
    return seats[code]


def returning_participant(connection_session, code: str, given) -> str | None:
    """Who a `phone:join` to `code` is: the id it sent, else the person this connection
    already is in that workshop, else the seat in its cookie."""
    if isinstance(given, str) and given:
        return given
    phone = connection_session.get("phone")
    if phone and phone.get("code") == code:
        return phone["participant"]
    return (connection_session.get("seats") or {}).get(code)


def new_person_admission(
    connection_session, per_address: RateLimiter, address: str, arrivals: ArrivalBursts, code: str
) -> Callable[[], str]:
    """The check run just before a new participant of workshop `code` is made: per
    connection, then per address. It returns the id of the arrival burst the newcomer
    belongs to (bursts.py), which the new person keeps."""

    admitted: list[str] = []

    def admit() -> str:
        if admitted:  # the same join tried again (a batch of joins rolled back): counted once
            return admitted[0]
        made = connection_session.get("new_people", 0)
        if made >= NEW_PEOPLE_PER_CONNECTION or not per_address.allow(address):
            raise TooManyNewPeople()
        connection_session["new_people"] = made + 1
        admitted.append(arrivals.arrival(code, address))
        return admitted[0]

    return admit


# ---- text that cannot be stored ---------------------------------------------------
#
# JSON can carry a lone surrogate ("\ud800"), which Python holds in a str but no database
# can store: it crashed as `server_error` in every text field. One check at the edge —
# every socket payload (sockets.answer) and every form and query value (a before_request
# hook) — refuses it with `invalid` before any work, whatever the field.

PAYLOAD_DEPTH = 8  # deeper than any real payload; deeper counts as unreadable


class UnstorableText(WorkshopError):
    code = "invalid"
    message = N_("Some of this text has characters that cannot be saved. Please type it again without them.")


def storable(value, depth: int = 0) -> bool:
    """True when every string in `value` (dicts, lists, nested) can be encoded as UTF-8."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if depth >= PAYLOAD_DEPTH:
        return not isinstance(value, (dict, list))
    if isinstance(value, dict):
        return all(storable(k, depth + 1) and storable(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return all(storable(v, depth + 1) for v in value)
    return True


def require_storable(value) -> None:
    if not storable(value):
        raise UnstorableText()
