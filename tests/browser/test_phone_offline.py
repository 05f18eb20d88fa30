"""A reload without signal shows the phone's own page, with its notes and its outbox
(issue 10, phones), not the browser's "This site can't be reached".

The phone page registers a service worker (/j/sw.js) that keeps a copy of the page and
its files; the page then draws itself from what the phone keeps in localStorage.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.phone_fixtures import *  # noqa: F403  (fixtures: room, phone_in, facilitator)
from tests.browser.phone_fixtures import QUESTION, shoot
from tests.conftest import PHONE


def post(phone, text):
    phone.fill("#note-text", text)
    phone.locator("#note-form button[type=submit]").click()


@pytest.mark.parametrize("language", ["en", "ar", "fa"])
def test_a_reload_without_signal_shows_the_phones_own_page_with_its_notes_and_outbox(room, phone_in, language):
    workshop = room(f"No signal in the waiting room ({language})")
    workshop.console.open_only("what")
    phone = phone_in(workshop, language)
    post(phone, "Posted while the signal was good")
    expect(phone.locator("#my-notes .note.sent")).to_have_count(1)
    expect(phone.locator("#phone")).to_have_attribute("data-offline-ready", "yes", timeout=15_000)

    phone.context.set_offline(True)
    expect(phone.locator("#connection")).to_have_attribute("data-state", "offline", timeout=30_000)
    post(phone, "Written in the lift")
    expect(phone.locator("#my-notes .note.sending")).to_have_count(1)
    phone.fill("#note-text", "Half a thought")

    answer = phone.reload()
    assert answer is not None and answer.from_service_worker
    expect(phone.locator("#phone")).to_be_visible()
    expect(phone.locator("#my-notes .note.sent")).to_contain_text("Posted while the signal was good")
    expect(phone.locator("#my-notes .note.sending")).to_contain_text("Written in the lift")
    expect(phone.locator("#note-text")).to_have_value("Half a thought")
    if language == "en":
        expect(phone.locator("#question")).to_have_text(QUESTION)
    else:  # as the facilitator wrote it (no translation yet), marked so in the page's language
        expect(phone.locator("#question .original")).to_have_text(QUESTION)
        expect(phone.locator("#question .untranslated")).to_be_visible()
    expect(phone.locator("#connection")).to_have_attribute("data-state", "offline", timeout=30_000)
    expect(phone.locator("html")).to_have_attribute("lang", language)
    if language == "ar":
        expect(phone.locator("#phase-title")).to_have_text("ماذا؟")
    shoot(phone, f"{language}-offline-reload")

    phone.context.set_offline(False)   # back in signal: the outbox goes out, once
    expect(phone.locator("#my-notes .note.sent")).to_have_count(2, timeout=30_000)
    snapshot = workshop.console.call("sync", {"since": 0})
    assert sorted(n["text"] for n in snapshot["notes"]) == ["Posted while the signal was good", "Written in the lift"]


def test_without_the_service_worker_the_same_reload_fails(browser, room):
    """The control: the offline emulation really cuts the network, so the test above
    shows the service worker at work, not a network that was still there."""
    workshop = room("No signal, no service worker")
    context = browser.new_context(**PHONE, service_workers="block")
    try:
        phone = context.new_page()
        phone.goto(workshop.join_url)
        context.set_offline(True)
        with pytest.raises(PlaywrightError):
            phone.reload()
    finally:
        context.close()


def test_the_service_worker_is_served_beside_the_phone_pages_and_never_stale(client):
    """Its address (/j/sw.js) gives it the scope /j/: every phone page and nothing else;
    no-cache lets a new version reach phones at once."""
    answer = client.get("/j/sw.js")
    body = answer.get_data()
    answer.close()  # the file it streams from
    assert answer.status_code == 200
    assert answer.mimetype == "text/javascript"
    assert answer.headers["Cache-Control"] == "no-cache"
    assert b"/socket.io/" in body  # it leaves the live connection alone
