"""Before a PDF: which scripts the notes are written in that no installed font can show.

WeasyPrint draws a character no font has as an empty box, and says nothing. Notes in
Tigrinya or Chinese on a laptop with only DejaVu came out as rows of boxes. So before an
export the CLI (and, through `workshop_font_warnings`, the console) warns, naming the
package to install. Fonts are looked up with fontconfig (`fc-list :lang=xx`), which is
what WeasyPrint's Pango uses; where `fc-list` is missing nothing is claimed either way.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable


@dataclass(frozen=True)
class Script:
    name: str  # in words, for the facilitator
    fontconfig_lang: str  # what `fc-list :lang=` takes
    ranges: tuple[tuple[int, int], ...]
    debian: str  # Debian/Ubuntu package with a font for it
    homebrew: str  # Homebrew cask with a font for it


SCRIPTS: tuple[Script, ...] = (
    Script("Arabic (Arabic, Farsi, Urdu, Sorani)", "ar", ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)), "fonts-noto-core", "font-noto-naskh-arabic"),
    Script("Hebrew", "he", ((0x0590, 0x05FF),), "fonts-noto-core", "font-noto-sans-hebrew"),
    Script("Ethiopic (Tigrinya, Amharic)", "ti", ((0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F)), "fonts-noto-core", "font-noto-sans-ethiopic"),
    Script("Chinese", "zh-cn", ((0x3400, 0x4DBF), (0x4E00, 0x9FFF)), "fonts-noto-cjk", "font-noto-sans-cjk"),
    Script("Japanese", "ja", ((0x3040, 0x30FF),), "fonts-noto-cjk", "font-noto-sans-cjk"),
    Script("Korean", "ko", ((0x1100, 0x11FF), (0xAC00, 0xD7AF)), "fonts-noto-cjk", "font-noto-sans-cjk"),
    Script("Cyrillic (Ukrainian, Russian)", "uk", ((0x0400, 0x04FF),), "fonts-noto-core", "font-noto-sans"),
    Script("Greek", "el", ((0x0370, 0x03FF),), "fonts-noto-core", "font-noto-sans"),
    Script("Armenian", "hy", ((0x0530, 0x058F),), "fonts-noto-core", "font-noto-sans-armenian"),
    Script("Georgian", "ka", ((0x10A0, 0x10FF),), "fonts-noto-core", "font-noto-sans-georgian"),
    Script("Devanagari (Hindi, Nepali, Marathi)", "hi", ((0x0900, 0x097F),), "fonts-noto-core", "font-noto-sans-devanagari"),
    Script("Bengali", "bn", ((0x0980, 0x09FF),), "fonts-noto-core", "font-noto-sans-bengali"),
    Script("Gurmukhi (Punjabi)", "pa", ((0x0A00, 0x0A7F),), "fonts-noto-core", "font-noto-sans-gurmukhi"),
    Script("Gujarati", "gu", ((0x0A80, 0x0AFF),), "fonts-noto-core", "font-noto-sans-gujarati"),
    Script("Tamil", "ta", ((0x0B80, 0x0BFF),), "fonts-noto-core", "font-noto-sans-tamil"),
    Script("Sinhala", "si", ((0x0D80, 0x0DFF),), "fonts-noto-core", "font-noto-sans-sinhala"),
    Script("Thai", "th", ((0x0E00, 0x0E7F),), "fonts-noto-core", "font-noto-sans-thai"),
    Script("Khmer", "km", ((0x1780, 0x17FF),), "fonts-noto-core", "font-noto-sans-khmer"),
    Script("Myanmar (Burmese)", "my", ((0x1000, 0x109F),), "fonts-noto-core", "font-noto-sans-myanmar"),
)


def scripts_in(texts: Iterable[str]) -> list[Script]:
    """The scripts of SCRIPTS that appear in `texts`, in SCRIPTS' order."""
    codepoints = {ord(ch) for text in texts for ch in text if ord(ch) >= 0x0370}
    return [s for s in SCRIPTS if any(low <= cp <= high for cp in codepoints for low, high in s.ranges)]


@lru_cache(maxsize=64)
def fontconfig_has(lang: str, fontconfig_file: str | None = None) -> bool | None:
    """Whether an installed font covers `lang` (True/False), or None when fontconfig's
    `fc-list` is not there to ask. `fontconfig_file` is only part of the cache key: the
    child inherits FONTCONFIG_FILE from the environment, as WeasyPrint does."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return None
    try:
        done = subprocess.run([fc_list, f":lang={lang}", "family"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return bool(done.stdout.strip())


def _has_font(lang: str) -> bool | None:
    import os

    return fontconfig_has(lang, os.environ.get("FONTCONFIG_FILE"))


def missing_scripts(texts: Iterable[str], has_font: Callable[[str], bool | None] = _has_font) -> list[Script]:
    """Scripts used in `texts` that no installed font covers (unknown counts as covered)."""
    return [s for s in scripts_in(texts) if has_font(s.fontconfig_lang) is False]


def warning_for(script: Script) -> str:
    return (
        f"Some notes are written in {script.name} script, but no font on this computer can show it: "
        f"the PDF would print them as empty boxes. Install {script.debian} "
        f"(Debian/Ubuntu: sudo apt install {script.debian}; macOS: brew install --cask {script.homebrew}), "
        "then export again."
    )


def font_warnings(texts: Iterable[str]) -> list[str]:
    """One sentence per script the PDF could not show, naming the package to install."""
    return [warning_for(script) for script in missing_scripts(list(texts))]


def workshop_font_warnings(db, code: str) -> list[str]:
    """`font_warnings` for everything a workshop's report prints that participants wrote.

    For the console's Report panel and the CLI; raises WorkshopNotFound for an unknown code.
    """
    from sqlalchemy import select

    from facilitator.store.models import Note
    from facilitator.workshops.details import find_workshop

    with db.reading() as session:
        workshop = find_workshop(session, code)
        texts = [workshop.title, workshop.question, workshop.venue]
        texts += session.scalars(select(Note.text).where(Note.workshop_id == workshop.id)).all()
    return font_warnings(texts)
