"""A workshop's life: made from a template, its details, status and settings; found, searched,
duplicated, continued as the next cycle, deleted and purged."""

from __future__ import annotations

from pathlib import Path

from facilitator.core.private_files import forget_deleted
from facilitator.reports import export_files
from facilitator.reports.cover import update_cover as write_cover
from facilitator.usecases.unit_of_work import NOTHING, UnitOfWork, loaded, state_answer, state_changed
from facilitator.workshops import actions, cycles, details, lifecycle, links
from facilitator.workshops.changes import Changes
from facilitator.workshops.findings import update_front as write_findings


class WorkshopCases(UnitOfWork):
    """This module's use cases, as methods of the one `Facilitation` (usecases/__init__.py)."""

    def create_workshop(self, template_key: str, **fields: str):
        """Create a workshop from a template; returns it (detached, phases loaded)."""
        template = self.template(template_key)
        return self._write(lambda session: (None, NOTHING, loaded(details.create_workshop(session, template, **fields))))

    def get_workshop(self, code: str):
        """The workshop with its phases loaded, or WorkshopNotFound."""
        with self.db.reading() as session:
            return loaded(details.find_workshop(session, code))

    def list_workshops(self):
        with self.db.reading() as session:
            return details.list_workshops(session)

    def update_details(self, code: str, fields: dict) -> dict:
        """Title, question, date or venue; answers with the state."""
        return self._change(code, lambda s, w: state_changed(details.update_details(s, w, **fields)))

    def update_cover(self, code: str, *, partners: str, facilitator_name: str, prepared_for: str) -> None:
        """The report's cover details (not on any board: nothing is broadcast)."""

        def change(session, workshop):
            write_cover(session, workshop, partners=partners, facilitator_name=facilitator_name, prepared_for=prepared_for)
            return NOTHING, None

        self._change(code, change)

    def update_findings(self, code: str, *, findings: str, recommendations: str) -> None:
        """The report's key findings and recommendations (not on any board: nothing is
        broadcast); both blank is refused (BlankFindings)."""

        def change(session, workshop):
            write_findings(session, workshop, findings=findings, recommendations=recommendations)
            return NOTHING, None

        self._change(code, change)

    def set_status(self, code: str, status: str) -> dict:
        """Make the workshop live, closed or archived; closing stops phases, voting and the timer."""

        def change(session, workshop):
            before = workshop.seq
            lifecycle.set_status(session, workshop, status, now=self.clock())
            return Changes(workshop=workshop.seq != before, votes=True), state_answer(workshop)

        return self._change(code, change)

    def set_options(self, code: str, options: dict) -> dict:
        """Show nicknames, lanyards, pre-moderation (each true or false)."""
        return self._change(code, lambda s, w: state_changed(lifecycle.set_options(s, w, options)))

    def framework(self, template_key: str) -> dict:
        """The template's framework as consoles show it: {"name", "tags"}."""
        return actions.framework_view(self.templates.get(template_key))

    def search_workshops(self, query: str = "", status: str = ""):
        with self.db.reading() as session:
            return lifecycle.search_workshops(session, query, status)

    def duplicate_workshop(self, code: str):
        """A fresh draft with the same template, details and settings; returns it."""

        def change(session, workshop):
            return NOTHING, loaded(lifecycle.duplicate_workshop(session, workshop, self.template(workshop.template_key)))

        return self._change(code, change)

    def next_cycle(self, code: str, *, title=None, date=None):
        """Start the next cycle after workshop `code` (title and date as the facilitator
        confirmed them; defaults: "<old title> — cycle N", no date); returns the new workshop."""

        def change(session, previous):
            template = self.template(previous.template_key)
            return NOTHING, loaded(cycles.start_next_cycle(session, previous, template, title=title, date=date))

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

    def replace_link(self, code: str, which: str) -> str:
        """A new board or co-facilitator link (`which`: "board" or "cofacilitator") for the
        workshop; returns its secret. The old link stops working at once, and the boards or
        consoles that joined with it are told (`gone`) and disconnected."""

        def change(session, workshop):
            old, new = links.replace_link(session, workshop, which)
            return Changes(ended_links=[(which, old)]), new

        return self._change(code, change)
