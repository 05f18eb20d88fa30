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

The page also lists the facilitator's own words (title, question, each phase's title,
prompt and guidance, theme names, actions; for the report, findings and recommendations)
to translate into the phones' languages (`wording:translate`, workshops/wording.py); an
interpreter is given only what the room is shown (`wording_entries(by="interpreter")`).

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
from facilitator.workshops import presence, visibility
from facilitator.workshops.cards import counts_as_voice
from facilitator.workshops.details import find_workshop
from facilitator.workshops.errors import WorkshopError, WorkshopNotFound
from facilitator.workshops.spoken_languages import SpokenLanguage, spoken_language, spoken_languages
from facilitator.workshops.translations import interpreter_may_enter
from facilitator.workshops.wording import LIMITS

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

        from facilitator.store.models import Action, Note, Theme

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
        theme_phases = dict(db_session.execute(select(Theme.id, Theme.phase_key).where(Theme.workshop_id == workshop.id)).all())
        proposed = frozenset(db_session.scalars(select(Action.id).where(Action.workshop_id == workshop.id, Action.status == "proposed")))
        joined = presence.count_languages(db_session, workshop)
        token = workshop.interpreter_token
        title, workshop_code = workshop.title, workshop.code
    wording = wording_groups(service.wording_entries(workshop_code, by=role), phase_titles, theme_phases, proposed)
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
        wording=wording,
        wording_count=sum(len(subject["entries"]) for group in wording for subject in group["subjects"]),
        translate_into=translate_into(joined),
        source_language=report_language,
        limits=LIMITS,
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


# ---- the facilitator's words ---------------------------------------------------------

# What each field is called on the page, per kind of subject.
FIELD_LABELS = {
    "workshop": {
        "title": "Title",
        "question": "Question",
        "findings": "Key findings (kept with the workshop; not printed yet)",
        "recommendations": "Recommendations (kept with the workshop; not printed yet)",
    },
    "phase": {"title": "Title", "prompt": "Prompt", "guidance": "Guidance"},
    "theme": {"name": "Name"},
    "action": {"text": "What", "owner": "Who"},
}


def translate_into(joined: dict[str, int]) -> list[dict]:
    """The languages the facilitator's words can be translated into: the phones' eight
    besides English, those of phones that have joined first (most phones first), then the
    rest in the phones' own order. Each {code, name, english, dir, phones}."""
    others = [language for language in LANGUAGES if language.code != "en"]
    ranked = sorted(others, key=lambda language: -joined.get(language.code, 0))
    return [
        {"code": l.code, "name": f"{l.english} ({l.name})", "english": l.english, "dir": l.dir, "phones": joined.get(l.code, 0)}
        for l in ranked
    ]


def wording_groups(
    entries: list[dict], phase_titles: dict[str, str], theme_phases: dict[int, str], proposed: frozenset[str] = frozenset()
) -> list[dict]:
    """The translator's list (`wording_entries`) grouped as the room meets it: the
    workshop, each phase, the themes (in their phases' order), the actions. Each group
    {key, heading, subjects}; each subject {name, heading, entries} (one card: a theme,
    an action with its what and who), each entry given its field's `label`. `proposed`:
    the ids of actions not agreed yet, said so. Empty groups are left out."""
    groups: dict[str, dict] = {"workshop": {"key": "workshop", "heading": "The workshop", "subjects": {}}}
    for key, title in phase_titles.items():
        groups[f"phase:{key}"] = {"key": f"phase:{key}", "heading": f"Phase: {title}", "subjects": {}}
    groups["themes"] = {"key": "themes", "heading": "Themes", "subjects": {}}
    groups["actions"] = {"key": "actions", "heading": "Actions", "subjects": {}}
    for entry in entries:
        kind, name = entry["kind"], entry["subject"]
        group = groups["themes"] if kind == "theme" else groups["actions"] if kind == "action" else groups.get(name, groups["workshop"])
        if name not in group["subjects"]:
            group["subjects"][name] = {"name": name, "heading": _subject_heading(entry, len(group["subjects"]) + 1, phase_titles, theme_phases, proposed), "entries": []}
        group["subjects"][name]["entries"].append({**entry, "label": FIELD_LABELS[kind].get(entry["field"], entry["field"])})
    for group in groups.values():
        for subject in group["subjects"].values():
            _one_line(subject)
    order = list(phase_titles)
    themes = groups["themes"]["subjects"]
    groups["themes"]["subjects"] = dict(sorted(themes.items(), key=lambda item: _phase_place(item[0], theme_phases, order)))
    return [{**group, "subjects": list(group["subjects"].values())} for group in groups.values() if group["subjects"]]


def _subject_heading(entry: dict, number: int, phase_titles: dict[str, str], theme_phases: dict[int, str], proposed) -> str:
    """A card's heading where its group holds several: "Theme in What?", "Action 2"
    for an action (said to be proposed when not agreed); "" for the workshop and phases."""
    if entry["kind"] == "theme":
        phase = theme_phases.get(int(entry["subject"].partition(":")[2]), "")
        return f"Theme in {phase_titles.get(phase, phase)}"
    if entry["kind"] == "action":
        action = entry["subject"].partition(":")[2]
        return f"Action {number}" + (" (proposed by a participant, not agreed yet: the interpreter does not see it)" if action in proposed else "")
    return ""


def _one_line(subject: dict) -> None:
    """A card of one field needs no heading of its own: the heading becomes the field's
    label ("Theme in What?", "Action 3: what")."""
    if subject["heading"] and len(subject["entries"]) == 1:
        only = subject["entries"][0]
        only["label"] = subject["heading"] if only["kind"] == "theme" else f"{subject['heading']}: {only['label'].lower()}"
        subject["heading"] = ""


def _phase_place(subject: str, theme_phases: dict[int, str], order: list[str]) -> int:
    """Where a theme's phase comes in the workshop (the list has themes by phase key)."""
    phase = theme_phases.get(int(subject.partition(":")[2]), "")
    return order.index(phase) if phase in order else len(order)
