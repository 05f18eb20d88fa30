"""Packets a connection sends that are not Socket.IO at all: budgeted, closed, logged once.

python-socketio decodes every message a connection sends; one it cannot read (`4Z{{{`,
JSON nested 30,000 deep) raises inside Engine.IO's message handler, which logs it with
two full tracebacks. Measured (issue 21): one connection sent 20,000 in 5 s, the log grew
36 MB and the connection was never closed. Here every unreadable packet costs its
connection one of `MALFORMED_ALLOWED`; the next one closes it, and one warning line
says how many it sent — never a traceback per packet.
"""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)

MALFORMED_ALLOWED = 3  # a real client never sends one; a few tolerated, then closed
# Packets of a closed connection can still be in its queue after it has ended: a closed
# one stays marked (dropped without a word) among the last CLOSED_KEPT.
CLOSED_KEPT = 10_000


class PacketGuard:
    """Wraps a python-socketio Server's Engine.IO message handler (see `install`)."""

    def __init__(self, server, allowed: int = MALFORMED_ALLOWED):
        self.server = server
        self.allowed = allowed
        self._handle = server._handle_eio_message
        self._malformed: dict[str, int] = {}
        self._lock = threading.Lock()
        self.closed = 0  # connections closed for sending garbage (tests, health)

    def install(self) -> "PacketGuard":
        """Take the place of the server's own handler for every Engine.IO message, and
        forget a connection's count when it ends."""
        eio = self.server.eio
        eio.on("message", self.handle_message)
        handle_disconnect = self.server._handle_eio_disconnect

        def disconnected(eio_sid, *args):
            with self._lock:
                if self._malformed.get(eio_sid, 0) <= self.allowed:  # one we closed stays marked
                    self._malformed.pop(eio_sid, None)
            return handle_disconnect(eio_sid, *args)

        eio.on("disconnect", disconnected)
        return self

    def handle_message(self, eio_sid, data):
        try:
            return self._handle(eio_sid, data)
        except (ValueError, TypeError, KeyError, IndexError, RecursionError):
            # What decoding raises for text that is not a Socket.IO packet. An error in
            # an event handler never reaches here: sockets.answer turns each into a reply.
            self._malformed_packet(eio_sid)

    def _malformed_packet(self, eio_sid: str) -> None:
        # The count stays until the connection has ended (`install`'s disconnect): packets
        # already on their way after the close are dropped here without a word.
        with self._lock:
            count = self._malformed.get(eio_sid, 0) + 1
            self._malformed[eio_sid] = count
            closing = count == self.allowed + 1
            if closing:
                self.closed += 1
                while len(self._malformed) > CLOSED_KEPT:  # the oldest marks go first
                    self._malformed.pop(next(iter(self._malformed)))
        if closing:
            log.warning("closed a connection that sent %d packets that are not Socket.IO", count)
            self.server.eio.disconnect(eio_sid)
