"""Notes that look like they carry personal details, so the facilitator can act before exporting.

Looks for email addresses, phone numbers, NHS numbers (10 digits whose last digit is
the right mod-11 check digit), UK postcodes, and names after "my name is". These are
hints, not guarantees: the facilitator decides, and can hide the note or remove just
the flagged parts (redact), which keeps the rest of what the person said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.store.models import Note, Workshop
from facilitator.workshops.changes import next_seq
from facilitator.workshops.errors import NoteNotFound
from facilitator.workshops.notes import checked_note_id

LABELS = {
    "email": "an email address",
    "phone": "a phone number",
    "nhs": "an NHS number",
    "postcode": "a postcode",
    "name": "a name",
}
REPLACEMENTS = {
    "email": "[email removed]",
    "phone": "[phone number removed]",
    "nhs": "[NHS number removed]",
    "postcode": "[postcode removed]",
    "name": "[name removed]",
}

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A run of digits with the separators people type in numbers; classified by digit count.
_NUMBER = re.compile(r"(?<![\w+])\+?\(?\d[\d \t().-]{7,18}\d(?!\w)")
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE
)
# The name itself: one word, and up to two more that start with a capital letter.
_NAME = re.compile(r"(?i:\bmy name(?:'s| is)\s+)([^\W\d_][\w'-]*(?:[ \t]+[A-Z][\w'-]*){0,2})")


# Words that follow "my name is" in ordinary sentences about a name ("my name is spelled
# wrong", "my name is always mispronounced"): not a name, so not flagged.
_NOT_A_NAME = {
    "spelled", "spelt", "misspelled", "misspelt", "written", "wrong", "wrongly", "not", "never", "always", "often",
    "still", "also", "just", "too", "so", "very", "hard", "difficult", "easy", "different", "long", "short",
    "pronounced", "mispronounced", "said", "called", "recorded", "changed", "missing", "on", "in", "at", "the",
    "a", "an", "my", "being", "been", "getting", "usually", "sometimes", "mixed", "confused", "unusual", "common",
    "foreign", "printed", "typed", "shown", "listed", "given", "used", "known", "cut", "left", "there", "here",
    "like", "what", "how", "why", "nothing", "private", "important", "important.", "mine", "only",
}


def _looks_like_a_name(words: str) -> bool:
    """The words after "my name is" as a name, unless the first is an ordinary word."""
    first = words.split()[0].strip(".,;:!?").lower() if words.split() else ""
    return bool(first) and first not in _NOT_A_NAME


@dataclass(frozen=True)
class Finding:
    kind: str  # email | phone | nhs | postcode | name
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def is_nhs_number(digits: str) -> bool:
    """True for ten digits whose last is the NHS mod-11 check digit of the first nine."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def find_personal_details(text: str) -> list[Finding]:
    """Every span of `text` that looks personal, in order, without overlaps."""
    found: list[Finding] = []
    for match in _EMAIL.finditer(text):
        found.append(Finding("email", match.start(), match.end(), match.group()))
    for match in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        raw = match.group().strip()
        if is_nhs_number(digits) and not raw.startswith(("0", "+", "(")):
            found.append(Finding("nhs", match.start(), match.end(), match.group()))
        elif 10 <= len(digits) <= 13 and (raw.startswith(("0", "+", "(")) or len(digits) >= 11):
            found.append(Finding("phone", match.start(), match.end(), match.group()))
    for match in _POSTCODE.finditer(text):
        found.append(Finding("postcode", match.start(), match.end(), match.group()))
    for match in _NAME.finditer(text):
        if _looks_like_a_name(match.group(1)):
            found.append(Finding("name", match.start(1), match.end(1), match.group(1)))
    found.sort(key=lambda f: (f.start, -f.end))
    kept: list[Finding] = []
    for finding in found:
        if not kept or finding.start >= kept[-1].end:
            kept.append(finding)
    return kept


def redact(text: str, findings: list[Finding] | None = None) -> str:
    """`text` with every finding replaced by a marker such as "[email removed]"."""
    findings = find_personal_details(text) if findings is None else findings
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + REPLACEMENTS[finding.kind] + text[finding.end :]
    return text


@dataclass
class FlaggedNote:
    id: str
    phase_key: str
    text: str
    hidden: bool
    findings: list[Finding]

    def pieces(self) -> list[tuple[str, str | None]]:
        """The text cut into (piece, kind-or-None), for showing the flagged parts marked."""
        out, at = [], 0
        for finding in self.findings:
            out.append((self.text[at : finding.start], None))
            out.append((finding.text, finding.kind))
            at = finding.end
        out.append((self.text[at:], None))
        return [(piece, kind) for piece, kind in out if piece]

    @property
    def labels(self) -> list[str]:
        return sorted({f.label for f in self.findings})


def flagged_notes(session: Session, workshop: Workshop) -> list[FlaggedNote]:
    """Notes (visible ones first, then hidden) that look like they hold personal details."""
    notes = session.scalars(select(Note).where(Note.workshop_id == workshop.id).order_by(Note.hidden, Note.seq))
    flagged = []
    for note in notes:
        findings = find_personal_details(note.text)
        if findings:
            flagged.append(FlaggedNote(note.id, note.phase_key, note.text, note.hidden, findings))
    return flagged


def redact_note(session: Session, workshop: Workshop, note_id: str) -> tuple[Note, bool]:
    """Remove the personal details from one note and its translation; returns (note, changed).

    A change takes a new change number, like any edit, so boards and phones that show
    the note receive the redacted text.
    """
    note = session.get(Note, (workshop.id, checked_note_id(note_id)))
    if note is None:
        raise NoteNotFound()
    redacted, translation = redact(note.text), redact(note.translation_text or "")
    if redacted == note.text and translation == (note.translation_text or ""):
        return note, False
    # The translation says the same words in another language: its details go too.
    note.text, note.translation_text = redacted, translation
    note.seq = next_seq(session, workshop)
    return note, True
