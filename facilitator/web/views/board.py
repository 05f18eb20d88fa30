"""The projected board. Its URL carries the workshop's board secret, so the venue's PC
can open it without signing in; it shows only what any participant could see."""

from __future__ import annotations

from hmac import compare_digest

from flask import Blueprint, abort, current_app, render_template

from facilitator.web.urls import join_url, public_base_url, qr_svg
from facilitator.workshops.codes import display_join_code
from facilitator.workshops.errors import WorkshopNotFound

bp = Blueprint("board", __name__)


@bp.get("/board/<code>/<secret>")
def board(code, secret):
    try:
        workshop = current_app.extensions["facilitation"].get_workshop(code)
    except WorkshopNotFound:
        abort(404)
    if not compare_digest(secret.encode(), workshop.board_secret.encode()):
        abort(404)
    url = join_url(workshop.code)
    template = current_app.extensions["facilitation"].templates.get(workshop.template_key)
    return render_template(
        "board/board.html",
        workshop=workshop,
        groups={g.key: g.label for g in (template.groups if template else ())},
        secret=secret,
        join_url=url,
        join_host=public_base_url().split("://", 1)[-1],
        display_code=display_join_code(workshop.code),
        qr=qr_svg(url),
    )
