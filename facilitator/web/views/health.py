"""`/healthz`: whether the server and its database answer, and how late its heartbeat runs."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import text

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """JSON for monitoring and tests; `?window=SECONDS` sets the heartbeat window (default 60)."""
    try:
        window = min(600.0, max(1.0, float(request.args.get("window", 60))))
    except ValueError:
        window = 60.0
    try:
        with current_app.extensions["db"].reading() as session:
            session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as error:  # the answer must say what is wrong, not fail itself
        database = f"error: {type(error).__name__}"
    monitor = current_app.extensions["loop_monitor"]
    status = "ok" if database == "ok" else "degraded"
    return jsonify({"status": status, "database": database, "loop": monitor.report(window)}), 200 if status == "ok" else 503
