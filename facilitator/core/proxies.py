"""Whose address a request is from, when a reverse proxy (nginx) may stand in between.

Issue 12: behind nginx every TCP connection comes from nginx, so every phone looks like
one address — one phone's wrong join codes would slow everyone's joining. The proxy says
who the client is in `X-Forwarded-For`, but anyone can send that header, so it is
believed only from the addresses named in FACILITATOR_TRUSTED_PROXIES (IPs and CIDR
networks, comma-separated, e.g. `127.0.0.1,10.0.0.0/8`).

`ProxyHeaders` is the WSGI middleware, outermost around the app (Socket.IO included), so
pages, rate limits and socket handlers all see the same `REMOTE_ADDR`:

- from a trusted peer, `REMOTE_ADDR` becomes the client: `X-Forwarded-For` read from
  the right, skipping trusted hops (nginx appends the address it saw; whatever the client
  wrote itself is further left and never reached), and `wsgi.url_scheme` follows
  `X-Forwarded-Proto` (`http` or `https` only). `X-Forwarded-Host` is never used: the
  documented nginx config sets `Host` and passes a client's own `X-Forwarded-Host` on.
- from any other peer, forwarded headers are ignored.
- the TCP peer itself is always kept in `environ["facilitator.peer"]`, and
  `environ["facilitator.via_proxy"]` says whether the request came through a trusted
  proxy: the first-run setup page opens only for the real loopback peer, never for a
  request relayed by a proxy (see `views.access.is_loopback_request`).

With no proxy trusted, the facilitator's own request carrying `X-Forwarded-For` means a
proxy is in front that nobody told us about: `UnconfiguredProxy` logs one warning and the
facilitator's pages show a banner. Anyone else's header proves nothing and is ignored.
"""

from __future__ import annotations

import ipaddress
import os

from facilitator.core.settings import SettingError, env

PEER = "facilitator.peer"
VIA_PROXY = "facilitator.via_proxy"
# Headers a proxy adds; any of them on a request means it did not come straight from
# the machine it says it came from.
FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")
RETIRED_SETTING = "FACILITATOR_BEHIND_PROXY"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An IP address (an IPv4-mapped IPv6 address as its IPv4 one), or None for anything else."""
    try:
        address = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def refuse_retired_setting() -> None:
    """FACILITATOR_BEHIND_PROXY=1 believed X-Forwarded-For from any peer: a forged header
    from outside opened the setup page. It no longer exists; refuse to start with it set."""
    value = os.environ.get(RETIRED_SETTING)
    if value is not None and value.strip():
        raise SettingError(
            RETIRED_SETTING,
            value.strip(),
            "it has been replaced by FACILITATOR_TRUSTED_PROXIES; remove it and set "
            "FACILITATOR_TRUSTED_PROXIES to your proxy's addresses (127.0.0.1 for nginx on this computer)",
        )


class TrustedProxies:
    """The peers whose forwarded headers are believed. Empty: nobody's."""

    def __init__(self, networks: tuple[Network, ...] = ()):
        self.networks = networks

    @classmethod
    def parse(cls, value: str | None) -> "TrustedProxies":
        """FACILITATOR_TRUSTED_PROXIES' value; SettingError naming what it takes."""
        networks = []
        for item in (value or "").split(","):
            if not item.strip():
                continue
            try:
                networks.append(ipaddress.ip_network(item.strip(), strict=False))
            except ValueError:
                raise SettingError(
                    "FACILITATOR_TRUSTED_PROXIES",
                    value or "",
                    f"“{item.strip()}” is not an IP address or network; use addresses and networks "
                    "separated by commas, such as 127.0.0.1,10.0.0.0/8",
                ) from None
        return cls(tuple(networks))

    def __repr__(self) -> str:
        return f"TrustedProxies({','.join(map(str, self.networks))!r})"

    @classmethod
    def from_env(cls) -> "TrustedProxies":
        refuse_retired_setting()
        return cls.parse(env("FACILITATOR_TRUSTED_PROXIES"))

    def __bool__(self) -> bool:
        return bool(self.networks)

    def __contains__(self, address: object) -> bool:
        """True when `address` (text) is one of the trusted proxies."""
        parsed = parse_address(str(address or ""))
        return parsed is not None and any(parsed.version == n.version and parsed in n for n in self.networks)

    def client(self, peer: str, forwarded_for: str) -> str:
        """The client's address from a trusted `peer`'s `X-Forwarded-For`: the rightmost
        hop that is not itself a trusted proxy. A hop that is not an address stops the
        walk at the last address seen (the header left of it cannot be trusted)."""
        client = peer
        for hop in reversed(forwarded_for.split(",")):
            address = parse_address(hop)
            if address is None:
                break
            client = str(address)
            if client not in self:
                break
        return client


class ProxyHeaders:
    """WSGI middleware: `REMOTE_ADDR` and the scheme from a trusted proxy's headers (see the module)."""

    def __init__(
        self,
        app,
        proxies: TrustedProxies | None,
        clients=None,
    ):
        """`clients` (connections.ClientsBehindProxy) holds each client behind a trusted
        proxy to the per-address connection cap, which at accept sees only the proxy."""
        self.app = app
        self.proxies = proxies or TrustedProxies()
        self.clients = clients

    def __call__(self, environ, start_response):
        peer = environ.get("REMOTE_ADDR") or ""
        environ[PEER] = peer
        environ[VIA_PROXY] = False
        forwarded_for = environ.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded_for.strip() and peer in self.proxies:
            environ[VIA_PROXY] = True
            environ["REMOTE_ADDR"] = self.proxies.client(peer, forwarded_for)
            proto = environ.get("HTTP_X_FORWARDED_PROTO", "").split(",")[-1].strip().lower()
            if proto in ("http", "https"):
                environ["wsgi.url_scheme"] = proto
            if self.clients is not None:
                return self.clients.serve(environ["REMOTE_ADDR"], self.app, environ, start_response)
        return self.app(environ, start_response)


class UnconfiguredProxy:
    """Noticed once: the facilitator's own requests carry X-Forwarded-For but no proxy is
    trusted (app.py calls it for signed-in requests only: a stranger's header proves
    nothing). Logs one warning naming the peer those requests came from — the proxy — and
    `seen` stays True (the facilitator's pages show a banner)."""

    def __init__(self, log):
        self.log = log
        self.seen = False
        self.peer = ""

    def __call__(self, peer: str) -> None:
        if self.seen:
            return
        self.seen, self.peer = True, peer
        self.log.warning(
            "the facilitator's requests come through a proxy at %s (X-Forwarded-For), but FACILITATOR_TRUSTED_PROXIES is not set: every phone "
            "behind this proxy looks like one address, so one phone's wrong codes slow everyone's joining. "
            "Set FACILITATOR_TRUSTED_PROXIES to the proxy's address.",
            peer,
        )


def is_from_this_machine(environ) -> bool:
    """True only for a request whose TCP peer is loopback and that no proxy relayed: a
    proxy on this laptop (nginx in front) relays strangers from loopback, so a request
    carrying any forwarding header is never "the laptop itself", trusted proxy or not."""
    if environ.get(VIA_PROXY) or any(environ.get(name) for name in FORWARDING_HEADERS):
        return False
    peer = parse_address(environ.get(PEER, environ.get("REMOTE_ADDR")) or "")
    return peer is not None and peer.is_loopback
