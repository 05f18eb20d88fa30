"""Where the files the server needs at run time are: in a checkout, or inside the installed package.

Two layouts, one answer:

- **A checkout** (the folder holding `pyproject.toml` beside `facilitator/`): the static
  files and the built-in session templates are read from the checkout's top-level
  `static/` and `session_templates/`, so an edit shows at the next reload.
- **An installed package** (a wheel, pipx, a fresh venv): the build step in `setup.py`
  copied both into `facilitator/bundled/`, with the Socket.IO client taken from the npm
  lockfile. Nothing is read from the current folder.

The checkout wins when both exist, so a stale build never shadows the files being edited.
The report CSS (`facilitator/reports/static/`) and the compiled catalogues
(`facilitator/translations/`) live inside the package in both layouts.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # facilitator/, above core/
CHECKOUT_DIR = PACKAGE_DIR.parent
BUNDLE_DIR = PACKAGE_DIR / "bundled"  # written by setup.py's build step; present in wheels only


def running_from_checkout() -> bool:
    """True when this package is the `facilitator/` folder of a source checkout."""
    return (CHECKOUT_DIR / "pyproject.toml").is_file() and (CHECKOUT_DIR / "session_templates").is_dir()


def resource_dir(name: str) -> Path:
    """The folder `name` ("static" or "session_templates") for this installation."""
    if running_from_checkout():
        return CHECKOUT_DIR / name
    return BUNDLE_DIR / name


STATIC_DIR = resource_dir("static")
BUILTIN_TEMPLATES_DIR = resource_dir("session_templates")
TRANSLATIONS_DIR = PACKAGE_DIR / "translations"
REPORT_STATIC_DIR = PACKAGE_DIR / "reports" / "static"
SOCKET_IO_CLIENT = STATIC_DIR / "vendor" / "socket.io.min.js"


def missing_resources() -> list[str]:
    """What a working server needs and this installation lacks, in words (empty when complete)."""
    missing = []
    if not any(BUILTIN_TEMPLATES_DIR.glob("*.toml")):
        missing.append(f"the built-in session templates ({BUILTIN_TEMPLATES_DIR})")
    if not SOCKET_IO_CLIENT.is_file():
        missing.append(f"the Socket.IO client ({SOCKET_IO_CLIENT}; run `make setup`)")
    if not (REPORT_STATIC_DIR / "report.css").is_file():
        missing.append(f"the report stylesheet ({REPORT_STATIC_DIR / 'report.css'})")
    if not any(TRANSLATIONS_DIR.glob("*/LC_MESSAGES/messages.mo")):
        missing.append(f"the compiled translations ({TRANSLATIONS_DIR}; run `make setup`)")
    return missing
