"""Facilitator pages: first-run passcode, sign-in, the workshop list, the console."""

from __future__ import annotations

import logging
from hmac import compare_digest
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from facilitator.core import i18n
from facilitator.core.i18n import message_for
from facilitator.core.logs import from_address
from facilitator.web.urls import join_url
from facilitator.web.views.access import (
    allow_cofacilitation,
    change_role_link,
    check_csrf,
    facilitator_required,
    is_facilitator,
    is_loopback_request,
    sign_in,
    sign_in_limit_key,
    sign_out,
)
from facilitator.workshops.errors import WorkshopError, WorkshopNotFound

bp = Blueprint("facilitator", __name__, url_prefix="/facilitator")
log = logging.getLogger(__name__)


def service():
    return current_app.extensions["facilitation"]


def _safe_next(target: str | None) -> str:
    """Only paths on this site: a sign-in link must not bounce people elsewhere.

    Strict (issue 12): browsers drop tabs and newlines from a URL, so "/\t/evil.example"
    would become "//evil.example"; any control character or space refuses the target."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not any(ord(c) < 0x21 or ord(c) == 0x7F for c in target)
        and not urlsplit(target).netloc
        and not urlsplit(target).scheme
    ):
        return target
    return url_for("facilitator.index")


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    """Choose the passcode on the first visit — only from the laptop itself."""
    if service().has_passcode():
        return redirect(url_for("facilitator.signin"))
    if not is_loopback_request():
        return render_template("facilitator/setup_elsewhere.html"), 403
    error = None
    if request.method == "POST":
        check_csrf()
        passcode = request.form.get("passcode", "")
        if passcode != request.form.get("confirm", ""):
            error = "The two passcodes are different. Please type the same passcode twice."
        else:
            try:
                if not service().choose_passcode(passcode):  # someone else finished first
                    return redirect(url_for("facilitator.signin"))
            except WorkshopError as exc:
                error = message_for(exc)
            else:
                sign_in()
                return redirect(url_for("facilitator.index"))
    return render_template("facilitator/setup.html", error=error), 400 if error else 200


@bp.route("/signin", methods=["GET", "POST"])
def signin():
    if not service().has_passcode():
        return redirect(url_for("facilitator.setup"))
    error = None
    if request.method == "POST":
        check_csrf()
        limiter, key = current_app.extensions["limits"].sign_in, sign_in_limit_key()
        # Issue 12: the attempt is counted before it is checked, so attempts sent at once
        # are all counted; the check runs in the server's thread pool, off the event loop.
        if not limiter.allow(key):
            log.warning("sign-in attempts rate-limited%s", from_address(request.remote_addr))
            error = "Too many attempts. Please wait a minute before trying again."
            return render_template("facilitator/signin.html", error=error), 429
        if service().check_passcode(request.form.get("passcode", ""), offload=current_app.config["SETTINGS"].offload):
            limiter.refund(key)  # only wrong passcodes count: signing in again on several devices is not guessing
            sign_in()
            return redirect(_safe_next(request.args.get("next")))
        error = "That passcode is not right. Please try again."
    return render_template("facilitator/signin.html", error=error), 401 if error else 200


@bp.post("/signout")
def signout():
    check_csrf()
    sign_out()  # issue 12: ends this sign-in on the server, not only in this browser
    return redirect(url_for("participant.home"))


@bp.route("/", methods=["GET"])
@facilitator_required
def index():
    """The workshop list and the form to create one."""
    if not is_facilitator():
        abort(403)
    templates = sorted(service().templates.values(), key=lambda t: t.name)
    query, status = request.args.get("q", "")[:100], request.args.get("status", "")
    return render_template(
        "facilitator/index.html",
        workshops=service().search_workshops(query, status),
        templates=templates,
        form={},
        query=query,
        status=status,
    )


@bp.post("/workshops")
@facilitator_required
def create():
    if not is_facilitator():
        abort(403)
    check_csrf()
    form = {k: request.form.get(k, "") for k in ("template", "title", "question", "date", "venue")}
    try:
        workshop = service().create_workshop(
            form["template"], title=form["title"], question=form["question"], date=form["date"], venue=form["venue"]
        )
    except WorkshopError as exc:
        templates = sorted(service().templates.values(), key=lambda t: t.name)
        return (
            render_template(
                "facilitator/index.html", workshops=service().list_workshops(), templates=templates, form=form, error=message_for(exc)
            ),
            400,
        )
    flash(f"Workshop created. Join code: {workshop.code}")
    return redirect(url_for("facilitator.console", code=workshop.code))


@bp.get("/w/<code>")
@facilitator_required
def console(code):
    """The console: phases, timer, every note, moderation, details."""
    try:
        workshop = service().get_workshop(code)
    except WorkshopNotFound:
        abort(404)
    template = service().templates.get(workshop.template_key)
    return render_template(
        "facilitator/console.html",
        workshop=workshop,
        groups=[{"key": g.key, "label": g.label} for g in (template.groups if template else ())],
        languages=i18n.LANGUAGES,  # what a scribed note's words may be in
        join_url=join_url(workshop.code),
        board_url=url_for("board.board", code=workshop.code, secret=workshop.board_secret, _external=True),
        cofacilitator_url=url_for(
            "facilitator.cofacilitate", code=workshop.code, token=workshop.cofacilitator_token, _external=True
        ),
        signed_in=is_facilitator(),  # only the passcode replaces the co-facilitator link
    )


@bp.get("/co/<code>/<token>")
def cofacilitate(code, token):
    """A co-facilitator link: opens this workshop's console without the passcode."""
    try:
        workshop = service().get_workshop(code)
    except WorkshopNotFound:
        abort(404)
    if not compare_digest(token.encode(), workshop.cofacilitator_token.encode()):
        abort(404)
    allow_cofacilitation(workshop.code, workshop.cofacilitator_token)  # bound to this link, not the code
    return redirect(url_for("facilitator.console", code=workshop.code))


# What replacing each link says afterwards (the console's settings panel has the buttons).
LINK_REPLACED = {
    "board": "A new board link is ready. The board open now has stopped: open the board again from here.",
    "cofacilitator": "A new co-facilitator link is ready. Anyone who used the old one is signed out of this workshop: send them the new one.",
}


@bp.post("/w/<code>/links/<which>")
@facilitator_required
def replace_link(code, which):
    """Make a new board or co-facilitator link (issue 12); the old one stops working and
    the boards or consoles open with it stop. A co-facilitator may replace the board's
    link but not their own kind: that takes the passcode."""
    if which not in LINK_REPLACED:
        abort(404)
    if which == "cofacilitator" and not is_facilitator():
        abort(403)
    change_role_link(code, lambda c: service().replace_link(c, which), made=LINK_REPLACED[which])
    return redirect(url_for("facilitator.console", code=code) + "#settings")
