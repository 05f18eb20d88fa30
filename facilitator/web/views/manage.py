"""The facilitator's workshop list actions: reopen, duplicate, delete (with confirmation).

Plain forms with CSRF tokens; each calls one `Facilitation` use case and goes back to
the list (or to the new workshop's console).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for

from facilitator.core.i18n import message_for
from facilitator.web.views.access import check_csrf, facilitator_required, is_facilitator
from facilitator.workshops.errors import WorkshopError, WorkshopNotFound

bp = Blueprint("manage", __name__, url_prefix="/facilitator/w")


def service():
    return current_app.extensions["facilitation"]


def _workshop_or_404(code):
    if not is_facilitator():
        abort(403)  # co-facilitator links open one console, not the list's actions
    try:
        return service().get_workshop(code)
    except WorkshopNotFound:
        abort(404)


@bp.post("/<code>/reopen")
@facilitator_required
def reopen(code):
    """Make a closed or archived workshop live again."""
    check_csrf()
    workshop = _workshop_or_404(code)
    service().set_status(workshop.code, "live")
    flash(f"“{workshop.title}” is live again. Open a phase when you are ready.")
    return redirect(url_for("facilitator.index"))


@bp.post("/<code>/duplicate")
@facilitator_required
def duplicate(code):
    """A fresh draft with the same template, details and settings, and no notes."""
    check_csrf()
    workshop = _workshop_or_404(code)
    try:
        copy = service().duplicate_workshop(workshop.code)
    except WorkshopError as exc:
        flash(message_for(exc))
        return redirect(url_for("facilitator.index"))
    flash(f"Copied. The new workshop's join code is {copy.code}.")
    return redirect(url_for("facilitator.console", code=copy.code))


@bp.get("/<code>/delete")
@facilitator_required
def confirm_delete(code):
    """Say exactly what deleting will remove, and ask once more."""
    workshop = _workshop_or_404(code)
    return render_template("facilitator/delete.html", workshop=workshop, contents=service().contents(workshop.code))


@bp.post("/<code>/delete")
@facilitator_required
def delete(code):
    check_csrf()
    workshop = _workshop_or_404(code)
    service().delete_workshop(workshop.code)
    flash(f"“{workshop.title}” was deleted, with its notes, participants, votes, actions and exported files.")
    return redirect(url_for("facilitator.index"))
