"""The one place that broadcasts: every change reaches boards, phones and consoles here.

Callers commit first and broadcast after, never inside a transaction. Two rooms per
workshop: `public` (projected boards and phones) and `facilitators` (consoles), each
sent the view of a change meant for it (see `workshops.serialize`).
"""

from __future__ import annotations

import threading
import time

from flask_socketio import SocketIO

from facilitator.models import Note, Workshop
from facilitator.workshops.changes import Changes
from facilitator.workshops.serialize import (
    action_for_facilitator,
    action_for_public,
    note_for_facilitator,
    note_for_public,
    theme_view,
    workshop_state,
)


PRESENCE_INTERVAL = 1.0  # seconds between joined-count updates to a room


def public_room(code: str) -> str:
    return f"workshop:{code}:public"


def facilitator_room(code: str) -> str:
    return f"workshop:{code}:facilitators"


class Broadcaster:
    """Sends changes to the rooms of a workshop. Chosen in the app factory."""

    def __init__(self, socketio: SocketIO):
        self.socketio = socketio
        self._presence: dict[str, tuple[float, int | None]] = {}  # code -> (last sent, count waiting)
        self._presence_lock = threading.Lock()

    def note_changed(self, code: str, note: Note, workshop: Workshop | None = None) -> None:
        """A note was posted, hidden or restored."""
        self.socketio.emit("note", note_for_public(note, workshop), to=public_room(code))
        self.socketio.emit("note", note_for_facilitator(note), to=facilitator_room(code))

    def workshop_changed(self, workshop: Workshop) -> None:
        """Details, phases, the timer, status, settings, voting or spotlight changed."""
        state = workshop_state(workshop)
        self.socketio.emit("workshop", state, to=public_room(workshop.code))
        self.socketio.emit("workshop", state, to=facilitator_room(workshop.code))

    def changed(self, workshop: Workshop, changes: Changes, votes: tuple[dict, dict] | None = None) -> None:
        """Send every row in `changes` in change-number order, then the state and the tallies.

        Sending in order matters: a client that sees a number more than one ahead of
        the last it knows assumes it missed something and asks to catch up.
        """
        code = workshop.code
        rows = (
            [(n.seq, "note", n) for n in changes.notes]
            + [(t.seq, "theme", t) for t in changes.themes]
            + [(a.seq, "action", a) for a in changes.actions]
        )
        for _, kind, row in sorted(rows, key=lambda item: item[0]):
            if kind == "note":
                self.note_changed(code, row, workshop)
            elif kind == "theme":
                view = theme_view(row)
                self.socketio.emit("theme", view, to=public_room(code))
                self.socketio.emit("theme", view, to=facilitator_room(code))
            else:
                self.socketio.emit("action", action_for_public(row), to=public_room(code))
                self.socketio.emit("action", action_for_facilitator(row), to=facilitator_room(code))
        if changes.workshop:
            self.workshop_changed(workshop)
        if votes is not None:
            public, facilitators = votes
            self.socketio.emit("votes", public, to=public_room(code))
            self.socketio.emit("votes", facilitators, to=facilitator_room(code))

    def gone(self, code: str) -> None:
        """The workshop was deleted: every open page says so and stops."""
        payload = {"message": "This workshop has been deleted by its facilitator."}
        self.socketio.emit("gone", payload, to=public_room(code))
        self.socketio.emit("gone", payload, to=facilitator_room(code))

    def presence(self, code: str, joined: int, languages: dict[str, int] | None = None) -> None:
        """How many people have joined (not a numbered change: only the latest count matters).
        Consoles also get how many phones read each language (`languages`), so the
        facilitator can arrange interpreters.

        Sent at most once a second per workshop: the first count at once, later ones
        folded into one trailing update. Sending every join to everyone made a room of N
        phones cost N² messages to fill (measured: 1000 phones took 55 s to join).
        """
        now = time.monotonic()
        with self._presence_lock:
            last_sent, pending = self._presence.get(code, (0.0, None))
            if pending is not None:  # a trailing update is already due: it will carry this count
                self._presence[code] = (last_sent, (joined, languages))
                return
            if now - last_sent >= PRESENCE_INTERVAL:
                self._presence[code] = (now, None)
            else:
                self._presence[code] = (last_sent, (joined, languages))
                self.socketio.start_background_task(self._send_presence_later, code, last_sent + PRESENCE_INTERVAL - now)
                return
        self._send_presence(code, joined, languages)

    def _send_presence_later(self, code: str, delay: float) -> None:
        self.socketio.sleep(max(0.0, delay))
        with self._presence_lock:
            _, pending = self._presence.get(code, (0.0, None))
            self._presence[code] = (time.monotonic(), None)
        if pending is not None:
            self._send_presence(code, *pending)

    def _send_presence(self, code: str, joined: int, languages: dict[str, int] | None = None) -> None:
        self.socketio.emit("presence", {"joined": joined}, to=public_room(code))
        console = {"joined": joined} if languages is None else {"joined": joined, "languages": languages}
        self.socketio.emit("presence", console, to=facilitator_room(code))
