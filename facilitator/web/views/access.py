"""Who may do what: facilitator sign-in, co-facilitator links, and CSRF tokens for forms.

A facilitator is signed in when their session says so (after the passcode); a
co-facilitator link adds one workshop to the session. Participants and boards never
get either, so facilitator pages and events stay out of their reach.

A co-facilitator's session is bound to the link it opened, not to the join code
(issue 12): it keeps, per workshop code, a keyed hash of the link's token and every
check compares it with the workshop's current link. Making a new link ends every
session that used the old one, and a workshop deleted and imported again (same code,
new links) is not opened by a session from before.

The interpreter's and the commissioners' links are kept the same way (issue 21, row 13):
the session (signed, not encrypted) holds the workshop's code and the link's mark, never
the link; `held_role_link` gives the current link back only while the mark matches it.
"""

from __future__ import annotations

import functools
import hmac
import secrets

from flask import abort, current_app, flash, redirect, request, session, url_for


def is_facilitator() -> bool:
    """Signed in with the passcode, in a sign-in that has not ended (issue 12: sign-out
    and a new passcode end it). A bare `True` is the old cookie format: accepted only
    by the test app (tests/conftest.py's `facilitator_client` writes it)."""
    signin = session.get("facilitator")
    if signin is True:
        return bool(current_app.testing)
    return current_app.extensions["signins"].is_live(signin)


def can_facilitate(code: str) -> bool:
    """Signed in with the passcode, or holding this workshop's current co-facilitator link."""
    return is_facilitator() or holds_cofacilitator_link(code)


def link_mark(token: str, role: str = "cofacilitator") -> str:
    """What a session keeps of a role's link (co-facilitator, interpreter, responder): a
    hash keyed with the app's secret and the role, so the cookie (signed, not encrypted)
    never carries the link itself, and one role's mark is never another's."""
    key = current_app.secret_key
    key = key.encode() if isinstance(key, str) else bytes(key or b"")
    return hmac.new(key, role.encode() + b"-link:" + token.encode(), "sha256").hexdigest()


def holds_cofacilitator_link(code: str) -> bool:
    """True while this session opened workshop `code`'s co-facilitator link and that link
    is still the workshop's current one. A session from before links were bound (a list
    of codes) holds nothing: its holder opens the link again."""
    held = session.get("cofacilitates")
    mark = held.get(code) if isinstance(held, dict) and isinstance(code, str) else None
    return bool(_link_if_marked("cofacilitator", code, mark))


def sign_in() -> None:
    device = session.get("device") or secrets.token_urlsafe(16)
    session.clear()  # a new session id-equivalent: nothing from before sign-in carries over
    session["facilitator"] = current_app.extensions["signins"].start()
    session["device"] = device  # this device has signed in here: its own sign-in limiter (issue 12)
    session.permanent = True


def sign_out() -> None:
    """End this sign-in on the server too, so a copy of the cookie opens nothing."""
    current_app.extensions["signins"].end(session.get("facilitator"))
    device = session.get("device")
    session.clear()
    if device:
        session["device"] = device


def sign_in_limit_key() -> str:
    """Whose attempts a passcode attempt counts against: a device that has signed in here
    before has its own, so others' wrong passcodes from its address never lock it out."""
    device = session.get("device")
    return f"device:{device}" if isinstance(device, str) else f"address:{request.remote_addr or 'unknown'}"


def allow_cofacilitation(code: str, token: str) -> None:
    """Remember that this session opened workshop `code`'s co-facilitator link `token`
    (the newest 20 workshops are kept)."""
    held = session.get("cofacilitates")
    held = {c: m for c, m in held.items() if c != code} if isinstance(held, dict) else {}
    held[code] = link_mark(token)
    session["cofacilitates"] = dict(list(held.items())[-20:])
    session.permanent = True


def facilitator_required(view):
    """Send someone who is not signed in to the sign-in page, then back."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        code = kwargs.get("code")
        if is_facilitator() or (code and can_facilitate(code)):
            return view(*args, **kwargs)
        return redirect(url_for("facilitator.signin", next=request.path))

    return wrapper


def csrf_token() -> str:
    """The token every form carries, so another site cannot post forms as the facilitator."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """Abort with 400 when a form post lacks the session's token."""
    sent = request.form.get("csrf_token", "")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        abort(400, description="This form has expired. Please go back, reload the page and try again.")


def is_loopback_request() -> bool:
    """True for a request from this very machine (the facilitator's laptop): the real TCP
    peer is loopback and no proxy relayed it (issue 12: see proxies.is_from_this_machine)."""
    from facilitator.core.proxies import is_from_this_machine

    return is_from_this_machine(request.environ)


def change_role_link(code: str, make, revoke=None, *, made: str, revoked: str = "") -> None:
    """The form behind a role link's "make a new link" / "revoke" buttons (interpreter,
    commissioners, board, co-facilitator): `action` is make or revoke (only for links
    that can be revoked: `revoke` given); anything else is a 400, an unknown workshop a
    404. Says what happened in a flash message; the caller redirects."""
    from facilitator.workshops.errors import WorkshopNotFound

    check_csrf()
    action = request.form.get("action")
    if action not in ("make", "revoke") or (action == "revoke" and revoke is None):
        abort(400)
    try:
        (make if action == "make" else revoke)(code)
    except WorkshopNotFound:
        abort(404)
    flash(made if action == "make" else revoked)


def role_link_workshop(code: str, token, may_enter) -> str:
    """The workshop's code when `may_enter(workshop, token)` says `token` is its valid
    link for a role (interpreter, commissioners); otherwise the one refusal, whatever the
    reason — an unknown code, an archived workshop, a revoked or replaced link: the same
    404 page, carrying no workshop data (issue 21). The lookup goes through the join-code
    limiter every code-bearing path shares (guards.code_lookup), so these pages are no
    oracle for guessing codes: 429 while this address is blocked."""
    from facilitator.core import i18n
    from facilitator.web.guards import TooManyCodeTries, code_lookup, require_findable
    from facilitator.workshops.details import find_workshop
    from facilitator.workshops.errors import NotAllowed, WorkshopNotFound

    limits = current_app.extensions["limits"]
    try:
        with code_lookup(limits.join_failures, request.remote_addr or "unknown"):
            with current_app.extensions["db"].reading() as db_session:
                workshop = find_workshop(db_session, code)
                require_findable(workshop)
                if not (isinstance(token, str) and token and may_enter(workshop, token)):
                    raise NotAllowed()
                return workshop.code
    except TooManyCodeTries as error:
        abort(429, description=i18n.message_for(error))
    except WorkshopNotFound:  # code_lookup answers every refusal so
        abort(404)


# The workshop column holding each role's current link.
ROLE_LINKS = {"cofacilitator": "cofacilitator_token", "interpreter": "interpreter_token", "responder": "response_token"}


def enter_with_role_link(code: str, token: str, may_enter, role: str, page_endpoint: str):
    """A role link opened (interpreter, commissioners): check it (`role_link_workshop`),
    remember only {"code", "mark"} under `role` in this browser's session (the link's
    keyed hash, `link_mark`), and redirect to `page_endpoint`. A guessed link learns nothing."""
    code = role_link_workshop(code, token, may_enter)
    session[role] = {"code": code, "mark": link_mark(token, role)}
    session.permanent = True
    return redirect(url_for(page_endpoint, code=code))


def held_role_link(role: str, code) -> str:
    """The current `role` link (ROLE_LINKS) of workshop `code` when this session opened
    it — its mark matches the workshop's link now — otherwise "". A session from before
    marks (it held the link itself) holds nothing: its holder opens the link again."""
    held = session.get(role)
    if not (isinstance(held, dict) and isinstance(code, str) and held.get("code") == code):
        return ""
    return _link_if_marked(role, code, held.get("mark"))


def _link_if_marked(role: str, code: str, mark) -> str:
    """Workshop `code`'s current `role` link when `mark` is its mark (`link_mark`), else ""."""
    if not isinstance(mark, str):
        return ""
    from sqlalchemy import select

    from facilitator.store.models import Workshop

    with current_app.extensions["db"].reading() as db_session:
        token = db_session.scalar(select(getattr(Workshop, ROLE_LINKS[role])).where(Workshop.code == code))
    if not token or not hmac.compare_digest(mark.encode(), link_mark(token, role).encode()):
        return ""
    return token
