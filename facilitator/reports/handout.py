"""The easy-read handout: "You said, we will do" for the people who took part.

One or two A4 pages in large type and short sentences: the workshop's question, the
main themes (most dots first, then most notes), every agreed action with who and by
when, and every decision the commissioners sent. Nothing decided is left out to save
paper (issue 27: a handout that listed 6 of 7 actions dropped the ICB's own
commitment): a long one is printed more compactly (`COMPACT_LEVELS`: shorter wording,
then smaller pictures and no quotes; never under 16 pt) until it fits two pages, and
one that still cannot says so on its first page (`pdf_worker.render_handout_to_pdf`). It is built from the same ReportContext as the commissioners' report, so it
keeps the same rules (hidden notes left out, no names), and printed by the same child
process (`pdf.render_in_child("handout", ...)`, see pdf_worker.JOBS).

Its fixed words go through the translation catalogues (facilitator/translations), so a
handout can be printed in a participant language (`language`); a missing translation
shows in English. The facilitator's own words (the title, the question, theme names, the
actions and who does them) are printed in the handout's language where someone has
translated them (workshops/own_words.py, up-to-date translations only); where not, as
written, in their own language and direction, marked "Not yet translated" (`Words`).
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
QUOTE_CHARS = 120  # a quote longer than this is cut at a word: easy read means short
PICTOGRAMS = STATIC_DIR / "pictograms"
MAX_PAGES = 2


@dataclass(frozen=True)
class Compact:
    """How tightly a handout is printed: the words kept of each action and decision,
    whether details share a line ("Who" and "By"; a theme and its count), whether themes
    keep a quote, the pictures' size, and whether the space between things is tight."""

    action_chars: int
    decision_chars: int
    one_line_details: bool
    quotes: bool
    picture_mm: int
    tight: bool


COMPACT_LEVELS = (
    Compact(200, 240, False, True, 22, False),  # as easy-read guidance prefers
    Compact(140, 160, True, True, 18, False),
    Compact(100, 120, True, False, 14, True),
)


@dataclass(frozen=True)
class Words:
    """Some of the facilitator's words as a reader of the handout is given them: `text`
    in `language` (the lang attribute), written `direction`; `untranslated` when they
    are not in the reader's language and nobody has translated them yet (then printed
    as written, with a mark in the reader's language)."""

    text: str
    language: str
    direction: str
    untranslated: bool = False

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def reader_words(original: str, translations: dict[str, str], language: str, written_in: str, limit: int = 0) -> Words:
    """`original` for a reader of `language`: its translation into that language if there
    is one; else the original, marked untranslated unless it is already in that language.
    `written_in` is the language the facilitator writes in (the report's); the handout in
    another language checks the words themselves, since a phone may have suggested them
    in the reader's own language. `limit` (if set) cuts the words at a word boundary."""
    cut = (lambda words: shorten(words, limit)) if limit else (lambda words: words)
    translated = translations.get(language)
    if translated:
        return Words(cut(translated), language, text_direction(translated))
    if not original:
        return Words("", language, "rtl" if language in RIGHT_TO_LEFT else "ltr")
    source = written_in if language == written_in else _language_of(original, written_in)
    return Words(cut(original), source, text_direction(original), untranslated=source != language)


def _language_of(text: str, written_in: str) -> str:
    """The language `text` is written in as the detector reads it, else `written_in`."""
    from facilitator.workshops.written_language import detect

    found = detect(text, written_in)
    return found.language.split("-")[0] if found else written_in


@dataclass
class HandoutTheme:
    name: Words
    notes: int
    votes: int
    examples: list[str]


@dataclass
class HandoutAction:
    text: Words
    owner: Words
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
        return [
            HandoutTheme(
                reader_words(t.name, t.translations.get("name", {}), language, context.report_language),
                len(t.notes), t.votes, _examples(t.notes, language),
            )
            for t in ranked
        ]
    notes = [n for p in context.phases for n in p.notes]
    notes = sorted(notes, key=lambda n: (-n.votes, n.created_at))[:MAX_THEMES]
    return [HandoutTheme(_note_words(n, language), 1, n.votes, []) for n in notes]


def _note_words(note, language: str) -> Words:
    """A participant's note standing in for a theme: their words, or the translation the
    reader can read. Never marked: a note is someone's own words, not the facilitator's."""
    words = shorten(in_language(note, language) or note.text)
    return Words(words, language if in_language(note, language) else (note.language or ""), text_direction(words))


def local_date(iso: str, language: str, fallback: str) -> str:
    """'17 July 2026' in the reader's language ('١٧ يوليو ٢٠٢٦'); the fallback if unknown."""
    from datetime import date

    from babel.dates import format_date

    try:
        # d MMMM y, not "long": Babel's long English date is American ("July 17, 2026").
        return format_date(date.fromisoformat(iso), format="d MMMM y", locale="en_GB" if language == "en" else language)
    except Exception:  # no date, or a language Babel has no calendar words for
        return fallback


def next_steps(context: ReportContext, language: str = "en", chars: int = COMPACT_LEVELS[0].action_chars) -> list[HandoutAction]:
    """Every agreed and done action (not mere suggestions), each cut at a word to `chars`."""
    agreed = [a for a in context.actions if a.status in ("confirmed", "done")]
    written_in = context.report_language
    return [
        HandoutAction(
            reader_words(a.text, a.translations.get("text", {}), language, written_in, chars),
            reader_words(a.owner, a.translations.get("owner", {}), language, written_in),
            local_date(a.due_iso, language, a.due) if a.due else "",
            a.status == "done",
        )
        for a in agreed
    ]


def workshop_words(context: ReportContext, field: str, language: str) -> Words:
    """The workshop's `field` ("title" or "question") for a reader of `language`."""
    original = context.workshop_title if field == "title" else context.question
    return reader_words(original, context.translations.get(field, {}), language, context.report_language)


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


def decisions(context: ReportContext, language: str = "en", chars: int = COMPACT_LEVELS[0].decision_chars) -> list[HandoutDecision]:
    """Every answer the commissioners sent, what they decided cut at a word to `chars`."""
    return [
        HandoutDecision(
            shorten(r["item_text"], min(chars, 200)), r["decision"], r["forward_to"], shorten(r["what"], chars), r["who"],
            local_date(r["by_when"], language, r["by_when"]) if r["by_when"] else "",
        )
        for r in context.responses
    ]


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


def render_handout(context: ReportContext, language: str = "en", level: int = 0, over_length: bool = False) -> str:
    """The handout as one HTML document, linking its own stylesheet (a file the PDF's
    URL fetcher allows: reports/static/handout.css), printed at COMPACT_LEVELS[`level`];
    `over_length`: it is longer than MAX_PAGES even so, and says why on its first page."""
    compact = COMPACT_LEVELS[level]
    actions = next_steps(context, language, compact.action_chars)
    decided = decisions(context, language, compact.decision_chars)
    themes = main_themes(context, language)
    if not compact.quotes:
        for theme in themes:
            theme.examples = []
    rtl = language in RIGHT_TO_LEFT

    def isolate(value: str) -> str:
        """Keep a name or a date whole inside a right-to-left sentence (Unicode FSI…PDI):
        otherwise "30 September 2026" comes out as "September 2026 30"."""
        return f"\u2068{value}\u2069" if rtl and value else str(value)

    return _environment(language).get_template("report/handout.html").render(
        dir_of=text_direction,  # WeasyPrint does not resolve dir="auto": each text says its own
        isolate=isolate,
        title=workshop_words(context, "title", language),
        question=workshop_words(context, "question", language),
        picture=lambda name: (PICTOGRAMS / f"{name}.svg").as_uri(),
        when=local_date(context.iso_date, language, context.date),
        r=context,
        themes=themes,
        actions=actions,
        decisions=decided,
        compact=compact,
        over_length=over_length,
        language=language,
        direction="rtl" if rtl else "ltr",
        stylesheet=HANDOUT_CSS.as_uri(),
    )


def handout_context_for(database_url: str, templates_dir: str, code: str) -> ReportContext:
    """From addresses only: what the PDF child process reads (pdf_worker's "handout" job)."""
    from facilitator.reports.build import load_context
    from facilitator.store.db import Database, read_only
    from facilitator.workshops.session_templates import templates_at

    db = Database(read_only(database_url))  # read-only, not migrated: the server did that at start
    try:
        return load_context(db, templates_at(Path(templates_dir)), code)
    finally:
        db.dispose()


def handout_html_for(database_url: str, templates_dir: str, code: str, language: str = "en", level: int = 0) -> str:
    """The handout's HTML at COMPACT_LEVELS[`level`], from addresses only."""
    return render_handout(handout_context_for(database_url, templates_dir, code), language, level)
