"""The translator's page, "The facilitator's words" (issue 28, item 1), in Chromium on a
1280×720 laptop against the real server: an interpreter opens their link, chooses Arabic
(remembered by the browser), translates the question and a theme's name right to left,
and sees each marked "Translated by the interpreter"; once the facilitator renames the
theme, its entry says it is out of date and keeps the old words as a starting point; a
refusal leaves what was typed in the box. The interpreter is never shown a proposed action.
Screenshots of both ways in at 1280×720 and 1920×1080 go to /tmp/shots-helperA/."""

from __future__ import annotations

import os
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.test_a11y import axe_source, axe_violations  # noqa: F401, F811  (axe_source is a fixture)
from tests.browser.workshop_builder import Facilitator, Phone

SHOTS = "/tmp/shots-helperA"
QUESTION = "How do people get an interpreter when they see a GP?"
QUESTION_AR = "كيف يحصل الناس على مترجم عندما يراجعون الطبيب العام؟"
THEMES = {
    "what": ["Interpreter booked for the wrong dialect", "Letters only in English"],
    "so-what": ["Children interpret for their parents", "Nobody says the service is free"],
    "now-what": ["Ask every patient their language", "Train reception staff"],
}
AGREED = [
    ("Book interpreters for the right dialect at registration", "Practice manager"),
    ("Send appointment letters in the patient's language", "ICB communications team"),
    ("Put a poster in reception saying interpreting is free", "Reception team"),
    ("Report back to the partnership board in March", "Healthwatch"),
]
PROPOSED = "Ring the practice every week to check on the booking"
PHONES = ["fa", "fa", "fa", "ar", "ar", "uk"]  # more Persian than Arabic: the Arabic interpreter must choose


@pytest.fixture(scope="module")
def room(live_server):
    """A workshop as a facilitator leaves it after the Now what?: title, question, the
    three phases, six themes, four agreed actions and one proposal, six phones joined."""
    links = live_server.new_workshop("Interpreting in primary care", question=QUESTION)
    facilitator = Facilitator(live_server, links["code"])
    phones = []
    try:
        facilitator.call("workshop:status", {"status": "live"})
        phones = [Phone(live_server.url, links["code"], "lived-experience", language) for language in PHONES]
        themes = {}
        for phase, names in THEMES.items():
            facilitator.call("phases:open", {"phases": [phase]})
            for name in names:
                note = phones[0].post(f"{name} (a note)", phase)
                made = facilitator.call("theme:create", {"phase": phase, "name": name, "notes": [note["id"]]})
                themes[name] = next(t["id"] for t in made["themes"] if t["name"] == name)
        for text, owner in AGREED:
            facilitator.call("action:save", {"id": str(uuid.uuid4()), "text": text, "owner": owner, "status": "confirmed"})
        proposal = phones[3].client.call("action:propose", {"id": str(uuid.uuid4()), "text": PROPOSED, "owner": "Me"}, timeout=15)
        assert proposal["ok"], proposal
    finally:
        for phone in phones:
            phone.close()
    yield {"code": links["code"], "facilitator": facilitator, "themes": themes}
    facilitator.close()


@pytest.fixture(scope="module")
def interpreter_link(browser, live_server, room):
    """The interpreter link, made by the facilitator on the translations page."""
    from tests.conftest import PASSCODE

    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(live_server.url + "/facilitator/")
    page.fill("#passcode", PASSCODE)
    page.click("button[type=submit]")
    page.wait_for_url("**/facilitator/")
    page.goto(f"{live_server.url}/facilitator/w/{room['code']}/translations")
    page.click("text=Make an interpreter link")
    link = page.locator("#interpreter-url").input_value()
    context.close()
    return link


@pytest.fixture
def interpreter(browser, interpreter_link):
    """The interpreter's laptop (1280×720), on their link and connected; no script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(interpreter_link)
    expect(page.locator("#translations-status")).to_have_text("Connected.")
    yield page
    context.close()
    assert errors == []


def entry(page, subject, field):
    return page.locator(f'form.wording-form[data-subject="{subject}"][data-field="{field}"]')


def shoot(page, name, width, height):
    os.makedirs(SHOTS, exist_ok=True)
    page.set_viewport_size({"width": width, "height": height})
    page.screenshot(path=f"{SHOTS}/{name}-{width}x{height}.png")
    page.screenshot(path=f"{SHOTS}/{name}-{width}x{height}-full.png", full_page=True)


def test_an_interpreter_translates_into_arabic_and_sees_a_renamed_theme_out_of_date(interpreter, room):
    page = interpreter
    expect(page.locator("#wording-h")).to_have_text("The facilitator's words")
    expect(page.locator("#wording-language")).to_have_value("fa")  # the most phones: Persian
    total = page.locator("form.wording-form").count()
    assert total >= 2 + 3 * 2 + 6 + 4 * 2, "the title, question, phases, six themes and four actions are not all listed"
    expect(page.locator("#wording")).not_to_contain_text(PROPOSED)

    page.select_option("#wording-language", "ar")
    expect(page.locator("#wording-count")).to_contain_text(f"of {total} still to translate into Arabic")
    before = int(page.locator("#wording-count").inner_text().split()[0])

    question = entry(page, "workshop", "question")
    expect(question.locator(".wording-original")).to_have_text(QUESTION)
    box = question.locator("textarea")
    assert (box.get_attribute("lang"), box.get_attribute("dir")) == ("ar", "rtl")
    expect(question.locator(".wording-state")).to_have_text("Not yet translated")
    box.fill(QUESTION_AR)
    question.locator("button[type=submit]").click()
    expect(question.locator(".message")).to_have_text("Saved.")
    expect(question.locator(".wording-state")).to_have_text("Translated by the interpreter")

    theme_id = room["themes"]["Letters only in English"]
    theme = entry(page, f"theme:{theme_id}", "name")
    theme.locator("textarea").fill("الرسائل بالإنجليزية فقط")
    theme.locator("button[type=submit]").click()
    expect(theme.locator(".wording-state")).to_have_text("Translated by the interpreter")
    expect(page.locator("#wording-count")).to_have_text(f"{before - 2} of {total} still to translate into Arabic")
    shoot(page, "interpreter-saved", 1280, 720)
    page.set_viewport_size({"width": 1280, "height": 720})

    # The facilitator renames the theme: opened again, Arabic is still chosen and the
    # entry is out of date, the old words kept as a starting point.
    room["facilitator"].call("theme:rename", {"theme": theme_id, "name": "Letters and texts only in English"})
    page.reload()
    expect(page.locator("#translations-status")).to_have_text("Connected.")
    expect(page.locator("#wording-language")).to_have_value("ar")
    theme = entry(page, f"theme:{theme_id}", "name")
    expect(theme.locator(".wording-original")).to_have_text("Letters and texts only in English")
    expect(theme.locator(".wording-state")).to_have_text("Out of date: the original changed — check it")
    expect(theme.locator("textarea")).to_have_value("الرسائل بالإنجليزية فقط")
    expect(page.locator("#wording-count")).to_have_text(f"{before - 1} of {total} still to translate into Arabic")
    theme.scroll_into_view_if_needed()
    shoot(page, "interpreter-out-of-date", 1280, 720)


def test_a_refusal_is_shown_by_the_entry_and_what_was_typed_stays(interpreter, room):
    page = interpreter
    page.select_option("#wording-language", "ar")
    theme_id = room["themes"]["Train reception staff"]
    theme = entry(page, f"theme:{theme_id}", "name")
    room["facilitator"].call("theme:delete", {"theme": theme_id})
    theme.locator("textarea").fill("تدريب موظفي الاستقبال")
    theme.locator("button[type=submit]").click()
    expect(theme.locator(".message")).not_to_have_text("Saving…")
    expect(theme.locator(".message")).not_to_have_text("Saved.")
    assert theme.locator(".message").inner_text().strip(), "the refusal says nothing"
    expect(theme.locator("textarea")).to_have_value("تدريب موظفي الاستقبال")
    expect(theme.locator(".wording-state")).to_contain_text("not saved yet")
    # Another language and back: the typed words are still there.
    page.select_option("#wording-language", "uk")
    expect(theme.locator("textarea")).to_have_value("")
    page.select_option("#wording-language", "ar")
    expect(theme.locator("textarea")).to_have_value("تدريب موظفي الاستقبال")
    theme.locator("textarea").fill("")  # let the page go without asking to keep them


def test_screenshots_of_both_ways_in(browser, live_server, interpreter, room, axe_source):  # noqa: F811
    from tests.conftest import PASSCODE

    interpreter.select_option("#wording-language", "ar")
    assert axe_violations(interpreter, axe_source) == []
    for width, height in ((1280, 720), (1920, 1080)):
        shoot(interpreter, "interpreter", width, height)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        page.goto(live_server.url + "/facilitator/")
        page.fill("#passcode", PASSCODE)
        page.click("button[type=submit]")
        page.wait_for_url("**/facilitator/")
        page.goto(f"{live_server.url}/facilitator/w/{room['code']}/translations")
        expect(page.locator("#translations-status")).to_have_text("Connected.")
        expect(page.locator("#wording")).to_contain_text(PROPOSED)  # the facilitator's own list has it
        for width, height in ((1280, 720), (1920, 1080)):
            shoot(page, "facilitator", width, height)
        page.set_viewport_size({"width": 1280, "height": 720})
        page.locator("#w-workshop").scroll_into_view_if_needed()
        page.screenshot(path=f"{SHOTS}/facilitator-section-1280x720.png")
        page.locator(".wording-heading", has_text="proposed").scroll_into_view_if_needed()
        page.screenshot(path=f"{SHOTS}/facilitator-actions-1280x720.png")
    finally:
        context.close()
