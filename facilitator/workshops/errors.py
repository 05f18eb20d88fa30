"""Errors the domain raises. Each carries a stable `code` for programs and a `message`
written for the person who will read it on their phone or console."""

from __future__ import annotations


class WorkshopError(Exception):
    """Base class: something a person asked for that cannot be done, and why."""

    code = "error"
    message = "Something went wrong. Please try again."

    def __init__(self, message: str | None = None, **details):
        self.message = message or self.message
        self.details = details
        super().__init__(self.message)

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, **self.details}


class InvalidInput(WorkshopError):
    code = "invalid"
    message = "That did not look right. Please check it and try again."


class WorkshopNotFound(WorkshopError):
    code = "unknown_workshop"
    message = "We could not find a workshop with that code. Please check the code on the screen."


class NotAllowed(WorkshopError):
    code = "not_allowed"
    message = "Only the workshop's facilitators can do that."


class UnknownPhase(WorkshopError):
    code = "unknown_phase"
    message = "That part of the workshop does not exist."


class PhaseClosed(WorkshopError):
    code = "phase_closed"
    message = "This part of the workshop is closed now, so it is not taking notes. Your text is kept."


class EmptyNote(WorkshopError):
    code = "empty_note"
    message = "Your note is empty. Please write something first."


class NoteTooLong(WorkshopError):
    code = "note_too_long"

    def __init__(self, limit: int, length: int):
        super().__init__(
            f"This note is longer than {limit} characters — please shorten it ({length - limit} too many).",
            limit=limit,
            length=length,
        )


class NoteNotFound(WorkshopError):
    code = "unknown_note"
    message = "That note no longer exists."


class ParticipantNotFound(WorkshopError):
    code = "unknown_participant"
    message = "Please join the workshop again."


class NoteHidden(WorkshopError):
    code = "note_hidden"
    message = "That note is not on the board (it is hidden or waiting for approval)."


class WorkshopClosed(WorkshopError):
    code = "workshop_closed"
    message = "This workshop has closed, so it is not taking anything new. Thank you for taking part."


class WorkshopNotStarted(WorkshopError):
    code = "workshop_closed"
    message = "This workshop has not started yet. Please wait for the facilitator."


class VotingClosed(WorkshopError):
    code = "voting_closed"
    message = "Voting is not open right now."


class NoDotsLeft(WorkshopError):
    code = "no_dots_left"

    def __init__(self, dots: int):
        plural = "dot" if dots == 1 else f"all {dots} of your dots"
        super().__init__(
            f"You have used {'your only dot' if dots == 1 else plural} — take one back to vote again.", dots=dots
        )


class NoDotHere(WorkshopError):
    code = "no_dot_here"
    message = "You have no dot on that to take back."


class ThemeNotFound(WorkshopError):
    code = "unknown_theme"
    message = "That theme no longer exists."


class ActionNotFound(WorkshopError):
    code = "unknown_action"
    message = "That action no longer exists."


class NothingToUndo(WorkshopError):
    code = "nothing_to_undo"
    message = "There is nothing left to undo for themes."
