"""What the server writes to its terminal: levelled, timestamped lines, or JSON lines.

FACILITATOR_LOG_LEVEL (debug, info, warning, error; default info) sets how much;
FACILITATOR_LOG_FORMAT=json writes one JSON object per line for hosted use. The access
log (FACILITATOR_ACCESS_LOG=1) names the route a request matched (`/board/<code>/<secret>`,
never the secret or the code themselves), its status and time; it never holds note
text (notes travel over Socket.IO, which it leaves out) and holds the client's IP
address only with FACILITATOR_ACCESS_LOG_IP=1.
"""

from __future__ import annotations

import json
import logging
import sys
import time
import warnings

from facilitator.core.config import LOG_FORMATS, LOG_LEVELS, env_choice, env_flag

LOGGER = "facilitator"
TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class JsonLines(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, and extras."""

    EXTRAS = ("method", "route", "status", "ms", "ip")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({key: getattr(record, key) for key in self.EXTRAS if hasattr(record, key)})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(stream=None) -> logging.Logger:
    """Set up the root logger from the settings; returns the facilitator logger.

    Raises config.SettingError for a level or format that does not exist.
    """
    level = env_choice("FACILITATOR_LOG_LEVEL", LOG_LEVELS, "info")
    fmt = env_choice("FACILITATOR_LOG_FORMAT", LOG_FORMATS, "text")
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLines() if fmt == "json" else logging.Formatter(TEXT_FORMAT, "%Y-%m-%d %H:%M:%S"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Libraries that talk a lot at info: only their warnings reach the facilitator's terminal.
    for noisy in ("engineio", "socketio", "werkzeug", "weasyprint", "fontTools", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    return logging.getLogger(LOGGER)


def from_address(address: str | None) -> str:
    """" from <address>" for a log line about one client, only when
    FACILITATOR_ACCESS_LOG_IP=1; otherwise "" (issue 21: the people in the room are
    promised that their IP address is not kept). Join codes are never logged at all."""
    return f" from {address}" if address and env_flag("FACILITATOR_ACCESS_LOG_IP") else ""


def quiet_eventlet_deprecation() -> None:
    """eventlet announces its own deprecation (nine lines) at import; the design card keeps
    it as the default server, so the facilitator's terminal does not need to hear it."""
    warnings.filterwarnings("ignore", message=r"(?s)\s*Eventlet is deprecated")
    warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"eventlet(\..*)?")


def access_log(app, flask_app):
    """WSGI middleware: one line per page or file request (Socket.IO traffic is left out).

    The route is the URL rule the request matched, so secrets and codes in the path are
    never written; unmatched paths are logged as "(no route)".
    """
    log = logging.getLogger(LOGGER + ".access")
    with_ip = env_flag("FACILITATOR_ACCESS_LOG_IP")
    url_map = flask_app.url_map

    def wrapped(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/socket.io"):
            return app(environ, start_response)
        started = time.monotonic()
        seen = {}

        def recording(status, headers, exc_info=None):
            seen["status"] = int(status.split(" ", 1)[0])
            return start_response(status, headers, exc_info)

        try:
            return app(environ, recording)
        finally:
            route = _route(url_map, environ)
            extra = {"method": environ.get("REQUEST_METHOD", ""), "route": route, "status": seen.get("status", 500),
                     "ms": round((time.monotonic() - started) * 1000, 1)}
            if with_ip:
                extra["ip"] = environ.get("REMOTE_ADDR", "")
            log.info(
                "%s %s %s %.0f ms%s", extra["method"], route, extra["status"], extra["ms"],
                f" from {extra['ip']}" if with_ip else "", extra=extra,
            )

    return wrapped


def _route(url_map, environ) -> str:
    try:
        rule, _args = url_map.bind_to_environ(environ).match(return_rule=True)
        return rule.rule
    except Exception:  # NotFound, MethodNotAllowed, RequestRedirect: the path itself may hold a secret
        return "(no route)"
