"""Guards at the edge: which hosts and origins may talk to the server, and rate limits.

The server answers only to the names phones and the laptop really use — PUBLIC_URL,
the laptop's LAN address, and loopback — so a spoofed `Host` or `X-Forwarded-Host`
cannot make it build links to somewhere else, and a page on another site cannot open a
socket to it from a participant's browser.
"""

from __future__ import annotations

import math
import threading
import time
from urllib.parse import urlsplit

from facilitator.core.config import Settings, lan_address
from facilitator.web.bursts import ArrivalBursts

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
_LAN_CACHE_SECONDS = 30.0


class HostPolicy:
    """The host names this server answers to; the LAN address is looked up again every
    30 s, because a laptop may change networks while the server runs."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._lan = ("", 0.0)

    def allowed(self) -> set[str]:
        names = set(LOOPBACK_HOSTS) | set(self.settings.allowed_hosts)
        if self.settings.public_url:
            names.add(urlsplit(self.settings.public_url).hostname or "")
        address, looked_up = self._lan
        if time.monotonic() - looked_up > _LAN_CACHE_SECONDS:
            address = lan_address()
            self._lan = (address, time.monotonic())
        names.add(address)
        return names

    def host_allowed(self, host_header: str | None) -> bool:
        """True for a `Host` header naming this server (any port)."""
        if not host_header:
            return False
        hostname = urlsplit(f"//{host_header}").hostname
        return hostname is not None and hostname in self.allowed()

    def origin_allowed(self, origin: str | None, environ: dict | None = None) -> bool:
        """Socket.IO's origin check: same names as `host_allowed`. Requests without an
        Origin (native apps, the load generator) are not from a browser page and pass."""
        if origin is None:
            return True
        environ = environ or {}
        return origin_matches(
            origin, self.settings.public_url, environ.get("HTTP_HOST"), self.allowed(), environ.get("wsgi.url_scheme", "http")
        )


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin_of(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) URL or origin, the port made explicit; None otherwise."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.scheme, parts.hostname, port or _DEFAULT_PORTS[parts.scheme]


def origin_matches(
    origin: str, public_url: str | None, host_header: str | None, names: set[str], scheme: str = "http"
) -> bool:
    """Issue 12: an Origin is this server's only when scheme, host and port all match —
    PUBLIC_URL's origin, or the address the connection itself was made to (its `Host`,
    a name this server answers to, on the same port). A page on another port of the
    same laptop is another site."""
    seen = _origin_of(origin)
    if seen is None:
        return False
    if public_url and seen == _origin_of(public_url):
        return True
    if not host_header:
        return False
    own = _origin_of(f"{scheme}://{host_header}")
    return own is not None and seen == own and seen[1] in names


class RateLimiter:
    """A token bucket per key: `burst` at once, then `per_second` sustained.

    In memory, per server process: enough to stop one phone flooding a room or one
    address guessing join codes. Thread- and greenlet-safe.
    """

    def __init__(self, per_second: float, burst: int, max_keys: int = 10_000):
        self.per_second = per_second
        self.burst = burst
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, cost: float = 1.0) -> bool:
        """Take `cost` tokens for `key`; False (and nothing taken) when there are too few."""
        now = time.monotonic()
        with self._lock:
            tokens = self._tokens_at(key, now)
            allowed = tokens >= cost
            if allowed:
                tokens -= cost
            if len(self._buckets) >= self.max_keys and key not in self._buckets:
                self._forget_full_buckets(now)
            self._buckets[key] = (tokens, now)
            return allowed

    def reserve(self, key: str, cost: float = 1.0) -> float:
        """Take `cost` tokens for `key` even when there are too few, and return how many
        seconds the caller must wait before going ahead (0 when it may go now).

        For pacing rather than refusing: each caller sleeps until its own turn, instead of
        all of them waking together to try again. The debt is bounded by the callers
        waiting at once (each reserves one turn, then waits for it)."""
        now = time.monotonic()
        with self._lock:
            tokens = self._tokens_at(key, now) - cost
            if len(self._buckets) >= self.max_keys and key not in self._buckets:
                self._forget_full_buckets(now)
            self._buckets[key] = (tokens, now)
            return 0.0 if tokens >= 0 else -tokens / self.per_second

    def forget(self, key: str) -> None:
        """Drop `key`'s bucket: for keys that never come back (a connection that has ended)."""
        with self._lock:
            self._buckets.pop(key, None)

    def refund(self, key: str, cost: float = 1.0) -> None:
        """Give back tokens taken for an attempt that turned out not to count (a right passcode)."""
        with self._lock:
            if key in self._buckets:
                tokens, last = self._buckets[key]
                self._buckets[key] = (min(float(self.burst), tokens + cost), last)

    def seconds_until_allowed(self, key: str, cost: float = 1.0) -> float:
        """How long `key` must wait for `cost` tokens (0 when it may go now), to tell a client when to try again."""
        now = time.monotonic()
        with self._lock:
            tokens = self._tokens_at(key, now)
            if tokens >= cost:
                return 0.0
            return math.ceil((cost - tokens) / self.per_second * 10) / 10  # tenths, never 0 while refused

    def blocked(self, key: str) -> bool:
        """True when `key` has no whole token left (nothing is taken)."""
        now = time.monotonic()
        with self._lock:
            return self._tokens_at(key, now) < 1.0

    def _tokens_at(self, key: str, now: float) -> float:
        """The tokens `key` has at `now`, refilled since it was last used (call under the lock)."""
        tokens, last = self._buckets.get(key, (float(self.burst), now))
        return min(float(self.burst), tokens + (now - last) * self.per_second)

    def _forget_full_buckets(self, now: float) -> None:
        """Drop keys whose buckets have refilled: they carry no information any more."""
        full_after = self.burst / self.per_second
        for key, (_, last) in list(self._buckets.items()):
            if now - last > full_after:
                del self._buckets[key]


def classify_database_error(error: Exception) -> str:
    """'full' when the disk (or the database's size cap) is full, 'busy' when locked."""
    text = str(getattr(error, "orig", error)).lower()
    if "full" in text or "no space" in text:
        return "full"
    return "busy"


class Limits:
    """The rate limits of one server process, in one place so their numbers are visible."""

    def __init__(self):
        # Wrong join codes per client address: 10 at once, then one every 5 s.
        self.join_failures = RateLimiter(per_second=0.2, burst=10)
        # Notes per participant: 10 at once, then one a second — faster is a flood, not a person.
        self.notes = RateLimiter(per_second=1.0, burst=10)
        # Passcode attempts per client address: 5 at once, then one every 12 s.
        self.sign_in = RateLimiter(per_second=1 / 12, burst=5)
        # New participants per client address (issue 12): a room of 120 phones behind one
        # address joins at once, then one a second; a script re-joining for fresh dots is not a room.
        self.new_participants = RateLimiter(per_second=1.0, burst=120)
        # Who arrived together from one address (issue 21, row 10): noted, never refused;
        # the facilitator is alerted when such a burst votes without posting (workshops/arrivals.py).
        self.arrivals = ArrivalBursts()
        # Socket events per connection, by kind (issue 12; sockets.EVENT_BUDGETS says which is
        # which). A phone joins once per connection and asks to catch up after a gap: a
        # connection that loops either is a script, and each costs a snapshot. Everything
        # else is already limited per person or is a facilitator's: a generous ceiling.
        self.events = {
            "join": RateLimiter(per_second=0.5, burst=20),
            "sync": RateLimiter(per_second=0.5, burst=5),
            "other": RateLimiter(per_second=20.0, burst=200),
        }
        # The same kinds per client address, so reconnecting for a fresh connection's budget
        # gains little: a room of 120 phones behind one address reconnects (joins) at once
        # within the burst; catch-ups are rarer (a phone's join already brings its picture).
        self.events_per_address = {
            "join": RateLimiter(per_second=5.0, burst=300),
            "sync": RateLimiter(per_second=5.0, burst=60),
        }
        # Event packets read from a connection and from a client address (issue 21, row 8;
        # facilitator/live/packet_guard.py). Not refused: over these, the connection is read more
        # slowly, so a flood waits in the sender's own socket. Per address, sized for a room
        # of 120 phones behind one address: all of them joining at once (120 within the
        # burst), then voting together (5 dots each in 30 s is 20 a second). A handled event
        # costs about a millisecond of the server's one core (`votes:mine`, measured), so
        # each address a script uses takes at most ~3 % of it. This laptop's own addresses
        # (the console and the board) are held to the per-connection budget only.
        self.packets = RateLimiter(per_second=30.0, burst=300)
        self.packets_per_address = RateLimiter(per_second=30.0, burst=150)
        # Refusals for going over those budgets, per connection: a phone following
        # `retry_after` meets a handful; past 20 (then one a second) it is a script, and
        # is disconnected (sockets._too_fast).
        self.ignored_slow_down = RateLimiter(per_second=1.0, burst=20)

    def forget_connection(self, *keys: str) -> None:
        """A connection has ended: drop the buckets kept under its ids (its Engine.IO and
        Socket.IO sids, never used again). Otherwise a flood's thousands of short
        connections stay in each budget until its 10,000-key bound, long after the flood."""
        per_connection = [self.packets, self.ignored_slow_down, *self.events.values()]
        for key in keys:
            for limiter in per_connection:
                limiter.forget(key)
