"""Translations: an interpreter or the facilitator translates a note, or one of the
facilitator's own words (title, question, phases, themes, actions, findings) into a
participant's language; the interpreter link is made and ended."""

from __future__ import annotations

from facilitator.usecases.unit_of_work import NOTHING, UnitOfWork, note_answer
from facilitator.workshops import details, translations, wording
from facilitator.workshops.changes import Changes
from facilitator.workshops.serialize import note_for_interpreter


class TranslationCases(UnitOfWork):
    """This module's use cases, as methods of the one `Facilitation` (usecases/__init__.py)."""

    def translate_note(self, code: str, note_id, text, *, by: str, language=None) -> dict:
        """Set or remove a note's translation into the report's language (`by`: interpreter
        or facilitator); `language` corrects the note's own language."""

        def change(session, workshop):
            note = translations.set_translation(
                session, workshop, note_id, text, by=by, target=self.report_language(workshop), language=language
            )
            # The answer is the translator's own view: an interpreter never learns who wrote it.
            answer = note_answer(note) if by == "facilitator" else {"note": note_for_interpreter(note)}
            return Changes(notes=[note], forgets=True), answer

        return self._change(code, change)

    def translate_wording(self, code: str, subject, field, language, text, *, by: str, original=None) -> dict:
        """Set or remove the translation of one of the facilitator's words into `language`
        (`by`: interpreter or facilitator) → {"entry": the translator's line for it}. The
        room is sent the workshop, theme or action again, with its translations."""

        def change(session, workshop):
            done, changes = wording.translate(session, workshop, subject, field, language, text, by=by, original=original)
            return changes, {"entry": wording.entry(done, field)}

        return self._change(code, change)

    def wording_entries(self, code: str, *, by: str) -> list[dict]:
        """Everything of the facilitator's words there is to translate, for the translator's
        page (an interpreter sees only what the room is shown, and the report's front page)."""
        with self.db.reading() as session:
            return wording.entries(session, details.find_workshop(session, code), by=by)

    def release_for_translation(self, code: str, note_id, released) -> dict:
        """Release a hidden or pending note to the interpreter, or take it back (a
        facilitator's decision: they may need it read before approving it)."""

        def change(session, workshop):
            note = translations.release_for_translation(session, workshop, note_id, released)
            return Changes(notes=[note]), note_answer(note)

        return self._change(code, change)

    def make_interpreter_link(self, code: str) -> str:
        """A new interpreter link for the workshop, replacing (and ending) any earlier one; returns its token."""
        return self._change(code, lambda session, workshop: (NOTHING, translations.rotate_interpreter_token(session, workshop)))

    def revoke_interpreter_link(self, code: str) -> None:
        """End the workshop's interpreter link: pages opened with it stop working."""
        self._change(code, lambda session, workshop: (NOTHING, translations.revoke_interpreter_token(session, workshop)))
