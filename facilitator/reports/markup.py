"""Untrusted Markdown to safe HTML, and untrusted text to inert Markdown.

Everything a participant or a template author wrote is untrusted: a note may hold raw
HTML (`<img src="file:///etc/passwd">`), Markdown images or `javascript:` links. Every
path that turns such text into HTML — the web view and the PDF — goes through
`safe_html`, which renders Markdown and then keeps only an allowlist of tags (nh3).
There are no images at all, so nothing in a note can make the renderer fetch anything.
"""

from __future__ import annotations

import html
import re
import threading

import markdown as _markdown
import nh3

# Text structure only: no img, no link/style/iframe, no attributes but a link's href, and no
# headings (a heading in a note would become a bookmark in the PDF).
ALLOWED_TAGS = {
    "p", "br", "em", "strong", "b", "i", "u", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "hr", "sub", "sup", "bdi",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


# Markdown nesting deeper than this (lists in lists, quotes in quotes) is printed flat:
# `* ` typed 120 times made one note nest 120 lists deep and every PDF fail (RecursionError).
MAX_NESTING = 4
# After rendering, a note whose HTML still nests deeper than this is printed as plain text.
MAX_HTML_DEPTH = 12
_LEADING_MARKERS = re.compile(r"^([ \t]*(?:(?:[*+-]|\d{1,9}[.)]|>)[ \t]+|>))+", re.MULTILINE)
_ONE_MARKER = re.compile(r"(?:[*+-]|\d{1,9}[.)]|>)[ \t]*")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID = {"br", "hr"}
_LINE_SEPARATORS = {"\u2028": "\n", "\u2029": "\n\n"}


def readable(text: str) -> str:
    """Text as it should be drawn and exported: Unicode line and paragraph separators
    (which fonts have no glyph for, so they printed as a box) become line breaks."""
    for separator, newline in _LINE_SEPARATORS.items():
        text = text.replace(separator, newline)
    return text


def _flatten_markers(match: re.Match) -> str:
    run = match.group(0)
    markers = _ONE_MARKER.findall(run.strip())
    if len(markers) <= MAX_NESTING:
        return run
    indent = run[: len(run) - len(run.lstrip())]
    kept = "".join(markers[:MAX_NESTING])
    rest = "".join(markers[MAX_NESTING:])
    trailing = run[len(run.rstrip()) :]
    return indent + kept + re.sub(r"([*+\->.)])", r"\\\1", rest).rstrip() + trailing


def _as_typed(text: str) -> str:
    """Source Markdown in which only the Markdown we allow does anything: raw HTML and
    entities are shown as typed (`<Tigrinya>` is a word, not a tag), a `#` at the start
    of a line is a character (headings are not allowed), `![x](…)` is not an image, and
    nesting is cut at MAX_NESTING levels. Code spans are left to Markdown, which escapes
    them itself."""
    text = _LEADING_MARKERS.sub(_flatten_markers, readable(text))
    text = re.sub(r"^([ \t]{0,3})#", r"\1\\#", text, flags=re.MULTILINE)
    text = text.replace("![", "!\\[")
    pieces, last = [], 0
    for match in _CODE_SPAN.finditer(text):
        pieces.append(_escape_html(text[last : match.start()]))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(_escape_html(text[last:]))
    return "".join(pieces)


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def html_depth(markup: str) -> int:
    """How deeply the elements of `markup` nest (void elements do not count)."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(markup):
        if name.lower() in _VOID or self_closing:
            continue
        depth += -1 if closing else 1
        deepest = max(deepest, depth)
    return deepest


def plain_html(text: str) -> str:
    """`text` as one escaped paragraph with its line breaks: the fallback that always prints."""
    return "<p>" + html.escape(readable(text).strip()).replace("\n", "<br>") + "</p>"


def checked_html(text: str, hard_breaks: bool = True) -> tuple[str, bool]:
    """(HTML, True) for text that renders safely; (plain_html(text), False) when it could
    not be rendered or nests too deep to print. Callers tell the facilitator which note."""
    try:
        rendered = safe_html(text, hard_breaks)
    except RecursionError:
        return plain_html(text), False
    if html_depth(rendered) > MAX_HTML_DEPTH:
        return plain_html(text), False
    return rendered, True


_converters = threading.local()
# Text with none of these is one plain paragraph to Markdown: no emphasis, code, link,
# HTML, entity, escape, heading, quote, line break, list or rule.
_MARKDOWN_SIGNS = re.compile(r"[*_`\[\]!<>&\\#\n\r\u2028\u2029~|]|^\s*(?:[-+=]|\d+[.)])|^\s{4}")


def _is_plain(text: str) -> bool:
    return _MARKDOWN_SIGNS.search(text) is None


def _converter(hard_breaks: bool) -> _markdown.Markdown:
    """One Markdown converter per thread and kind, reset between notes. Measured: building
    a new one per note was 60% of the time to make a 500-note report's HTML (4.6 of 7.3 s)."""
    kind = "hard" if hard_breaks else "prose"
    converter = getattr(_converters, kind, None)
    if converter is None:
        extensions = ["nl2br", "sane_lists"] if hard_breaks else ["sane_lists"]
        converter = _markdown.Markdown(extensions=extensions, output_format="html")
        setattr(_converters, kind, converter)
    return converter


def safe_html(text: str, hard_breaks: bool = True) -> str:
    """Markdown → HTML, cut down to the allowlist. Safe to mark as Markup in Jinja.

    `hard_breaks` keeps a note's line breaks as typed on a phone; template prose (wrapped
    in the TOML file for readability) is rendered as ordinary Markdown paragraphs. Raw
    HTML in `text` is shown as text (see _as_typed), then nh3 is the second guard.
    """
    text = text or ""
    if _is_plain(text):  # most notes: nothing Markdown would change, so skip it (same result)
        return "<p>" + html.escape(text.strip(), quote=False) + "</p>" if text.strip() else ""
    rendered = _converter(hard_breaks).reset().convert(_as_typed(text))
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_text(text: str) -> str:
    """What a person would read in the rendered note: tags dropped, entities decoded."""
    rendered, _ok = checked_html(text)
    return html.unescape(nh3.clean(rendered, tags=set())).strip()


# Characters that make Markdown fetch, link or nest HTML, or break a table cell.
_MD_ACTIVE = re.compile(r"([\\`*_\[\]>!|#])")
_ENTITY_LIKE = re.compile(r"&(#?\w+;)")


def inert_markdown(text: str) -> str:
    """A note as Markdown that any viewer shows as text and never fetches or links.

    The text is first reduced to what the PDF shows (so a hostile tag leaves no trace
    in either), then Markdown's active characters are escaped with a backslash.
    """
    text = _ENTITY_LIKE.sub(r"&amp;\1", plain_text(text))
    # "<" as an entity, not "\<": CommonMark and Python-Markdown both show "&lt;" as "<",
    # while Python-Markdown prints "\<" with its backslash.
    return _MD_ACTIVE.sub(r"\\\1", text).replace("<", "&lt;")


def one_line(text: str) -> str:
    """For a table cell: line breaks become spaces."""
    return " ".join(text.split())
