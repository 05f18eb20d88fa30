"""The one place that broadcasts: every change reaches boards, phones and consoles here.

Callers commit first and broadcast after, never inside a transaction. Two rooms per
workshop: `public` (projected boards and phones) and `facilitators` (consoles), each
sent the view of a change meant for it (see `workshops.serialize`).
"""

from __future__ import annotations

from flask_socketio import SocketIO

from facilitator.models import Note, Workshop
from facilitator.workshops.serialize import note_for_facilitator, note_for_public, workshop_state


def public_room(code: str) -> str:
    return f"workshop:{code}:public"


def facilitator_room(code: str) -> str:
    return f"workshop:{code}:facilitators"


class Broadcaster:
    """Sends changes to the rooms of a workshop. Chosen in the app factory."""

    def __init__(self, socketio: SocketIO):
        self.socketio = socketio

    def note_changed(self, code: str, note: Note) -> None:
        """A note was posted, hidden or restored."""
        self.socketio.emit("note", note_for_public(note), to=public_room(code))
        self.socketio.emit("note", note_for_facilitator(note), to=facilitator_room(code))

    def workshop_changed(self, workshop: Workshop) -> None:
        """Details, phases or the timer changed: everyone gets the new state."""
        state = workshop_state(workshop)
        self.socketio.emit("workshop", state, to=public_room(workshop.code))
        self.socketio.emit("workshop", state, to=facilitator_room(workshop.code))

    def presence(self, code: str, joined: int) -> None:
        """How many people have joined (not a numbered change: only the latest count matters)."""
        payload = {"joined": joined}
        self.socketio.emit("presence", payload, to=public_room(code))
        self.socketio.emit("presence", payload, to=facilitator_room(code))
