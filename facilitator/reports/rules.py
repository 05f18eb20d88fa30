"""What the report counts, in the report's own words, read from the domain.

The rules themselves live with the data: "shown on the board" is `Note.on_board`
(models.py) and whether a card is someone's voice is its card kind (workshops/cards.py).
The report asks these questions only through the functions below.
"""

from __future__ import annotations

from facilitator.store.models import Note
from facilitator.workshops import cards

# How every export marks a note a facilitator scribed after its phase had closed (the
# board's card says the same, static/js/cards.js): the PDF and web report and the Markdown
# print it after the note, the CSV has it as its own column (`late`: yes/no).
LATE_MARK = "added after the phase closed"


def is_review_card(note: Note) -> bool:
    """An action carried forward from the previous cycle, shown on the board for review:
    not something a person said in this cycle."""
    return cards.kind_of(note) is cards.REVIEW


def on_board(note: Note) -> bool:
    """Shown on the board: not hidden, and approved when pre-moderation is on."""
    return note.on_board


def counts_as_voice(note: Note) -> bool:
    """A note of this cycle that is in the report and is counted as a person's voice."""
    return note.on_board and cards.counts_as_voice(note)


def left_out(note: Note) -> bool:
    """A note of this cycle that the facilitator kept out of the report (hidden or never approved)."""
    return cards.counts_as_voice(note) and not note.on_board
