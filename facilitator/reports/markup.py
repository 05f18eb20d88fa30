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


def safe_html(text: str, hard_breaks: bool = True) -> str:
    """Markdown → HTML, cut down to the allowlist. Safe to mark as Markup in Jinja.

    `hard_breaks` keeps a note's line breaks as typed on a phone; template prose (wrapped
    in the TOML file for readability) is rendered as ordinary Markdown paragraphs.
    """
    extensions = ["nl2br", "sane_lists"] if hard_breaks else ["sane_lists"]
    rendered = _markdown.markdown(text or "", extensions=extensions, output_format="html")
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
    return html.unescape(nh3.clean(safe_html(text), tags=set())).strip()


# Characters that make Markdown fetch, link or nest HTML, or break a table cell.
_MD_ACTIVE = re.compile(r"([\\`*_\[\]<>!|#])")


def inert_markdown(text: str) -> str:
    """A note as Markdown that any viewer shows as text and never fetches or links.

    The text is first reduced to what the PDF shows (so a hostile tag leaves no trace
    in either), then Markdown's active characters are escaped with a backslash.
    """
    return _MD_ACTIVE.sub(r"\\\1", plain_text(text))


def one_line(text: str) -> str:
    """For a table cell: line breaks become spaces."""
    return " ".join(text.split())
