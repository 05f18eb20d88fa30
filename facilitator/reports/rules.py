"""What the report counts, in one place.

Every "is this note in the report / does it count as someone's voice" question in
facilitator/reports/ is asked through `counts_as_voice`, so the rule can be swapped for
the domain's own predicate (issue 11: `on_board`, card kinds) by changing this file only.
"""

from __future__ import annotations

from facilitator.models import Note


def is_review_card(note: Note) -> bool:
    """An action carried forward from the previous cycle, shown on the board for review.
    Not something a person said in this cycle (issue 11 names it the "review" card kind)."""
    kind = getattr(note, "kind", None)
    return kind == "review" if kind is not None else bool(note.review_of)


def on_board(note: Note) -> bool:
    """Shown on the board: not hidden, and approved when pre-moderation is on."""
    return not note.hidden and note.approved


def counts_as_voice(note: Note) -> bool:
    """A note of this cycle that is in the report and is counted as a person's voice."""
    return on_board(note) and not is_review_card(note)


def left_out(note: Note) -> bool:
    """A note of this cycle that the facilitator kept out of the report (hidden or never approved)."""
    return not is_review_card(note) and not on_board(note)
