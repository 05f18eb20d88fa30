"""Participant pages: enter a join code, and the phone page itself."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, send_from_directory, session, url_for

from facilitator.core import i18n
from facilitator.core.config import STATIC_DIR
from facilitator.web.guards import TooManyCodeTries, code_lookup, require_findable, seat_for
from facilitator.workshops.codes import display_join_code, new_secret, normalise_join_code
from facilitator.workshops.errors import WorkshopNotFound

bp = Blueprint("participant", __name__)


@bp.errorhandler(WorkshopNotFound)
def unknown_workshop(error: WorkshopNotFound):
    """A wrong or old join code: the code box again, with the reason in the phone's language."""
    typed = request.args.get("code") or (request.view_args or {}).get("code") or ""
    return render_template("participant/enter_code.html", code=typed[:20], error=i18n.message_for(error)), 404


@bp.errorhandler(TooManyCodeTries)
def too_many_tries(error: TooManyCodeTries):
    """Too many wrong codes from this address, on any path: wait a minute (issue 12)."""
    response = render_template("participant/enter_code.html", code="", error=i18n.message_for(error))
    return response, 429, {"Retry-After": "60"}


def find_by_code(code: str):
    """The workshop a typed code names, under the limiter every code lookup shares;
    an archived or unknown one is WorkshopNotFound (the same 404 page)."""
    limits = current_app.extensions["limits"]
    with code_lookup(limits.join_failures, request.remote_addr or "unknown"):
        workshop = service().get_workshop(code)
        require_findable(workshop)
    return workshop


def service():
    return current_app.extensions["facilitation"]


@bp.get("/")
def home():
    """Where someone lands when they type the bare address: a box for the join code."""
    return render_template("participant/enter_code.html", code="", error=None)


@bp.get("/join")
def enter_code():
    typed = request.args.get("code", "")
    code = normalise_join_code(typed)
    if not code:
        return render_template("participant/enter_code.html", code="", error=None)
    find_by_code(code)  # WorkshopNotFound: see unknown_workshop
    return redirect(url_for("participant.phone", code=code))


@bp.get("/j/sw.js")
def service_worker():
    """The phone's service worker (static/js/phone_sw.js), served under /j/ so that its
    scope covers every phone page: a reload without signal shows the phone's own page."""
    response = send_from_directory(STATIC_DIR / "js", "phone_sw.js", mimetype="text/javascript", max_age=0)
    response.headers["Cache-Control"] = "no-cache"  # a new version reaches phones at once
    return response


@bp.get("/j/<code>")
def phone(code):
    """The phone page; everything live comes over the socket."""
    workshop = find_by_code(code)  # WorkshopNotFound: see unknown_workshop
    seat_for(session, workshop.code, new_secret)  # this phone's participant id, kept in its cookie too
    template = service().templates.get(workshop.template_key)
    return render_template(
        "participant/phone.html",
        workshop=workshop,
        groups=template.groups if template else (),
        display_code=display_join_code(workshop.code),
        phase_text=phase_text_in(template, i18n.current().code),
    )


def phase_text_in(template, language: str) -> dict:
    """The phases' titles and prompts in `language`, by phase key, where the session
    template has them; the phone shows the template's own words for the rest."""
    if template is None:
        return {}
    return {p.key: p.translations[language] for p in template.phases if language in p.translations}
