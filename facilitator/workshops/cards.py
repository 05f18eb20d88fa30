"""Card kinds: what each kind of card on the board is, as data.

Every note row has a `kind` (models.Note.kind). What a kind means — who may post it,
whether it needs its phase open, whether it counts as someone's voice in the report,
where the report puts it, how it is labelled and styled — is written once here, and
read by the domain (posting), the views sent to clients (`kind`) and the report.

Adding a kind of card (an audience question, say) is an entry in `CARD_KINDS`, a
report macro for its `report_place`, and the control that posts it.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.workshops.errors import N_

# Who posts a card: a participant's phone, a facilitator (scribing), or the server itself
# (review cards are made when the next cycle starts).
PHONE = "phone"
FACILITATOR = "facilitator"
SERVER = "server"


@dataclass(frozen=True)
class CardKind:
    key: str  # the `kind` every note view carries ("note", "review")
    label: str  # how a screen names the kind (marked for translation)
    posted_by: frozenset[str]  # PHONE, FACILITATOR, SERVER
    # Phones may post only while its phase is open; a facilitator may still scribe one
    # into a closed phase, marked `late` (a comment from someone without a phone).
    needs_open_phase: bool
    counts_as_voice: bool  # counted in the report's notes, voices and "whose voices" table
    report_place: str  # "phases" (under its phase) or "previous-actions" (what happened since)
    css_class: str  # the class screens give the card


CARD_KINDS: dict[str, CardKind] = {
    "note": CardKind(
        key="note",
        label=N_("Note"),
        posted_by=frozenset({PHONE, FACILITATOR}),
        needs_open_phase=True,
        counts_as_voice=True,
        report_place="phases",
        css_class="card-note",
    ),
    "review": CardKind(
        key="review",
        label=N_("From last time"),
        posted_by=frozenset({SERVER}),
        needs_open_phase=False,
        counts_as_voice=False,
        report_place="previous-actions",
        css_class="card-review",
    ),
}
NOTE = CARD_KINDS["note"]
REVIEW = CARD_KINDS["review"]


def kind_of(note) -> CardKind:
    """The kind of a note row (an unknown stored kind reads as a plain note)."""
    return CARD_KINDS.get(note.kind or "note", NOTE)


def counts_as_voice(note) -> bool:
    """True for cards that are something a person in the room said (not review cards)."""
    return kind_of(note).counts_as_voice
