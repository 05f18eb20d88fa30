"""How many connections the server holds at once, in all and per address.

A laptop's usual open-files limit (`ulimit -n 1024`) is met by a big room, or by one
person opening idle TCP connections: the accept loop then fails with "Too many open
files" and every board and phone goes down. So the server

1. raises its open-files soft limit to the hard limit at start (`raise_open_files_limit`);
2. holds at most `total` connections (the setting FACILITATOR_MAX_CONNECTIONS; by default
   as many as the open-files limit leaves room for, up to MEMORY_CEILING; and never more:
   the database, the PDF workers and the log need files too) and at most `per_address` from one client address
   (FACILITATOR_MAX_CONNECTIONS_PER_ADDRESS);
   behind a trusted reverse proxy (FACILITATOR_TRUSTED_PROXIES) every phone's connection
   comes from the proxy, so the proxy's own address is held only to the total, and the
   per-address cap is applied to each phone's forwarded address instead, on the requests
   it has in progress (`ClientsBehindProxy`, used by proxies.ProxyHeaders);
3. answers a connection beyond a cap at once with `HTTP 503` "the room is full, try again"
   and closes it — the server never waits on it and never crashes
   (`GuardedListener.accept`);
4. when the system runs out of files anyway, waits a moment and accepts again instead of
   stopping;
5. closes every connection that has not sent a whole request within HEADER_SECONDS of
   arriving (idle, half-sent headers, one byte a second), and every kept-alive one that
   stays idle for KEEPALIVE_SECONDS and then is as slow with its next request
   (`RequestDeadlines`); and holds at most `waiting_per_address` from one address that
   have not yet sent their first request: a real phone sends its request in its first
   milliseconds, so a room behind one address is never near it, while a script's idle
   sockets are (issue 21, row 9);
6. keeps the last RESERVED_FOR_THIS_COMPUTER places of a big room for this computer
   (127.0.0.1, ::1): the facilitator's console and the projected board still connect
   when strangers have filled the rest.

No async library is imported here: serve.py counts the connections it serves through
`Connections.opened` / `Connections.closed`, and passes its own `sleep`.
"""

from __future__ import annotations

import errno
import logging
import threading
import time
from collections import Counter
from typing import Callable, Container, Hashable

from facilitator.core.config import SettingError, env

log = logging.getLogger(__name__)

# Without FACILITATOR_MAX_CONNECTIONS the cap follows the open-files limit (raised to the
# hard limit at start), so a 5,000-phone room fits on a machine that allows it (issue 22);
# where that limit is not known (Windows) or is unlimited, these many. MEMORY_CEILING keeps
# a huge limit (a container's million) from promising more than memory holds: about 100 kB
# a phone was measured at 5,000 phones (bench, issue 22), two connections a phone at most.
DEFAULT_MAX_CONNECTIONS = 4000
MEMORY_CEILING = 20000
DEFAULT_MAX_PER_ADDRESS = 200
# Files kept free for everything that is not a connection: the database and its journal,
# PDF workers' pipes, fonts, the log, the listening socket, exports being written.
RESERVED_FILES = 64
OUT_OF_FILES = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}
OUT_OF_FILES_PAUSE = 0.05
# The server's own computer: the facilitator's console and the projected board. Never held
# to a budget meant for phones sharing one address, and always left a few places.
THIS_COMPUTER = frozenset({"127.0.0.1", "::1"})
RESERVED_FOR_THIS_COMPUTER = 32
# Below this total the reserve would be a real share of a small room: none is kept.
SMALLEST_ROOM_WITH_RESERVE = 8 * RESERVED_FOR_THIS_COMPUTER
# A connection's whole first request (request line and headers) must arrive within this
# many seconds: a phone on poor signal sends its few hundred bytes in well under one.
HEADER_SECONDS = 10.0
# A kept-alive connection may wait this long for its next request (then HEADER_SECONDS to send it).
KEEPALIVE_SECONDS = 10.0
# Connections from one address that have not sent their first request yet. Each phone's
# is sent within milliseconds, but a room of 120 behind one address that reconnects at
# once after a Wi-Fi blip, while the server is busy, can have most of them waiting for
# their turn to be read: room for all of them, and nowhere near enough for a script to
# fill a 4,000 room from a few addresses.
DEFAULT_WAITING_PER_ADDRESS = 128

_ROOM_FULL_TEXT = b"The room is full right now. Please try again in a moment.\n"
# The phone tells "the room is full" from "no signal" by this header (static/js/phone.js).
ROOM_FULL_HEADER = ("X-Room-Full", "1")
ROOM_FULL_RESPONSE = (
    b"HTTP/1.1 503 Service Unavailable\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Retry-After: 5\r\n"
    b"X-Room-Full: 1\r\n"
    b"Connection: close\r\n"
    b"Content-Length: " + str(len(_ROOM_FULL_TEXT)).encode() + b"\r\n\r\n" + _ROOM_FULL_TEXT
)


def raise_open_files_limit() -> int | None:
    """Raise the open-files soft limit to the hard limit; return the soft limit now in force.

    None where the `resource` module does not exist (Windows, whose limit is not the
    per-process file table) or the limit is unlimited.
    """
    try:
        import resource
    except ImportError:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft != hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):  # e.g. macOS refuses more than OPEN_MAX: keep what we have
            pass
    return None if soft == resource.RLIM_INFINITY else soft


def _count_setting(name: str, value: str | None, default: int) -> int:
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise SettingError(name, value, "use a whole number of connections, 1 or more")
    return number


class Connections:
    """The count of open connections, per client address, against the two caps."""

    def __init__(
        self,
        total: int,
        per_address: int,
        exempt: Container[str] = frozenset(),
        waiting_per_address: int = DEFAULT_WAITING_PER_ADDRESS,
    ):
        self.total = total
        self.per_address = per_address
        self.waiting_per_address = waiting_per_address
        # Addresses every phone shares (the trusted reverse proxies): only the total cap
        # applies to them; each phone behind them is held to `per_address` by ClientsBehindProxy.
        self.exempt = exempt
        reserve = RESERVED_FOR_THIS_COMPUTER if total >= SMALLEST_ROOM_WITH_RESERVE else 0
        self.total_for_others = total - reserve
        self.open = 0
        self.by_address: Counter[str] = Counter()
        # Connections per address that have not sent their first whole request yet.
        self.waiting: Counter[str] = Counter()
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, open_files: int | None) -> "Connections":
        default = DEFAULT_MAX_CONNECTIONS if open_files is None else min(open_files - RESERVED_FILES, MEMORY_CEILING)
        total = _count_setting("FACILITATOR_MAX_CONNECTIONS", env("FACILITATOR_MAX_CONNECTIONS"), default)
        if open_files is not None:
            total = max(1, min(total, open_files - RESERVED_FILES))
        per_address = _count_setting(
            "FACILITATOR_MAX_CONNECTIONS_PER_ADDRESS", env("FACILITATOR_MAX_CONNECTIONS_PER_ADDRESS"), DEFAULT_MAX_PER_ADDRESS
        )
        from facilitator.core.proxies import TrustedProxies

        return cls(total, per_address, TrustedProxies.from_env())

    def admits(self, address: str) -> bool:
        """True when one more connection from `address` stays within every cap: the total
        (less the places kept for this computer, unless it is this computer), the
        per-address one, and the one on connections still waiting for their first request."""
        with self._lock:
            if self.open >= (self.total if address in THIS_COMPUTER else self.total_for_others):
                return False
            if address in self.exempt:
                return True
            return self.by_address[address] < self.per_address and self.waiting[address] < self.waiting_per_address

    def opened(self, address: str) -> None:
        """A connection from `address` was accepted; it waits for its first request."""
        with self._lock:
            self.open += 1
            self.by_address[address] += 1
            self.waiting[address] += 1

    def first_request(self, address: str) -> None:
        """The connection's first whole request arrived: it no longer counts as waiting."""
        with self._lock:
            _count_down(self.waiting, address)

    def closed(self, address: str, waiting: bool = False) -> None:
        """The connection is gone; `waiting` when it never sent a whole request."""
        with self._lock:
            self.open -= 1
            _count_down(self.by_address, address)
            if waiting:
                _count_down(self.waiting, address)


def _count_down(counter: Counter, key) -> None:
    counter[key] -= 1
    if counter[key] <= 0:
        del counter[key]


class RequestDeadlines:
    """When each connection must have sent its next whole request, and which are overdue.

    A connection is watched from the moment it is accepted (`accepted`) until its request
    reaches the app (`request_arrived`); once a response is done and the connection is
    kept alive it is watched again (`answered`) with KEEPALIVE_SECONDS more. serve.py
    closes those `overdue()` returns, once a second. A WebSocket or a long-poll is inside
    the app, never watched: its own pings close it when the phone is gone.

    Keys are whatever identifies a connection to the caller (serve.py: its green thread);
    nothing here imports an async library. `connections` is told when a connection's first
    request arrives, or when it goes without one.
    """

    def __init__(
        self,
        connections: Connections,
        header_seconds: float = HEADER_SECONDS,
        keepalive_seconds: float = KEEPALIVE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.connections = connections
        self.header_seconds = header_seconds
        self.keepalive_seconds = keepalive_seconds
        self.clock = clock
        # key -> (address, deadline, first): `first` until its first request has arrived
        self.watched: dict[Hashable, tuple[str, float, bool]] = {}
        self.closed_overdue = 0

    def accepted(self, key: Hashable, address: str) -> None:
        self.connections.opened(address)
        self.watched[key] = (address, self.clock() + self.header_seconds, True)

    def request_arrived(self, key: Hashable) -> None:
        entry = self.watched.pop(key, None)
        if entry and entry[2]:
            self.connections.first_request(entry[0])

    def answered(self, key: Hashable, address: str) -> None:
        self.watched[key] = (address, self.clock() + self.keepalive_seconds + self.header_seconds, False)

    def gone(self, key: Hashable, address: str) -> None:
        entry = self.watched.pop(key, None)
        self.connections.closed(address, waiting=bool(entry and entry[2]))

    def overdue(self) -> list[Hashable]:
        """The connections past their deadline (each returned once: no longer watched)."""
        now = self.clock()
        late = [key for key, (_address, deadline, _first) in self.watched.items() if deadline <= now]
        for key in late:
            address, _deadline, first = self.watched.pop(key)
            if first:
                self.connections.first_request(address)  # it counts as gone from the waiting
        if late:
            before = self.closed_overdue
            self.closed_overdue += len(late)
            if before // 100 != self.closed_overdue // 100 or before == 0:
                log.warning(
                    "closed %d connection(s) that sent no whole request in time (%d so far)", len(late), self.closed_overdue
                )
        return late


def per_address_cap() -> int:
    """FACILITATOR_MAX_CONNECTIONS_PER_ADDRESS (SettingError when it is not a count)."""
    return _count_setting(
        "FACILITATOR_MAX_CONNECTIONS_PER_ADDRESS", env("FACILITATOR_MAX_CONNECTIONS_PER_ADDRESS"), DEFAULT_MAX_PER_ADDRESS
    )


class ClientsBehindProxy:
    """The per-address cap for phones behind a trusted proxy: the requests each forwarded
    client address has in progress (a WebSocket or a long-poll is one request for as long
    as it lasts). One more than `per_address` is answered like a connection over the cap
    at accept: 503 "the room is full", with the X-Room-Full header."""

    def __init__(self, per_address: int):
        self.per_address = per_address
        self.by_address: Counter[str] = Counter()
        self._lock = threading.Lock()

    def serve(self, address: str, app, environ, start_response):
        with self._lock:
            if self.by_address[address] >= self.per_address:
                refused = True
            else:
                refused = False
                self.by_address[address] += 1
        if refused:
            start_response(
                "503 Service Unavailable",
                [("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", "5"), ROOM_FULL_HEADER],
            )
            return [_ROOM_FULL_TEXT]
        try:
            body = app(environ, start_response)
        except BaseException:
            self._done(address)
            raise
        return ClosingBody(body, lambda: self._done(address))

    def _done(self, address: str) -> None:
        with self._lock:
            _count_down(self.by_address, address)


class ClosingBody:
    """A response body that calls `on_close` once, when the server closes it (the
    connection caps here and serve.py's count of requests in flight)."""

    def __init__(self, body, on_close):
        self.body, self.on_close, self.closed = body, on_close, False

    def __iter__(self):
        return iter(self.body)

    def close(self):
        if self.closed:
            return
        self.closed = True
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self.on_close()


def client_address(peer) -> str:
    """The host part of a socket peer address (IPv4 or IPv6 tuple, or a Unix path)."""
    return str(peer[0]) if isinstance(peer, tuple) and peer else str(peer)


class GuardedListener:
    """The listening socket as the WSGI server sees it: `accept` hands over only
    connections within the caps, refuses the others politely, and survives running out
    of files. Everything else is the real socket's."""

    def __init__(self, listener, connections: Connections, sleep):
        self._listener = listener
        self._connections = connections
        self._sleep = sleep
        self.refused = 0

    def __getattr__(self, name):
        return getattr(self._listener, name)

    def accept(self):
        while True:
            try:
                client, peer = self._listener.accept()
            except OSError as error:
                if error.errno not in OUT_OF_FILES:
                    raise
                # The connection stays queued in the kernel; try again in a moment.
                log.warning("out of open files: not accepting for %.2f s", OUT_OF_FILES_PAUSE)
                self._sleep(OUT_OF_FILES_PAUSE)
                continue
            if self._connections.admits(client_address(peer)):
                return client, peer
            self.refuse(client)

    def refuse(self, client) -> None:
        """Answer 503 "the room is full" without waiting on the client, then close."""
        self.refused += 1
        if self.refused % 100 == 1:
            log.warning(
                "the room is full (%d connections open, %d refused so far)", self._connections.open, self.refused
            )
        try:
            client.setblocking(False)
            client.send(ROOM_FULL_RESPONSE)
        except OSError:
            pass
        finally:
            client.close()
