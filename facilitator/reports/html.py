"""The report as HTML, from facilitator/templates/report/ (used by the web view and the PDF).

Its own Jinja environment, not Flask's, so the command line and the PDF child process
render exactly what the console shows without an app or a request.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from facilitator.reports.context import ReportContext

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"
STYLESHEET = STATIC_DIR / "report.css"


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,  # a typo in the template fails loudly, not as a blank
        trim_blocks=False,
    )


def render_html(context: ReportContext, stylesheet: str | None = None) -> str:
    """The whole report as one HTML document.

    `stylesheet` is the address the page links its CSS from: a URL path on the web,
    and by default the file itself, which the PDF's URL fetcher allows.
    """
    href = stylesheet if stylesheet is not None else STYLESHEET.as_uri()
    return environment().get_template("report/report.html").render(r=context, stylesheet=href)
