"""The report's cover details a facilitator fills in: partners, their own name, who it is for.
(The key findings and recommendations are workshops/findings.py.)"""

from __future__ import annotations

from sqlalchemy.orm import Session

from facilitator.store.models import Workshop
from facilitator.workshops.errors import N_, InvalidInput
from facilitator.workshops.text import clean_line, clean_text

PARTNERS_MAX = 2000
LINE_MAX = 200


def update_cover(session: Session, workshop: Workshop, *, partners: str, facilitator_name: str, prepared_for: str) -> Workshop:
    """Set the three cover fields (cleaned like any typed text). They are not on the board,
    so no change number is taken and nothing is broadcast."""
    if not all(isinstance(v, str) for v in (partners, facilitator_name, prepared_for)):
        raise InvalidInput(N_("The cover details must be text."))
    partners = clean_text(partners)
    if len(partners) > PARTNERS_MAX:
        raise InvalidInput(
            N_("The partners list is longer than %(limit)s characters — please shorten it."), params={"limit": PARTNERS_MAX}
        )
    # Whole sentences, not a pasted-in label: each language words them its own way.
    if len(facilitator_name.strip()) > LINE_MAX:
        raise InvalidInput(N_("The facilitator's name is longer than %(limit)s characters — please shorten it."), params={"limit": LINE_MAX})
    if len(prepared_for.strip()) > LINE_MAX:
        raise InvalidInput(N_("'Prepared for' is longer than %(limit)s characters — please shorten it."), params={"limit": LINE_MAX})
    workshop.partners = "\n".join(line.strip() for line in partners.splitlines() if line.strip())
    workshop.facilitator_name = clean_line(facilitator_name, LINE_MAX)
    workshop.prepared_for = clean_line(prepared_for, LINE_MAX)
    return workshop
