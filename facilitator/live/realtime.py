"""The one place that broadcasts: every change reaches boards, phones and consoles here.

Only the service's unit of work calls it (`Broadcaster.publish`), after the commit,
never inside a transaction. Two rooms per
workshop: `public` (projected boards and phones) and `facilitators` (consoles), each
sent the view of a change meant for it (see `workshops.serialize`); the boards are also
in a room of their own, for the joined count (`presence`), which phones do not show.
"""

from __future__ import annotations

import hashlib
import threading
import time

from flask_socketio import SocketIO
from socketio.packet import Packet

from facilitator.store.models import Workshop
from facilitator.workshops.changes import Changes
from facilitator.workshops.errors import N_
from facilitator.workshops.serialize import (
    action_for_facilitator,
    action_for_public,
    note_for_facilitator,
    note_for_public,
    theme_view,
    workshop_state,
)

PRESENCE_INTERVAL = 1.0  # seconds between joined-count updates to a room


class TextPacket(Packet):
    """Socket.IO packets that are only ever JSON text (the app's `serializer`).

    python-socketio walks every payload it sends, dict by dict, to look for binary
    attachments; nothing in this app is binary. Measured (issue 16): the walk was 18 % of
    a join's CPU, the snapshot it answers with being the largest payload the server sends.
    """

    uses_binary_events = False


def public_room(code: str) -> str:
    return f"workshop:{code}:public"


def facilitator_room(code: str) -> str:
    return f"workshop:{code}:facilitators"


def board_room(code: str) -> str:
    """The projected boards (also in the public room): the audience of the joined count
    besides the consoles. Phones do not show it, and at 3,000 phones sending it to them
    cost the server 3,000 copies a second through a join storm (issue 16)."""
    return f"workshop:{code}:boards"


def link_room(code: str, which: str, secret: str) -> str:
    """The connections that joined with one board or co-facilitator link (issue 12), so
    replacing the link can end exactly those. Named by a hash of the secret: room names
    show up in logs."""
    return f"workshop:{code}:{which}:{hashlib.sha256(secret.encode()).hexdigest()[:24]}"


# What a board or console whose link was replaced shows (sent in `gone`).
LINK_REPLACED = {
    "board": N_("This board link was replaced. Open the board again from the console."),
    "cofacilitator": N_("This co-facilitator link was replaced. Ask the facilitator for the new one."),
}


class ServerClock:
    """Monotonic time and "call this later" on the server's own event loop (eventlet,
    gevent or threads). Tests give the broadcaster a clock they step by hand instead."""

    def __init__(self, socketio: SocketIO):
        self.socketio = socketio

    def now(self) -> float:
        return time.monotonic()

    def call_later(self, delay: float, work) -> None:
        def later():
            self.socketio.sleep(max(0.0, delay))
            work()

        self.socketio.start_background_task(later)


class Broadcaster:
    """Sends changes to the rooms of a workshop. Chosen in the app factory.

    Its one public method, `publish`, is called by the service's unit of work
    (`UnitOfWork._write`, usecases/unit_of_work.py) after the commit; everything else here is how it sends.
    `clock` (a ServerClock unless given) paces the presence counts.
    """

    def __init__(self, socketio: SocketIO, clock=None):
        self.socketio = socketio
        self.clock = clock or ServerClock(socketio)
        self._presence: dict[str, tuple[float, int | None]] = {}  # code -> (last sent, count waiting)
        self._presence_lock = threading.Lock()

    def publish(self, workshop: Workshop, changes: Changes, *, votes=None, joined=None) -> None:
        """Send what one committed use case changed: rows in change-number order, then the
        state, the tallies (`votes`: the public and the facilitators' payloads), the joined
        counts (`joined`: (count, languages)) or that the workshop has gone.

        Sending in order matters: a client that sees a number more than one ahead of
        the last it knows assumes it missed something and asks to catch up.
        """
        code = workshop.code
        if changes.gone:
            self._gone(code)
            return
        for which, secret in changes.ended_links:
            self._end_link(code, which, secret)
        rows = (
            [(n.seq, "note", n) for n in changes.notes]
            + [(t.seq, "theme", t) for t in changes.themes]
            + [(a.seq, "action", a) for a in changes.actions]
        )
        for _, kind, row in sorted(rows, key=lambda item: item[0]):
            if kind == "note":
                self._both(code, "note", note_for_public(row, workshop), note_for_facilitator(row))
            elif kind == "theme":
                view = theme_view(row)
                self._both(code, "theme", view, view)
            else:
                self._both(code, "action", action_for_public(row), action_for_facilitator(row))
        if changes.workshop:
            state = workshop_state(workshop)
            self._both(code, "workshop", state, state)
        if votes is not None:
            self._both(code, "votes", *votes)
        if changes.presence and joined is not None:
            self._presence_changed(code, *joined)

    def _both(self, code: str, event: str, public: dict, facilitators: dict) -> None:
        """One event to each room, each with its own view."""
        self.socketio.emit(event, public, to=public_room(code))
        self.socketio.emit(event, facilitators, to=facilitator_room(code))

    def _gone(self, code: str) -> None:
        """The workshop was deleted: every open page says so and stops."""
        payload = {"message": "This workshop has been deleted by its facilitator."}
        self._both(code, "gone", payload, payload)

    def _end_link(self, code: str, which: str, old_secret: str) -> None:
        """A board or co-facilitator link was replaced: the connections that joined with it
        hear `gone` (they say why and stop reconnecting) and are disconnected here, so
        they get nothing more from the workshop's rooms.

        With several server processes (MESSAGE_QUEUE) the `gone` reaches every process,
        but only this one's connections can be listed and disconnected; one held
        elsewhere is refused at its next event and its next join (the link is checked
        on each), and its well-behaved page stops on the `gone`."""
        room = link_room(code, which, old_secret)
        self.socketio.emit("gone", {"message": LINK_REPLACED[which], "reason": "link_replaced"}, to=room)
        server = self.socketio.server
        for sid, _ in list(server.manager.get_participants("/", room)):
            server.disconnect(sid, namespace="/")
        self.socketio.close_room(room)

    def _presence_changed(self, code: str, joined: int, languages: dict[str, int] | None = None) -> None:
        """How many people have joined (not a numbered change: only the latest count matters),
        to the boards and the consoles; phones do not show it. Consoles also get how many
        phones read each language (`languages`), so the facilitator can arrange interpreters.

        Sent at most once a second per workshop: the first count at once, later ones
        folded into one trailing update. Sending every join to everyone made a room of N
        phones cost N² messages to fill (measured: 1000 phones took 55 s to join).
        """
        now = self.clock.now()
        with self._presence_lock:
            last_sent, pending = self._presence.get(code, (0.0, None))
            if pending is not None:  # a trailing update is already due: it will carry this count
                self._presence[code] = (last_sent, (joined, languages))
                return
            if now - last_sent >= PRESENCE_INTERVAL:
                self._presence[code] = (now, None)
            else:
                self._presence[code] = (last_sent, (joined, languages))
                self.clock.call_later(last_sent + PRESENCE_INTERVAL - now, lambda: self._send_presence_later(code))
                return
        self._send_presence(code, joined, languages)

    def _send_presence_later(self, code: str) -> None:
        with self._presence_lock:
            _, pending = self._presence.get(code, (0.0, None))
            self._presence[code] = (self.clock.now(), None)
        if pending is not None:
            self._send_presence(code, *pending)

    def _send_presence(self, code: str, joined: int, languages: dict[str, int] | None = None) -> None:
        self.socketio.emit("presence", {"joined": joined}, to=board_room(code))
        console = {"joined": joined} if languages is None else {"joined": joined, "languages": languages}
        self.socketio.emit("presence", console, to=facilitator_room(code))
