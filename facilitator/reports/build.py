"""From a join code to a report: find the workshop, its template, and build the context."""

from __future__ import annotations

from pathlib import Path

from facilitator.reports.context import ReportContext, build_context
from facilitator.reports.html import render_html
from facilitator.store.db import Database, read_only
from facilitator.workshops.details import find_workshop
from facilitator.workshops.session_templates import SessionTemplate, templates_at


def load_context(db: Database, templates: dict[str, SessionTemplate], code: str) -> ReportContext:
    """The report context for the workshop with join code `code` (WorkshopNotFound if none)."""
    with db.reading() as session:
        workshop = find_workshop(session, code)
        return build_context(session, workshop, templates.get(workshop.template_key))


def report_html(database_url: str, templates: Path, code: str, stylesheet: str | None = None) -> str:
    """The report's HTML, from nothing but addresses: what the PDF child process calls.
    `templates` is the workshop's template file (or a folder of them). The database is
    opened read-only and nothing is migrated."""
    db = Database(read_only(database_url))
    try:
        return render_html(load_context(db, templates_at(templates), code), stylesheet)
    finally:
        db.dispose()
