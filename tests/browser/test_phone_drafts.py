"""A note being written belongs to the phase it was started for (issue 10, phones).

When that phase closes, the phone says so and offers to post the note to the phase now
open, or to keep it; it never moves the note by itself. A draft survives a reload and
a language switch.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.phone_fixtures import *  # noqa: F403  (fixtures: room, phone_in, facilitator)
from tests.browser.phone_fixtures import shoot


def notes_in(console, phase):
    """The texts the facilitator's snapshot holds for one phase."""
    snapshot = console.call("sync", {"since": 0})
    return [n["text"] for n in snapshot["notes"] if n["phase"] == phase and not n.get("hidden")]


def test_a_draft_whose_phase_closed_is_offered_to_the_open_phase_and_posted_there(room, phone_in):
    workshop = room("Drafts move only when asked")
    workshop.console.open_only("what")
    phone = phone_in(workshop)
    phone.fill("#note-text", "The interpreter came on the wrong day")

    workshop.console.open_only("so-what")
    prompt = phone.locator("#draft-closed")
    expect(prompt).to_be_visible()
    expect(prompt).to_contain_text("You started this note for “What?”. That part has closed, so it was not sent.")
    expect(prompt).to_contain_text("The interpreter came on the wrong day")
    expect(phone.locator("#note-text")).to_have_value("")
    expect(prompt.get_by_role("button", name="Keep it on this phone")).to_be_visible()
    phone.wait_for_timeout(500)
    assert notes_in(workshop.console, "so-what") == [], "the draft moved without being asked"
    shoot(phone, "en-draft-phase-closed")

    prompt.get_by_role("button", name="Post it to “So what?”").click()
    expect(prompt).to_be_hidden()
    expect(phone.locator("#my-notes .note")).to_contain_text("On the board")
    assert notes_in(workshop.console, "so-what") == ["The interpreter came on the wrong day"]
    assert notes_in(workshop.console, "what") == []


def test_a_kept_draft_stays_on_the_phone_until_the_person_posts_it(room, phone_in):
    workshop = room("Kept drafts")
    workshop.console.open_only("what")
    phone = phone_in(workshop)
    phone.fill("#note-text", "Letters come in English only")
    workshop.console.open_only("so-what")

    phone.locator("#draft-closed").get_by_role("button", name="Keep it on this phone").click()
    expect(phone.locator("#draft-closed")).to_be_hidden()
    kept = phone.locator("#my-notes .note.kept")
    expect(kept).to_contain_text("Letters come in English only")
    expect(kept).to_contain_text("Kept on this phone, not sent. It was for “What?”.")
    phone.reload()
    expect(kept).to_contain_text("Letters come in English only")
    phone.wait_for_timeout(500)
    assert notes_in(workshop.console, "so-what") == [] and notes_in(workshop.console, "what") == []

    workshop.console.open_only("what")  # its own phase opens again: it can go there
    kept.get_by_role("button", name="Post it to “What?”").click()
    expect(phone.locator("#my-notes .note")).to_contain_text("On the board")
    assert notes_in(workshop.console, "what") == ["Letters come in English only"]


def test_a_draft_survives_a_reload_and_a_language_switch(room, phone_in):
    workshop = room("Drafts are kept")
    workshop.console.open_only("what")
    phone = phone_in(workshop)
    phone.fill("#note-text", "Half-written: the receptionist said")
    phone.reload()
    expect(phone.locator("#note-text")).to_have_value("Half-written: the receptionist said")

    phone.locator('#languages a[hreflang="ar"]').click()
    expect(phone.locator("html")).to_have_attribute("lang", "ar")
    expect(phone.locator("#note-text")).to_have_value("Half-written: the receptionist said")
    expect(phone.locator("#phase-title")).to_have_text("ماذا؟")

    phone.locator('#languages a[hreflang="fa"]').click()
    expect(phone.locator("html")).to_have_attribute("lang", "fa")
    expect(phone.locator("#note-text")).to_have_value("Half-written: the receptionist said")
    phone.locator("#note-form button[type=submit]").click()
    expect(phone.locator("#my-notes .note .state")).not_to_contain_text("…", timeout=10_000)
    assert notes_in(workshop.console, "what") == ["Half-written: the receptionist said"]
    phone.reload()
    expect(phone.locator("#note-text")).to_have_value("")  # posted: no draft left behind


def test_a_suggested_action_being_written_survives_a_language_switch(room, phone_in):
    workshop = room("Action drafts are kept")
    workshop.console.open_only("now-what")
    phone = phone_in(workshop)
    phone.fill("#action-text", "Book interpreters who speak Dari")
    phone.fill("#action-owner", "Practice manager")
    phone.locator('#languages a[hreflang="fa"]').click()
    expect(phone.locator("html")).to_have_attribute("lang", "fa")
    expect(phone.locator("#action-text")).to_have_value("Book interpreters who speak Dari")
    expect(phone.locator("#action-owner")).to_have_value("Practice manager")
    phone.locator("#action-form button[type=submit]").click()
    expect(phone.locator("#my-actions .note")).to_have_count(1)
    phone.reload()
    expect(phone.locator("#action-text")).to_have_value("")


def test_a_draft_when_the_workshop_closes_is_kept_and_the_phone_says_why(room, phone_in):
    workshop = room("Closing with a note half-written")
    workshop.console.open_only("what")
    phone = phone_in(workshop)
    phone.fill("#note-text", "One last thing about the reception desk")
    workshop.console.call("workshop:status", {"status": "closed"})
    prompt = phone.locator("#draft-closed")
    expect(prompt).to_contain_text("The workshop has closed, so it cannot be posted now. It stays on this phone.")
    expect(prompt).to_contain_text("One last thing about the reception desk")
    expect(prompt.get_by_role("button")).to_have_text(["Keep it on this phone"])  # nothing to post it to
    expect(phone.locator("#closed")).to_be_visible()
