"""Errors the domain raises. Each carries a stable `code` for programs and a `message`
written for the person who will read it on their phone or console.

The domain speaks English and knows nothing of Flask or languages. A message is kept as
its English template (`msgid`, also its key in the translation catalogues) plus the
values to put in it (`params`); the edge that knows the reader's language (sockets.py,
the views, via facilitator.core.i18n) translates the template and fills it in. `N_` only
marks a string so that `pybabel extract` finds it.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark `message` for translation (extracted by pybabel); returns it unchanged."""
    return message


class WorkshopError(Exception):
    """Base class: something a person asked for that cannot be done, and why.

    `message` is the English text; `msgid` its template (with `%(name)s` placeholders
    filled from `params`); `details` are extra fields for programs (`limit`, `length`).
    """

    code = "error"
    message = N_("Something went wrong. Please try again.")

    def __init__(self, message: str | None = None, *, params: dict | None = None, **details):
        self.msgid = message or type(self).message
        self.params = params or {}
        self.message = self.msgid % self.params if self.params else self.msgid
        self.details = details
        super().__init__(self.message)

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, **self.details}


class InvalidInput(WorkshopError):
    code = "invalid"
    message = N_("That did not look right. Please check it and try again.")


class WorkshopNotFound(WorkshopError):
    code = "unknown_workshop"
    message = N_("We could not find a workshop with that code. Please check the code on the screen.")


class NotAllowed(WorkshopError):
    code = "not_allowed"
    message = N_("Only the workshop's facilitators can do that.")


class UnknownPhase(WorkshopError):
    code = "unknown_phase"
    message = N_("That part of the workshop does not exist.")


class PhaseClosed(WorkshopError):
    code = "phase_closed"
    message = N_("This part of the workshop is closed now, so it is not taking notes. Your text is kept.")


class EmptyNote(WorkshopError):
    code = "empty_note"
    message = N_("Your note is empty. Please write something first.")


class NoteTooLong(WorkshopError):
    code = "note_too_long"

    def __init__(self, limit: int, length: int):
        super().__init__(
            N_("This note is longer than %(limit)s characters — please shorten it (%(over)s too many)."),
            params={"limit": limit, "over": length - limit},
            limit=limit,
            length=length,
        )


class NoteNotFound(WorkshopError):
    code = "unknown_note"
    message = N_("That note no longer exists.")


class ParticipantNotFound(WorkshopError):
    code = "unknown_participant"
    message = N_("Please join the workshop again.")


class NoteHidden(WorkshopError):
    code = "note_hidden"
    message = N_("That note is not on the board (it is hidden or waiting for approval).")


class WorkshopClosed(WorkshopError):
    code = "workshop_closed"
    message = N_("This workshop has closed, so it is not taking anything new. Thank you for taking part.")


class WorkshopNotStarted(WorkshopError):
    code = "workshop_closed"
    message = N_("This workshop has not started yet. Please wait for the facilitator.")


class VotingClosed(WorkshopError):
    code = "voting_closed"
    message = N_("Voting is not open right now.")


class NoDotsLeft(WorkshopError):
    code = "no_dots_left"

    def __init__(self, dots: int):
        # Two whole sentences rather than a pasted-in word: each language words them its own way.
        if dots == 1:
            super().__init__(N_("You have used your only dot — take it back to vote again."), dots=dots)
        else:
            super().__init__(
                N_("You have used all %(dots)s of your dots — take one back to vote again."),
                params={"dots": dots},
                dots=dots,
            )


class DotsDiscarded(WorkshopError):
    """The facilitator discarded this person's dots (workshops/arrivals.py): they place no more."""

    code = "dots_discarded"
    message = N_("The facilitator has set aside the dots from this phone. If you are in the room, please speak to the facilitator.")


class NoDotHere(WorkshopError):
    code = "no_dot_here"
    message = N_("You have no dot on that to take back.")


class ThemeNotFound(WorkshopError):
    code = "unknown_theme"
    message = N_("That theme no longer exists.")


class OriginalChanged(WorkshopError):
    code = "original_changed"
    message = N_("The words were changed while you were translating them. Please check the new words, then save again.")


class ActionNotFound(WorkshopError):
    code = "unknown_action"
    message = N_("That action no longer exists.")


class UnknownLanguage(WorkshopError):
    code = "unknown_language"
    message = N_("That is not a language we know. Please choose the language from the list by its name.")


class BlankFindings(WorkshopError):
    code = "blank_findings"
    message = N_(
        "Nothing was saved: the key findings and the recommendations are both empty. Write at least one, "
        "or press “Start again from the draft” to fill them from the workshop's themes, dots and actions."
    )


class NothingToUndo(WorkshopError):
    code = "nothing_to_undo"
    message = N_("There is nothing left to undo for themes.")
