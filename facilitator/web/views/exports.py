"""The console's Report panel: downloads, the report's cover details, the personal-details check.

Signed-in facilitators (or this workshop's co-facilitators) only. Every form posts
the CSRF token. A PDF is printed in a child process (reports/pdf.py), so a download
never stalls the live boards, and goes through the server's render queue
(reports/jobs.py): a PDF that is ready within QUICK_WAIT seconds is sent as before;
a longer one answers 202 with where it stands and a status URL (a page that refreshes
itself, or JSON for the console's script); a full queue answers 503 with Retry-After.
The protocol is in docs/protocol.md ("Report downloads").
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    send_from_directory,
    url_for,
)

from facilitator.core.i18n import message_for
from facilitator.reports.build import load_context
from facilitator.reports.exports import FORMATS, Exporter
from facilitator.reports.html import STATIC_DIR, render_html
from facilitator.reports.jobs import Job, QueueFull, RenderQueue
from facilitator.reports.privacy import flagged_notes
from facilitator.web.views.access import check_csrf, facilitator_required
from facilitator.workshops.details import find_workshop
from facilitator.workshops.errors import N_, WorkshopError, WorkshopNotFound

bp = Blueprint("exports", __name__, url_prefix="/facilitator/w/<code>/report")


def _service():
    return current_app.extensions["facilitation"]


PDF_FORMATS = ("pdf", "handout")
# A browser's link (it asks for text/html) waits this long for its PDF before it is answered
# "making it, ready in about N s": most reports are ready well within it (a 500-note report
# renders in ~5 s), so the download simply happens; the console's script asks as JSON and
# waits only JSON_WAIT. A script or curl (no text/html asked for) waits for the file as it
# always did, up to SCRIPT_WAIT: it could not follow a page that refreshes itself.
QUICK_WAIT = 10.0
JSON_WAIT = 1.0
SCRIPT_WAIT = 600.0


def _exporter(app=None) -> Exporter:
    app = app or current_app
    settings = app.config["SETTINGS"]
    limits = settings.extra.get("report_limits", {})
    return Exporter(
        db=app.extensions["db"],
        templates=app.extensions["facilitation"].templates,
        templates_dir=settings.templates_dir,
        export_dir=settings.export_dir,
        **limits,
    )


def pdf_renderer(app):
    """What the app's render queue calls for a (code, format, language) key: the export,
    made exactly as the CLI makes it (Exporter.export), in the queue's own task."""

    def render(key):
        code, fmt, language = key
        return _exporter(app).export(code, fmt, language=language)

    return render


def _queue() -> RenderQueue:
    return current_app.extensions["pdf_jobs"]


def _wants_json() -> bool:
    """The console's script asks with `Accept: application/json`; browsers and curl do not."""
    return request.accept_mimetypes.best == "application/json"


def _first_wait() -> float:
    """How long a download request waits for its PDF before it is told where it stands."""
    if _wants_json():
        return JSON_WAIT
    if any(value in ("text/html", "application/xhtml+xml") for value, _quality in request.accept_mimetypes):
        return QUICK_WAIT
    return SCRIPT_WAIT


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
    from facilitator.core.i18n import LANGUAGES
    from facilitator.web.views.translations import language_name

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
    """Make the export now, keep it in the export folder, and send it. A PDF is made by the
    render queue: sent if ready soon, else 202 (where it stands) or 503 (the queue is full)."""
    if fmt not in FORMATS:
        abort(404)
    language = request.args.get("lang", "en") if fmt == "handout" else "en"
    if fmt in PDF_FORMATS:
        return _queued_pdf(code, fmt, language)
    try:
        path = _exporter().export(code, fmt, language=language)
    except WorkshopNotFound:
        abort(404)
    except WorkshopError as exc:
        return render_template("error.html", error=_Problem(message_for(exc))), 503
    return send_file(path, mimetype=FORMATS[fmt][1], as_attachment=True, download_name=path.name, max_age=0)


def _queued_pdf(code: str, fmt: str, language: str):
    from facilitator.core.i18n import supported

    with current_app.extensions["db"].reading() as session:
        try:
            find_workshop(session, code)
        except WorkshopNotFound:
            abort(404)
    language = (supported(language) or "en") if fmt == "handout" else "en"
    try:
        job = _queue().submit((code, fmt, language))
    except QueueFull as exc:
        return _busy(code, exc)
    except WorkshopError as exc:  # the server is stopping
        return _failed(exc)
    job.finished.wait(_first_wait())
    return _where(code, job, send=True)


@bp.get("/jobs/<job_id>")
@facilitator_required
def job_status(code, job_id):
    """Where a PDF stands: JSON for the console's script, else a page that refreshes itself
    until the PDF is ready and then downloads it."""
    return _where(code, _job(code, job_id), send=False)


@bp.get("/jobs/<job_id>/file")
@facilitator_required
def job_file(code, job_id):
    """The finished PDF of a job (kept by the queue for a while after it is made)."""
    job = _job(code, job_id)
    if job.state != "done":
        return _where(code, job, send=False)
    return _send_pdf(job)


def _job(code: str, job_id: str) -> Job:
    job = _queue().get(job_id)
    if job is None or job.key[0] != code:
        abort(410, description=N_("This PDF is no longer kept by the server. Ask for it again from the Report panel."))
    return job


def _send_pdf(job: Job):
    fmt = job.key[1]
    return send_file(job.path, mimetype=FORMATS[fmt][1], as_attachment=True, download_name=job.path.name, max_age=0)


def _where(code: str, job: Job, *, send: bool):
    """Answer for `job` as it stands: the file (or its URL), its failure, or its wait."""
    if job.state == "failed":
        if isinstance(job.error, WorkshopNotFound):
            abort(404)
        return _failed(job.error)
    file_url = url_for("exports.job_file", code=code, job_id=job.id)
    if job.state == "done":
        if _wants_json():
            return jsonify(status="done", file_url=file_url)
        if send:
            return _send_pdf(job)
        return render_template("facilitator/pdf_wait.html", code=code, ready=True, file_url=file_url,
                               message=N_("The PDF is ready. It downloads by itself; if it does not, use the link below."))
    where = _queue().status(job)
    status_url = url_for("exports.job_status", code=code, job_id=job.id)
    ahead = where["position"] - 1 if where["position"] else 0
    if job.state == "queued" and ahead:
        message = message_for_text(N_("Waiting for %(ahead)s other PDFs to be made first. Ready in about %(seconds)s s."),
                                   ahead=ahead, seconds=where["ready_in_s"])
    elif job.state == "queued":
        message = message_for_text(N_("Waiting for another PDF to be made first. Ready in about %(seconds)s s."),
                                   seconds=where["ready_in_s"])
    else:
        message = message_for_text(N_("Making the PDF… ready in about %(seconds)s s."), seconds=where["ready_in_s"])
    # Poll sooner than the estimate: a PDF often comes early, and a wait shown stays fresh.
    poll = max(1, min(3, where["ready_in_s"]))
    body = {"status": job.state, "ready_in_s": where["ready_in_s"], "position": where["position"],
            "elapsed_s": where["elapsed_s"], "estimate_s": where["estimate_s"], "status_url": status_url,
            "message": message, "poll_s": poll}
    if _wants_json():
        response = jsonify(body)
    else:
        response = current_app.make_response(render_template(
            "facilitator/pdf_wait.html", code=code, ready=False, refresh_s=poll, refresh_url=status_url, **body))
    response.status_code = 202
    response.headers["Retry-After"] = str(poll)
    return response


def _busy(code: str, exc: QueueFull):
    message = message_for(exc)
    if _wants_json():
        response = jsonify(status="busy", message=message, retry_after_s=exc.retry_after)
    else:
        # Without the script the page tries again by itself when a place should be free.
        response = current_app.make_response(render_template(
            "facilitator/pdf_wait.html", code=code, ready=False, busy=True, message=message,
            refresh_s=exc.retry_after, refresh_url=request.full_path))
    response.status_code = 503
    response.headers["Retry-After"] = str(exc.retry_after)
    return response


def _failed(error: WorkshopError):
    message = message_for(error)
    if _wants_json():
        return jsonify(status="failed", message=message), 503
    return render_template("error.html", error=_Problem(message)), 503


def message_for_text(msgid: str, **params) -> str:
    """`msgid` in the page's language, with `params` filled in."""
    from flask_babel import gettext

    return gettext(msgid, **params)


def _save_report_form(code: str, change, saved: str):
    """Run `change()` (a use case saving part of the report from the form), then back to
    the console's report panel with `saved`, or with the refusal in words."""
    check_csrf()
    try:
        change()
    except WorkshopNotFound:
        abort(404)
    except WorkshopError as exc:
        flash(message_for(exc))
        return _back(code)
    flash(saved)
    return _back(code)


@bp.post("/cover")
@facilitator_required
def cover(code):
    """Save partners, facilitator name and 'prepared for' for the report's cover."""
    return _save_report_form(code, lambda: _service().update_cover(
        code,
        partners=request.form.get("partners", ""),
        facilitator_name=request.form.get("facilitator_name", ""),
        prepared_for=request.form.get("prepared_for", ""),
    ), "Report cover details saved.")


@bp.post("/front")
@facilitator_required
def front(code):
    """Save the report's key findings and recommendations (empty: print the drafts)."""
    return _save_report_form(code, lambda: _service().update_findings(
        code,
        findings=request.form.get("findings", ""),
        recommendations=request.form.get("recommendations", ""),
    ), "Key findings and recommendations saved.")


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
