"""Errors from making a report, each with a message for the facilitator who asked."""

from __future__ import annotations

from facilitator.workshops.errors import WorkshopError


class ReportError(WorkshopError):
    code = "report_failed"
    message = "The report could not be made. Nothing in the workshop was changed."


class RenderTimedOut(ReportError):
    code = "report_timeout"


class RenderOutOfMemory(ReportError):
    code = "report_memory"


class ImportRefused(ReportError):
    """A file given to `facilitator import` that is not a workshop export we can restore."""

    code = "import_refused"
