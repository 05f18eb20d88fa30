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

from facilitator.security import RateLimiter
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
