"""The easy-read handout: "You said, we will do" for the people who took part.

One or two A4 pages in large type and short sentences: the workshop's question, the
main themes (most dots first, then most notes), and the agreed actions with who and
by when. It is built from the same ReportContext as the commissioners' report, so it
keeps the same rules (hidden notes left out, no names), and printed by the same child
process (`pdf.render_in_child("handout", ...)`, see pdf_worker.JOBS).

Its fixed words go through the translation catalogues (facilitator/translations), so a
handout can be printed in a participant language (`language`); a missing translation
shows in English.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.support import NullTranslations, Translations
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from facilitator.reports.context import ReportContext, ThemeView, text_direction
from facilitator.reports.html import STATIC_DIR, TEMPLATES_DIR

HANDOUT_CSS = STATIC_DIR / "handout.css"
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
RIGHT_TO_LEFT = {"ar", "fa", "ur", "ckb"}
MAX_THEMES = 5
MAX_EXAMPLES = 1  # a note quoted under a theme: two A4 pages at most
MAX_ACTIONS = 6
QUOTE_CHARS = 120  # a quote longer than this is cut at a word: easy read means short
PICTOGRAMS = STATIC_DIR / "pictograms"


@dataclass
class HandoutTheme:
    name: str
    notes: int
    votes: int
    examples: list[str]


@dataclass
class HandoutAction:
    text: str
    owner: str
    due: str
    done: bool


def shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    """`text` on one line, cut at a word boundary to at most `limit` characters."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if line[limit - 1] != " ":  # the cut fell inside a word: drop that word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def in_language(note, language: str) -> str | None:
    """The note's words for a reader of `language`: as written when it is in that language,
    its translation when that is in it; None when neither is."""
    if (note.language or "").split("-")[0] == language:
        return note.text
    if note.translation and note.translation.language.split("-")[0] == language:
        return note.translation.text
    return None


def _examples(notes, language: str) -> list[str]:
    """Quotes the reader can read (their language first; highlighted notes first)."""
    ordered = sorted(notes, key=lambda n: not n.highlighted)
    readable = [w for w in (in_language(n, language) for n in ordered) if w]
    if not readable and language == "en":  # notes in English with no language recorded
        readable = [n.text for n in ordered if not n.language]
    return [shorten(w) for w in readable[:MAX_EXAMPLES]]


def main_themes(context: ReportContext, language: str = "en") -> list[HandoutTheme]:
    """The themes people cared about most: dots first, then how many notes they hold.
    A workshop without themes shows its most-voted notes (or its first ones) instead."""
    themes: list[ThemeView] = [t for p in context.phases for t in p.themes if t.notes or t.votes]
    ranked = sorted(themes, key=lambda t: (-t.votes, -len(t.notes), t.name))[:MAX_THEMES]
    if ranked:
        return [HandoutTheme(t.name, len(t.notes), t.votes, _examples(t.notes, language)) for t in ranked]
    notes = [n for p in context.phases for n in p.notes]
    notes = sorted(notes, key=lambda n: (-n.votes, n.created_at))[:MAX_THEMES]
    return [HandoutTheme(shorten(in_language(n, language) or n.text), 1, n.votes, []) for n in notes]


def local_date(iso: str, language: str, fallback: str) -> str:
    """'17 July 2026' in the reader's language ('١٧ يوليو ٢٠٢٦'); the fallback if unknown."""
    from datetime import date

    from babel.dates import format_date

    try:
        # d MMMM y, not "long": Babel's long English date is American ("July 17, 2026").
        return format_date(date.fromisoformat(iso), format="d MMMM y", locale="en_GB" if language == "en" else language)
    except Exception:  # no date, or a language Babel has no calendar words for
        return fallback


def next_steps(context: ReportContext, language: str = "en") -> tuple[list[HandoutAction], int]:
    """Agreed and done actions (not mere suggestions), and how many more did not fit."""
    agreed = [a for a in context.actions if a.status in ("confirmed", "done")]
    shown = [
        HandoutAction(shorten(a.text, 200), a.owner, local_date(a.due_iso, language, a.due) if a.due else "", a.status == "done")
        for a in agreed[:MAX_ACTIONS]
    ]
    return shown, max(0, len(agreed) - MAX_ACTIONS)


MAX_DECISIONS = 6


@dataclass
class HandoutDecision:
    """What the commissioners decided about one thing people said (issue 14: "You said, we did").
    The commissioner's words are kept as they wrote them."""

    said: str
    decision: str  # agreed | partly | not_now | not_ours: the template words it in plain language
    forward_to: str
    what: str
    who: str
    due: str


def decisions(context: ReportContext, language: str = "en") -> tuple[list[HandoutDecision], int]:
    """The commissioners' answers, and how many more did not fit."""
    answered = context.responses
    shown = [
        HandoutDecision(
            shorten(r["item_text"], 200), r["decision"], r["forward_to"], shorten(r["what"], 240), r["who"],
            local_date(r["by_when"], language, r["by_when"]) if r["by_when"] else "",
        )
        for r in answered[:MAX_DECISIONS]
    ]
    return shown, max(0, len(answered) - MAX_DECISIONS)


@lru_cache(maxsize=16)
def _translations(language: str):
    if language == "en":
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [language])  # NullTranslations when missing


@lru_cache(maxsize=16)
def _environment(language: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(_translations(language), newstyle=True)
    return env


def render_handout(context: ReportContext, language: str = "en") -> str:
    """The handout as one HTML document, linking its own stylesheet (a file the PDF's
    URL fetcher allows: reports/static/handout.css)."""
    actions, more = next_steps(context, language)
    decided, more_decided = decisions(context, language)
    rtl = language in RIGHT_TO_LEFT

    def isolate(value: str) -> str:
        """Keep a name or a date whole inside a right-to-left sentence (Unicode FSI…PDI):
        otherwise "30 September 2026" comes out as "September 2026 30"."""
        return f"\u2068{value}\u2069" if rtl and value else value

    return _environment(language).get_template("report/handout.html").render(
        dir_of=text_direction,  # WeasyPrint does not resolve dir="auto": each text says its own
        isolate=isolate,
        picture=lambda name: (PICTOGRAMS / f"{name}.svg").as_uri(),
        when=local_date(context.iso_date, language, context.date),
        r=context,
        themes=main_themes(context, language),
        actions=actions,
        more_actions=more,
        decisions=decided,
        more_decisions=more_decided,
        language=language,
        direction="rtl" if rtl else "ltr",
        stylesheet=HANDOUT_CSS.as_uri(),
    )


def handout_html_for(database_url: str, templates_dir: str, code: str, language: str = "en") -> str:
    """From addresses only: what the PDF child process calls (pdf_worker's "handout" job)."""
    from facilitator.reports.build import load_context
    from facilitator.store.db import Database, read_only
    from facilitator.workshops.session_templates import templates_at

    db = Database(read_only(database_url))  # read-only, not migrated: the server did that at start
    try:
        return render_handout(load_context(db, templates_at(Path(templates_dir)), code), language)
    finally:
        db.dispose()
