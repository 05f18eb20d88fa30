"""Notes: a phone posts one, a facilitator scribes one for someone, hides, highlights, approves
or redacts one."""

from __future__ import annotations

from facilitator.reports.privacy import redact_note as redact
from facilitator.usecases.unit_of_work import UnitOfWork, note_answer, note_changed, note_posted
from facilitator.workshops import notes, translations
from facilitator.workshops.changes import Changes
from facilitator.workshops.serialize import note_for_author


class NoteCases(UnitOfWork):
    """This module's use cases, as methods of the one `Facilitation` (usecases/__init__.py)."""

    def post_note(self, code: str, participant_id: str, *, note_id, phase, text) -> dict:
        """Store a participant's note; a retry of the same id returns the stored note."""

        def change(session, workshop):
            participant = notes.find_participant(session, workshop, participant_id)
            note, is_new = notes.post_note(session, workshop, note_id=note_id, phase=phase, text=text, participant=participant)
            return note_posted(note, is_new, note_for_author)

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
                    session, workshop, note.id, translation, by="facilitator", target=self.report_language(workshop)
                )
            return note_posted(note, is_new)

        return self._change(code, change)

    def set_note_hidden(self, code: str, note_id: str, hidden: bool) -> dict:
        """Hide or restore a note; hiding the spotlighted note also clears the spotlight."""

        def change(session, workshop):
            spotlit = workshop.spotlight
            note = notes.set_hidden(session, workshop, note_id, hidden)
            return Changes(notes=[note], workshop=workshop.spotlight != spotlit, votes=True), note_answer(note)

        return self._change(code, change)

    def highlight_note(self, code: str, note_id: str, highlighted: bool) -> dict:
        """Mark a note as a quote for the report, or unmark it (consoles see the change)."""
        return self._change(code, lambda s, w: note_changed(notes.set_highlighted(s, w, note_id, highlighted)))

    def approve_note(self, code: str, note_id: str) -> dict:
        """Let a note waiting for pre-moderation onto the board."""

        def change(session, workshop):
            note = notes.approve(session, workshop, note_id)
            return Changes(notes=[note], votes=True), note_answer(note)

        return self._change(code, change)

    def redact_note(self, code: str, note_id: str) -> bool:
        """Remove the personal details from a note (the report panel's check); True if
        anything was removed. Boards and phones get the redacted text."""

        def change(session, workshop):
            note, changed = redact(session, workshop, note_id)
            return Changes(notes=[note] if changed else [], forgets=changed), changed

        return self._change(code, change)
