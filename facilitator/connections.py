"""How many connections the server holds at once, in all and per address.

A laptop's usual open-files limit (`ulimit -n 1024`) is met by a big room, or by one
person opening idle TCP connections: the accept loop then fails with "Too many open
files" and every board and phone goes down. So the server

1. raises its open-files soft limit to the hard limit at start (`raise_open_files_limit`);
2. holds at most `total` connections (the setting FACILITATOR_MAX_CONNECTIONS, and never
   more than the open-files limit leaves room for: the database, the PDF workers and the
   log need files too) and at most `per_address` from one client address
   (FACILITATOR_MAX_CONNECTIONS_PER_ADDRESS);
   behind a trusted reverse proxy (FACILITATOR_TRUSTED_PROXIES) every phone's connection
   comes from the proxy, so the proxy's own address is held only to the total, and the
   per-address cap is applied to each phone's forwarded address instead, on the requests
   it has in progress (`ClientsBehindProxy`, used by proxies.ProxyHeaders);
3. answers a connection beyond a cap at once with `HTTP 503` "the room is full, try again"
   and closes it — the server never waits on it and never crashes
   (`GuardedListener.accept`);
4. when the system runs out of files anyway, waits a moment and accepts again instead of
   stopping.

No async library is imported here: serve.py counts the connections it serves through
`Connections.opened` / `Connections.closed`, and passes its own `sleep`.
"""

from __future__ import annotations

import errno
import logging
import threading
from collections import Counter
from typing import Container

from facilitator.config import SettingError, env

log = logging.getLogger(__name__)

DEFAULT_MAX_CONNECTIONS = 4000
DEFAULT_MAX_PER_ADDRESS = 200
# Files kept free for everything that is not a connection: the database and its journal,
# PDF workers' pipes, fonts, the log, the listening socket, exports being written.
RESERVED_FILES = 64
OUT_OF_FILES = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}
OUT_OF_FILES_PAUSE = 0.05

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

    def __init__(self, total: int, per_address: int, exempt: Container[str] = frozenset()):
        self.total = total
        self.per_address = per_address
        # Addresses every phone shares (the trusted reverse proxies): only the total cap
        # applies to them; each phone behind them is held to `per_address` by ClientsBehindProxy.
        self.exempt = exempt
        self.open = 0
        self.by_address: Counter[str] = Counter()
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, open_files: int | None) -> "Connections":
        total = _count_setting(
            "FACILITATOR_MAX_CONNECTIONS", env("FACILITATOR_MAX_CONNECTIONS"), DEFAULT_MAX_CONNECTIONS
        )
        if open_files is not None:
            total = max(1, min(total, open_files - RESERVED_FILES))
        per_address = _count_setting(
            "FACILITATOR_MAX_CONNECTIONS_PER_ADDRESS", env("FACILITATOR_MAX_CONNECTIONS_PER_ADDRESS"), DEFAULT_MAX_PER_ADDRESS
        )
        from facilitator.proxies import TrustedProxies

        return cls(total, per_address, TrustedProxies.from_env())

    def admits(self, address: str) -> bool:
        """True when one more connection from `address` stays within both caps."""
        with self._lock:
            if self.open >= self.total:
                return False
            return address in self.exempt or self.by_address[address] < self.per_address

    def opened(self, address: str) -> None:
        with self._lock:
            self.open += 1
            self.by_address[address] += 1

    def closed(self, address: str) -> None:
        with self._lock:
            self.open -= 1
            self.by_address[address] -= 1
            if self.by_address[address] <= 0:
                del self.by_address[address]


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
            self.by_address[address] -= 1
            if self.by_address[address] <= 0:
                del self.by_address[address]


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
