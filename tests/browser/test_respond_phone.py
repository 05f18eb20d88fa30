"""The commissioners' page is short on a phone (issue 28, item 10): with 11 things to answer
it was 14,587 px tall on a phone. Now one item is open at a time and the others show their
words and whether they are answered; a recommendation's Markdown is rendered (safely), and
an action a participant suggested in Arabic shows its English translation under it.

Real Chromium against the real server, at 360×740 (a phone) and 1280×720 (a laptop).
Screenshots go to $RESPOND_SHOTS when it is set (a folder).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import requests
import socketio
from playwright.sync_api import expect

from tests.browser.workshop_builder import Facilitator, Phone
from tests.conftest import PHONE

RECOMMENDATIONS = """- Book an interpreter who speaks the patient's language **and dialect**.
- Check at reception that the interpreter was booked <script>window.pwned = 1</script>
- Send appointment letters in the patient's language as well as in English.
- Tell people at registration that interpreting is free.
- Come back to this group in six months and say what changed."""
ACTIONS = [
    ("Add dialect to the interpreter booking form", "NHS West Yorkshire ICB"),
    ("Audit a month of bookings for missed interpreters", "Practice managers"),
    ("Translate the appointment letter template into the five main languages", "Leeds Teaching Hospitals"),
    ("Put a poster about free interpreting in every waiting room", "Healthwatch Leeds"),
    ("Train reception staff to use telephone interpreting", "Leeds GP Confederation"),
]
SUGGESTED = "نريد مترجماً يتكلم لهجتنا في كل موعد"
SUGGESTED_EN = "We want an interpreter who speaks our dialect at every appointment"
THEMES = [("Interpreters not booked", 4), ("Letters only in English", 3), ("Long waits on the telephone", 2)]


def _shot(page, name: str) -> None:
    folder = os.environ.get("RESPOND_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def _interpreter_translates(server_url: str, link: str, payload: dict) -> dict:
    """What an interpreter's browser does: open the link (its session), then wording:translate."""
    http = requests.Session()
    http.get(link, timeout=10)
    client = socketio.Client(reconnection=False, http_session=http)
    client.connect(server_url, transports=["websocket"], wait_timeout=10)
    try:
        return client.call("wording:translate", payload, timeout=15)
    finally:
        client.shutdown()
        http.close()


@pytest.fixture(scope="module")
def response_link(browser, live_server):
    """A workshop with 5 recommendations and 6 agreed actions (one suggested from an Arabic
    phone and translated into English by the interpreter), 3 voted themes; its response link."""
    from tests.conftest import PASSCODE

    links = live_server.new_workshop("Interpreting in primary care", question="What would make interpreting work?")
    code = links["code"]
    facilitator = Facilitator(live_server, code)
    phone = Phone(live_server.url, code, "lived-experience", "ar")
    try:
        facilitator.call("workshop:status", {"status": "live"})
        facilitator.call("phases:open", {"phases": ["what"]})
        themes = []
        for name, count in THEMES:
            ids = [phone.post(f"{name}: example {i}", "what")["id"] for i in range(count)]
            themes.append((facilitator.call("theme:create", {"phase": "what", "name": name, "notes": ids})["themes"][0], count))
        facilitator.call("voting:open", {"phase": "what", "dots": 3})
        for first in range(len(themes)):  # three people: 3, 2 and 1 dots, most on the first theme
            voter = Phone(live_server.url, code, "practitioner", "en")
            try:
                for theme, _count in themes[: len(themes) - first]:
                    answer = voter.client.call("vote:add", {"kind": "theme", "id": theme["id"]}, timeout=15)
                    assert answer["ok"], answer
            finally:
                voter.close()
        facilitator.call("phases:open", {"phases": ["now-what"]})
        for text, owner in ACTIONS:
            facilitator.call("action:save", {"id": str(uuid.uuid4()), "text": text, "owner": owner, "status": "confirmed"})
        suggested = str(uuid.uuid4())
        assert phone.client.call("action:propose", {"id": suggested, "text": SUGGESTED}, timeout=15)["ok"]
        facilitator.call("action:save", {"id": suggested, "status": "confirmed"})
    finally:
        phone.close()
        facilitator.close()

    context = browser.new_context(viewport={"width": 1366, "height": 800})
    try:
        console = context.new_page()
        console.goto(live_server.url + "/facilitator/")
        console.fill("#passcode", PASSCODE)
        console.click("button[type=submit]")
        console.wait_for_url("**/facilitator/")
        console.goto(f"{live_server.url}/facilitator/w/{code}/translations")
        console.click("text=Make an interpreter link")
        interpreter = console.locator("#interpreter-url").input_value()
        answer = _interpreter_translates(
            live_server.url, interpreter,
            {"subject": f"action:{suggested}", "field": "text", "language": "en", "text": SUGGESTED_EN},
        )
        assert answer["ok"], answer
        console.goto(f"{live_server.url}/facilitator/w/{code}#report")
        console.fill("#r-recommendations", RECOMMENDATIONS)
        with console.expect_navigation():
            console.click("#report-front button[type=submit]")
        console.click("#make-response-link")
        console.wait_for_selector("#response-url")
        return console.input_value("#response-url")
    finally:
        context.close()


def _open_commissioner(browser, link: str, size: dict):
    context = browser.new_context(**size)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(link)
    return context, page, errors


def _page_height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_on_a_phone_eleven_items_fit_in_under_two_and_a_half_screens(browser, response_link):
    context, page, errors = _open_commissioner(browser, response_link, PHONE)
    try:
        items = page.locator(".respond-item")
        expect(items).to_have_count(11)
        open_items = page.locator(".respond-item > details[open]")
        expect(open_items).to_have_count(1)  # the first not yet answered
        expect(items.nth(0).locator(":scope > details")).to_have_attribute("open", "")
        expect(page.locator("#evidence")).not_to_have_attribute("open", "")  # the evidence waits on a phone
        height = _page_height(page)
        assert height < 2.5 * 740, height
        assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing to scroll sideways
        # Every closed item still says what it is and that it is not answered yet.
        expect(items.nth(6).locator(":scope > details > summary")).to_contain_text("Not answered yet")
        expect(items.nth(6).locator(":scope > details > summary")).to_contain_text("Audit a month of bookings")
        _shot(page, "respond-phone.png")

        # Opening another closes the first: still one open, and still short.
        items.nth(7).locator(":scope > details > summary").click()
        expect(items.nth(7).locator(":scope > details")).to_have_attribute("open", "")
        expect(open_items).to_have_count(1)
        assert _page_height(page) < 2.5 * 740
        assert errors == []
    finally:
        context.close()


def test_recommendations_show_their_bold_and_never_run_a_script(browser, response_link):
    context, page, errors = _open_commissioner(browser, response_link, PHONE)
    try:
        first = page.locator(".respond-item").nth(0)
        expect(first.locator(".item-text strong")).to_have_text("and dialect")
        assert "**" not in first.inner_text()
        second = page.locator(".respond-item").nth(1)
        expect(second.locator(".item-text")).to_contain_text("<script>window.pwned = 1</script>")  # shown as words
        assert page.locator(".respond-items script").count() == 0
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert errors == []
    finally:
        context.close()


def test_an_action_suggested_in_arabic_shows_its_english_translation(browser, response_link):
    for size, name in ((PHONE, "respond-phone-arabic.png"), ({"viewport": {"width": 1280, "height": 720}}, "respond-laptop.png")):
        context, page, errors = _open_commissioner(browser, response_link, size)
        try:
            item = page.locator(".respond-item", has_text=SUGGESTED)
            expect(item).to_have_count(1)
            expect(item.locator(".item-text")).to_have_text(SUGGESTED)
            expect(item.locator(".item-text")).to_have_attribute("dir", "auto")
            expect(item.locator(".item-translation")).to_have_text(f"Translated by an interpreter: {SUGGESTED_EN}")
            if name == "respond-laptop.png":
                expect(page.locator("#evidence")).to_have_attribute("open", "")  # room for the evidence on a laptop
                expect(page.locator(".respond-item > details[open]")).to_have_count(1)
            else:
                item.locator(":scope > details > summary").click()  # opened, it shows both whole
                expect(item.locator(".item-translation")).to_be_visible()
            _shot(page, name)
            assert errors == []
        finally:
            context.close()

