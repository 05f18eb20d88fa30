"""The translations page: notes not in the report's language, and their translations.

Two ways in, one page:
- a signed-in facilitator (or co-facilitator) at /facilitator/w/<CODE>/translations,
  who also makes, replaces and revokes the workshop's interpreter link there;
- an interpreter holding that link (/interpret/<CODE>/<token>), who can add and edit
  translations and nothing else: the link puts only {"code", "token"} in their session
  under "interpreter", never "console" or "facilitator", so every facilitator event and
  page refuses them. Revoking or replacing the link locks them out at their next step.

Translations are saved over Socket.IO (`note:translate`, static/js/translations.js),
so every console and board sees them at once.

The facilitator's page also lists the notes that are off the board (hidden, or waiting
for approval), each with "Release to the interpreter": under pre-moderation a facilitator
often cannot read a note until it is translated, and must not show it to the room first.
Only released ones reach the interpreter's page (workshops/visibility.py decides).
"""

from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for

from facilitator.core.i18n import BY_CODE, LANGUAGES, language_names
from facilitator.web.views.access import (
    can_facilitate,
    change_role_link,
    check_csrf,
    enter_with_role_link,
    facilitator_required,
    held_role_link,
    role_link_workshop,
)
from facilitator.workshops import visibility
from facilitator.workshops.cards import counts_as_voice
from facilitator.workshops.details import find_workshop
from facilitator.workshops.errors import WorkshopError, WorkshopNotFound
from facilitator.workshops.spoken_languages import SpokenLanguage, spoken_language, spoken_languages
from facilitator.workshops.translations import interpreter_may_enter

bp = Blueprint("translations", __name__)
UNKNOWN = "unknown"


def _service():
    return current_app.extensions["facilitation"]


def interpreter_code() -> str | None:
    """The workshop this session may translate for through an interpreter link still valid, or None."""
    held = session.get("interpreter")
    code = held.get("code") if isinstance(held, dict) else None
    return code if held_role_link("interpreter", code) else None


@lru_cache(maxsize=1)
def scribe_languages() -> tuple[SpokenLanguage, ...]:
    """Every language a scribed note may be said in (workshops/spoken_languages.py): the
    phones' nine first, the likeliest in the room and named as the phones name them, then
    every other by its English name."""
    nine = tuple(SpokenLanguage(code=l.code, english=l.english, own=l.name) for l in LANGUAGES)
    return nine + tuple(l for l in spoken_languages() if l.code not in BY_CODE)


@bp.app_context_processor
def scribe_language_choices():
    """Lets the console's scribe form list them: `scribe_languages()`."""
    return {"scribe_languages": scribe_languages}


def language_name(code: str) -> str:
    """'Spanish (español)' for a note's language tag; a regional tag CLDR names as its own
    language keeps that name ('fa-AF' is Dari, not Persian)."""
    if not code:
        return "Language not known"
    regional = spoken_language(code) if "-" in code else None
    names = (regional.english, regional.own or regional.english) if regional else language_names(code)
    if not names:
        return code
    english, own = names
    return english if english == own else f"{english} ({own})"


def _page(code: str, role: str):
    service = _service()
    lang = request.args.get("lang", "")
    with current_app.extensions["db"].reading() as db_session:
        try:
            workshop = find_workshop(db_session, code)
        except WorkshopNotFound:
            abort(404)
        report_language = service.report_language(workshop)
        from sqlalchemy import select

        from facilitator.store.models import Note

        # Each note as this page's reader may see it (workshops/visibility.py): an
        # interpreter gets the words and language of the notes on the board and of those
        # released to them, never who wrote them; the facilitator every note.
        reader = visibility.INTERPRETER if role == "interpreter" else visibility.CONSOLE
        views = (
            visibility.note_view(n, reader, workshop)
            for n in db_session.scalars(select(Note).where(Note.workshop_id == workshop.id).order_by(Note.created_at, Note.seq))
            if counts_as_voice(n) and (n.language or "").split("-")[0] != report_language
        )
        notes = [view for view in views if view]
        phase_titles = {p.key: p.title for p in workshop.phases}
        token = workshop.interpreter_token
        title, workshop_code = workshop.title, workshop.code
    languages = sorted({n["language"] for n in notes}, key=lambda c: (c == "", language_name(c)))
    counts = {c: sum(1 for n in notes if n["language"] == c) for c in languages}
    if lang:
        notes = [n for n in notes if n["language"] == ("" if lang == UNKNOWN else lang)]
    return render_template(
        "facilitator/translations.html",
        role=role,
        code=workshop_code,
        title=title,
        notes=notes,
        phase_titles=phase_titles,
        languages=[(c or UNKNOWN, language_name(c), counts[c]) for c in languages],
        chosen=lang,
        language_name=language_name,
        report_language=language_name(report_language),
        interpreter_url=url_for("translations.interpreter_entry", code=workshop_code, token=token, _external=True) if token and role == "facilitator" else "",
        # The product's nine, and any other a note here is in (read from its words):
        # a note's own language is always among the choices, so saving never loses it.
        all_languages=[(c, language_name(c)) for c in [*BY_CODE, *sorted({n["language"] for n in notes} - {"", *BY_CODE})]],
    )


@bp.get("/facilitator/w/<code>/translations")
@facilitator_required
def facilitator_page(code):
    """The facilitator's view: every note not in the report's language, and the interpreter link."""
    return _page(code, "facilitator")


@bp.post("/facilitator/w/<code>/translations/link")
@facilitator_required
def interpreter_link(code):
    """Make (or replace) the interpreter link, or revoke it."""
    change_role_link(
        code, _service().make_interpreter_link, _service().revoke_interpreter_link,
        made="A new interpreter link is ready; any earlier link no longer works.",
        revoked="The interpreter link is revoked: nobody can use it any more.",
    )
    return redirect(url_for("translations.facilitator_page", code=code))


@bp.post("/facilitator/w/<code>/translations/release")
@facilitator_required
def release(code):
    """Release a hidden or pending note to the interpreter (`released=1`), or take it back (`0`)."""
    check_csrf()
    note_id, released = request.form.get("note", ""), request.form.get("released")
    if released not in ("0", "1"):
        abort(400)
    try:
        _service().release_for_translation(code, note_id, released == "1")
    except WorkshopNotFound:
        abort(404)
    except WorkshopError as problem:
        flash(problem.message)
    else:
        flash(
            "The note is released: the interpreter's page shows it, marked as not on the board."
            if released == "1"
            else "The note is taken back: the interpreter no longer sees it."
        )
    lang = request.form.get("lang", "")
    return redirect(url_for("translations.facilitator_page", code=code, **({"lang": lang} if lang else {})) + f"#t-{note_id}")


@bp.get("/interpret/<code>/<token>")
def interpreter_entry(code, token):
    """An interpreter link: remembers the link in this browser's session, then shows the page."""
    return enter_with_role_link(code, token, interpreter_may_enter, "interpreter", "translations.interpreter_page")


@bp.get("/interpret/<code>")
def interpreter_page(code):
    """The interpreter's view of the translations page (only while their link is valid)."""
    if can_facilitate(code):
        return redirect(url_for("translations.facilitator_page", code=code))
    token = held_role_link("interpreter", code)
    # Unknown, archived or revoked: one refusal under the shared join-code limiter (issue 21).
    code = role_link_workshop(code, token, interpreter_may_enter)
    return _page(code, "interpreter")
