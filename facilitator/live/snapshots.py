"""The rows of a snapshot — what a client missed — built once per change number and shared.

When a room of 3,000 phones reconnects after the Wi-Fi drops, every phone asks for the
same picture: the notes, themes, actions and tallies as they stand at change number N.
That picture depends only on the workshop, N, the audience and where the client is
catching up from, so it is built once and handed to every phone that asks until the
next change (issue 16: a join cost a full snapshot each, about 10 ms at 150 notes).

A catch-up is cut into pages of at most `PAGE_ROWS` rows (issue 12: one join to a
100,000-note workshop held the server for 6.5 s). A page ends at the change number of
its last row; `more` tells the client to ask again from there.

What is shared is never changed afterwards: callers send it, they do not edit it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from facilitator.store.models import Workshop
from facilitator.workshops import actions, notes, themes, visibility, votes
from facilitator.workshops.serialize import (
    action_for_facilitator,
    action_for_public,
    note_for_facilitator,
    note_for_public,
    theme_view,
)

PUBLIC = "public"
FACILITATORS = "facilitators"
PAGE_ROWS = 1000  # about 250 KB of notes: a second on a slow 3G phone
CACHE_ENTRIES = 16  # pictures kept: a few workshops, each at its latest numbers


class SnapshotRows:
    """Builds (or hands back) the rows part of a snapshot; one per server process."""

    def __init__(self, page_rows: int = PAGE_ROWS, entries: int = CACHE_ENTRIES):
        self.page_rows = page_rows
        self.entries = entries
        self._cache: OrderedDict[tuple, dict] = OrderedDict()
        self._lock = threading.Lock()
        self.built = 0  # how many pictures were built rather than shared (tests, bench)

    def rows(self, session: Session, workshop: Workshop, audience: str, since: int) -> dict:
        """{"themes", "notes", "actions", "votes", "upto", "more"} for changes after `since`
        (0 < since ≤ workshop.seq, or 0 for everything), as `audience` may see them.

        `upto` is the change number the page reaches: the workshop's own when `more` is
        false. A client that starts from nothing (since 0) gets no tombstones."""
        key = (workshop.id, workshop.seq, audience, since)
        with self._lock:
            shared = self._cache.get(key)
            if shared is not None:
                self._cache.move_to_end(key)
                return shared
        built = self._build(session, workshop, audience, since)
        # A picture drawn inside a transaction that moved the numbers on may never be
        # committed (it could roll back, and another change take its number): not shared.
        if not sa_inspect(workshop).attrs.seq.history.has_changes():
            with self._lock:
                self._cache[key] = built
                while len(self._cache) > self.entries:
                    self._cache.popitem(last=False)
        return built

    def _build(self, session: Session, workshop: Workshop, audience: str, since: int) -> dict:
        self.built += 1
        public = audience == PUBLIC
        limit = self.page_rows + 1  # one more than a page tells whether there is more
        found = (
            [("note", n) for n in notes.notes_since(session, workshop, since, limit)]
            + [("theme", t) for t in themes.themes_since(session, workshop, since, limit)]
            + [("action", a) for a in actions.actions_since(session, workshop, since, limit)]
        )
        # Rows numbered after the workshop's own number were committed after it was read
        # (PostgreSQL reads each statement afresh): they come with the next catch-up.
        found = sorted((item for item in found if item[1].seq <= workshop.seq), key=lambda item: item[1].seq)
        more = len(found) > self.page_rows
        if more:
            found = found[: self.page_rows]
        upto = found[-1][1].seq if more else workshop.seq
        page = {"note": [], "theme": [], "action": []}
        for kind, row in found:
            if since == 0 and public and not _shown_to_newcomers(kind, row):
                continue
            page[kind].append(row)
        return {
            "themes": [theme_view(t) for t in page["theme"]],
            "notes": [note_for_public(n, workshop) if public else note_for_facilitator(n) for n in page["note"]],
            "actions": [action_for_public(a) if public else action_for_facilitator(a) for a in page["action"]],
            "votes": votes.voting_state(session, workshop, visibility.BOARD if public else visibility.CONSOLE),
            "upto": upto,
            "more": more,
        }


def _shown_to_newcomers(kind: str, row) -> bool:
    """A client starting from nothing needs no tombstones: nothing to remove yet."""
    if kind == "note":
        return row.on_board
    if kind == "theme":
        return not row.deleted
    return row.on_board
