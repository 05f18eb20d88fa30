"""From a join code to a report: find the workshop, its template, and build the context."""

from __future__ import annotations

from pathlib import Path

from facilitator.db import Database
from facilitator.reports.context import ReportContext, build_context
from facilitator.reports.html import render_html
from facilitator.templates_lib import SessionTemplate, check_templates
from facilitator.workshops.workshops import find_workshop


def load_context(db: Database, templates: dict[str, SessionTemplate], code: str) -> ReportContext:
    """The report context for the workshop with join code `code` (WorkshopNotFound if none)."""
    with db.reading() as session:
        workshop = find_workshop(session, code)
        return build_context(session, workshop, templates.get(workshop.template_key))


def report_html(database_url: str, templates_dir: Path, code: str, stylesheet: str | None = None) -> str:
    """The report's HTML, from nothing but addresses: what the PDF child process calls."""
    good, _broken = check_templates(templates_dir)  # a broken unrelated template must not block this report
    db = Database(database_url)
    try:
        return render_html(load_context(db, {t.key: t for t in good}, code), stylesheet)
    finally:
        db.dispose()
