"""Running the room: which phases are open, the timer, and what the board shows.

Plain functions over a SQLAlchemy session; each change takes a change number
(`changes.next_seq`) in the same transaction.

The timer belongs to a phase: opening a phase that was closed sets the timer, stopped,
to that phase's suggested minutes (`timer_phase` names it), and "reset" with no length
goes back to the open phase's minutes in one click.
"""

from __future__ import annotations

import time

from sqlalchemy.orm import Session

from facilitator.store.models import Phase, Workshop
from facilitator.workshops.changes import next_seq
from facilitator.workshops.errors import N_, InvalidInput, UnknownPhase, WorkshopClosed

MAX_TIMER_SECONDS = 4 * 60 * 60
BOARD_VIEWS = ("auto", "join")  # auto: the join view while no phase is open, else the notes


def set_open_phases(session: Session, workshop: Workshop, keys: list[str]) -> Workshop:
    """Open exactly the phases named in `keys` (none, one or several) and close the rest.

    Opening a phase that was closed sets the timer, stopped, to its suggested minutes
    (the first newly opened one's, when several open at once).
    """
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise InvalidInput(N_("Say which phases to open, as a list."))
    if keys and workshop.status in ("closed", "archived"):
        raise WorkshopClosed(N_("This workshop is closed. Reopen it from the console before opening a phase."))
    for key in keys:
        find_phase(workshop, key)
    newly_open = [p for p in workshop.phases if p.key in keys and not p.is_open]
    for phase in workshop.phases:
        phase.is_open = phase.key in keys
    if newly_open:
        _set_timer(workshop, newly_open[0].minutes * 60, newly_open[0].key)
    if keys and workshop.status == "draft":
        workshop.status = "live"
    next_seq(session, workshop)
    return workshop


def find_phase(workshop: Workshop, key) -> Phase:
    """The phase `key` (open or not), or UnknownPhase; PhaseClosed is the caller's to raise."""
    for phase in workshop.phases:
        if phase.key == key:
            return phase
    raise UnknownPhase(N_("There is no phase called '%(phase)s' in this workshop."), params={"phase": str(key)[:40]})


def start_timer(session: Session, workshop: Workshop, now: float | None = None) -> Workshop:
    """Start or resume the countdown; a finished timer starts again from its full length."""
    now = time.time() if now is None else now
    if workshop.timer_started_at is None:
        if workshop.timer_remaining <= 0:
            workshop.timer_remaining = float(workshop.timer_duration)
        workshop.timer_started_at = now
        next_seq(session, workshop)
    return workshop


def pause_timer(session: Session, workshop: Workshop, now: float | None = None) -> Workshop:
    """Stop the countdown where it is."""
    now = time.time() if now is None else now
    if workshop.timer_started_at is not None:
        workshop.timer_remaining = max(0.0, workshop.timer_remaining - (now - workshop.timer_started_at))
        workshop.timer_started_at = None
        next_seq(session, workshop)
    return workshop


def reset_timer(session: Session, workshop: Workshop, seconds=None) -> Workshop:
    """Stop the timer and set it to `seconds` (a whole number, 1 to 14400), or with no
    `seconds` to the open phase's suggested minutes (its current length if none is open)."""
    if seconds is None:
        phase = _timer_phase(workshop)
        if phase is not None:
            _set_timer(workshop, phase.minutes * 60, phase.key)
        else:
            _set_timer(workshop, workshop.timer_duration, workshop.timer_phase)
    elif isinstance(seconds, int) and not isinstance(seconds, bool) and 0 < seconds <= MAX_TIMER_SECONDS:
        _set_timer(workshop, seconds, workshop.timer_phase)
    else:
        raise InvalidInput(N_("The timer can be set from 1 second to 4 hours, as a whole number of seconds."))
    next_seq(session, workshop)
    return workshop


def set_board_view(session: Session, workshop: Workshop, view) -> Workshop:
    """Show the join view on the board whatever is open (`join`), or only while no phase is (`auto`)."""
    if view not in BOARD_VIEWS:
        raise InvalidInput(N_("The board shows either the join view or, automatically, the notes."))
    if workshop.board_view != view:
        workshop.board_view = view
        next_seq(session, workshop)
    return workshop


def _timer_phase(workshop: Workshop) -> Phase | None:
    """The open phase the timer is for: the one it was set for if still open, else the first open one."""
    open_phases = [p for p in workshop.phases if p.is_open]
    return next((p for p in open_phases if p.key == workshop.timer_phase), open_phases[0] if open_phases else None)


def _set_timer(workshop: Workshop, seconds: int, phase_key: str | None) -> None:
    workshop.timer_duration = seconds
    workshop.timer_remaining = float(seconds)
    workshop.timer_started_at = None
    workshop.timer_phase = phase_key
