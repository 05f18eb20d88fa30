"""The language a note is written in, read from its words (issue 27, part 2).

A phone's language is what its owner reads, not always what they write: in a Leeds-style
replay 26 of 150 notes were written in English on Ukrainian, Arabic or Tigrinya phones,
and each was printed "not yet translated" and sent to an interpreter. A note's language is
therefore taken from its text when the detector is sure, with the phone's language as a
hint and as the answer when it is not (a word or two, numbers, emoji).

The detector is CLD2 (`pycld2`): its model ships inside the wheel (about 14 MB installed,
no download, no network), it runs in microseconds, and it knows every language the phones
speak, Tigrinya and Kurdish (Sorani) included (lingua and langdetect know neither). It
calls Kurdish "ku" whatever the script; the product's code for Sorani, written in Arabic
script, is "ckb", and Kurmanji, written in Latin script, is "kmr".

Plain Python, no Flask: used by the domain when a note is posted (workshops/notes.py).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pycld2

# CLD2 calls Latin-script text in a language it does not know (Kurmanji, a Ukrainian
# note typed in Latin letters) some Latin language it does know, English above all, with
# a low score: 150–460 where real notes score 570–1,800 (measured on notes of 3 to 15
# words in 14 languages). Below this, Latin text keeps the phone's language.
LATIN_MIN_SCORE = 500
# Where CLD2's codes differ from the tags the product stores (BCP 47).
_RENAMED = {"iw": "he", "jw": "jv"}
# The hints CLD2 knows under another code.
_HINT_CODES = {"ckb": "ku", "kmr": "ku", "he": "iw"}


@dataclass(frozen=True)
class Detection:
    """What the detector read: a language tag and how much of the text is in it (percent)."""

    language: str
    percent: int


def detect(text: str, hint: str = "") -> Detection | None:
    """The language most of `text` is written in, or None when the detector is not sure
    (too few letters, several languages evenly, a script it cannot tell apart).

    `hint` (a language tag, e.g. the phone's) tips a close call its way; it never
    outweighs clear evidence ("Лікар" from a Polish phone is Ukrainian)."""
    if not isinstance(text, str) or not any(ch.isalpha() for ch in text):
        return None
    try:
        reliable, _, found = pycld2.detect(
            _printable(text), bestEffort=True, hintLanguage=_HINT_CODES.get(hint, hint) if hint else ""
        )
    except pycld2.error:  # invalid UTF-8 cannot reach here (Python strings); kept for a bad hint
        reliable, _, found = pycld2.detect(_printable(text), bestEffort=True)
    if not reliable or not found:
        return None
    _, code, percent, score = found[0]
    if code in ("un", "xxx") or code.startswith("xx-"):
        return None
    if score < LATIN_MIN_SCORE and _mostly_latin(text):
        return None
    return Detection(_product_code(code, text), percent)


def written_language(text: str, phone_language: str = "") -> tuple[str, bool]:
    """(language, recognised): the note's language — detected from its words when the
    detector is sure, else `phone_language` — and whether it came from the words and
    differs from the phone's (the interpreter is told so: the phone's language was not
    the note's)."""
    found = detect(text, phone_language)
    if found is None or _same(found.language, phone_language):
        return phone_language, False
    return found.language, True


def _same(detected: str, phone_language: str) -> bool:
    return detected.split("-")[0] == (phone_language or "").split("-")[0]


def _product_code(code: str, text: str) -> str:
    if code == "ku":
        return "ckb" if _has_arabic_script(text) else "kmr"
    return _RENAMED.get(code, code)


def _has_arabic_script(text: str) -> bool:
    return any("ARABIC" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def _mostly_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return sum("LATIN" in unicodedata.name(ch, "") for ch in letters) * 2 > len(letters)


def _printable(text: str) -> str:
    # CLD2 refuses text carrying C0/C1 control characters other than whitespace, and
    # lone surrogates cannot be encoded; neither helps to tell a language.
    return "".join(ch for ch in text if ch.isprintable() or ch in "\n\t ").encode("utf-8", "ignore").decode("utf-8")
