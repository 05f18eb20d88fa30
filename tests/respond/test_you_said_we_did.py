"""The participants' easy-read handout says what the commissioners decided."""

from __future__ import annotations

from facilitator.reports.build import load_context
from facilitator.reports.handout import render_handout

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(1)>'


def test_the_handout_says_what_was_decided_in_plain_words_and_as_text(app, service, answer, answerable):
    referral, training = answerable["actions"]
    assert answer(f"action:{referral}", decision="agreed", what="Interpreters are booked with the referral", who="ICB", by_when="2026-10-01").status_code == 302
    assert answer(f"action:{training}", decision="not_ours", forward_to=HOSTILE, what=HOSTILE).status_code == 302
    context = load_context(app.extensions["db"], service.templates, answerable["code"])
    english = render_handout(context, "en")
    assert "You said, we did" in english and "They said yes." in english
    assert "Interpreters are booked with the referral" in english and "1 October 2026" in english
    assert "They cannot decide this themselves" in english
    assert "<script>" not in english and "<img src=x" not in english and "&lt;script&gt;" in english
    arabic = render_handout(context, "ar")
    assert 'lang="ar"' in arabic and "Interpreters are booked with the referral" in arabic  # their words as written
    assert "<script>" not in arabic


def test_no_decisions_no_section(app, service, answerable):
    context = load_context(app.extensions["db"], service.templates, answerable["code"])
    assert "You said, we did" not in render_handout(context, "en")
