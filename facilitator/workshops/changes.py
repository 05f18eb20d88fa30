"""What one use case changed, and the change numbers that let clients catch up.

Every domain function that changes something a client shows takes a change number
(`next_seq`) in the same transaction and reports what it touched as a `Changes`; the
service commits, then hands the `Changes` to the broadcaster, which sends each audience
its own view of every row, oldest change first. Nothing in the domain broadcasts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import update
from sqlalchemy.orm import Session

from facilitator.store.models import Action, Note, Theme, Workshop


def next_seq(session: Session, workshop: Workshop) -> int:
    """Reserve the workshop's next change number; atomic even with several servers."""
    # One statement (UPDATE ... RETURNING: SQLite 3.35+, PostgreSQL): every change takes a number.
    workshop.seq = session.scalar(
        update(Workshop)
        .where(Workshop.id == workshop.id)
        .values(seq=Workshop.seq + 1)
        .returning(Workshop.seq)
        .execution_options(synchronize_session=False)
    )
    return workshop.seq


@dataclass
class Changes:
    notes: list[Note] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    votes: bool = False  # dots placed or taken back, tallies revealed, or what takes dots changed
    workshop: bool = False  # details, phases, timer, status, settings, voting, spotlight or board view
    presence: bool = False  # someone joined, or a phone switched language: the joined counts changed
    gone: bool = False  # the workshop was deleted: every open page says so and stops
    ended_links: list[tuple[str, str]] = field(default_factory=list)  # (board|cofacilitator, old secret) replaced
    # Personal text was overwritten (details redacted, a translation or a theme's name
    # changed): after the commit its older copies are pushed out of the write-ahead log
    # (private_files.forget_deleted), as after a deletion. Not something clients are sent.
    forgets: bool = False

    def note(self, note: Note) -> "Changes":
        self.notes = [n for n in self.notes if n.id != note.id] + [note]
        return self

    def theme(self, theme: Theme) -> "Changes":
        self.themes = [t for t in self.themes if t.id != theme.id] + [theme]
        return self

    def __bool__(self) -> bool:
        return bool(self.notes or self.themes or self.actions or self.votes or self.workshop or self.presence or self.gone or self.ended_links)
