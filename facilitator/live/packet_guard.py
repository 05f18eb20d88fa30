"""Everything a connection sends, before any handler sees it: a bounded share of the
server per connection, and packets that are not Socket.IO closed and logged once.

**A bounded share (issue 21, row 8).** python-socketio's own dispatch starts a green
thread per event as the connection's reader takes it off the socket, and the reader
never yields while the socket has more: 180 connections sending `votes:mine` as fast as
they could (16,000 a second) froze the event loop up to 7.8 s and took memory from
116 MB to 1.17 GB in waiting handlers. Here (the server is built with
`async_handlers=False`, so the reader hands each message to `handle_message`):

- each connection has at most `IN_FLIGHT` events being handled at once; its reader
  waits for a slot, so a flood stays in the flooder's own socket buffers (TCP pushes
  back) instead of in the server's memory;
- after each packet the reader yields to the loop, so one connection runs for one
  packet at a time, then every other connection has its turn;
- packets are budgeted per connection and per client address (`security.Limits.packets`,
  `packets_per_address`), before any handler: over its budget a connection is not
  answered but read more slowly — its reader waits until the budget allows — so a
  flood costs the room neither a handler nor a refusal per packet. A phone never meets
  these budgets; a script meets the events' own budgets first, and ignoring their
  "slow down" gets it disconnected (sockets._too_fast). A connection held back for
  `HELD_BACK_SECONDS` in all is closed (one line logged): what it sent would otherwise
  keep it open, read at the budget's pace, long after its sender has gone. One whose
  sender has hung up is closed at once (`peer_has_hung_up`): the flood's last seconds,
  still in its socket's buffer, are nobody's to answer (and each held its green thread
  and buffers for up to 15 s after the flood ended).

**Whole long-polling batches.** A phone on long-polling (a venue's Wi-Fi that blocks
WebSockets, an old browser) sends everything waiting in one HTTP POST: its outbox of notes
written offline, its join, its dots. python-engineio refuses a POST of more than 16
packets and answers it "OK" (it logs "post request handler error"): every note in it was
dropped without a word, and the phone's retry sent them all together again. Here the
bytes limit (`max_http_buffer_size`, which the browser's client splits its POSTs by) is
the only limit (`accept_whole_batches`); the packet budgets below pace what a batch holds.

**Garbage.** A message python-socketio cannot read (`4Z{{{`, JSON nested 30,000 deep)
raised inside Engine.IO's handler, which logged two full tracebacks: one connection sent
20,000 in 5 s and the log grew 36 MB. Here every unreadable packet costs its connection
one of `MALFORMED_ALLOWED`; the next one closes it, and one warning line says how many
it sent — never a traceback per packet.
"""

from __future__ import annotations

import logging
import socket
import threading

from engineio import payload as engineio_payload

from facilitator.live.connections import THIS_COMPUTER

log = logging.getLogger(__name__)

MALFORMED_ALLOWED = 3  # a real client never sends one; a few tolerated, then closed
# Events of one connection handled at once: a phone's join waiting in its batch beside a
# note or a vote; a console's few clicks in a row. A script's thousands wait in its socket.
IN_FLIGHT = 4
HELD_BACK_SECONDS = 15.0
# Packets of a closed connection can still be in its queue after it has ended: a closed
# one stays marked (dropped without a word) among the last CLOSED_KEPT.
CLOSED_KEPT = 10_000
# linux/tcp_states.h: the peer has sent its FIN (CLOSE_WAIT), or reset the connection (CLOSE).
PEER_GONE_STATES = frozenset({7, 8})


def accept_whole_batches(frame_limit: int) -> None:
    """Let one long-polling payload carry as many packets as fit in `frame_limit` bytes
    (each takes at least two: its type and the separator). python-engineio keeps this
    limit on its `Payload` class, for the whole process: the server's POSTs and, in a test
    process, its clients' polls."""
    engineio_payload.Payload.max_decode_packets = max(engineio_payload.Payload.max_decode_packets, frame_limit // 2)


def peer_has_hung_up(environ: dict) -> bool:
    """Whether the client behind this WSGI environ has closed its end of the connection
    while its packets still wait in our socket's buffer: the TCP state (TCP_INFO's first
    byte, Linux) says so without reading what is buffered. False when the platform or
    the server cannot tell (no TCP_INFO, no `eventlet.input`, a socket already closed)."""
    tcp_info = getattr(socket, "TCP_INFO", None)
    get_socket = getattr(environ.get("eventlet.input"), "get_socket", None)
    if tcp_info is None or get_socket is None:
        return False
    try:
        state = get_socket().getsockopt(socket.IPPROTO_TCP, tcp_info, 1)
    except (OSError, AttributeError):
        return False
    return state[0] in PEER_GONE_STATES


class PacketGuard:
    """Wraps a python-socketio Server's Engine.IO message handler (see `install`)."""

    def __init__(self, server, limits, allowed: int = MALFORMED_ALLOWED, in_flight: int = IN_FLIGHT):
        if server.async_handlers:
            raise ValueError("PacketGuard starts the handlers itself: build the server with async_handlers=False")
        self.server = server
        self.limits = limits
        self.allowed = allowed
        self.in_flight = in_flight
        self._handle = server._handle_eio_message
        self._malformed: dict[str, int] = {}
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._held_back: dict[str, float] = {}  # seconds each connection has waited for its budget
        self._lock = threading.Lock()
        self.closed = 0  # connections closed for sending garbage (tests, health)
        self.held_back_closed = 0  # connections closed for being held back too long
        self.hung_up_closed = 0  # held-back connections closed because their sender had gone

    def install(self) -> "PacketGuard":
        """Take the place of the server's own handler for every Engine.IO message, and
        forget a connection's counts and budgets when it ends."""
        eio = self.server.eio
        eio.on("message", self.handle_message)
        handle_disconnect = self.server._handle_eio_disconnect

        def disconnected(eio_sid, *args):
            socket_sid = self.server.manager.sid_from_eio_sid(eio_sid, "/")
            self.limits.forget_connection(*(sid for sid in (eio_sid, socket_sid) if sid))
            with self._lock:
                self._slots.pop(eio_sid, None)  # handlers still running hold their own reference
                self._held_back.pop(eio_sid, None)
                if self._malformed.get(eio_sid, 0) <= self.allowed:  # one we closed stays marked
                    self._malformed.pop(eio_sid, None)
            return handle_disconnect(eio_sid, *args)

        eio.on("disconnect", disconnected)
        return self

    def handle_message(self, eio_sid, data) -> None:
        """Called by the connection's reader for each message: waits for one of the
        connection's slots, starts the message's handling beside the reader, and yields.
        Over the connection's or its address's packet budget, it first waits.

        Connecting to and leaving a namespace (`0…`, `1…`) are handled here, in order:
        an event sent right behind its connect must find the connection connected."""
        if isinstance(data, str) and data[:1] in ("0", "1"):
            # Once per connection for a phone: the connection's budget only (not its
            # address's, which a room's joins need), so a loop of leave-and-connect-again
            # for fresh budgets is slowed like any other flood.
            self._wait_for_budget(eio_sid, per_address=False)
            self._handle_readable(eio_sid, data)
            self.server.sleep(0)
            return
        self._wait_for_budget(eio_sid)
        with self._lock:
            slots = self._slots.get(eio_sid)
            if slots is None:
                slots = self._slots[eio_sid] = threading.BoundedSemaphore(self.in_flight)
        slots.acquire()
        try:
            self.server.start_background_task(self._handle_in_slot, eio_sid, data, slots)
        except BaseException:
            slots.release()
            raise
        self.server.sleep(0)  # one packet, then every other connection's turn

    def _wait_for_budget(self, eio_sid: str, per_address: bool = True) -> None:
        environ = self.server.environ.get(eio_sid) or {}
        address = environ.get("REMOTE_ADDR") or "unknown"
        budgets = [(self.limits.packets, eio_sid)]
        if per_address and address not in THIS_COMPUTER:
            budgets.append((self.limits.packets_per_address, address))
        for limiter, key in budgets:
            wait = limiter.reserve(key)  # its own turn: waiting readers never wake together
            if wait > 0:
                self.server.sleep(wait)
                self._count_held_back(eio_sid, wait, hung_up=peer_has_hung_up(environ))

    def _count_held_back(self, eio_sid: str, seconds: float, hung_up: bool = False) -> None:
        with self._lock:
            if eio_sid not in self._slots and eio_sid not in self.server.eio.sockets:
                return  # already gone
            was = self._held_back.get(eio_sid, 0.0)
            if was >= HELD_BACK_SECONDS:
                return  # closing already
            held = self._held_back[eio_sid] = HELD_BACK_SECONDS if hung_up else was + seconds
            closing = held >= HELD_BACK_SECONDS
        if hung_up and closing:
            self.hung_up_closed += 1
            self.server.eio.disconnect(eio_sid)
            return
        if closing:
            self.held_back_closed += 1
            if self.held_back_closed % 100 == 1:  # one line per hundred, never one per packet
                log.warning("closed a connection held back %.0f s for sending faster than its budget (%d so far)",
                            held, self.held_back_closed)
            self.server.eio.disconnect(eio_sid)

    def _handle_in_slot(self, eio_sid, data, slots) -> None:
        try:
            self._handle_readable(eio_sid, data)
        finally:
            slots.release()

    def _handle_readable(self, eio_sid, data) -> None:
        try:
            self._handle(eio_sid, data)
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
