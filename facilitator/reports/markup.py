"""Untrusted Markdown to safe HTML, and untrusted text to inert Markdown.

Everything a participant or a template author wrote is untrusted: a note may hold raw
HTML (`<img src="file:///etc/passwd">`), Markdown images or `javascript:` links. Every
path that turns such text into HTML — the web view and the PDF — goes through
`safe_html`, which renders Markdown and then keeps only an allowlist of tags (nh3).

There are no links and no images at all (issue 12): a link is printed as its words and
then its address as text, `Download the evidence pack (https://evil.example/login)`, so
a reader sees where it points and nothing in a report can be clicked; an image is its
alt text and address. That rule is `link_as_text`, applied once inside the Markdown
converter (`_LinksAsText`), so the PDF, the handout, the HTML report and every page that
shows a note get it alike. Nothing in a note can make the renderer fetch anything.

The Markdown export has three siblings, one per kind of value (issue 14), none of which
a viewer (CommonMark, GitHub, Python-Markdown, Obsidian) shows as a link, an image, a
reference definition, raw HTML, a heading or a table break:
`literal_markdown` (a field shown as typed: title, venue, theme name, owner, ...),
`inert_markdown` (a note: what the PDF shows of it, as text) and `prose_markdown`
(Markdown kept for its lists and emphasis: findings, template wording).
"""

from __future__ import annotations

import html
import re
import threading

import markdown as _markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Text structure only: no a, no img, no link/style/iframe, no attributes, and no headings
# (a heading in a note would become a bookmark in the PDF). Without `a` nh3 is the second
# guard behind _LinksAsText: a link that slipped past it would still be only its words.
ALLOWED_TAGS = {
    "p", "br", "em", "strong", "b", "i", "u", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "hr", "sub", "sup", "bdi",
}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {}


def link_as_text(words: str, address: str) -> str:
    """How a link or an image is printed everywhere (issue 12): its words, then its
    address in brackets, as text — 'Download the evidence pack (https://evil.example/login)'.
    Words that are the address itself (or none) print the address once."""
    words, address = words.strip(), (address or "").strip()
    if not address or words == address:
        return words or address
    if not words:
        return address
    return f"{words} ({address})"


class _LinksAsText(Treeprocessor):
    """Every `<a>` and `<img>` Markdown made becomes text (link_as_text); a link's emphasis is kept."""

    def run(self, root):
        # Deepest first (reversed pre-order): an image inside a link is text before the link is.
        for parent in reversed(list(root.iter())):
            for child in [c for c in parent if c.tag in ("a", "img")]:
                if child.tag == "img":
                    child.text = link_as_text(child.get("alt", ""), child.get("src", ""))
                    _unwrap(parent, child, "")
                    continue
                words = "".join(child.itertext()).strip()
                shown = link_as_text(words, child.get("href", ""))
                if words and shown.startswith(words):
                    _unwrap(parent, child, shown[len(words) :])  # the words as they were, then " (address)"
                else:  # no words: the address stands for them
                    for kid in list(child):
                        child.remove(kid)
                    child.text = shown
                    _unwrap(parent, child, "")


def _unwrap(parent, child, after: str) -> None:
    """Put `child`'s content where it was, followed by the text `after`."""
    index = list(parent).index(child)
    kids = list(child)
    previous = parent[index - 1] if index else None
    lead, tail = child.text or "", after + (child.tail or "")
    parent.remove(child)
    _add_text(parent, previous, lead)
    for offset, kid in enumerate(kids):
        parent.insert(index + offset, kid)
    _add_text(parent, kids[-1] if kids else previous, tail)


def _add_text(parent, before, text: str) -> None:
    if not text:
        return
    if before is None:
        parent.text = (parent.text or "") + text
    else:
        before.tail = (before.tail or "") + text


class _NoLinksExtension(Extension):
    """Links and images as text; and no reference definitions: `[r]: http://…` is a line
    of the note like any other, so `![logo][r]` cannot be completed from elsewhere."""

    def extendMarkdown(self, md):
        md.parser.blockprocessors.deregister("reference")
        # After "inline" (20), which makes the links; before "unescape" (0), which restores
        # backslash-escaped characters in the text we move the address into.
        md.treeprocessors.register(_LinksAsText(md), "links_as_text", 15)


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
    of a line is a character (headings are not allowed), and nesting is cut at
    MAX_NESTING levels. Links and images are left to Markdown, then printed as text
    (_LinksAsText). Code spans are left to Markdown, which escapes them itself."""
    text = _LEADING_MARKERS.sub(_flatten_markers, readable(text))
    text = re.sub(r"^([ \t]{0,3})#", r"\1\\#", text, flags=re.MULTILINE)
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
        extensions.append(_NoLinksExtension())
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
        link_rel=None,
        strip_comments=True,
    )


_PM_ACTIVE = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")


def as_text_in_markdown(value: str) -> str:
    """`value` to be placed inside Markdown that safe_html renders (a template's wording),
    so that it prints exactly as typed: every character Python-Markdown could read as
    syntax is backslash-escaped (`<` and `&` are already shown as typed by _as_typed)."""
    return _PM_ACTIVE.sub(r"\\\1", " ".join(readable(value or "").split()))


def plain_text(text: str) -> str:
    """What a person would read in the rendered note: tags dropped, entities decoded."""
    rendered, _ok = checked_html(text)
    return html.unescape(nh3.clean(rendered, tags=set())).strip()


# --- Markdown export (issue 14) -----------------------------------------------------------
# Backslash escapes where CommonMark and Python-Markdown both honour them (see
# markdown.Markdown.ESCAPED_CHARS; `|` with the tables extension), character references
# where Python-Markdown would print the backslash (`<`, `~`, `=`, `:`, `@`). A character
# reference never makes structure in CommonMark, and Python-Markdown passes it through.
_MD_ACTIVE = re.compile(r"([\\`*_\[\]>!|#])")
_ENTITY_LIKE = re.compile(r"&(#?\w+;)")
_LINE_START = re.compile(r"^[ \t]*(?:([-+])|(=)|(\d+)([.)]))", re.MULTILINE)
# What viewers turn into a link without any brackets: an address with a scheme (GitHub,
# Obsidian), a www. address and an email address (GitHub), a bare domain such as
# evil.com/login (markdown-it's linkify, as in VS Code's preview). Escaping the `:`, a dot
# inside a word and the `@` splits the text the linkers read, and keeps the words.
_BARE_LINKS = (
    (re.compile(r":(?=//)"), "&#58;"),
    (re.compile(r"(?<=\w)\.(?=\w)"), r"\\."),
    (re.compile(r"(?<=\w)@(?=\w)"), "&#64;"),
)


def _no_bare_links(text: str) -> str:
    for pattern, replacement in _BARE_LINKS:
        text = pattern.sub(replacement, text)
    return text


def _line_start(match: re.Match) -> str:
    """A line may not begin a list, a setext heading underline or an ordered list."""
    bullet, equals, number, dot = match.groups()
    if bullet:
        return "\\" + bullet
    if equals:
        return "&#61;"
    return number + "\\" + dot


def literal_markdown(text: str) -> str:
    """A field as Markdown that every viewer shows exactly as typed, as text: titles,
    venue, names, theme names, owners, a commissioner's words — anything the PDF prints
    as plain text. No link, image, reference definition, raw HTML, emphasis, heading,
    list, code or table break can come of it, whoever typed it."""
    text = _ENTITY_LIKE.sub(r"&amp;\1", readable(text or ""))
    text = re.sub(r"^[ \t]+", "", text, flags=re.MULTILINE)  # an indented line would be code
    text = _MD_ACTIVE.sub(r"\\\1", text).replace("<", "&lt;").replace("~", "&#126;")
    text = _no_bare_links(text)
    return _LINE_START.sub(_line_start, text)


def inert_markdown(text: str) -> str:
    """A note (or an action's text) as Markdown that any viewer shows as text and never
    fetches or links: first reduced to what the PDF shows of it (so a hostile tag leaves
    no trace in either, and a link is its words and address), then literal_markdown."""
    return literal_markdown(plain_text(text))


# In prose, a backslash pair the author typed is kept (it escapes as they meant); a bare
# bracket, pipe, backtick or `#` (a heading, also inside a list or quote) is escaped; `<` is always a character reference, because
# Python-Markdown reads `\<img>` as a backslash and then raw HTML.
_PROSE_TOKEN = re.compile(r"\\<|\\[!-/:-@\[-`{-~]|[\[\]|`<]|(?<!&)#")
_PROSE_LINK = re.compile(r"(?<!\\)(!?)\[((?:\\.|[^\[\]\\\n])*)\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+\"[^\"\n]*\")?\s*\)")
_SETEXT = re.compile(r"^([ \t]*)([=-])(?=\2*[ \t]*$)", re.MULTILINE)


def _prose_token(match: re.Match) -> str:
    token = match.group(0)
    if token in ("<", "\\<"):
        return "&lt;"
    if token.startswith("\\"):
        return token
    return "\\" + token


def prose_markdown(text: str) -> str:
    """Markdown kept as Markdown — the facilitator's findings and recommendations, a
    template's introduction — with its paragraphs, lists and emphasis, but nothing a
    viewer would fetch, follow or lay out as something else: an inline link or image
    becomes link_as_text, and no link, image, reference definition, raw HTML, heading,
    code span or table can be made from what is left."""
    text = readable(text or "")
    text = _PROSE_LINK.sub(lambda m: link_as_text(m.group(2), m.group(3)), text)
    text = _PROSE_TOKEN.sub(_prose_token, text)
    text = _SETEXT.sub(lambda m: m.group(1) + ("&#61;" if m.group(2) == "=" else "\\-"), text)
    return _no_bare_links(text)


def one_line(text: str) -> str:
    """For a table cell: line breaks become spaces."""
    return " ".join(text.split())
