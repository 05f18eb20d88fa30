"""Every language a note may be recorded as said in: the product's nine and any other that
Babel's (CLDR's) locale data names. People in the room speak many more languages than the
phones' interface does; a scribe records the one the person spoke, and the interpreter's
queue takes it like any other.

A language is known when Babel names it in English: its primary subtag ('es', 'ckb',
'en' of 'en-GB'), or a regional tag CLDR names as a language of its own ('fa-AF', Dari).

Reading every locale's own name from Babel takes seconds of CPU (about 650 locales), and
under eventlet that froze every board, nor can it move to a worker thread (Babel's locale
cache lock is green once patched: a real thread holding it deadlocks the server). So the
list is built once from Babel into spoken_languages.json, shipped with the package, and
read from there; `python -m facilitator.workshops.spoken_languages` writes it again, and
tests/unit/test_findings_and_languages.py fails when it no longer matches Babel's data.
(The console lists the phones' nine first, named as the phones name them: the web layer
puts them there, views/translations.py, from core/i18n.py.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# CLDR's codes that name no language: "Unknown language", "No linguistic content",
# "Multiple languages", "Uncoded languages". "Not said" is the empty choice instead.
_NOT_LANGUAGES = {"und", "zxx", "mul", "mis"}


@dataclass(frozen=True)
class SpokenLanguage:
    code: str  # a language tag: "es", "fa-AF"
    english: str  # "Spanish", as the facilitator looks for it
    own: str  # "español", as its speakers name it; "" when Babel has no locale data for it

    @property
    def label(self) -> str:
        """'Spanish — español', or 'Afar' when its own name is not known or is the same."""
        return f"{self.english} — {self.own}" if self.own and self.own != self.english else self.english


LIST_FILE = Path(__file__).with_name("spoken_languages.json")


def _english_names() -> dict[str, str]:
    """Babel's English language names by tag ('fa-AF' → 'Dari'): every two- or three-letter
    language, and each regional tag whose name is not just its language's ('Dari', not
    'British English')."""
    from babel import Locale

    names = Locale("en").languages
    known = {}
    for key, name in names.items():
        primary, _, region = key.partition("_")
        if primary in _NOT_LANGUAGES or not 2 <= len(primary) <= 3 or not primary.isalpha():
            continue
        if region and names.get(primary, primary) in name:
            continue
        known[key.replace("_", "-")] = name
    return known


def _own_name(tag: str) -> str:
    """The language's name in itself, from Babel's locale data for it; '' without any."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return ""
    return locale.languages.get(tag.replace("-", "_")) or locale.display_name or ""


def build_from_babel() -> list[dict]:
    """Every known language from Babel's data, by its English name: seconds of CPU (see above)."""
    every = [{"code": tag, "english": name, "own": _own_name(tag)} for tag, name in _english_names().items()]
    return sorted(every, key=lambda l: (l["english"].casefold(), l["code"]))


def file_text(languages: list[dict]) -> str:
    """LIST_FILE's text: one language a line, so a change in Babel's data reads as a diff."""
    return "[\n" + ",\n".join(json.dumps(entry, ensure_ascii=False) for entry in languages) + "\n]\n"


@lru_cache(maxsize=1)
def spoken_languages() -> tuple[SpokenLanguage, ...]:
    """Every known language, by its English name (from LIST_FILE: milliseconds)."""
    return tuple(SpokenLanguage(**entry) for entry in json.loads(LIST_FILE.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _by_tag() -> dict[str, SpokenLanguage]:
    return {l.code.casefold(): l for l in spoken_languages()}


def spoken_language(tag: str) -> SpokenLanguage | None:
    """The language listed under exactly this tag ('fa-AF' → Dari), or None."""
    return _by_tag().get(tag.casefold())


def is_known_language(tag: str) -> bool:
    """True for a tag whose language Babel names: 'es', 'ckb', 'fa-AF', 'en-GB', 'sr-Latn'
    (the primary subtag is enough); False for 'xx' or 'qq-ZZ'."""
    return spoken_language(tag) is not None or spoken_language(tag.partition("-")[0]) is not None


if __name__ == "__main__":  # python -m facilitator.workshops.spoken_languages: write LIST_FILE again
    LIST_FILE.write_text(file_text(build_from_babel()), encoding="utf-8")
    print(f"wrote {LIST_FILE}")
