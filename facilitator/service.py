"""The application's use cases, shared by socket handlers, HTTP views and the CLI.

Each one opens a unit of work, calls the domain, lets the transaction commit, and only
then broadcasts through the `Broadcaster`: the one path by which a change reaches the
boards. Authorisation is the caller's (it depends on who is asking, over HTTP or a
socket); everything else — validation, storage, broadcast — is here.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.db import Database
from facilitator.realtime import Broadcaster
from facilitator.templates_lib import SessionTemplate
from facilitator.workshops import notes as note_ops
from facilitator.workshops import workshops as workshop_ops
from facilitator.workshops.errors import InvalidInput
from facilitator.workshops.serialize import note_for_facilitator, note_for_public, workshop_state

PUBLIC = "public"
FACILITATORS = "facilitators"


@dataclass
class Facilitation:
    db: Database
    templates: dict[str, SessionTemplate]
    broadcaster: Broadcaster

    # ---- workshops -------------------------------------------------------------

    def template(self, key: str) -> SessionTemplate:
        try:
            return self.templates[key]
        except KeyError:
            raise InvalidInput(f"There is no session template called '{key}'.") from None

    def create_workshop(self, template_key: str, **details: str):
        """Create a workshop from a template; returns it (detached, safe to read)."""
        template = self.template(template_key)
        with self.db.session() as session:
            return workshop_ops.create_workshop(session, template, **details)

    def get_workshop(self, code: str):
        """The workshop with its phases loaded, or WorkshopNotFound."""
        with self.db.reading() as session:
            workshop = workshop_ops.find_workshop(session, code)
            workshop.phases  # load now: the session closes before the caller reads them
            return workshop

    def list_workshops(self):
        with self.db.reading() as session:
            return workshop_ops.list_workshops(session)

    def update_details(self, code: str, fields: dict) -> dict:
        with self.db.session() as session:
            workshop = workshop_ops.update_details(session, workshop_ops.find_workshop(session, code), **fields)
            workshop.phases
        self.broadcaster.workshop_changed(workshop)
        return workshop_state(workshop)

    def set_open_phases(self, code: str, keys: list[str]) -> dict:
        with self.db.session() as session:
            workshop = workshop_ops.set_open_phases(session, workshop_ops.find_workshop(session, code), keys)
        self.broadcaster.workshop_changed(workshop)
        return workshop_state(workshop)

    def control_timer(self, code: str, action: str, seconds: int | None = None) -> dict:
        """`action` is start, pause or reset (to `seconds`, or the current length)."""
        with self.db.session() as session:
            workshop = workshop_ops.find_workshop(session, code)
            if action == "start":
                workshop_ops.start_timer(session, workshop)
            elif action == "pause":
                workshop_ops.pause_timer(session, workshop)
            elif action == "reset":
                workshop_ops.reset_timer(session, workshop, seconds)
            else:
                raise InvalidInput("The timer can start, pause or reset.")
            workshop.phases
        self.broadcaster.workshop_changed(workshop)
        return workshop_state(workshop)

    # ---- participants and notes ------------------------------------------------------

    def join(self, code: str, *, participant_id=None, nickname="", group="", since: int = 0) -> dict:
        """A phone joins or comes back; returns its participant, the state and its own notes."""
        with self.db.session() as session:
            workshop = workshop_ops.find_workshop(session, code)
            template = self.template(workshop.template_key)
            participant, is_new = note_ops.join(
                session, workshop, template, participant_id=participant_id, nickname=nickname, group=group
            )
            own = [note_for_facilitator(n) for n in note_ops.notes_by(session, workshop, participant)]
            joined = workshop_ops.count_participants(session, workshop)
            snapshot = self._snapshot(session, workshop, PUBLIC, since)
        if is_new:
            self.broadcaster.presence(code, joined)
        groups = [{"key": g.key, "label": g.label} for g in template.groups]
        participant_view = {"id": participant.id, "nickname": participant.nickname, "group": participant.group_key}
        return {"participant": participant_view, "own_notes": own, "groups": groups, **snapshot}

    def post_note(self, code: str, participant_id: str, *, note_id, phase, text) -> dict:
        """Store a participant's note; a retry of the same id returns the stored note."""
        with self.db.session() as session:
            workshop = workshop_ops.find_workshop(session, code)
            participant = note_ops.find_participant(session, workshop, participant_id)
            note, is_new = note_ops.post_note(
                session, workshop, note_id=note_id, phase=phase, text=text, participant=participant
            )
        if is_new:
            self.broadcaster.note_changed(workshop.code, note)
        return {"note": note_for_facilitator(note), "duplicate": not is_new}

    def scribe_note(self, code: str, *, note_id, phase, text) -> dict:
        """A facilitator posts a note on someone's behalf (no participant attached)."""
        with self.db.session() as session:
            workshop = workshop_ops.find_workshop(session, code)
            note, is_new = note_ops.post_note(session, workshop, note_id=note_id, phase=phase, text=text)
        if is_new:
            self.broadcaster.note_changed(workshop.code, note)
        return {"note": note_for_facilitator(note), "duplicate": not is_new}

    def set_note_hidden(self, code: str, note_id: str, hidden: bool) -> dict:
        with self.db.session() as session:
            workshop = workshop_ops.find_workshop(session, code)
            seq_before = workshop.seq
            note = note_ops.set_hidden(session, workshop, note_id, hidden)
            changed = workshop.seq != seq_before
        if changed:
            self.broadcaster.note_changed(workshop.code, note)
        return {"note": note_for_facilitator(note)}

    # ---- catching up -----------------------------------------------------------

    def sync(self, code: str, audience: str, since: int = 0) -> dict:
        """What a client missed since change `since`: the state and the notes changed."""
        with self.db.reading() as session:
            workshop = workshop_ops.find_workshop(session, code)
            return self._snapshot(session, workshop, audience, since)

    def _snapshot(self, session, workshop, audience: str, since) -> dict:
        if not isinstance(since, int) or isinstance(since, bool) or since < 0:
            since = 0
        reset = since > workshop.seq  # the client knows a later history: the database was replaced
        if reset:
            since = 0
        view = note_for_public if audience == PUBLIC else note_for_facilitator
        notes = note_ops.notes_since(session, workshop, since)
        if since == 0 and audience == PUBLIC:
            notes = [n for n in notes if not n.hidden]  # a fresh client needs no tombstones
        workshop.phases
        return {
            "workshop": workshop_state(workshop),
            "notes": [view(n) for n in notes],
            "joined": workshop_ops.count_participants(session, workshop),
            "seq": workshop.seq,
            "since": since,
            "reset": reset or since == 0,
        }
