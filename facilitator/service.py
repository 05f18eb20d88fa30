"""The application's use cases, shared by socket handlers, HTTP views and the CLI.

One path for every change: a use case is a small function `(session, workshop) ->
(Changes, answer)` run by `_change` (or `_write`, for one that makes a workshop). The
unit of work opens a transaction, runs the domain, builds the caller's answer, commits,
and only then hands what changed to the broadcaster — the one way a change reaches
boards, phones and consoles. No view or handler writes or broadcasts around it.

Authorisation is the caller's (it depends on who is asking, over HTTP or a socket);
everything else — validation, storage, broadcast — is here.

Contents (one method per use case):
  workshops      template, create_workshop, get_workshop, list_workshops, update_details,
                 update_cover, set_status, set_options, framework
  running        set_open_phases, start_timer, pause_timer, reset_timer, set_board_view,
                 set_spotlight
  phones, notes  join, post_note, scribe_note, set_note_hidden, highlight_note, approve_note,
                 redact_note
  themes         create_theme, rename_theme, assign_notes, merge_themes, delete_theme, undo_theme_step
  voting         open_voting, close_voting, reveal_votes, reset_votes, place_dot, take_back_dot, my_dots
  actions        propose_action, save_action
  workshop list  search_workshops, duplicate_workshop, contents, delete_workshop, purge,
                 next_cycle, chain
  catching up    sync
  passcode       has_passcode, choose_passcode, set_passcode, check_passcode
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sqlalchemy import inspect as sa_inspect

from facilitator.accounts import auth
from facilitator.core.private_files import forget_deleted
from facilitator.live.realtime import Broadcaster
from facilitator.live.snapshots import PUBLIC, SnapshotRows
from facilitator.reports import export_files
from facilitator.reports.cover import update_cover as write_cover
from facilitator.reports.cover import update_front as write_findings
from facilitator.reports.privacy import redact_note as redact
from facilitator.store.db import Database
from facilitator.workshops import (
    actions,
    arrivals,
    cycles,
    details,
    lifecycle,
    notes,
    phases,
    presence,
    responses,
    spotlight,
    themes,
    translations,
    votes,
)
from facilitator.workshops.changes import Changes
from facilitator.workshops.errors import N_, InvalidInput, WorkshopError
from facilitator.workshops.people import People, named_by
from facilitator.workshops.serialize import (
    action_for_facilitator,
    note_for_author,
    note_for_facilitator,
    note_for_interpreter,
    theme_view,
    workshop_state,
)
from facilitator.workshops.session_templates import SessionTemplate

NOTHING = Changes()


@dataclass
class Facilitation:
    db: Database
    templates: dict[str, SessionTemplate]
    broadcaster: Broadcaster
    export_dir: Path | None = None  # where reports are written; deleting a workshop removes its files
    clock: Callable[[], float] = field(default=time.time)  # wall-clock seconds, for the timer
    snapshots: SnapshotRows = field(default_factory=SnapshotRows)  # shared per change number

    # ---- workshops -------------------------------------------------------------

    def template(self, key: str) -> SessionTemplate:
        try:
            return self.templates[key]
        except KeyError:
            raise InvalidInput(N_("There is no session template called '%(key)s'."), params={"key": str(key)}) from None

    def create_workshop(self, template_key: str, **fields: str):
        """Create a workshop from a template; returns it (detached, phases loaded)."""
        template = self.template(template_key)
        return self._write(lambda session: (None, NOTHING, _loaded(details.create_workshop(session, template, **fields))))

    def get_workshop(self, code: str):
        """The workshop with its phases loaded, or WorkshopNotFound."""
        with self.db.reading() as session:
            return _loaded(details.find_workshop(session, code))

    def list_workshops(self):
        with self.db.reading() as session:
            return details.list_workshops(session)

    def update_details(self, code: str, fields: dict) -> dict:
        """Title, question, date or venue; answers with the state."""
        return self._change(code, lambda s, w: _state_changed(details.update_details(s, w, **fields)))

    def update_cover(self, code: str, *, partners: str, facilitator_name: str, prepared_for: str) -> None:
        """The report's cover details (not on any board: nothing is broadcast)."""

        def change(session, workshop):
            write_cover(session, workshop, partners=partners, facilitator_name=facilitator_name, prepared_for=prepared_for)
            return NOTHING, None

        self._change(code, change)

    def update_findings(self, code: str, *, findings: str, recommendations: str) -> None:
        """The report's key findings and recommendations (not on any board: nothing is broadcast)."""

        def change(session, workshop):
            write_findings(session, workshop, findings=findings, recommendations=recommendations)
            return NOTHING, None

        self._change(code, change)

    def set_status(self, code: str, status: str) -> dict:
        """Make the workshop live, closed or archived; closing stops phases, voting and the timer."""

        def change(session, workshop):
            before = workshop.seq
            lifecycle.set_status(session, workshop, status, now=self.clock())
            return Changes(workshop=workshop.seq != before, votes=True), _state(workshop)

        return self._change(code, change)

    def set_options(self, code: str, options: dict) -> dict:
        """Show nicknames, lanyards, pre-moderation (each true or false)."""
        return self._change(code, lambda s, w: _state_changed(lifecycle.set_options(s, w, options)))

    def framework(self, template_key: str) -> dict:
        """The template's framework as consoles show it: {"name", "tags"}."""
        return actions.framework_view(self.templates.get(template_key))

    # ---- running the room ----------------------------------------------------------

    def set_open_phases(self, code: str, keys: list[str]) -> dict:
        """Open exactly these phases; a newly opened one sets the timer to its minutes."""
        return self._change(code, lambda s, w: _state_changed(phases.set_open_phases(s, w, keys)))

    def start_timer(self, code: str) -> dict:
        return self._change(code, lambda s, w: _state_changed(phases.start_timer(s, w, now=self.clock())))

    def pause_timer(self, code: str) -> dict:
        return self._change(code, lambda s, w: _state_changed(phases.pause_timer(s, w, now=self.clock())))

    def reset_timer(self, code: str, seconds=None) -> dict:
        """Stop the timer at `seconds`, or with none at the open phase's minutes."""
        return self._change(code, lambda s, w: _state_changed(phases.reset_timer(s, w, seconds)))

    def set_board_view(self, code: str, view) -> dict:
        """The board shows the join view ("join") or decides by itself ("auto")."""
        return self._change(code, lambda s, w: _state_changed(phases.set_board_view(s, w, view)))

    def set_spotlight(self, code: str, kind, target_id) -> dict:
        def change(session, workshop):
            before = workshop.seq
            spotlight.set_spotlight(session, workshop, kind, target_id)
            return Changes(workshop=workshop.seq != before), _state(workshop)  # clearing an empty spotlight sends nothing

        return self._change(code, change)

    # ---- phones and notes ------------------------------------------------------------

    def join(
        self, code: str, *, participant_id=None, nickname="", group="", table="", language="", since: int = 0,
        seat_id=None, admit_new=None,
    ) -> dict:
        """A phone joins or comes back; returns its participant, the state, its own notes,
        actions and dots. With lanyards off the phone is not told its group back.
        A new person, or one who switched language, changes the presence counts."""
        request = dict(
            participant_id=participant_id, nickname=nickname, group=group, table=table, language=language,
            since=since, seat_id=seat_id, admit_new=admit_new,
        )
        (outcome,) = self.join_many(code, [request])
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def join_many(self, code: str, requests: list[dict]) -> list:
        """Several phones joining workshop `code` at once (the keyword arguments of `join`
        each), saved in one transaction with one commit and one presence update: in a
        reconnect storm the commit, not the join, was most of the cost (issue 16).

        Returns, in order, each join's answer or the WorkshopError that refused it. One
        refusal must not cost the others their join, so when any is refused the whole
        transaction is rolled back and each is tried again on its own."""

        def unit(session):
            workshop = details.find_workshop(session, code)
            template = self.template(workshop.template_key)
            people = People(session, named_by(requests))  # one query for everyone the batch names
            outcomes = [self._joining(session, workshop, template, people=people, **request) for request in requests]
            presence = any(changes.presence for changes, _ in outcomes)
            return workshop, Changes(presence=presence), [answer for _, answer in outcomes]

        try:
            return self._write(unit)
        except WorkshopError as refusal:
            if len(requests) == 1:
                return [refusal]
        outcomes = []
        for request in requests:
            try:
                outcomes.append(self._change(code, lambda s, w, request=request: self._joining(
                    s, w, self.template(w.template_key), **request)))
            except WorkshopError as refusal:
                outcomes.append(refusal)
        return outcomes

    def _joining(
        self, session, workshop, template, *, participant_id=None, nickname="", group="", table="", language="",
        since: int = 0, seat_id=None, admit_new=None, people=None,
    ) -> tuple[Changes, dict]:
        """One phone's join inside a transaction: (what changed, its answer). `people`: the
        batch's (see workshops/people.py); made for this join alone when not given."""
        if people is None:
            people = People(session, (participant_id, seat_id))
        participant, is_new = notes.join(
            session, workshop, template, participant_id=participant_id, nickname=nickname, group=group, table=table,
            language=language, seat_id=seat_id, admit_new=admit_new, people=people,
        )
        switched = sa_inspect(participant).attrs.language.history.has_changes()
        answer = {
            "participant": {
                "id": participant.id,
                "nickname": participant.nickname,
                # Issue 12: with lanyards off the phone is not told its group back.
                "group": "" if workshop.lanyards_off else participant.group_key,
                "table": participant.table_label,
                "language": participant.language,
            },
            # Someone new has written nothing yet: two queries fewer for most joins (issue 16).
            "own_notes": [] if is_new else [note_for_author(n) for n in people.own_notes(workshop, participant)],
            "own_actions": [] if is_new else [action_for_facilitator(a) for a in people.own_actions(workshop, participant)],
            "groups": [{"key": g.key, "label": g.label} for g in template.groups],
            **self._snapshot(session, workshop, PUBLIC, since, participant=None if is_new else participant),
        }
        if is_new:
            answer["my_dots"] = {"mine": {}, "left": workshop.dots_per_person if workshop.voting_phase else 0}
        return Changes(presence=is_new or switched), answer

    def post_note(self, code: str, participant_id: str, *, note_id, phase, text) -> dict:
        """Store a participant's note; a retry of the same id returns the stored note."""

        def change(session, workshop):
            participant = notes.find_participant(session, workshop, participant_id)
            note, is_new = notes.post_note(session, workshop, note_id=note_id, phase=phase, text=text, participant=participant)
            return _note_posted(note, is_new, note_for_author)

        return self._change(code, change)

    def scribe_note(
        self, code: str, *, note_id, phase, text, group="", table="", translation=None, language=None
    ) -> dict:
        """A facilitator posts a note on someone's behalf, with their group and table if
        given — into a closed phase too, marked late: the words as said (in `language`, if
        given) and, optionally, their `translation` into the report's language."""

        def change(session, workshop):
            scribe = notes.checked_scribe(self.template(workshop.template_key), group, table)
            scribe["language"] = translations.checked_language(language)
            note, is_new = notes.post_note(session, workshop, note_id=note_id, phase=phase, text=text, scribe=scribe)
            if is_new and translation:
                translations.set_translation(
                    session, workshop, note.id, translation, by="facilitator", target=self._report_language(workshop)
                )
            return _note_posted(note, is_new)

        return self._change(code, change)

    def set_note_hidden(self, code: str, note_id: str, hidden: bool) -> dict:
        """Hide or restore a note; hiding the spotlighted note also clears the spotlight."""

        def change(session, workshop):
            spotlit = workshop.spotlight
            note = notes.set_hidden(session, workshop, note_id, hidden)
            return Changes(notes=[note], workshop=workshop.spotlight != spotlit, votes=True), _note(note)

        return self._change(code, change)

    def highlight_note(self, code: str, note_id: str, highlighted: bool) -> dict:
        """Mark a note as a quote for the report, or unmark it (consoles see the change)."""
        return self._change(code, lambda s, w: _note_changed(notes.set_highlighted(s, w, note_id, highlighted)))

    def approve_note(self, code: str, note_id: str) -> dict:
        """Let a note waiting for pre-moderation onto the board."""

        def change(session, workshop):
            note = notes.approve(session, workshop, note_id)
            return Changes(notes=[note], votes=True), _note(note)

        return self._change(code, change)

    def redact_note(self, code: str, note_id: str) -> bool:
        """Remove the personal details from a note (the report panel's check); True if
        anything was removed. Boards and phones get the redacted text."""

        def change(session, workshop):
            note, changed = redact(session, workshop, note_id)
            return Changes(notes=[note] if changed else [], forgets=changed), changed

        return self._change(code, change)

    # ---- themes ------------------------------------------------------------------

    def create_theme(self, code: str, *, phase, name, notes=None) -> dict:
        return self._theme_step(code, lambda s, w: themes.create_theme(s, w, phase, name, notes or []))

    def rename_theme(self, code: str, *, theme, name) -> dict:
        return self._theme_step(code, lambda s, w: themes.rename_theme(s, w, theme, name))

    def assign_notes(self, code: str, *, notes, theme) -> dict:
        """Put notes into a theme of their phase, or out of any theme (`theme` None)."""
        return self._theme_step(code, lambda s, w: themes.assign_notes(s, w, notes, theme))

    def merge_themes(self, code: str, *, theme, into) -> dict:
        return self._theme_step(code, lambda s, w: themes.merge_themes(s, w, theme, into))

    def delete_theme(self, code: str, *, theme) -> dict:
        return self._theme_step(code, lambda s, w: themes.delete_theme(s, w, theme))

    def undo_theme_step(self, code: str) -> dict:
        return self._theme_step(code, themes.undo)

    def _theme_step(self, code: str, step) -> dict:
        """Every theme step answers with the themes and notes it changed and whether undo is left."""

        def change(session, workshop):
            changes = step(session, workshop)
            return changes, {
                "themes": [theme_view(t) for t in changes.themes],
                "notes": [note_for_facilitator(n) for n in changes.notes],
                "can_undo": themes.can_undo(session, workshop),
            }

        return self._change(code, change)

    # ---- voting ------------------------------------------------------------------

    def open_voting(self, code: str, *, phase, dots=None, reveal=None) -> dict:
        return self._voting_step(code, lambda s, w: votes.open_voting(s, w, phase, dots, revealed=bool(reveal)))

    def close_voting(self, code: str) -> dict:
        return self._voting_step(code, votes.close_voting)

    def reveal_votes(self, code: str, revealed) -> dict:
        return self._voting_step(code, lambda s, w: votes.reveal(s, w, revealed))

    def reset_votes(self, code: str, *, phase) -> dict:
        return self._voting_step(code, lambda s, w: votes.forget_votes(s, w, phase))

    def _voting_step(self, code: str, step) -> dict:
        def change(session, workshop):
            step(session, workshop)
            return Changes(workshop=True, votes=True), _state(workshop)

        return self._change(code, change)

    def place_dot(self, code: str, participant_id: str, kind, target_id) -> dict:
        """A participant places one dot; answers with their dots and how many are left."""
        return self._dot_step(code, participant_id, lambda s, w, p: votes.place_dot(s, w, p, kind, target_id))

    def take_back_dot(self, code: str, participant_id: str, kind, target_id) -> dict:
        return self._dot_step(code, participant_id, lambda s, w, p: votes.remove_dot(s, w, p, kind, target_id))

    def _dot_step(self, code: str, participant_id: str, step) -> dict:
        def change(session, workshop):
            participant = notes.find_participant(session, workshop, participant_id)
            step(session, workshop, participant)
            return Changes(votes=True), _dots(session, workshop, participant)

        return self._change(code, change)

    def discard_arrival_dots(self, code: str, burst) -> dict:
        """The facilitator discards the dots of a burst of newcomers who posted nothing
        (workshops/arrivals.py) → {"discarded": {"people", "dots"}}; consoles get the alert gone."""

        def change(session, workshop):
            discarded = arrivals.discard_dots(session, workshop, burst)
            return Changes(votes=True), {"discarded": discarded}

        return self._change(code, change)

    def keep_arrivals(self, code: str, burst) -> dict:
        """The facilitator says a burst of newcomers is people in the room: its alert goes."""

        def change(session, workshop):
            return Changes(votes=True), {"kept": arrivals.keep(session, workshop, burst)}

        return self._change(code, change)

    def my_dots(self, code: str, participant_id: str) -> dict:
        with self.db.reading() as session:
            workshop = details.find_workshop(session, code)
            return _dots(session, workshop, notes.find_participant(session, workshop, participant_id))

    # ---- actions -----------------------------------------------------------------

    def propose_action(self, code: str, participant_id: str, *, action_id, text, owner="", due="") -> dict:
        """A participant proposes an action; a retry of the same id returns the stored one."""

        def change(session, workshop):
            participant = notes.find_participant(session, workshop, participant_id)
            action, is_new = actions.propose(
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
            action = actions.save(session, workshop, self.templates.get(workshop.template_key), action_id, fields)
            return Changes(actions=[action]), {"action": action_for_facilitator(action)}

        return self._change(code, change)

    # ---- translations and the interpreter link (issue 15) -------------------------

    def translate_note(self, code: str, note_id, text, *, by: str, language=None) -> dict:
        """Set or remove a note's translation into the report's language (`by`: interpreter
        or facilitator); `language` corrects the note's own language."""

        def change(session, workshop):
            note = translations.set_translation(
                session, workshop, note_id, text, by=by, target=self._report_language(workshop), language=language
            )
            # The answer is the translator's own view: an interpreter never learns who wrote it.
            answer = _note(note) if by == "facilitator" else {"note": note_for_interpreter(note)}
            return Changes(notes=[note], forgets=True), answer

        return self._change(code, change)

    def release_for_translation(self, code: str, note_id, released) -> dict:
        """Release a hidden or pending note to the interpreter, or take it back (a
        facilitator's decision: they may need it read before approving it)."""

        def change(session, workshop):
            note = translations.release_for_translation(session, workshop, note_id, released)
            return Changes(notes=[note]), _note(note)

        return self._change(code, change)

    def make_interpreter_link(self, code: str) -> str:
        """A new interpreter link for the workshop, replacing (and ending) any earlier one; returns its token."""
        return self._change(code, lambda session, workshop: (NOTHING, translations.rotate_interpreter_token(session, workshop)))

    def revoke_interpreter_link(self, code: str) -> None:
        """End the workshop's interpreter link: pages opened with it stop working."""
        self._change(code, lambda session, workshop: (NOTHING, translations.revoke_interpreter_token(session, workshop)))

    # ---- commissioners' responses (issue 14) ---------------------------------------

    def make_response_link(self, code: str) -> str:
        """A new commissioners' response link, replacing (and ending) any earlier one; returns its token."""
        return self._change(code, lambda session, workshop: (NOTHING, responses.rotate_response_token(session, workshop)))

    def revoke_response_link(self, code: str) -> None:
        """End the response link: a page opened with it is refused at its next step."""
        self._change(code, lambda session, workshop: (NOTHING, responses.revoke_response_token(session, workshop)))

    def replace_link(self, code: str, which: str) -> str:
        """A new board or co-facilitator link (`which`: "board" or "cofacilitator") for the
        workshop; returns its secret. The old link stops working at once, and the boards or
        consoles that joined with it are told (`gone`) and disconnected."""
        from facilitator.workshops import (
            links,  # kept here: the imports above are shared by every use case
        )

        def change(session, workshop):
            old, new = links.replace_link(session, workshop, which)
            return Changes(ended_links=[(which, old)]), new

        return self._change(code, change)

    def lock_responses(self, code: str, locked: bool) -> None:
        """Lock the commissioners' answers (no more changes through the link), or unlock them."""
        self._change(code, lambda session, workshop: (NOTHING, responses.set_locked(session, workshop, locked)))

    def record_response(self, code: str, token, item, fields: dict) -> dict:
        """A commissioner answers one item (`responses.Item`) through the link `token`;
        the link and the lock are checked inside the same transaction as the write."""
        return self._change(
            code, lambda session, workshop: (NOTHING, responses.response_view(responses.record(session, workshop, token, item, fields)))
        )

    def responses(self, code: str) -> list[dict]:
        """Every answer recorded for workshop `code` (responses.response_view), oldest first."""
        with self.db.reading() as session:
            return [responses.response_view(r) for r in responses.responses_of(session, details.find_workshop(session, code))]

    def impact_log(self) -> list[dict]:
        """Every commissioners' decision across workshops (responses.impact_log)."""
        with self.db.reading() as session:
            return responses.impact_log(session)

    def answer_counts(self, codes) -> dict[str, tuple[int, int]]:
        """{code: (answered, to answer)} for the workshop list (only workshops with a link or answers)."""
        with self.db.reading() as session:
            found = details.workshops_with_codes(session, codes)
            counts = responses.answer_counts(session, found)
            return {w.code: counts[w.id] for w in found if w.id in counts}

    def _report_language(self, workshop) -> str:
        """The language the report is written in (its template's), as a bare code: "en"."""
        template = self.templates.get(workshop.template_key)
        tag = template.report.language if template else "en"
        return (tag or "en").split("-", 1)[0].lower()

    # ---- the workshop list: search, duplicate, delete, cycles, retention ----------

    def search_workshops(self, query: str = "", status: str = ""):
        with self.db.reading() as session:
            return lifecycle.search_workshops(session, query, status)

    def duplicate_workshop(self, code: str):
        """A fresh draft with the same template, details and settings; returns it."""

        def change(session, workshop):
            return NOTHING, _loaded(lifecycle.duplicate_workshop(session, workshop, self.template(workshop.template_key)))

        return self._change(code, change)

    def next_cycle(self, code: str, *, title=None, date=None):
        """Start the next cycle after workshop `code` (title and date as the facilitator
        confirmed them; defaults: "<old title> — cycle N", no date); returns the new workshop."""

        def change(session, previous):
            template = self.template(previous.template_key)
            return NOTHING, _loaded(cycles.start_next_cycle(session, previous, template, title=title, date=date))

        return self._change(code, change)

    def chain(self, code: str):
        with self.db.reading() as session:
            return cycles.chain(session, details.find_workshop(session, code))

    def contents(self, code: str) -> dict:
        """What deleting workshop `code` would remove: row counts and the names of the
        export files recorded as its own (reports/export_files.py)."""
        with self.db.reading() as session:
            counts = lifecycle.contents(session, details.find_workshop(session, code))
        return {**counts, "files": [p.name for p in self._export_files(code)]}

    def delete_workshop(self, code: str) -> str:
        """Delete a workshop with its notes, participants, votes, actions and export files;
        every open page hears that it has gone."""
        deleted = self._change(code, lambda s, w: (Changes(gone=True), lifecycle.delete_workshop(s, w)))
        self._remove_exports(deleted)
        forget_deleted(self.db.engine)  # issue 12: the deleted text leaves the -wal too
        return deleted

    def purge(self, days: int) -> list[str]:
        """Delete every workshop (not live) created more than `days` days ago; returns their codes.
        Run at server start when retention is set, and by `facilitator purge`."""
        with self.db.reading() as session:
            codes = [w.code for w in lifecycle.expired_workshops(session, days)]
        for code in codes:
            self.delete_workshop(code)
        return codes

    def _remove_exports(self, code: str) -> None:
        """Remove the files recorded as workshop `code`'s own, then the records. Only plain
        files inside the export folder go (export_files.own_file): never a file that just
        has a name like the workshop's, a symbolic link, or anything outside the folder."""
        for path in self._export_files(code):
            path.unlink(missing_ok=True)
        with self.db.session() as session:
            export_files.forget(session, code)

    def _export_files(self, code: str) -> list[Path]:
        """The workshop's recorded export files that are still plain files in the export folder."""
        if not self.export_dir:
            return []
        with self.db.reading() as session:
            names = export_files.recorded_names(session, code)
        found = (export_files.own_file(Path(self.export_dir), name) for name in names)
        return sorted(path for path in found if path is not None)

    # ---- the facilitators' passcode (one per installation) ----------------------------

    def has_passcode(self) -> bool:
        with self.db.reading() as session:
            return auth.has_passcode(session)

    def choose_passcode(self, passcode: str) -> bool:
        """The first passcode, chosen on the laptop; False if someone else chose one first."""

        def choose(session):
            if auth.has_passcode(session):
                return None, NOTHING, False
            auth.set_passcode(session, passcode)
            return None, NOTHING, True

        return self._write(choose)

    def set_passcode(self, passcode: str) -> None:
        """Set or replace the passcode (`facilitator init`)."""
        self._write(lambda session: (None, NOTHING, auth.set_passcode(session, passcode)))

    def check_passcode(self, passcode: str, offload=None) -> bool:
        """`offload(fn)` runs the hash check in a worker thread (issue 12: never on the event loop)."""
        with self.db.reading() as session:
            hashed = auth.stored_hash(session)
        check = lambda: auth.matches(hashed, passcode)  # noqa: E731
        return offload(check) if offload else check()

    # ---- the one write path ---------------------------------------------------------

    def _change(self, code: str, operation):
        """Run `operation(session, workshop) -> (Changes, answer)` on workshop `code`
        in one transaction, commit, publish the changes, and return the answer."""

        def unit(session):
            workshop = details.find_workshop(session, code)
            changes, answer = operation(session, workshop)
            return workshop, changes, answer

        return self._write(unit)

    def _write(self, unit):
        """The unit of work: `unit(session) -> (workshop, Changes, answer)` in one
        transaction (`workshop` None when the change is not about one a client shows).
        What the broadcast needs is read before the commit; the broadcast only after it."""
        with self.db.session() as session:
            workshop, changes, answer = unit(session)
            tallies = joined = None
            if workshop is not None and changes and not changes.gone:
                workshop.phases  # loaded now: the state is drawn after the session closes
                tallies = votes.voting_views(session, workshop) if changes.votes else None
                if changes.presence:
                    joined = (presence.count_participants(session, workshop), presence.count_languages(session, workshop))
        if workshop is not None and changes:
            self.broadcaster.publish(workshop, changes, votes=tallies, joined=joined)
        if changes.forgets:
            forget_deleted(self.db.engine)  # the text as it was leaves the -wal too (issue 21)
        return answer

    # ---- catching up -----------------------------------------------------------

    def sync(self, code: str, audience: str, since: int = 0, participant_id: str | None = None) -> dict:
        """What a client missed since change `since`: the state and the rows changed.

        A phone (`participant_id`) also gets its own dots back.
        """
        with self.db.reading() as session:
            workshop = details.find_workshop(session, code)
            participant = None
            if participant_id:
                participant = notes.find_participant(session, workshop, participant_id)
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
        rows = self.snapshots.rows(session, workshop, audience, since)
        workshop.phases
        snapshot = {
            "workshop": workshop_state(workshop),
            "themes": rows["themes"],
            "notes": rows["notes"],
            "actions": rows["actions"],
            "votes": rows["votes"],
            "joined": presence.count_participants(session, workshop),
            "seq": rows["upto"],
            "since": since,
            "reset": reset or since == 0,
            "more": rows["more"],  # a page of a long catch-up: ask again from `seq`
        }
        if participant is not None:
            snapshot["my_dots"] = _dots(session, workshop, participant)
        if not public:
            snapshot["can_undo"] = themes.can_undo(session, workshop)
            snapshot["languages"] = presence.count_languages(session, workshop)
            snapshot["framework"] = self.framework(workshop.template_key)
            snapshot["cycles"] = [
                {"code": w.code, "title": w.title, "date": w.date, "status": w.status, "current": w.id == workshop.id}
                for w in cycles.chain(session, workshop)
            ]
        return snapshot


# ---- answers, built inside the transaction ------------------------------------------


def _loaded(workshop):
    """A workshop whose phases are read now, so callers can use it after the session closes."""
    workshop.phases
    return workshop


def _state(workshop) -> dict:
    return {"workshop": workshop_state(_loaded(workshop))}


def _state_changed(workshop) -> tuple[Changes, dict]:
    """For use cases that change only the workshop's state: broadcast it, answer with it."""
    return Changes(workshop=True), _state(workshop)


def _note(note) -> dict:
    return {"note": note_for_facilitator(note)}


def _note_changed(note) -> tuple[Changes, dict]:
    return Changes(notes=[note]), _note(note)


def _note_posted(note, is_new: bool, view=note_for_facilitator) -> tuple[Changes, dict]:
    """A retry of a note already stored is answered, not broadcast again; `view` is the
    poster's (a phone gets its own note as its author, a scribe the facilitators' view)."""
    return Changes(notes=[note] if is_new else []), {"note": view(note), "duplicate": not is_new}


def _dots(session, workshop, participant) -> dict:
    mine = votes.dots_of(session, workshop, participant)
    used = sum(mine.values())
    voting = workshop.voting_phase and not participant.dots_discarded  # discarded: none left (arrivals.py)
    return {"mine": dict(mine), "left": max(0, workshop.dots_per_person - used) if voting else 0}


