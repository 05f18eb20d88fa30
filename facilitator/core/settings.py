"""Every setting the server reads, listed once, and how one is read from the environment.

`SETTINGS` is the one list: `facilitator --help` and the README's table are made from it
(tests/install/test_docs.py fails when they disagree), and `env` refuses a name that is
not in it, so no setting goes undocumented. A value that cannot be used raises
`SettingError`, naming the variable and what it takes. config.py builds the app's
`Settings` from these; proxies.py reads its own (FACILITATOR_TRUSTED_PROXIES) here too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, its default in words, and what it does."""

    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("FACILITATOR_DATA_DIR", "see “Where the data lives”", "where the SQLite database and the secret key live"),
    Setting("DATABASE_URL", "SQLite in the data folder", "any SQLAlchemy URL, e.g. `postgresql+psycopg://…` (install the `postgres` extra)"),
    Setting("PUBLIC_URL", "the laptop's LAN address", "the address phones use (goes into the QR code)"),
    Setting("MESSAGE_QUEUE", "none", "a Redis URL shared by several server processes (install the `redis` extra)"),
    Setting("FACILITATOR_EXPORT_DIR", "`exports/` in the checkout, else in the data folder", "where reports are written"),
    Setting("FACILITATOR_TEMPLATES_DIR", "none", "a folder of your organisation's own session templates, used beside the built-in ones"),
    Setting("FACILITATOR_RETENTION_DAYS", "keep everything", "delete workshops (not live) older than this many days, at start and with `facilitator purge`"),
    Setting("FACILITATOR_ALLOWED_HOSTS", "none", "more host names the server answers to, comma-separated"),
    Setting("FACILITATOR_TRUSTED_PROXIES", "none", "behind nginx: the proxy's addresses (IPs and networks, comma-separated, e.g. `127.0.0.1`); X-Forwarded-For is believed only from them"),
    Setting("FACILITATOR_ASYNC", "`eventlet`", "the server's async library: `eventlet` or `gevent`"),
    Setting("FACILITATOR_WS_COMPRESSION", "`0`", "`1` accepts browsers' per-message deflate (slower with many phones: see docs/performance.md)"),
    Setting("FACILITATOR_LOG_LEVEL", "`info`", "how much the server logs: `debug`, `info`, `warning` or `error`"),
    Setting("FACILITATOR_LOG_FORMAT", "`text`", "`json` writes one JSON object per line (for hosted use)"),
    Setting("FACILITATOR_ACCESS_LOG", "`0`", "`1` logs each page request: method, route, status, time (never note text)"),
    Setting("FACILITATOR_ACCESS_LOG_IP", "`0`", "`1` adds the client's IP address to the access log"),
    Setting("FACILITATOR_TIMEZONE", "`Europe/London`", "the time zone of the times printed in reports (an IANA name, e.g. `Europe/Dublin`)"),
    Setting("FACILITATOR_STOP_SECONDS", "`30`", "on Ctrl+C or SIGTERM, how long downloads in progress may take to finish"),
    # Issue 12 item 8: the console's PDFs wait their turn in reports/jobs.py's queue.
    Setting("FACILITATOR_PDF_RENDERS", "`1`", "PDFs the server renders at once (1 to 8); 4 more wait their turn, and past that the console is told “busy, try again in about N s”. A render takes a whole core, so 1 keeps the other core of a two-core laptop for the live room"),
    # Issue 12 (security): connection caps, enforced in serve.py by facilitator/live/connections.py.
    Setting("FACILITATOR_MAX_CONNECTIONS", "as many as the open-files limit allows, less 64 (the server raises the limit to the hard limit at start), up to 20000; 4000 where the limit is not known", "connections held at once (a phone holds one or two); more are answered “the room is full, try again”"),
    Setting("FACILITATOR_MAX_CONNECTIONS_PER_ADDRESS", "`200`", "connections held at once from one address (behind a trusted proxy: from one phone's address)"),
)
SETTING_NAMES = frozenset(s.name for s in SETTINGS)


class SettingError(ValueError):
    """A setting whose value cannot be used; the message names the variable and what it takes."""

    def __init__(self, name: str, value: str, expected: str):
        self.name = name
        self.value = value
        super().__init__(f"{name}={value} cannot be used: {expected}.")


def env(name: str, default: str | None = None) -> str | None:
    """An environment variable by its name in SETTINGS (so no setting goes undocumented)."""
    assert name in SETTING_NAMES, f"{name} is not listed in config.SETTINGS"
    value = os.environ.get(name)
    return default if value is None or not value.strip() else value.strip()


def env_flag(name: str) -> bool:
    """A 0/1 setting; anything else is refused."""
    value = env(name, "0")
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise SettingError(name, value, "use 1 (on) or 0 (off)")


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = env(name, default)
    if value.lower() not in choices:
        raise SettingError(name, value, f"use one of {', '.join(choices)}")
    return value.lower()


def env_number(name: str, default: float, low: float, high: float) -> float:
    value = env(name)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise SettingError(name, value, f"use a number of seconds from {low:g} to {high:g}")
    return number
