"""Settings, read from the environment once, when the app is built.

FACILITATOR_DATA_DIR  where the SQLite file and the secret key live (default ./instance)
DATABASE_URL          any SQLAlchemy URL; overrides the SQLite file
PUBLIC_URL            the address phones use to reach this laptop (default: its LAN address)
MESSAGE_QUEUE         a Redis URL shared by several server processes (optional)
FACILITATOR_EXPORT_DIR where reports are written (default ./exports)
FACILITATOR_RETENTION_DAYS delete workshops (not live) older than this many days, at start
                      and with `facilitator purge` (default: keep them)
FACILITATOR_ALLOWED_HOSTS more host names the server answers to, comma-separated
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DEFAULT_TEMPLATES_DIR = PROJECT_DIR / "session_templates"
STATIC_DIR = PROJECT_DIR / "static"


@dataclass
class Settings:
    """Everything the app needs to know about where it runs."""

    data_dir: Path
    database_url: str
    secret_key: str
    public_url: str | None = None
    message_queue: str | None = None
    templates_dir: Path = DEFAULT_TEMPLATES_DIR
    export_dir: Path = PROJECT_DIR / "exports"
    async_mode: str | None = None  # None lets Flask-SocketIO pick; tests force "threading"
    ping_interval: int = 10  # seconds; phones on venue Wi-Fi drop often, notice it quickly
    ping_timeout: int = 10
    testing: bool = False
    retention_days: int | None = None
    # Runs a blocking call in a worker thread without blocking the event loop; set by the
    # server's entry point (eventlet's or gevent's thread pool), None in tests and the CLI.
    offload: Callable | None = None
    # More host names the server may be reached at (FACILITATOR_ALLOWED_HOSTS, comma-separated).
    allowed_hosts: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, overrides: dict | None = None) -> "Settings":
        """Read settings from the environment; `overrides` (e.g. from tests) win."""
        overrides = dict(overrides or {})
        data_dir = Path(overrides.pop("data_dir", None) or os.environ.get("FACILITATOR_DATA_DIR", "instance"))
        data_dir = data_dir.resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        database_url = overrides.pop("database_url", None) or os.environ.get("DATABASE_URL") or (
            f"sqlite:///{data_dir / 'facilitator.sqlite3'}"
        )
        export_dir = Path(
            overrides.pop("export_dir", None) or os.environ.get("FACILITATOR_EXPORT_DIR") or PROJECT_DIR / "exports"
        )
        settings = cls(
            data_dir=data_dir,
            database_url=database_url,
            secret_key=overrides.pop("secret_key", None) or load_or_create_secret(data_dir),
            public_url=(overrides.pop("public_url", None) or os.environ.get("PUBLIC_URL") or None),
            message_queue=overrides.pop("message_queue", None) or os.environ.get("MESSAGE_QUEUE") or None,
            export_dir=export_dir.resolve(),
            retention_days=_retention(os.environ.get("FACILITATOR_RETENTION_DAYS")),
            allowed_hosts=tuple(
                h.strip() for h in os.environ.get("FACILITATOR_ALLOWED_HOSTS", "").split(",") if h.strip()
            ),
        )
        for key, value in overrides.items():
            if not hasattr(settings, key):
                raise TypeError(f"Unknown setting: {key}")
            setattr(settings, key, value)
        if settings.public_url:
            settings.public_url = settings.public_url.rstrip("/")
        return settings


def _retention(value: str | None) -> int | None:
    """FACILITATOR_RETENTION_DAYS as a whole number of days (at least 1), or None to keep everything."""
    if not value or not value.strip():
        return None
    if not value.strip().isdigit() or int(value) < 1:
        raise ValueError(f"FACILITATOR_RETENTION_DAYS must be a whole number of days, at least 1 (not {value!r})")
    return int(value)


def load_or_create_secret(data_dir: Path) -> str:
    """Return the secret key kept in the data folder, making it on first run.

    Kept on disk so that a restart does not sign every facilitator out mid-workshop.
    """
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def lan_address() -> str:
    """The address other devices on the venue network reach this machine at.

    Opens a UDP socket towards a non-routable address (nothing is sent) to learn which
    interface the system would use; falls back to the host name's address. Never
    returns a loopback address when another one exists, since a phone cannot use it.
    """
    candidates = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            candidates.append(probe.getsockname()[0])
    except OSError:
        pass
    try:
        candidates.extend(socket.gethostbyname_ex(socket.gethostname())[2])
    except OSError:
        pass
    for address in candidates:
        if not address.startswith("127."):
            return address
    return "127.0.0.1"
