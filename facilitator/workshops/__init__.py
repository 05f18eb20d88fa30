"""The domain: workshops, phases, participants and notes, in plain Python.

Functions here take a SQLAlchemy session and know nothing of Flask or Socket.IO; they
raise `WorkshopError` subclasses whose messages are written for people (marked `N_`,
translated at the edge). A function that changes what a client shows takes a change
number and returns what it changed; only the service broadcasts, after the commit.

    details.py    creating, finding, listing and editing workshops
    phases.py     which phases are open, the timer per phase, the board's view
    notes.py      joining, posting (and scribing), hiding, approving, quoting notes
    cards.py      card kinds ("note", "review") as data: who posts them, what they count as
    themes.py     grouping notes, merging, undo
    votes.py      dot-voting and each person's budget
    spotlight.py  one note or theme shown large
    actions.py    the Now what? as who does what by when
    lifecycle.py  draft → live → closed → archived, settings, search, duplicate, delete, purge
    cycles.py     the next cycle, with review cards for the last one's actions
    changes.py    change numbers, and what one use case changed
    serialize.py  what each audience sees of it all
"""

from facilitator.workshops.errors import *  # noqa: F401,F403
