"""Participant pages: enter a join code, and the phone page itself."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, send_from_directory, session, url_for

from facilitator.core import i18n
from facilitator.core.config import STATIC_DIR
from facilitator.web.guards import TooManyCodeTries, code_lookup, require_findable, seat_for
from facilitator.workshops.codes import display_join_code, new_secret, normalise_join_code
from facilitator.workshops.errors import WorkshopNotFound
from facilitator.workshops.own_words import for_room

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
    language = i18n.current().code
    words_language = service().report_language(workshop)
    return render_template(
        "participant/phone.html",
        workshop=workshop,
        groups=template.groups if template else (),
        display_code=display_join_code(workshop.code),
        phase_text=phase_text_in(template, language),
        phase_source=phase_source_in(template, language),
        words=workshop_words_in(workshop, language, words_language),
        words_language=words_language,
        words_dir=language_direction(words_language),
    )


def phase_text_in(template, language: str) -> dict:
    """The phases' titles, prompts and guidance in `language`, by phase key, where the
    session template has them; the phone shows the template's own words for the rest."""
    if template is None:
        return {}
    return {p.key: p.translations[language] for p in template.phases if language in p.translations}


def phase_source_in(template, language: str) -> dict:
    """The template's own words each of phase_text_in's translations was made from, by
    phase key and field: the phone uses a template translation only while the phase
    still says these words (a workshop made before phases kept their own translations,
    and not reworded since)."""
    if template is None:
        return {}
    return {
        p.key: {field: getattr(p, field, "") or "" for field in p.translations[language]}
        for p in template.phases
        if language in p.translations
    }


def workshop_words_in(workshop, language: str, words_language: str) -> dict:
    """The workshop's title and question as the page first shows them, before the socket
    brings them live: {field: {"text", "missing"}}, the translation into `language` when
    there is one up to date, else the original (`missing` when the page is in another
    language than the one the facilitator writes in)."""
    fresh = for_room(workshop, "workshop")
    same = language.split("-")[0].lower() == words_language.split("-")[0].lower()
    words = {}
    for field in ("title", "question"):
        original = getattr(workshop, field) or ""
        translated = "" if same else fresh.get(field, {}).get(language, "")
        words[field] = {"text": translated or original, "missing": bool(original) and not same and not translated}
    return words


def language_direction(code: str) -> str:
    """"rtl" or "ltr" for a language tag: ours from i18n.LANGUAGES, any other from Babel."""
    known = i18n.BY_CODE.get(code.split("-")[0].lower())
    if known:
        return known.dir
    from babel import Locale, UnknownLocaleError

    try:
        return "rtl" if Locale.parse(code.replace("-", "_")).character_order == "right-to-left" else "ltr"
    except (UnknownLocaleError, ValueError, TypeError):
        return "ltr"
