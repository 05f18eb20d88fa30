"""Cleaning what people type, before it is checked or stored.

Keeps every script intact (including the zero-width joiners Persian, Urdu and Indic
scripts need) but removes what only ever serves to confuse: control characters, null
bytes and bidirectional overrides that can make a note read backwards on the board.
"""

from __future__ import annotations

import re
import unicodedata

# C0/C1 controls except tab and newline; bidi embeddings, overrides and isolates.
_UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Characters that take no space: a note made only of these is empty.
_INVISIBLE = re.compile("[\\s\u200b-\u200f\u2060\ufeff\u00ad]+")


def clean_text(value: str) -> str:
    """Normalise to NFC, unify line breaks, drop unwanted controls, trim the ends."""
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    return _UNWANTED.sub("", value).strip()


def is_blank(value: str) -> bool:
    """True when nothing visible is left."""
    return not _INVISIBLE.sub("", value)


def clean_line(value: str, limit: int) -> str:
    """A one-line field (nickname, title): cleaned, whitespace collapsed, cut to `limit`."""
    return " ".join(clean_text(value).split())[:limit]
