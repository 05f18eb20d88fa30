"""The commissioners' response page, and the facilitator's controls for its link (issue 14).

Two audiences:
- a signed-in facilitator (or co-facilitator) makes, replaces and revokes the response
  link, and locks or unlocks the answers, from the console's Report panel;
- a commissioner holding the link (/respond/<CODE>/<token>) sees the workshop's
  recommendations and agreed actions with their evidence, and answers them — nothing
  else: the link puts only {"code", "mark"} (a keyed hash of the link, never the link)
  in their session under "responder", never "facilitator", "cofacilitates" or "console", so every facilitator page and socket event
  refuses them. Every answer re-checks the link and the lock in the transaction that
  writes it, so a revoked link stops an already open page at its next submit.

The page is in the report's language (its words marked for translation). Answers are
plain form posts with the session's CSRF token: the page works without JavaScript. It is
short on a phone (issue 28, item 10: 11 items were 14,587 px): one item open at a time,
the others closed to their words and whether they are answered (native <details>).
A recommendation's Markdown is rendered through the report's one safe path (nh3); an
action a phone suggested in another language shows its translation under it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from markupsafe import Markup

from facilitator.core import i18n
from facilitator.reports.build import load_context
from facilitator.reports.context import TranslationView, single_paragraph
from facilitator.reports.markup import ALLOWED_ATTRIBUTES, checked_html, one_line
from facilitator.web.views.access import (
    can_facilitate,
    change_role_link,
    check_csrf,
    enter_with_role_link,
    facilitator_required,
    held_role_link,
    role_link_workshop,
)
from facilitator.workshops.details import find_workshop
from facilitator.workshops.errors import N_, InvalidInput, WorkshopNotFound
from facilitator.workshops.responses import DECISIONS, LinkNotValid, ResponsesLocked, items_of, responder_may_enter

bp = Blueprint("responses", __name__)
assert not ALLOWED_ATTRIBUTES, "quotes_as_text relies on safe HTML having no attributes"
FIELDS = ("decision", "forward_to", "what", "who", "by_when", "fed_into")


def _service():
    return current_app.extensions["facilitation"]


def report_language(code: str) -> str:
    service = _service()
    with current_app.extensions["db"].reading() as db_session:
        return service.report_language(find_workshop(db_session, code))


def response_items(code: str):
    """(report context, items to answer, answers by item key) for workshop `code`."""
    context = load_context(current_app.extensions["db"], _service().templates, code)
    items = items_of(context.recommendations_md, context.recommendations_drafted, context.actions)
    answers = {r["item"]: r for r in _service().responses(code)}
    return context, items, answers


@bp.app_context_processor
def responses_panel_helper():
    """Lets the console's Report panel ask for the response link and answers: `responses_panel(code)`."""
    return {"responses_panel": responses_panel, "decision_label": decision_label, "answer_counts": answer_counts}


def decision_label(decision: str) -> str:
    return i18n.translate(DECISIONS.get(decision, decision))


def responses_panel(code: str) -> dict:
    """The link (if any), the lock, and every item with its answer: "3 of 7 answered"."""
    _, items, answers = response_items(code)
    with current_app.extensions["db"].reading() as db_session:
        workshop = find_workshop(db_session, code)
        token, locked = workshop.response_token, workshop.responses_locked
    current = {item.key for item in items}
    return {
        "url": url_for("responses.entry", code=code, token=token, _external=True) if token else "",
        "locked": locked,
        "rows": [(item, answers.get(item.key)) for item in items],
        "answered": sum(1 for item in items if item.key in answers),
        "total": len(items),
        # Answers to recommendations since reworded or removed: kept, and shown apart.
        "earlier": [a for key, a in answers.items() if key not in current],
    }


def answer_counts(workshops) -> dict[str, tuple[int, int]]:
    """For the workshop list: {code: (answered, to answer)}, for workshops with a link or answers."""
    return _service().answer_counts([w.code for w in workshops])


def _back(code: str):
    return redirect(url_for("facilitator.console", code=code) + "#report")


@bp.post("/facilitator/w/<code>/responses/link")
@facilitator_required
def link(code):
    """Make (or replace) the commissioners' link, or revoke it."""
    change_role_link(
        code, _service().make_response_link, _service().revoke_response_link,
        made="A new response link is ready; any earlier link no longer works.",
        revoked="The response link is revoked: nobody can use it any more. The answers already given are kept.",
    )
    return _back(code)


@bp.post("/facilitator/w/<code>/responses/lock")
@facilitator_required
def lock(code):
    """Lock the answers (the link can still show them, but not change them), or unlock them."""
    check_csrf()
    action = request.form.get("action")
    if action not in ("lock", "unlock"):
        abort(400)
    try:
        _service().lock_responses(code, action == "lock")
    except WorkshopNotFound:
        abort(404)
    flash("The responses are locked: nobody can change them now." if action == "lock" else "The responses are open for changes again.")
    return _back(code)


@bp.get("/respond/<code>/<token>")
def entry(code, token):
    """A response link: remembers it in this browser's session, then shows the page."""
    return enter_with_role_link(code, token, responder_may_enter, "responder", "responses.page")


def _held_token(code: str) -> str:
    """The response link this browser opened for `code`, while it is still the current one."""
    return held_role_link("responder", code)


def _refused_link():
    """A link revoked while its page was open: the same refusal as any other (no data)."""
    abort(404)


@bp.get("/respond/<code>")
def page(code):
    """The commissioners' page (only while their link is valid; a facilitator is sent to
    the console's report). Anyone else gets the one refusal that carries nothing."""
    if can_facilitate(code) and not _held_token(code):
        return redirect(url_for("facilitator.console", code=code) + "#report")
    code = role_link_workshop(code, _held_token(code), responder_may_enter)
    return _render(code)


@dataclass(frozen=True)
class ShownItem:
    """How the page shows one item's words: `inline` (a single paragraph's HTML, for the
    closed line) or None, `html` (all of it, safe: reports/markup), and for an action a
    phone suggested in another language its `translation` into the report's language."""

    inline: Markup | None
    html: Markup
    plain: str
    translation: TranslationView | None = None


def quotes_as_text(html: str) -> str:
    """`html` from markup.checked_html with its quotation marks escaped as the rest of the
    page escapes text: nh3 leaves no attribute (markup.ALLOWED_ATTRIBUTES is empty), so every
    quote is in the words, and `<a href="data:…">` typed by someone stays visibly text."""
    return html.replace('"', "&#34;").replace("'", "&#39;")


def shown_item(item, action_views: dict) -> ShownItem:
    """The words of `item` as the page shows them (never raw HTML from anyone)."""
    html = quotes_as_text(checked_html(item.text)[0])
    inline = single_paragraph(html)
    action = action_views.get(item.key)
    return ShownItem(
        Markup(inline) if inline is not None else None, Markup(html), one_line(item.text),
        action.translation if action is not None else None,
    )


def open_item(items, answers: dict, error_item: str, saved: str) -> str:
    """The one item shown open: the one just refused or saved, else the first not yet
    answered; '' when every item is answered (all shown closed, with their answers)."""
    keys = {item.key for item in items}
    for key in (error_item, saved):
        if key in keys:
            return key
    return next((item.key for item in items if item.key not in answers), "")


def _render(code: str, *, error: str = "", error_item: str = "", typed: dict | None = None, status: int = 200):
    language = report_language(code)

    def render():
        context, items, answers = response_items(code)
        with current_app.extensions["db"].reading() as db_session:
            locked = find_workshop(db_session, code).responses_locked
        saved = request.args.get("saved", "") if not error else ""
        action_views = {f"action:{a.id}": a for a in context.actions}
        return render_template(
            "respond/page.html",
            code=code,
            context=context,
            items=items,
            answers=answers,
            locked=locked,
            decisions=[(key, i18n.translate(label)) for key, label in DECISIONS.items()],
            error=error,
            error_item=error_item,
            typed=typed or {},
            saved=saved,
            shown={item.key: shown_item(item, action_views) for item in items},
            open_key=open_item(items, answers, error_item, saved),
        )

    return i18n.in_language(language, render), status


@bp.post("/respond/<code>")
def answer(code):
    """Record one answer. Refused, with the typed words kept on the page: a revoked or
    replaced link (403), locked answers (409), an answer that does not make sense (400)."""
    check_csrf()
    # The link first, before anything about the workshop is read (issue 21: a refused
    # answer used to come back with the whole page).
    code = role_link_workshop(code, _held_token(code), responder_may_enter)
    token = _held_token(code)
    key = request.form.get("item", "")
    typed = {name: request.form.get(name, "") for name in FIELDS}
    try:
        _, items, _ = response_items(code)
    except WorkshopNotFound:
        abort(404)
    item = next((i for i in items if i.key == key), None)
    language = report_language(code)
    try:
        if item is None:
            raise InvalidInput(N_("This item is no longer in the report. Please reload the page."))
        _service().record_response(code, token, item, typed)
    except LinkNotValid:
        _refused_link()
    except ResponsesLocked as error:
        return _render(code, error=i18n.in_language(language, lambda error=error: i18n.message_for(error)), error_item=key, typed=typed, status=409)
    except InvalidInput as error:
        return _render(code, error=i18n.in_language(language, lambda error=error: i18n.message_for(error)), error_item=key, typed=typed, status=400)
    # Said beside the answer (the page opens at it), not at the top where nobody would see it.
    return redirect(url_for("responses.page", code=code, saved=key) + f"#item-{key.replace(':', '-')}")


@bp.get("/facilitator/impact")
@facilitator_required
def impact():
    """The impact log: every decision the commissioners recorded, across workshops."""
    return render_template("facilitator/impact.html", entries=_service().impact_log())


@bp.get("/facilitator/impact.<fmt>")
@facilitator_required
def impact_download(fmt):
    """The impact log as a file: impact.csv or impact.md."""
    from flask import Response as HTTPResponse

    from facilitator.reports.responses_export import impact_csv, impact_markdown

    entries = _service().impact_log()
    if fmt == "csv":
        body, mimetype = "\ufeff" + impact_csv(entries), "text/csv; charset=utf-8"
    elif fmt == "md":
        body, mimetype = impact_markdown(entries), "text/markdown; charset=utf-8"
    else:
        abort(404)
    return HTTPResponse(body, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename=impact-log.{fmt}"})
