"""The console's Report panel: downloads, the report's cover details, the personal-details check.

Signed-in facilitators (or this workshop's co-facilitators) only. Every form posts
the CSRF token. A PDF is printed in a child process (reports/pdf.py), so a download
never stalls the live boards.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, send_from_directory, url_for

from facilitator.reports.build import load_context
from facilitator.reports.exports import FORMATS, Exporter
from facilitator.reports.html import STATIC_DIR, render_html
from facilitator.reports.privacy import flagged_notes
from facilitator.views.access import check_csrf, facilitator_required
from facilitator.i18n import message_for
from facilitator.workshops.errors import WorkshopError, WorkshopNotFound
from facilitator.workshops.details import find_workshop

bp = Blueprint("exports", __name__, url_prefix="/facilitator/w/<code>/report")


def _service():
    return current_app.extensions["facilitation"]


def _exporter() -> Exporter:
    settings = current_app.config["SETTINGS"]
    limits = settings.extra.get("report_limits", {})
    return Exporter(
        db=current_app.extensions["db"],
        templates=_service().templates,
        templates_dir=settings.templates_dir,
        export_dir=settings.export_dir,
        **limits,
    )


@bp.app_context_processor
def report_panel_helper():
    """Lets the console template ask for its Report panel's data: `report_panel(code)`."""
    return {"report_panel": report_panel}


def report_panel(code: str) -> dict:
    """Download links, the cover details, and the notes that look personal."""
    with current_app.extensions["db"].reading() as session:
        workshop = find_workshop(session, code)
        flagged = flagged_notes(session, workshop)
        phase_titles = {p.key: p.title for p in workshop.phases}
        cover = {
            "partners": workshop.partners,
            "facilitator_name": workshop.facilitator_name,
            "prepared_for": workshop.prepared_for,
        }
    return {
        **report_checks(code),
        "formats": [
            ("pdf", "PDF report (for commissioners)"),
            ("handout", "Easy-read handout for participants (PDF, large print)"),
            ("md", "Markdown report (to edit)"),
            ("csv", "CSV, one row per note (for spreadsheets)"),
            ("json", "JSON, the whole workshop (a backup to import later)"),
            ("responses-csv", "CSV of the commissioners' responses, one row per answer"),
        ],
        "cover": cover,
        "flagged": flagged,
        "phase_titles": phase_titles,
    }


def report_checks(code: str) -> dict:
    """What the panel warns about before export (issue 15): cover details still blank, notes
    not in the report's language without a translation, notes printed as plain text; and
    the key findings and recommendations as the facilitator left them (or the drafts)."""
    from facilitator.i18n import LANGUAGES
    from facilitator.views.translations import language_name

    context = load_context(current_app.extensions["db"], _service().templates, code)
    with current_app.extensions["db"].reading() as session:
        workshop = find_workshop(session, code)
        findings, recommendations = workshop.findings, workshop.recommendations
    return {
        "missing": context.missing_details,
        "untranslated": [(n, language_name(n.language)) for n in context.untranslated],
        "printed_plain": context.printed_plain,
        "findings": findings,
        "recommendations": recommendations,
        "findings_draft": context.findings_md if context.findings_drafted else "",
        "recommendations_draft": context.recommendations_md if context.recommendations_drafted else "",
        "handout_languages": [(l.code, f"{l.english} ({l.name})" if l.code != "en" else l.english) for l in LANGUAGES],
    }


def _back(code: str):
    return redirect(url_for("facilitator.console", code=code) + "#report-h")


@bp.get("/")
@facilitator_required
def view(code):
    """The report as a web page: exactly what the PDF prints (same template, same sanitising)."""
    try:
        context = load_context(current_app.extensions["db"], _service().templates, code)
    except WorkshopNotFound:
        abort(404)
    return render_html(context, stylesheet=url_for("exports.stylesheet", code=code))


@bp.get("/report.css")
def stylesheet(code):
    """The report's own stylesheet (the same file the PDF uses); not secret."""
    return send_from_directory(STATIC_DIR, "report.css", mimetype="text/css", max_age=300)


@bp.get("/download/<fmt>")
@facilitator_required
def download(code, fmt):
    """Make the export now, keep it in the export folder, and send it."""
    if fmt not in FORMATS:
        abort(404)
    language = request.args.get("lang", "en") if fmt == "handout" else "en"
    try:
        path = _exporter().export(code, fmt, language=language)
    except WorkshopNotFound:
        abort(404)
    except WorkshopError as exc:
        return render_template("error.html", error=_Problem(message_for(exc))), 503
    return send_file(path, mimetype=FORMATS[fmt][1], as_attachment=True, download_name=path.name, max_age=0)


@bp.post("/cover")
@facilitator_required
def cover(code):
    """Save partners, facilitator name and 'prepared for' for the report's cover."""
    check_csrf()
    try:
        _service().update_cover(
            code,
            partners=request.form.get("partners", ""),
            facilitator_name=request.form.get("facilitator_name", ""),
            prepared_for=request.form.get("prepared_for", ""),
        )
    except WorkshopNotFound:
        abort(404)
    except WorkshopError as exc:
        flash(message_for(exc))
        return _back(code)
    flash("Report cover details saved.")
    return _back(code)


@bp.post("/front")
@facilitator_required
def front(code):
    """Save the report's key findings and recommendations (empty: print the drafts)."""
    check_csrf()
    try:
        _service().update_findings(
            code,
            findings=request.form.get("findings", ""),
            recommendations=request.form.get("recommendations", ""),
        )
    except WorkshopNotFound:
        abort(404)
    except WorkshopError as exc:
        flash(message_for(exc))
        return _back(code)
    flash("Key findings and recommendations saved.")
    return _back(code)


@bp.post("/notes/<note_id>/<action>")
@facilitator_required
def note_action(code, note_id, action):
    """Act on a flagged note: hide it, or remove only the personal details from it."""
    check_csrf()
    service = _service()
    try:
        if action == "hide":
            service.set_note_hidden(code, note_id, True)
            flash("Note hidden. It is left out of the report and can be restored.")
        elif action == "redact":
            changed = service.redact_note(code, note_id)
            flash("Personal details removed from the note." if changed else "Nothing to remove in that note.")
        else:
            abort(404)
    except WorkshopNotFound:
        abort(404)
    except WorkshopError as exc:
        flash(message_for(exc))
    return _back(code)


class _Problem:
    """What error.html expects of an error: a code, a name, a description."""

    code = 503
    name = "The export could not be made"

    def __init__(self, description: str):
        self.description = description
