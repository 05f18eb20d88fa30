"""The hostile-text test, extended to responses: every surface that shows a response shows it as text."""

from __future__ import annotations

import pytest

from facilitator.reports.build import load_context
from facilitator.reports.handout import render_handout
from facilitator.reports.markdown_report import render_markdown
from tests.respond.conftest import item_keys
from tests.security.test_hostile_input import HOSTILE


def _harmless(html: str, text: str) -> None:
    assert text not in html  # never echoed raw
    assert "<script>alert" not in html and 'onerror="alert' not in html and "<svg onload" not in html
    assert 'href="javascript' not in html.lower() and 'href="data:' not in html


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_responses_are_harmless_text_on_every_page_and_export(text, app, service, commissioner, answer, answerable, facilitator_client):
    service.update_findings(answerable["code"], findings="", recommendations=f"- {text}")  # the facilitator's words too
    page = commissioner["browser"].get(f"/respond/{answerable['code']}").get_data(as_text=True)
    _harmless(page, text)
    for item in item_keys(page):
        assert answer(item, decision="not_ours", forward_to=text[:200], what=text, who=text[:200], fed_into=text).status_code == 302
    following = service.next_cycle(answerable["code"])
    pages = [
        commissioner["browser"].get(f"/respond/{answerable['code']}"),
        facilitator_client.get(f"/facilitator/w/{answerable['code']}"),
        facilitator_client.get("/facilitator/"),
        facilitator_client.get("/facilitator/impact"),
        facilitator_client.get(f"/facilitator/w/{following.code}"),
        facilitator_client.get(f"/facilitator/w/{following.code}/report/"),
    ]
    for shown in pages:
        assert shown.status_code == 200
        _harmless(shown.get_data(as_text=True), text)
    context = load_context(app.extensions["db"], service.templates, answerable["code"])
    for language in ("en", "ar"):
        _harmless(render_handout(context, language), text)
    markdown = render_markdown(context) + facilitator_client.get("/facilitator/impact.md").get_data(as_text=True)
    assert "<script" not in markdown and "<img" not in markdown and "<svg" not in markdown
