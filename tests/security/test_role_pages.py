"""Issue 21, rows 1 and 4: a refused request to a role's page carries no workshop data,
and the code-bearing role pages are no oracle for join codes."""

from __future__ import annotations

import re

import pytest

from tests.respond.conftest import RECOMMENDATIONS, answerable, commissioner, console_page, csrf_of, make_link  # noqa: F401  (fixtures)

WORKSHOP_WORDS = ("Interpreting in primary care", "What helps?", "Book an interpreter", "Add interpreter booking", "Train reception staff")


def stranger_with_a_form_token(app):
    """Any visitor: the sign-in page hands out a form token to everyone."""
    browser = app.test_client()
    page = browser.get("/facilitator/signin").get_data(as_text=True)
    return browser, csrf_of(page)


def assert_says_nothing(response, label):
    body = response.get_data(as_text=True)
    for words in WORKSHOP_WORDS:
        assert words not in body, f"{label} ({response.status_code}) shows {words!r}"


def test_a_stranger_posting_an_answer_without_the_link_is_shown_nothing(app, service, answerable, facilitator_client):
    """Row 1: with a form token from the sign-in page and a bad item, the answer used to be
    a 400 carrying the whole commissioners' page."""
    browser, csrf = stranger_with_a_form_token(app)
    code = answerable["code"]
    for item in ("x", f"action:{answerable['actions'][0]}"):
        refused = browser.post(f"/respond/{code}", data={"csrf_token": csrf, "item": item, "decision": "agreed"})
        assert refused.status_code == 404
        assert_says_nothing(refused, "a refused answer")
    assert service.responses(code) == []  # nothing was recorded


def test_a_revoked_link_or_an_archived_workshop_shows_nothing_either(app, service, answerable, commissioner):
    code = answerable["code"]
    service.set_status(code, "archived")
    browser = commissioner["browser"]
    for response in (browser.get(f"/respond/{code}"),
                     browser.post(f"/respond/{code}", data={"csrf_token": commissioner["csrf"], "item": "x"})):
        assert response.status_code == 404
        assert_says_nothing(response, "an archived workshop's page")
    service.set_status(code, "live")
    service.revoke_response_link(code)
    refused = browser.post(f"/respond/{code}", data={"csrf_token": commissioner["csrf"], "item": "x"})
    assert refused.status_code == 404
    assert_says_nothing(refused, "a revoked link's answer")


@pytest.mark.parametrize("path", ["/respond/{code}", "/interpret/{code}", "/respond/{code}/not-the-link", "/interpret/{code}/not-the-link"])
def test_a_role_page_answers_the_same_for_a_real_code_and_an_unknown_one(app, service, workshop, path):
    """Row 4: the answer used to be 403 for a real code (archived too) and 404 for none."""
    service.make_response_link(workshop.code)
    service.make_interpreter_link(workshop.code)
    archived = service.create_workshop("adaptive-action", title="Put away")
    service.set_status(archived.code, "archived")
    answers = set()
    for code in (workshop.code, archived.code, "QQQQQQ"):
        response = app.test_client().get(path.format(code=code))
        body = re.sub(r'name="csrf_token" value="[^"]*"', "", response.get_data(as_text=True))
        answers.add((response.status_code, body))
    assert len(answers) == 1, f"{path} tells a real code from an unknown one: {sorted(a[0] for a in answers)}"


def test_guessing_codes_on_the_role_pages_is_limited_like_joining(app):
    """Row 4: 500 guesses a second were never refused; now the shared join-code limiter applies."""
    browser = app.test_client()
    statuses = [browser.get(f"/respond/ZZZ{n:03d}").status_code for n in range(40)]
    assert 429 in statuses, statuses
    assert browser.get("/interpret/ZZZ999").status_code == 429  # the same limiter on every path
    assert browser.get("/j/ZZZ998").status_code == 429
