"""The one unit of work every use case runs in, and the answers built inside its transaction.

One path for every change: a use case is a small function `(session, workshop) ->
(Changes, answer)` run by `_change` (or `_write`, for one that makes a workshop). The
unit of work opens a transaction, runs the domain, builds the caller's answer, commits,
and only then hands what changed to the broadcaster — the one way a change reaches
boards, phones and consoles. No view or handler writes or broadcasts around it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from facilitator.core.private_files import forget_deleted
from facilitator.live.realtime import Broadcaster
from facilitator.live.snapshots import SnapshotRows
from facilitator.store.db import Database
from facilitator.workshops import details, presence, votes
from facilitator.workshops.changes import Changes
from facilitator.workshops.errors import N_, InvalidInput
from facilitator.workshops.serialize import note_for_facilitator, workshop_state
from facilitator.workshops.session_templates import SessionTemplate

NOTHING = Changes()


@dataclass
class UnitOfWork:
    """What every use case shares: the database, the templates, the broadcaster, the export
    folder, the clock and the snapshot cache; and the one write path."""

    db: Database
    templates: dict[str, SessionTemplate]
    broadcaster: Broadcaster
    export_dir: Path | None = None  # where reports are written; deleting a workshop removes its files
    clock: Callable[[], float] = field(default=time.time)  # wall-clock seconds, for the timer
    snapshots: SnapshotRows = field(default_factory=SnapshotRows)  # shared per change number

    def template(self, key: str) -> SessionTemplate:
        """The session template called `key`, or InvalidInput naming it."""
        try:
            return self.templates[key]
        except KeyError:
            raise InvalidInput(N_("There is no session template called '%(key)s'."), params={"key": str(key)}) from None

    def report_language(self, workshop) -> str:
        """The language the report is written in (its template's), as a bare code: "en"."""
        template = self.templates.get(workshop.template_key)
        tag = template.report.language if template else "en"
        return (tag or "en").split("-", 1)[0].lower()

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


# ---- answers, built inside the transaction ------------------------------------------


def loaded(workshop):
    """A workshop whose phases are read now, so callers can use it after the session closes."""
    workshop.phases
    return workshop


def state_answer(workshop) -> dict:
    return {"workshop": workshop_state(loaded(workshop))}


def state_changed(workshop) -> tuple[Changes, dict]:
    """For use cases that change only the workshop's state: broadcast it, answer with it."""
    return Changes(workshop=True), state_answer(workshop)


def note_answer(note) -> dict:
    return {"note": note_for_facilitator(note)}


def note_changed(note) -> tuple[Changes, dict]:
    return Changes(notes=[note]), note_answer(note)


def note_posted(note, is_new: bool, view=note_for_facilitator) -> tuple[Changes, dict]:
    """A retry of a note already stored is answered, not broadcast again; `view` is the
    poster's (a phone gets its own note as its author, a scribe the facilitators' view)."""
    return Changes(notes=[note] if is_new else []), {"note": view(note), "duplicate": not is_new}


def dots_answer(session, workshop, participant) -> dict:
    mine = votes.dots_of(session, workshop, participant)
    used = sum(mine.values())
    voting = workshop.voting_phase and not participant.dots_discarded  # discarded: none left (arrivals.py)
    return {"mine": dict(mine), "left": max(0, workshop.dots_per_person - used) if voting else 0}
