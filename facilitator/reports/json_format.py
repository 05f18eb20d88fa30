"""The export file's format: its name and version, and the columns each table writes.

Shared by the export (json_io.py) and the check every import runs first
(import_check.py), so both read one definition; json_io.py's docstring says why each
skipped column is skipped.
"""

from __future__ import annotations

from facilitator.store.models import Action, Note, Participant, Phase, Response, Theme, Vote, Workshop

FORMAT = "facilitator-workshop"
VERSION = 1

# Columns never written, per table (json_io.py's docstring says why).
_SKIP = {
    Workshop: {"id", "board_secret", "cofacilitator_token", "interpreter_token", "response_token", "previous_workshop_id",
              "joined_count", "joined_languages"},  # running totals: counted again at the next join
    Phase: {"id", "workshop_id"},
    Participant: {"id", "workshop_id"},
    Note: {"workshop_id"},
    Theme: {"id", "workshop_id"},
    Vote: {"id", "workshop_id"},
    Action: {"workshop_id"},
    Response: {"id", "workshop_id"},
}


def columns(model) -> list:
    """The columns of `model`'s table that an export writes (and an import reads)."""
    return [c for c in model.__table__.columns if c.name not in _SKIP[model]]
