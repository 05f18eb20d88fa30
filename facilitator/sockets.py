"""Socket.IO handlers: thin translations from events to `Facilitation` use cases.

Every handler takes one JSON object and answers through the acknowledgement with
`{"ok": true, ...}` or `{"ok": false, "error": {"code", "message"}}` — a message
written for the person holding the phone. Nothing here raises to Socket.IO: a bad
payload gets an error answer and the server carries on. The events are documented in
docs/protocol.md.
"""

from __future__ import annotations

import functools
import logging

from flask import current_app, request, session
from flask_socketio import SocketIO, join_room
from sqlalchemy.exc import OperationalError

from facilitator.realtime import facilitator_room, public_room
from facilitator.service import FACILITATORS, PUBLIC, Facilitation
from facilitator.views.access import can_facilitate
from facilitator.workshops.errors import InvalidInput, NotAllowed, WorkshopError, WorkshopNotFound
from hmac import compare_digest

log = logging.getLogger(__name__)

BUSY = {
    "code": "busy",
    "message": "The workshop is very busy right now. Your note is kept on your phone and will be sent again.",
}
BROKEN = {"code": "server_error", "message": "Something went wrong on the laptop running the workshop. Please try again."}


def service() -> Facilitation:
    return current_app.extensions["facilitation"]


def answer(handler):
    """Turn a handler's result or error into an acknowledgement; never let it escape."""

    @functools.wraps(handler)
    def wrapper(payload=None):
        if payload is None:
            payload = {}
        if not isinstance(payload, dict):
            return {"ok": False, "error": InvalidInput("The app sent something we did not understand.").as_dict()}
        try:
            return {"ok": True, **(handler(payload) or {})}
        except WorkshopError as error:
            return {"ok": False, "error": error.as_dict()}
        except OperationalError:
            log.warning("database busy during %s", handler.__name__)
            return {"ok": False, "error": BUSY}
        except Exception:
            log.exception("unexpected error in %s", handler.__name__)
            return {"ok": False, "error": BROKEN}

    return wrapper


def facilitators_only(handler):
    """Refuse (and log) a facilitator event from a connection not signed in as one."""

    @functools.wraps(handler)
    def wrapper(payload):
        code = session.get("console")
        if not code or not can_facilitate(code):
            log.warning("refused %s from a connection that is not a facilitator's (sid %s)", handler.__name__, request.sid)
            raise NotAllowed()
        return handler(code, payload)

    return wrapper


# ---- joining --------------------------------------------------------------------


def phone_join(payload):
    """A phone joins a workshop (or rejoins with its participant id) and gets the state."""
    result = service().join(
        payload.get("code", ""),
        participant_id=payload.get("participant"),
        nickname=payload.get("nickname") or "",
        group=payload.get("group") or "",
        since=payload.get("since", 0),
    )
    code = result["workshop"]["code"]
    session["phone"] = {"code": code, "participant": result["participant"]["id"]}
    join_room(public_room(code))
    return result


def board_join(payload):
    """A projected board joins with the secret in its URL."""
    code = payload.get("code", "")
    workshop = service().get_workshop(code)
    key = payload.get("key")
    if not isinstance(key, str) or not compare_digest(key.encode(), workshop.board_secret.encode()):
        raise WorkshopNotFound("This board link is not valid any more. Open the board again from the console.")
    session["board"] = workshop.code
    join_room(public_room(workshop.code))
    return service().sync(workshop.code, PUBLIC, payload.get("since", 0))


def console_join(payload):
    """A facilitator's console joins; it sees every note, hidden ones included."""
    code = service().get_workshop(payload.get("code", "")).code
    if not can_facilitate(code):
        log.warning("refused console:join for %s (sid %s)", code, request.sid)
        raise NotAllowed()
    session["console"] = code
    join_room(facilitator_room(code))
    return service().sync(code, FACILITATORS, payload.get("since", 0))


def sync(payload):
    """A client that reconnected, or saw a gap in the numbers, asks what it missed."""
    since = payload.get("since", 0)
    if session.get("console"):
        return service().sync(session["console"], FACILITATORS, since)
    code = session.get("board") or (session.get("phone") or {}).get("code")
    if not code:
        raise InvalidInput("Please join the workshop first.")
    return service().sync(code, PUBLIC, since)


# ---- participants -----------------------------------------------------------------


def note_post(payload):
    """A participant posts a note to an open phase; a retry with the same id is stored once."""
    phone = session.get("phone")
    if not phone:
        raise InvalidInput("Please join the workshop first.")
    return service().post_note(
        phone["code"], phone["participant"], note_id=payload.get("id"), phase=payload.get("phase"), text=payload.get("text")
    )


# ---- facilitators -----------------------------------------------------------------


@facilitators_only
def phases_open(code, payload):
    return {"workshop": service().set_open_phases(code, payload.get("phases"))}


@facilitators_only
def timer_start(code, payload):
    return {"workshop": service().control_timer(code, "start")}


@facilitators_only
def timer_pause(code, payload):
    return {"workshop": service().control_timer(code, "pause")}


@facilitators_only
def timer_reset(code, payload):
    return {"workshop": service().control_timer(code, "reset", payload.get("seconds"))}


@facilitators_only
def note_hide(code, payload):
    return service().set_note_hidden(code, payload.get("id"), True)


@facilitators_only
def note_restore(code, payload):
    return service().set_note_hidden(code, payload.get("id"), False)


@facilitators_only
def note_scribe(code, payload):
    return service().scribe_note(code, note_id=payload.get("id"), phase=payload.get("phase"), text=payload.get("text"))


@facilitators_only
def workshop_update(code, payload):
    fields = {k: payload[k] for k in ("title", "question", "date", "venue") if k in payload}
    return {"workshop": service().update_details(code, fields)}


EVENTS = {
    "phone:join": phone_join,
    "board:join": board_join,
    "console:join": console_join,
    "sync": sync,
    "note:post": note_post,
    "note:scribe": note_scribe,
    "note:hide": note_hide,
    "note:restore": note_restore,
    "phases:open": phases_open,
    "timer:start": timer_start,
    "timer:pause": timer_pause,
    "timer:reset": timer_reset,
    "workshop:update": workshop_update,
}


def register(socketio: SocketIO) -> None:
    """Attach every handler to this app's Socket.IO server."""
    for name, handler in EVENTS.items():
        socketio.on_event(name, answer(handler))
