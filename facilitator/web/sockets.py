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
import time
from contextlib import nullcontext
from hmac import compare_digest

from flask import current_app, request, session
from flask_socketio import SocketIO, disconnect
from flask_socketio import join_room as _join_room
from sqlalchemy.exc import OperationalError

from facilitator.core import i18n
from facilitator.core.logs import from_address
from facilitator.live.realtime import board_room, facilitator_room, link_room, public_room
from facilitator.live.snapshots import FACILITATORS, PUBLIC
from facilitator.usecases import Facilitation
from facilitator.web.guards import (
    UnstorableText,
    code_lookup,
    new_person_admission,
    require_findable,
    returning_participant,
    storable,
)
from facilitator.web.security import Limits, classify_database_error
from facilitator.web.urls import console_path
from facilitator.web.views.access import can_facilitate, is_facilitator
from facilitator.workshops.codes import normalise_join_code
from facilitator.workshops.cycles import visible_cycles
from facilitator.workshops.errors import N_, InvalidInput, NotAllowed, WorkshopError, WorkshopNotFound

log = logging.getLogger(__name__)

# When another process holds the SQLite lock, an event is tried again every 0.1 s for up
# to 5 s; each try blocks the server for at most the database's short busy timeout.
LOCK_WAIT_SECONDS = 5.0
LOCK_RETRY_SECONDS = 0.1

# Fixed refusals. Their messages are English msgids: `answer` translates them into the
# language of the phone that will read them (facilitator.core.i18n).
BUSY = {
    "code": "busy",
    "message": N_("The workshop is very busy right now. Your note is kept on your phone and will be sent again."),
}
STORAGE_FULL = {
    "code": "storage_full",
    "message": N_(
        "The laptop running the workshop has run out of space. Your note is kept on your phone; "
        "please tell the facilitator."
    ),
}
SLOW_DOWN = {"code": "slow_down", "message": N_("You are posting very fast. Please wait a moment — your note is kept.")}
TOO_FAST = {
    "code": "slow_down",
    "message": N_("This phone is asking very fast. Please wait a moment; it will try again by itself."),
}
TOO_MANY_TRIES = {
    "code": "too_many_tries",
    "message": N_("Too many wrong codes from this phone. Please wait a minute, then check the code on the screen."),
}
BROKEN = {"code": "server_error", "message": N_("Something went wrong on the laptop running the workshop. Please try again.")}


def service() -> Facilitation:
    return current_app.extensions["facilitation"]


def limits() -> Limits:
    return current_app.extensions["limits"]


class Refused(WorkshopError):
    """A refusal whose answer is fixed (rate limits)."""

    def __init__(self, answer: dict):
        super().__init__(answer["message"])
        self.code = answer["code"]


class ConnectionGone(WorkshopError):
    """The connection ended while its join was being saved (told to slow down, or the
    phone went): the join is kept, and the phone gets it back when it reconnects."""

    code = "disconnected"
    message = N_("The connection was lost. Your phone will join again by itself.")


def join_room(room: str) -> None:
    """Put this connection in `room`; a connection already gone is refused cleanly
    (issue 21: a join racing its own disconnect was saved, then answered server_error)."""
    try:
        _join_room(room)
    except (KeyError, ValueError):
        raise ConnectionGone() from None


def refusal(error: WorkshopError | dict) -> dict:
    """The acknowledgement for a refusal, its message in the reader's language. A phone
    that said which language it reads (`phone:join`'s `language`) gets that one."""
    return {"ok": False, "error": i18n.refusal_in(error, session.get("lang"))}


# Which events share which per-connection budget (security.Limits.events); every event
# not named here counts against "other".
EVENT_BUDGETS = {"phone:join": "join", "board:join": "join", "console:join": "join", "sync": "sync"}
JOIN_EVENTS = {"phone:join", "board:join", "console:join"}


def workshop_key(event: str, payload: dict) -> str | None:
    """The workshop an event is about, for its place in that workshop's queue: the one
    this connection joined, or for a join the code it names ("" for none); None for an
    event that takes its turn itself."""
    if event == "phone:join":
        return None  # its saving takes the workshop's turn itself, with the joins beside it (join_batches)
    if event in JOIN_EVENTS:
        return normalise_join_code(payload.get("code"))
    phone = session.get("phone") or {}
    interpreter = session.get("interpreter") or {}
    return (
        session.get("console") or session.get("board") or phone.get("code")
        or (interpreter.get("code") if isinstance(interpreter, dict) else "") or ""
    )


def _too_fast(limiter, key: str) -> dict | None:
    """The answer to an event over its connection's budget. A connection that goes on
    after being told to slow down many times is not a phone following `retry_after` but a
    script: its whole connection is closed, so its flood stops costing the room even a
    refusal each (issue 12: 1,100 refused events a second still took half a core). Not
    only its Socket.IO namespace (`flask_socketio.disconnect`): the connection would stay
    open, reading the flood, and could connect the namespace again for fresh budgets."""
    if not limits().ignored_slow_down.allow(request.sid):
        log.warning("disconnected a connection that ignored slow_down (sid %s)%s", request.sid, from_address(request.remote_addr))
        server = current_app.extensions["socketio"].server
        eio_sid = server.manager.eio_sid_from_sid(request.sid, "/")
        disconnect()
        if eio_sid is not None:
            server.eio.disconnect(eio_sid)
        return None
    return {**refusal(TOO_FAST), "retry_after": limiter.seconds_until_allowed(key)}


def answer(handler, event: str):
    """Turn a handler's result or error into an acknowledgement; never let it escape.

    Before any work, the event is checked against this connection's budget for its kind
    (issue 12: a phone looping `sync` or `phone:join` is told to slow down instead of
    costing the room a snapshot each time). Then it waits for its workshop's turn
    (`work_order.WorkshopGates`): one workshop's events do their work one at a time, in
    order, while other workshops' events go ahead. It yields to the event loop after
    each: under eventlet a burst of 150 notes would otherwise run back to back and freeze
    every board for the whole burst.
    """
    budget = EVENT_BUDGETS.get(event, "other")

    @functools.wraps(handler)
    def wrapper(payload=None):
        if payload is None:
            payload = {}
        if not isinstance(payload, dict):
            return refusal(InvalidInput(N_("The app sent something we did not understand.")))
        if not storable(payload):  # issue 12: a lone surrogate in any field, refused before any work
            return refusal(UnstorableText())
        limiter = limits().events[budget]
        if not limiter.allow(request.sid):
            return _too_fast(limiter, request.sid)
        by_address = limits().events_per_address.get(budget)
        address = request.remote_addr or "unknown"
        if by_address is not None and not by_address.allow(address):
            return _too_fast(by_address, address)
        socketio = current_app.extensions["socketio"]
        gates = current_app.extensions["workshop_gates"]
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        try:
            while True:
                key = workshop_key(event, payload)
                with gates.hold(key) if key is not None else nullcontext():
                    try:
                        return {"ok": True, **(handler(payload) or {})}
                    except OperationalError as error:
                        kind = classify_database_error(error)
                        if kind != "busy" or time.monotonic() >= deadline:
                            log.warning("database %s during %s", kind, handler.__name__)
                            return refusal(STORAGE_FULL if kind == "full" else BUSY)
                # Another process holds the database: nothing was saved, so trying the whole
                # event again is safe. Wait outside the gate, so the room keeps moving.
                socketio.sleep(LOCK_RETRY_SECONDS)
        except WorkshopError as error:
            return refusal(error)
        except Exception:
            log.exception("unexpected error in %s", handler.__name__)
            return refusal(BROKEN)
        finally:
            socketio.sleep(0)

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
    """A phone joins a workshop (or rejoins with its participant id) and gets the state.

    Wrong codes are rate-limited per client address, so join codes cannot be guessed.
    """
    address = request.remote_addr or "unknown"
    # Only languages we ship are kept; anything else counts as "not said".
    language = i18n.supported(payload.get("language")) or ""
    if language:
        session["lang"] = language  # answers to this phone, this join's refusal too, come in its language
    typed = payload.get("code", "")
    code = normalise_join_code(typed) if isinstance(typed, str) else ""
    # The join may be saved by another handler's batch (join_batches): it gets this
    # connection's own session object, not the proxy that names whichever is current.
    connection = session._get_current_object()
    with code_lookup(limits().join_failures, address):  # issue 12: one limiter for every code lookup
        result = current_app.extensions["join_batches"].join(code, dict(
            # Issue 12: without an id, the person this connection or cookie already is.
            participant_id=returning_participant(connection, code, payload.get("participant")),
            seat_id=(connection.get("seats") or {}).get(code),
            admit_new=new_person_admission(connection, limits().new_participants, address, limits().arrivals, code),
            nickname=payload.get("nickname") or "",
            group=payload.get("group") or "",
            table=payload.get("table") or "",
            language=language,
            since=payload.get("since", 0),
        ))
    code = result["workshop"]["code"]
    session["phone"] = {"code": code, "participant": result["participant"]["id"]}
    join_room(public_room(code))
    return result


def _board_link_not_valid() -> WorkshopNotFound:
    return WorkshopNotFound(N_("This board link is not valid any more. Open the board again from the console."))


def board_join(payload):
    """A projected board joins with the secret in its URL."""
    code = payload.get("code", "")
    key = payload.get("key")
    # Unknown code, archived workshop or wrong key: one answer, one shared limiter (issue 12).
    with code_lookup(limits().join_failures, request.remote_addr or "unknown", unknown=_board_link_not_valid):
        workshop = service().get_workshop(code)
        require_findable(workshop)
        if not isinstance(key, str) or not compare_digest(key.encode(), workshop.board_secret.encode()):
            raise NotAllowed()
    session["board"] = workshop.code
    session["board_key"] = key  # `sync` checks it is still the board's link
    join_room(public_room(workshop.code))
    join_room(board_room(workshop.code))  # the joined count goes to boards, not to every phone
    join_room(link_room(workshop.code, "board", key))  # replacing the link ends this connection
    return service().sync(workshop.code, PUBLIC, payload.get("since", 0))


def console_join(payload):
    """A facilitator's console joins; it sees every note, hidden ones included."""
    # "No such workshop" and "not yours" answer the same, under the shared limiter (issue 12).
    with code_lookup(limits().join_failures, request.remote_addr or "unknown"):
        workshop = service().get_workshop(payload.get("code", ""))
        code = workshop.code
        if not can_facilitate(code):
            log.warning("refused console:join for a workshop that is not this connection's (sid %s)", request.sid)
            raise NotAllowed()
    session["console"] = code
    join_room(facilitator_room(code))
    if not is_facilitator():  # in through the co-facilitator link: replacing it ends this connection
        join_room(link_room(code, "cofacilitator", workshop.cofacilitator_token))
    return _for_viewer(service().sync(code, FACILITATORS, payload.get("since", 0)))


def _for_viewer(snapshot: dict) -> dict:
    """A console's snapshot as this connection may see it: a co-facilitator sees the join
    codes of only the cycles they may open (issue 12); the others keep their title and date."""
    if "cycles" in snapshot and not is_facilitator():
        snapshot["cycles"] = visible_cycles(snapshot["cycles"], can_facilitate)
    return snapshot


def _board_still_linked(code: str) -> bool:
    """True while the key this board joined with is still the workshop's board link."""
    key = session.get("board_key")
    try:
        secret = service().get_workshop(code).board_secret
    except WorkshopNotFound:
        return False
    return isinstance(key, str) and compare_digest(key.encode(), secret.encode())


def sync(payload):
    """A client that reconnected, or saw a gap in the numbers, asks what it missed."""
    since = payload.get("since", 0)
    if session.get("console"):
        if not can_facilitate(session["console"]):  # the co-facilitator link was replaced since
            raise NotAllowed()
        return _for_viewer(service().sync(session["console"], FACILITATORS, since))
    phone = session.get("phone")
    if phone and not session.get("board"):
        return service().sync(phone["code"], PUBLIC, since, participant_id=phone["participant"])
    code = session.get("board")
    if not code:
        raise InvalidInput(N_("Please join the workshop first."))
    if not _board_still_linked(code):
        raise _board_link_not_valid()
    return service().sync(code, PUBLIC, since)


# ---- participants -----------------------------------------------------------------


def participants_only(handler):
    """Pass the phone's workshop code and participant id, taken from this connection's
    session (never from the payload), or refuse a connection that has not joined."""

    @functools.wraps(handler)
    def wrapper(payload):
        phone = session.get("phone")
        if not phone:
            raise InvalidInput(N_("Please join the workshop first."))
        return handler(phone["code"], phone["participant"], payload)

    return wrapper


@participants_only
def note_post(code, participant, payload):
    """A participant posts a note to an open phase; a retry with the same id is stored once.

    Each participant may post 10 notes at once, then one a second: a flood from one
    phone is refused (the phone keeps the note and retries) while everyone else carries on.
    """
    if limits().notes.blocked(participant):
        raise Refused(SLOW_DOWN)
    result = service().post_note(
        code, participant, note_id=payload.get("id"), phase=payload.get("phase"), text=payload.get("text")
    )
    limits().notes.allow(participant)  # only stored notes count, not retries after a lock
    return result


def _throttled(participant, change):
    """Each change a phone makes is broadcast to the whole room: share the notes' rate limit."""
    if limits().notes.blocked(participant):
        raise Refused(SLOW_DOWN)
    result = change()
    limits().notes.allow(participant)
    return result


@participants_only
def vote_add(code, participant, payload):
    """A phone places one dot on a note or theme of the voting phase {kind, id} → ack
    {mine, left}; every room gets `votes` (tallies only where they are shown)."""
    return _throttled(participant, lambda: service().place_dot(code, participant, payload.get("kind"), payload.get("id")))


@participants_only
def vote_remove(code, participant, payload):
    """A phone takes one of its dots back {kind, id} → ack {mine, left}; rooms get `votes`."""
    return _throttled(participant, lambda: service().take_back_dot(code, participant, payload.get("kind"), payload.get("id")))


@participants_only
def votes_mine(code, participant, payload):
    """A phone asks for its own dots (after a theme it voted for went) → ack {mine, left}."""
    return service().my_dots(code, participant)


@participants_only
def action_propose(code, participant, payload):
    """A phone proposes an action while Now what? is open {id, text, owner, due} → ack
    {action, duplicate}; consoles get `action` (boards only once it is confirmed)."""
    return _throttled(participant, lambda: service().propose_action(
        code, participant, action_id=payload.get("id"), text=payload.get("text"),
        owner=payload.get("owner") or "", due=payload.get("due") or "",
    ))


# ---- facilitators -----------------------------------------------------------------
# Every event below comes from a signed-in console; its ack carries what changed, and
# every board, phone and console of the workshop hears the same change as events.


@facilitators_only
def phases_open(code, payload):
    """Open exactly these phases {phases: [keys]} → ack {workshop}; rooms get `workshop`
    (a newly opened phase sets the timer, stopped, to its minutes)."""
    return service().set_open_phases(code, payload.get("phases"))


@facilitators_only
def timer_start(code, payload):
    """Start or resume the timer {} → ack {workshop}; rooms get `workshop`."""
    return service().start_timer(code)


@facilitators_only
def timer_pause(code, payload):
    """Pause the timer {} → ack {workshop}; rooms get `workshop`."""
    return service().pause_timer(code)


@facilitators_only
def timer_reset(code, payload):
    """Stop the timer at {seconds: 1…14400}, or with {} at the open phase's minutes → ack
    {workshop}; rooms get `workshop`."""
    return service().reset_timer(code, payload.get("seconds"))


@facilitators_only
def board_view(code, payload):
    """Show the join view on the board {view: "join"} or let it decide {view: "auto"} →
    ack {workshop}; rooms get `workshop`."""
    return service().set_board_view(code, payload.get("view"))


@facilitators_only
def note_hide(code, payload):
    """Hide a note {id} → ack {note}; boards and phones get its tombstone, consoles the note."""
    return service().set_note_hidden(code, payload.get("id"), True)


@facilitators_only
def note_restore(code, payload):
    """Put a hidden note back {id} → ack {note}; every room gets `note`."""
    return service().set_note_hidden(code, payload.get("id"), False)


@facilitators_only
def note_scribe(code, payload):
    """Post a note for someone without a phone {id, phase, text, group, table} → ack
    {note, duplicate}; into a closed phase too, marked `late`. Every room gets `note`."""
    return service().scribe_note(
        code, note_id=payload.get("id"), phase=payload.get("phase"), text=payload.get("text"),
        group=payload.get("group") or "", table=payload.get("table") or "",
        translation=payload.get("translation") or None, language=payload.get("language") or None,
    )


def translator(event: str) -> tuple[str, str]:
    """(code, "facilitator" | "interpreter") of the connection that asks to translate: a
    facilitator (signed in, console joined) or an interpreter (through the workshop's
    interpreter link, which lets them translate and do nothing else); else NotAllowed."""
    code = session.get("console")
    if code and can_facilitate(code):
        return code, "facilitator"
    from facilitator.web.views.translations import interpreter_code

    code = interpreter_code()
    if not code:
        log.warning("refused %s from a connection that may not translate (sid %s)", event, request.sid)
        raise NotAllowed()
    return code, "interpreter"


def note_translate(payload):
    """Set a note's translation into the report's language {id, text, language?} → ack {note}
    (a facilitator's or an interpreter's view of it)."""
    code, by = translator("note:translate")
    return service().translate_note(code, payload.get("id"), payload.get("text"), by=by, language=payload.get("language"))


def wording_translate(payload):
    """Translate one of the facilitator's words {subject, field, language, text, original?}
    (empty text removes it; `original`, the words translated, is refused once reworded)
    → ack {entry}; rooms get the workshop, theme or action again."""
    code, by = translator("wording:translate")
    return service().translate_wording(
        code, payload.get("subject"), payload.get("field"), payload.get("language"), payload.get("text"), by=by,
        original=payload.get("original"),
    )


@facilitators_only
def note_highlight(code, payload):
    """Mark (or with `"highlighted": false`, unmark) a note as a quote for the report {id}
    → ack {note}; consoles get `note`."""
    highlighted = payload.get("highlighted", True)
    if not isinstance(highlighted, bool):
        raise InvalidInput(N_("Say true or false for highlighted."))
    return service().highlight_note(code, payload.get("id"), highlighted)


@facilitators_only
def note_release(code, payload):
    """Release a hidden or pending note to the interpreter {id, released?: true} (false
    takes it back) → ack {note}; consoles get `note`, rooms only its tombstone."""
    return service().release_for_translation(code, payload.get("id"), payload.get("released", True))


@facilitators_only
def note_approve(code, payload):
    """Let a note waiting for pre-moderation onto the board {id} → ack {note}; rooms get `note`."""
    return service().approve_note(code, payload.get("id"))


@facilitators_only
def theme_create(code, payload):
    """A new theme {phase, name, notes?} → ack {themes, notes, can_undo}; rooms get `theme`, `note`."""
    return service().create_theme(code, phase=payload.get("phase"), name=payload.get("name"), notes=payload.get("notes"))


@facilitators_only
def theme_rename(code, payload):
    """Rename a theme {theme, name} → ack {themes, notes, can_undo}; rooms get `theme`."""
    return service().rename_theme(code, theme=payload.get("theme"), name=payload.get("name"))


@facilitators_only
def theme_assign(code, payload):
    """Put notes into a theme {notes, theme} (or out of any, theme null) → ack {themes,
    notes, can_undo}; rooms get `note`."""
    return service().assign_notes(code, notes=payload.get("notes"), theme=payload.get("theme"))


@facilitators_only
def theme_merge(code, payload):
    """Merge a theme into another {theme, into} → ack {themes, notes, can_undo}; rooms get
    `note`, `theme` (the tombstone) and `votes`."""
    return service().merge_themes(code, theme=payload.get("theme"), into=payload.get("into"))


@facilitators_only
def theme_delete(code, payload):
    """Remove a theme {theme}; its notes go back to ungrouped → ack {themes, notes, can_undo}."""
    return service().delete_theme(code, theme=payload.get("theme"))


@facilitators_only
def theme_undo(code, payload):
    """Undo the latest theme step {} → ack {themes, notes, can_undo}; rooms get what it changed."""
    return service().undo_theme_step(code)


@facilitators_only
def voting_open(code, payload):
    """Open a dot-vote {phase, dots?, reveal?} → ack {workshop}; rooms get `workshop`, `votes`."""
    return service().open_voting(code, phase=payload.get("phase"), dots=payload.get("dots"), reveal=payload.get("reveal"))


@facilitators_only
def voting_close(code, payload):
    """Close the vote {} → ack {workshop}; rooms get `workshop`, `votes`."""
    return service().close_voting(code)


@facilitators_only
def voting_reveal(code, payload):
    """Show {revealed: true} or hide the tallies → ack {workshop}; rooms get `workshop`, `votes`."""
    return service().reveal_votes(code, payload.get("revealed", True))


@facilitators_only
def voting_reset(code, payload):
    """Remove every dot of a phase {phase} → ack {workshop}; rooms get `workshop`, `votes`."""
    return service().reset_votes(code, phase=payload.get("phase"))


@facilitators_only
def arrivals_discard(code, payload):
    """Discard the dots of a burst of newcomers who posted nothing {burst} → ack
    {discarded: {people, dots}}; rooms get `votes` (consoles without the alert)."""
    return service().discard_arrival_dots(code, payload.get("burst"))


@facilitators_only
def arrivals_keep(code, payload):
    """A burst of newcomers is people in the room {burst} → ack {kept}; consoles get `votes` without the alert."""
    return service().keep_arrivals(code, payload.get("burst"))


@facilitators_only
def spotlight_set(code, payload):
    """Spotlight a note or theme {kind, id}, or clear it {kind: null} → ack {workshop}; rooms get `workshop`."""
    return service().set_spotlight(code, payload.get("kind"), payload.get("id"))


@facilitators_only
def action_save(code, payload):
    """Create or edit an action {id?, text, owner, due, links, framework_tag, status, outcome}
    → ack {action}; consoles get `action`, boards its public view."""
    fields = {k: payload[k] for k in ("text", "owner", "due", "links", "framework_tag", "status", "outcome") if k in payload}
    return service().save_action(code, payload.get("id"), fields)


@facilitators_only
def workshop_status(code, payload):
    """Make the workshop live, closed or archived {status} → ack {workshop}; rooms get `workshop`."""
    return service().set_status(code, payload.get("status"))


@facilitators_only
def workshop_settings(code, payload):
    """Change show_nicknames, lanyards_off, premoderation {name: bool} → ack {workshop}; rooms get `workshop`."""
    return service().set_options(code, payload)


@facilitators_only
def cycle_next(code, payload):
    """Start the next cycle {title?, date?} → ack {code, console_url} of the new workshop,
    where the facilitator goes next; nothing is broadcast (nobody is in it yet)."""
    workshop = service().next_cycle(code, title=payload.get("title"), date=payload.get("date"))
    return {"code": workshop.code, "console_url": console_path(workshop.code)}


@facilitators_only
def workshop_update(code, payload):
    """Change the title, question, date or venue → ack {workshop}; rooms get `workshop`."""
    fields = {k: payload[k] for k in ("title", "question", "date", "venue") if k in payload}
    return service().update_details(code, fields)


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
    "board:view": board_view,
    "workshop:update": workshop_update,
    "workshop:status": workshop_status,
    "workshop:settings": workshop_settings,
    "cycle:next": cycle_next,
    "note:approve": note_approve,
    "note:highlight": note_highlight,
    "note:translate": note_translate,
    "wording:translate": wording_translate,
    "note:release": note_release,
    "theme:create": theme_create,
    "theme:rename": theme_rename,
    "theme:assign": theme_assign,
    "theme:merge": theme_merge,
    "theme:delete": theme_delete,
    "theme:undo": theme_undo,
    "voting:open": voting_open,
    "voting:close": voting_close,
    "voting:reveal": voting_reveal,
    "voting:reset": voting_reset,
    "vote:add": vote_add,
    "vote:remove": vote_remove,
    "votes:mine": votes_mine,
    "arrivals:discard": arrivals_discard,
    "arrivals:keep": arrivals_keep,
    "spotlight:set": spotlight_set,
    "action:propose": action_propose,
    "action:save": action_save,
}


def register(socketio: SocketIO) -> None:
    """Attach every handler to this app's Socket.IO server."""
    for name, handler in EVENTS.items():
        socketio.on_event(name, answer(handler, name))
