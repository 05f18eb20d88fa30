"""A workshop's board and co-facilitator links, and making new ones (issue 12).

Each link carries a secret (`Workshop.board_secret`, `Workshop.cofacilitator_token`).
Replacing it is how a facilitator takes a link back — one left on a venue PC, one
forwarded too far: the old link answers like an unknown one from then on, and the
boards and consoles that joined with it are told and disconnected (the service hands
the old secret to the broadcaster in `Changes.ended_links`). These two links cannot be
revoked outright, as the interpreter's can: a workshop always has a board and a way
for a colleague in.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from facilitator.store.models import Workshop
from facilitator.workshops.codes import new_secret
from facilitator.workshops.errors import N_, InvalidInput

BOARD = "board"
COFACILITATOR = "cofacilitator"
LINKS = {BOARD: "board_secret", COFACILITATOR: "cofacilitator_token"}


def replace_link(session: Session, workshop: Workshop, which: str) -> tuple[str, str]:
    """Give `workshop` a new `which` link (board or cofacilitator); returns (old secret, new secret)."""
    column = LINKS.get(which) if isinstance(which, str) else None
    if column is None:
        raise InvalidInput(N_("Say which link to replace: the board's or the co-facilitators'."))
    old = getattr(workshop, column)
    setattr(workshop, column, new_secret())
    return old, getattr(workshop, column)
