"""From a join code to a report: find the workshop, its template, and build the context."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session

from facilitator.db import Database
from facilitator.reports.context import ReportContext, build_context
from facilitator.reports.html import render_html
from facilitator.templates_lib import SessionTemplate, TemplateError, check_templates, load_template
from facilitator.workshops.workshops import find_workshop


def load_context(db: Database, templates: dict[str, SessionTemplate], code: str) -> ReportContext:
    """The report context for the workshop with join code `code` (WorkshopNotFound if none)."""
    with db.reading() as session:
        workshop = find_workshop(session, code)
        return build_context(session, workshop, templates.get(workshop.template_key))


def template_for(templates_dir: Path, key: str) -> SessionTemplate | None:
    """The one template a report needs: `<key>.toml` when that is where it lives, else the
    folder is searched (a broken unrelated template must not block this report)."""
    path = Path(templates_dir) / f"{key}.toml"
    try:
        template = load_template(path) if path.is_file() else None
    except TemplateError:
        template = None
    if template is not None and template.key == key:
        return template
    good, _broken = check_templates(Path(templates_dir))
    return next((t for t in good if t.key == key), None)


def context_from_addresses(database_url: str, templates_dir: Path, code: str) -> ReportContext:
    """The report context from nothing but addresses: what the PDF child process calls.

    Reads only: no migrations (the server that wrote the database has made its schema)
    and only the workshop's own template file, not every template in the folder."""
    options = {"check_same_thread": False} if database_url.startswith("sqlite") else {}
    engine = create_engine(database_url, connect_args=options)
    if database_url.startswith("sqlite"):
        event.listen(engine, "connect", lambda connection, _record: connection.execute("PRAGMA query_only=ON"))
    try:
        with Session(engine) as session:
            workshop = find_workshop(session, code)
            return build_context(session, workshop, template_for(Path(templates_dir), workshop.template_key))
    finally:
        engine.dispose()


def report_html(database_url: str, templates_dir: Path, code: str, stylesheet: str | None = None) -> str:
    """The report's HTML, from nothing but addresses: what the PDF child process calls."""
    return render_html(context_from_addresses(database_url, templates_dir, code), stylesheet)
