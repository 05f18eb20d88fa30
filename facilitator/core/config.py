"""Settings, read from the environment once, when the app is built.

Every setting is listed once, in `SETTINGS` (settings.py, re-exported here): `facilitator
--help` and the README's table are made from it. A value that cannot be used raises
`SettingError`, naming the variable and what it takes.

**The data home** (database, secret key, and exports when installed) is, in order:
`FACILITATOR_DATA_DIR` if set; the checkout's `instance/` folder when facilitator runs
from a source checkout; otherwise the per-user data folder (platformdirs: e.g.
`~/.local/share/facilitator` on Linux, `~/Library/Application Support/facilitator` on
macOS, `%LOCALAPPDATA%\facilitator` on Windows). It never depends on the current folder,
so every command finds the same workshops wherever it is started.
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from facilitator.core.resources import (
    BUILTIN_TEMPLATES_DIR,
    CHECKOUT_DIR,
    PACKAGE_DIR,  # noqa: F401  (re-exported: i18n and older callers import it from here)
    STATIC_DIR,  # noqa: F401
    running_from_checkout,
)
from facilitator.core.settings import (  # noqa: F401  (re-exported: callers read settings from config)
    SETTING_NAMES,
    SETTINGS,
    Setting,
    SettingError,
    env,
    env_choice,
    env_flag,
    env_number,
)

PROJECT_DIR = CHECKOUT_DIR  # older name
DEFAULT_TEMPLATES_DIR = BUILTIN_TEMPLATES_DIR
DEFAULT_PORT = 5050  # 5000 is taken by AirPlay Receiver on current macOS
ASYNC_MODES = ("eventlet", "gevent")
LOG_LEVELS = ("debug", "info", "warning", "error")
LOG_FORMATS = ("text", "json")


def default_data_dir() -> Path:
    """The data home (see the module's docstring)."""
    configured = env("FACILITATOR_DATA_DIR")
    if configured:
        return Path(configured).expanduser()
    if running_from_checkout():
        return CHECKOUT_DIR / "instance"
    import platformdirs

    return Path(platformdirs.user_data_dir("facilitator", appauthor=False))


def default_export_dir(data_dir: Path) -> Path:
    return CHECKOUT_DIR / "exports" if running_from_checkout() else data_dir / "exports"


def template_search_path() -> Path | str:
    """The built-in templates folder, then FACILITATOR_TEMPLATES_DIR's (joined by os.pathsep).

    One value, so it passes unchanged to the PDF child and to `session_templates`, which
    reads every folder in it (see `session_templates.template_folders`).
    """
    own = env("FACILITATOR_TEMPLATES_DIR")
    if not own:
        return DEFAULT_TEMPLATES_DIR
    folder = Path(own).expanduser().resolve()
    if not folder.is_dir():
        raise SettingError("FACILITATOR_TEMPLATES_DIR", own, "name a folder that exists and holds *.toml session templates")
    return os.pathsep.join([str(DEFAULT_TEMPLATES_DIR), str(folder)])


@dataclass
class Settings:
    """Everything the app needs to know about where it runs."""

    data_dir: Path
    database_url: str
    secret_key: str
    public_url: str | None = None
    message_queue: str | None = None
    # The built-in templates folder, or several folders joined by os.pathsep (see template_search_path).
    templates_dir: Path | str = DEFAULT_TEMPLATES_DIR
    export_dir: Path = CHECKOUT_DIR / "exports"
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
    # Reverse proxies whose X-Forwarded-For is believed (FACILITATOR_TRUSTED_PROXIES; proxies.TrustedProxies).
    trusted_proxies: object = None
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, overrides: dict | None = None) -> "Settings":
        """Read settings from the environment; `overrides` (e.g. from tests) win.

        Raises SettingError for a value that cannot be used.
        """
        from facilitator.core.proxies import TrustedProxies

        overrides = dict(overrides or {})
        trusted_proxies = TrustedProxies.from_env()  # first: the retired FACILITATOR_BEHIND_PROXY stops a start here
        data_dir = Path(overrides.pop("data_dir", None) or default_data_dir()).resolve()
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SettingError("FACILITATOR_DATA_DIR", str(data_dir), f"a folder facilitator can create and write to ({exc.strerror})") from None
        from facilitator.core.private_files import tighten

        tighten(data_dir)  # issue 12: a folder made by an older version was readable by every account
        database_url = overrides.pop("database_url", None) or env("DATABASE_URL") or (
            f"sqlite:///{data_dir / 'facilitator.sqlite3'}"
        )
        export_dir = Path(overrides.pop("export_dir", None) or env("FACILITATOR_EXPORT_DIR") or default_export_dir(data_dir))
        settings = cls(
            data_dir=data_dir,
            database_url=database_url,
            secret_key=overrides.pop("secret_key", None) or load_or_create_secret(data_dir),
            public_url=(overrides.pop("public_url", None) or _public_url(env("PUBLIC_URL"))),
            message_queue=overrides.pop("message_queue", None) or env("MESSAGE_QUEUE") or None,
            templates_dir=overrides.pop("templates_dir", None) or template_search_path(),
            export_dir=export_dir.expanduser().resolve(),
            retention_days=_retention(env("FACILITATOR_RETENTION_DAYS")),
            allowed_hosts=tuple(h.strip() for h in (env("FACILITATOR_ALLOWED_HOSTS") or "").split(",") if h.strip()),
            trusted_proxies=trusted_proxies,
        )
        for key, value in overrides.items():
            if not hasattr(settings, key):
                raise TypeError(f"Unknown setting: {key}")
            setattr(settings, key, value)
        if settings.public_url:
            settings.public_url = settings.public_url.rstrip("/")
        return settings


def _public_url(value: str | None) -> str | None:
    if value and not value.startswith(("http://", "https://")):
        raise SettingError("PUBLIC_URL", value, "use a full address such as http://192.168.1.23:5050")
    return value or None


def _retention(value: str | None) -> int | None:
    """FACILITATOR_RETENTION_DAYS as a whole number of days (at least 1), or None to keep everything."""
    if not value or not value.strip():
        return None
    if not value.strip().isdigit() or int(value) < 1:
        raise SettingError("FACILITATOR_RETENTION_DAYS", value, "use a whole number of days, at least 1 (or leave it unset to keep every workshop)")
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
