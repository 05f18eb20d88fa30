"""The report's key findings and recommendations: the facilitator's own words, printed on
page 2 of every report (reports/context.py falls back to the product's draft for a box
left empty). Not on any board: nothing here takes a change number."""

from __future__ import annotations

from sqlalchemy.orm import Session

from facilitator.store.models import Workshop
from facilitator.workshops.errors import N_, BlankFindings, InvalidInput
from facilitator.workshops.text import clean_text, is_blank

FRONT_MAX = 10_000


def update_front(session: Session, workshop: Workshop, *, findings: str, recommendations: str) -> Workshop:
    """Set the key findings and recommendations (Markdown, rendered and sanitised like a
    note when printed). One box may be left empty: the report prints the draft there.
    Refused with a message, never cut or stored: text that is not text, a box over
    FRONT_MAX, and both boxes blank (BlankFindings: saving nothing is never what was
    meant; the console's "Start again from the draft" fills the boxes instead)."""
    if not isinstance(findings, str) or not isinstance(recommendations, str):
        raise InvalidInput(N_("The findings and recommendations must be text."))
    findings, recommendations = clean_text(findings), clean_text(recommendations)
    if len(findings) > FRONT_MAX:
        raise InvalidInput(
            N_("The key findings are longer than %(limit)s characters — please shorten them."), params={"limit": FRONT_MAX}
        )
    if len(recommendations) > FRONT_MAX:
        raise InvalidInput(
            N_("The recommendations are longer than %(limit)s characters — please shorten them."), params={"limit": FRONT_MAX}
        )
    # A box with nothing visible in it is empty: the draft prints there, not a blank.
    findings, recommendations = ("" if is_blank(text) else text for text in (findings, recommendations))
    if not findings and not recommendations:
        raise BlankFindings()
    workshop.findings = findings
    workshop.recommendations = recommendations
    return workshop
