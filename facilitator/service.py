"""The application's use cases, shared by socket handlers, HTTP views and the CLI.

Each one opens a unit of work, calls the domain, lets the transaction commit, and only
then broadcasts through the `Broadcaster`: the one path by which a change reaches the
boards. Authorisation is the caller's (it depends on who is asking, over HTTP or a
socket); everything else — validation, storage, broadcast — is here.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect as sa_inspect

from facilitator.db import Database
from facilitator.realtime import Broadcaster
from facilitator.templates_lib import SessionTemplate
from facilitator.workshops import actions as action_ops
from facilitator.workshops import lifecycle, spotlight, themes
from facilitator.workshops import notes as note_ops
from facilitator.workshops import translations as translation_ops
from facilitator.workshops import votes as vote_ops
from facilitator.workshops import workshops as workshop_ops
from facilitator.workshops.changes import Changes
from facilitator.workshops.errors import InvalidInput
from facilitator.workshops.serialize import (
    action_for_facilitator,
    action_for_public,
    note_for_facilitator,
    note_for_public,
    theme_view,
    workshop_state,
)

PUBLIC = "public"
FACILITATORS = "facilitators"


@dataclass
class Facilitation:
    db: Database
    templates: dict[str, SessionTemplate]
    broadcaster: Broadcaster
    export_dir: Path | None = None  # where reports are written; deleting a workshop removes its files

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

    def join(
        self, code: str, *, participant_id=None, nickname="", group="", table="", language="", since: int = 0
    ) -> dict:
        """A phone joins or comes back; returns its participant, the state, its own notes,
        actions and dots. With lanyards off the phone is not told its group back.
        A new person, or one who switched language, changes the presence counts."""
        with self.db.session() as session:
            workshop = workshop_ops.find_workshop(session, code)
            template = self.template(workshop.template_key)
            participant, is_new = note_ops.join(
                session, workshop, template, participant_id=participant_id, nickname=nickname, group=group, table=table,
                language=language,
            )
            switched = sa_inspect(participant).attrs.language.history.has_changes()
            languages = workshop_ops.count_languages(session, workshop)
            own = [note_for_facilitator(n) for n in note_ops.notes_by(session, workshop, participant)]
            own_actions = [action_for_facilitator(a) for a in action_ops.actions_by(session, workshop, participant)]
            joined = workshop_ops.count_participants(session, workshop)
            snapshot = self._snapshot(session, workshop, PUBLIC, since, participant=participant)
        if is_new or switched:
            self.broadcaster.presence(code, joined, languages)
        groups = [{"key": g.key, "label": g.label} for g in template.groups]
        participant_view = {
            "id": participant.id,
            "nickname": participant.nickname,
            "group": participant.group_key,
            "table": participant.table_label,
            "language": participant.language,
        }
        return {
            "participant": participant_view,
            "own_notes": own,
            "own_actions": own_actions,
            "groups": groups,
            **snapshot,
        }

    def post_note(self, code: str, participant_id: str, *, note_id, phase, text) -> dict:
        """Store a participant's note; a retry of the same id returns the stored note."""
        with self.db.session() as session:
            workshop = workshop_ops.find_workshop(session, code)
            participant = note_ops.find_participant(session, workshop, participant_id)
            note, is_new = note_ops.post_note(
                session, workshop, note_id=note_id, phase=phase, text=text, participant=participant
            )
        if is_new:
            self.broadcaster.note_changed(workshop.code, note, workshop)
        return {"note": note_for_facilitator(note), "duplicate": not is_new}

    def scribe_note(self, code: str, *, note_id, phase, text, group="", table="", translation=None, language=None) -> dict:
        """A facilitator posts a note on someone's behalf, with their group and table if given:
        the words as said (in `language`, if given) and, optionally, their `translation`."""
        with self.db.session() as session:
            workshop = workshop_ops.find_workshop(session, code)
            details = note_ops.checked_scribe(self.template(workshop.template_key), group, table)
            details["language"] = translation_ops.checked_language(language)
            note, is_new = note_ops.post_note(
                session, workshop, note_id=note_id, phase=phase, text=text, scribe=details
            )
            if is_new and translation:
                translation_ops.set_translation(
                    session, workshop, note.id, translation, by="facilitator", target=self._report_language(workshop)
                )
        if is_new:
            self.broadcaster.note_changed(workshop.code, note, workshop)
        return {"note": note_for_facilitator(note), "duplicate": not is_new}

    def set_note_hidden(self, code: str, note_id: str, hidden: bool) -> dict:
        """Hide or restore a note; hiding the spotlighted note also clears the spotlight."""

        def change(session, workshop):
            spotlit = workshop.spotlight
            note = note_ops.set_hidden(session, workshop, note_id, hidden)
            return Changes(notes=[note], workshop=workshop.spotlight != spotlit, votes=True), note

        note = self._change(code, change)
        return {"note": note_for_facilitator(note)}

    def set_note_highlighted(self, code: str, note_id: str, highlighted: bool) -> dict:
        """Mark a note as a quote for the report, or unmark it (consoles see the change)."""

        def change(session, workshop):
            note = note_ops.set_highlighted(session, workshop, note_id, highlighted)
            return Changes(notes=[note]), note

        note = self._change(code, change)
        return {"note": note_for_facilitator(note)}

    def approve_note(self, code: str, note_id: str) -> dict:
        """Let a note waiting for pre-moderation onto the board."""

        def change(session, workshop):
            note = note_ops.approve(session, workshop, note_id)
            return Changes(notes=[note], votes=True), note

        note = self._change(code, change)
        return {"note": note_for_facilitator(note)}

    # ---- themes ------------------------------------------------------------------

    def theme_step(self, code: str, step: str, **args) -> dict:
        """One theme step — create, rename, assign, merge, delete or undo — broadcast as its changes."""
        operations = {
            "create": lambda s, w: themes.create_theme(s, w, args.get("phase"), args.get("name"), args.get("notes") or []),
            "rename": lambda s, w: themes.rename_theme(s, w, args.get("theme"), args.get("name")),
            "assign": lambda s, w: themes.assign_notes(s, w, args.get("notes"), args.get("theme")),
            "merge": lambda s, w: themes.merge_themes(s, w, args.get("theme"), args.get("into")),
            "delete": lambda s, w: themes.delete_theme(s, w, args.get("theme")),
            "undo": lambda s, w: themes.undo(s, w),
        }

        def change(session, workshop):
            changes = operations[step](session, workshop)
            return changes, {
                "themes": [theme_view(t) for t in changes.themes],
                "notes": [note_for_facilitator(n) for n in changes.notes],
                "can_undo": themes.can_undo(session, workshop),
            }

        return self._change(code, change)

    # ---- voting ------------------------------------------------------------------

    def voting(self, code: str, action: str, *, phase=None, dots=None, reveal=None) -> dict:
        """The facilitator opens, closes, reveals, hides or resets the dot-vote."""

        def change(session, workshop):
            if action == "open":
                vote_ops.open_voting(session, workshop, phase, dots, revealed=bool(reveal))
            elif action == "close":
                vote_ops.close_voting(session, workshop)
            elif action == "reveal":
                vote_ops.reveal(session, workshop, reveal)
            elif action == "reset":
                vote_ops.forget_votes(session, workshop, phase)
            else:
                raise InvalidInput("Voting can open, close, reveal or reset.")
            return Changes(workshop=True, votes=True), None

        self._change(code, change)
        return self.sync_state(code)

    def vote(self, code: str, participant_id: str, place: bool, kind, target_id) -> dict:
        """A participant places (or takes back) one dot; answers with their dots and how many are left."""

        def change(session, workshop):
            participant = note_ops.find_participant(session, workshop, participant_id)
            if place:
                vote_ops.place_dot(session, workshop, participant, kind, target_id)
            else:
                vote_ops.remove_dot(session, workshop, participant, kind, target_id)
            return Changes(votes=True), self._my_dots(session, workshop, participant)

        return self._change(code, change)

    def my_dots(self, code: str, participant_id: str) -> dict:
        with self.db.reading() as session:
            workshop = workshop_ops.find_workshop(session, code)
            return self._my_dots(session, workshop, note_ops.find_participant(session, workshop, participant_id))

    @staticmethod
    def _my_dots(session, workshop, participant) -> dict:
        mine = vote_ops.dots_of(session, workshop, participant)
        used = sum(mine.values())
        return {"mine": dict(mine), "left": max(0, workshop.dots_per_person - used) if workshop.voting_phase else 0}

    # ---- spotlight, actions, status and settings ----------------------------------

    def set_spotlight(self, code: str, kind, target_id) -> dict:
        def change(session, workshop):
            before = workshop.seq
            spotlight.set_spotlight(session, workshop, kind, target_id)
            return Changes(workshop=workshop.seq != before), None  # clearing an empty spotlight sends nothing

        self._change(code, change)
        return self.sync_state(code)

    def propose_action(self, code: str, participant_id: str, *, action_id, text, owner="", due="") -> dict:
        """A participant proposes an action; a retry of the same id returns the stored one."""

        def change(session, workshop):
            participant = note_ops.find_participant(session, workshop, participant_id)
            action, is_new = action_ops.propose(
                session, workshop, participant, action_id=action_id, text=text, owner=owner, due=due
            )
            return Changes(actions=[action] if is_new else []), {
                "action": action_for_facilitator(action),
                "duplicate": not is_new,
            }

        return self._change(code, change)

    def save_action(self, code: str, action_id, fields: dict) -> dict:
        """The facilitator creates, edits, confirms or drops an action."""

        def change(session, workshop):
            template = self.templates.get(workshop.template_key)
            action = action_ops.save(session, workshop, template, action_id, fields)
            return Changes(actions=[action]), {"action": action_for_facilitator(action)}

        return self._change(code, change)

    def set_status(self, code: str, status: str) -> dict:
        self._change(code, lambda s, w: (Changes(workshop=bool(lifecycle.set_status(s, w, status)), votes=True), None))
        return self.sync_state(code)

    def set_options(self, code: str, options: dict) -> dict:
        self._change(code, lambda s, w: (Changes(workshop=bool(lifecycle.set_options(s, w, options))), None))
        return self.sync_state(code)

    # ---- translations and the interpreter link (issue 15) -------------------------

    def translate_note(self, code: str, note_id, text, *, by: str, language=None) -> dict:
        """Set or remove a note's translation into the report's language (`by`: interpreter
        or facilitator); `language` corrects the note's own language."""

        def change(session, workshop):
            note = translation_ops.set_translation(
                session, workshop, note_id, text, by=by, target=self._report_language(workshop), language=language
            )
            return Changes(notes=[note]), note

        note = self._change(code, change)
        return {"note": note_for_facilitator(note)}

    def interpreter_link(self, code: str, action: str) -> str:
        """`make` a new interpreter link (replacing any) or `revoke` it; returns the token ("" if none)."""
        with self.db.session() as session:
            workshop = workshop_ops.find_workshop(session, code)
            if action == "make":
                return translation_ops.rotate_interpreter_token(session, workshop)
            translation_ops.revoke_interpreter_token(session, workshop)
            return ""

    def _report_language(self, workshop) -> str:
        template = self.templates.get(workshop.template_key)
        tag = template.report.language if template else "en"
        return (tag or "en").split("-", 1)[0].lower()

    def framework(self, template_key: str) -> dict:
        template = self.templates.get(template_key)
        return {"name": action_ops.framework_name(template), "tags": action_ops.framework_tags(template)}

    # ---- the workshop list: search, duplicate, delete, cycles, retention ----------

    def search_workshops(self, query: str = "", status: str = ""):
        with self.db.reading() as session:
            return lifecycle.search_workshops(session, query, status)

    def duplicate_workshop(self, code: str):
        with self.db.session() as session:
            workshop = workshop_ops.find_workshop(session, code)
            return lifecycle.duplicate_workshop(session, workshop, self.template(workshop.template_key))

    def contents(self, code: str) -> dict:
        """What deleting workshop `code` would remove: row counts and export file names."""
        with self.db.reading() as session:
            counts = lifecycle.contents(session, workshop_ops.find_workshop(session, code))
        return {**counts, "files": [p.name for p in self._export_files(code)]}

    def delete_workshop(self, code: str) -> str:
        """Delete a workshop with its notes, participants, votes, actions and export files."""
        with self.db.session() as session:
            deleted = lifecycle.delete_workshop(session, workshop_ops.find_workshop(session, code))
        self.broadcaster.gone(deleted)
        self._remove_exports(deleted)
        return deleted

    def purge(self, days: int) -> list[str]:
        """Delete every workshop (not live) created more than `days` days ago; returns their codes."""
        with self.db.reading() as session:
            codes = [w.code for w in lifecycle.expired_workshops(session, days)]
        for code in codes:
            self.delete_workshop(code)
        return codes

    def next_cycle(self, code: str):
        """Start the next cycle after workshop `code`; returns the new workshop."""
        from facilitator.workshops import cycles

        with self.db.session() as session:
            previous = workshop_ops.find_workshop(session, code)
            return cycles.start_next_cycle(session, previous, self.template(previous.template_key))

    def chain(self, code: str):
        from facilitator.workshops import cycles

        with self.db.reading() as session:
            return cycles.chain(session, workshop_ops.find_workshop(session, code))

    def _remove_exports(self, code: str) -> None:
        """Remove the workshop's export files: reports name them `<date>-<title>-<CODE>-<kind>.<ext>`
        (see reports.exports.export_name); a folder or file named after the code goes too."""
        for path in self._export_files(code):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)

    def _export_files(self, code: str) -> list[Path]:
        if not self.export_dir or not Path(self.export_dir).is_dir():
            return []
        return sorted(
            path
            for path in Path(self.export_dir).iterdir()
            if path.name == code or path.name.startswith((f"{code}-", f"{code}.")) or f"-{code}-" in path.name
        )

    # ---- the one write path for toolkit changes ----------------------------------

    def _change(self, code: str, operation):
        """Run `operation(session, workshop) -> (Changes, result)` in one transaction,
        commit, broadcast the changes, and return `result`."""
        with self.db.session() as session:
            workshop = workshop_ops.find_workshop(session, code)
            changes, result = operation(session, workshop)
            workshop.phases  # loaded now: the state is drawn after the session closes
            votes = self._votes_views(session, workshop) if changes.votes else None
        if changes or votes:
            self.broadcaster.changed(workshop, changes, votes)
        return result

    @staticmethod
    def _votes_views(session, workshop) -> tuple[dict, dict]:
        hidden, shown = vote_ops.voting_views(session, workshop)
        return (shown if workshop.votes_revealed else hidden), shown

    def sync_state(self, code: str) -> dict:
        """The workshop state alone, for acknowledgements."""
        return {"workshop": workshop_state(self.get_workshop(code))}

    # ---- catching up -----------------------------------------------------------

    def sync(self, code: str, audience: str, since: int = 0, participant_id: str | None = None) -> dict:
        """What a client missed since change `since`: the state and the rows changed.

        A phone (`participant_id`) also gets its own dots back.
        """
        with self.db.reading() as session:
            workshop = workshop_ops.find_workshop(session, code)
            participant = None
            if participant_id:
                participant = note_ops.find_participant(session, workshop, participant_id)
            return self._snapshot(session, workshop, audience, since, participant=participant)

    def _snapshot(self, session, workshop, audience: str, since, participant=None) -> dict:
        """State, then every note, theme and action changed after `since`, and the votes.

        A fresh client (since 0) gets no tombstones from the public view: nothing to remove.
        """
        if not isinstance(since, int) or isinstance(since, bool) or since < 0:
            since = 0
        reset = since > workshop.seq  # the client knows a later history: the database was replaced
        if reset:
            since = 0
        public = audience == PUBLIC
        notes = note_ops.notes_since(session, workshop, since)
        theme_rows = themes.themes_since(session, workshop, since)
        action_rows = action_ops.actions_since(session, workshop, since)
        if since == 0 and public:
            notes = [n for n in notes if note_ops.is_public(n)]
            theme_rows = [t for t in theme_rows if not t.deleted]
            action_rows = [a for a in action_rows if a.status in action_ops.PUBLIC_STATUSES]
        workshop.phases
        snapshot = {
            "workshop": workshop_state(workshop),
            "themes": [theme_view(t) for t in theme_rows],
            "notes": [note_for_public(n, workshop) if public else note_for_facilitator(n) for n in notes],
            "actions": [action_for_public(a) if public else action_for_facilitator(a) for a in action_rows],
            "votes": vote_ops.voting_state(session, workshop, workshop.votes_revealed or not public),
            "joined": workshop_ops.count_participants(session, workshop),
            "seq": workshop.seq,
            "since": since,
            "reset": reset or since == 0,
        }
        if participant is not None:
            snapshot["my_dots"] = self._my_dots(session, workshop, participant)
        if not public:
            from facilitator.workshops import cycles

            snapshot["can_undo"] = themes.can_undo(session, workshop)
            snapshot["languages"] = workshop_ops.count_languages(session, workshop)
            snapshot["framework"] = self.framework(workshop.template_key)
            snapshot["cycles"] = [
                {"code": w.code, "title": w.title, "date": w.date, "status": w.status, "current": w.id == workshop.id}
                for w in cycles.chain(session, workshop)
            ]
        return snapshot
