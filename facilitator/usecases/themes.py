"""Themes: the facilitator groups notes, renames, merges, deletes, and undoes a step."""

from __future__ import annotations

from facilitator.usecases.unit_of_work import UnitOfWork
from facilitator.workshops import themes
from facilitator.workshops.serialize import note_for_facilitator, theme_view


class ThemeCases(UnitOfWork):
    """This module's use cases, as methods of the one `Facilitation` (usecases/__init__.py)."""

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
