"""Socket fixtures: a clock the test steps by hand, and shared builders."""

from __future__ import annotations

import uuid

import pytest


class SteppedClock:
    """The broadcaster's clock, moved on by the test instead of by waiting: work it was
    asked to do later runs, in this thread, when `advance` passes its time."""

    def __init__(self):
        self.time = 1000.0
        self._later: list[tuple[float, object]] = []

    def now(self) -> float:
        return self.time

    def call_later(self, delay: float, work) -> None:
        self._later.append((self.time + max(0.0, delay), work))

    def advance(self, seconds: float) -> None:
        self.time += seconds
        due = [item for item in self._later if item[0] <= self.time]
        self._later = [item for item in self._later if item[0] > self.time]
        for _, work in sorted(due, key=lambda item: item[0]):
            work()


@pytest.fixture
def clock(service):
    """The presence counts' clock, stepped by the test (`clock.advance(1.0)`)."""
    stepped = SteppedClock()
    service.broadcaster.clock = stepped
    return stepped


@pytest.fixture
def scribe(console_socket):
    """scribe(text, phase="what") -> the ack of a note the facilitator posts for someone."""
    return lambda text, phase="what", **details: console_socket.emit(
        "note:scribe", {"id": str(uuid.uuid4()), "phase": phase, "text": text, **details}, callback=True
    )


@pytest.fixture
def console_form(facilitator_client):
    """console_form(path, **fields) -> the response to a form the facilitator posts from
    the console (with the session's CSRF token, as the page sends it)."""
    with facilitator_client.session_transaction() as session:
        session["csrf"] = "console-form-token"

    def post(path, **fields):
        return facilitator_client.post(path, data={"csrf_token": "console-form-token", **fields})

    return post
