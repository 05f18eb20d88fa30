"""The domain: workshops, phases, participants and notes, in plain Python.

Functions here take a SQLAlchemy session and know nothing of Flask or Socket.IO; they
raise `WorkshopError` subclasses whose messages are written for people.
"""

from facilitator.workshops.errors import *  # noqa: F401,F403
