"""What one use case changed, so the service can broadcast it after the commit.

A domain function that touches several rows (a merge moves notes and removes a theme)
returns a `Changes`; the service commits, then hands it to the `Broadcaster`, which
sends each audience its own view of every row, oldest change first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from facilitator.models import Action, Note, Theme


@dataclass
class Changes:
    notes: list[Note] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    votes: bool = False  # dots placed or taken back, or tallies revealed
    workshop: bool = False  # status, settings, voting or spotlight changed

    def note(self, note: Note) -> "Changes":
        self.notes = [n for n in self.notes if n.id != note.id] + [note]
        return self

    def theme(self, theme: Theme) -> "Changes":
        self.themes = [t for t in self.themes if t.id != theme.id] + [theme]
        return self

    def __bool__(self) -> bool:
        return bool(self.notes or self.themes or self.actions or self.votes or self.workshop)
