"""The console's scribe form, for people without a phone (issue 28, item 5): each person
starts with a clean form (no one else's language, group or translation; the table stays,
as a scribe goes round one table), and their language can be any one, found by its name
in English or in itself, e.g. Spanish, which then reaches the interpreter's queue."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.workshop_builder import Facilitator, Workshop, laptop_console

SHOTS = "/tmp/shots-issue28"


@pytest.fixture
def workshop(live_server):
    links = live_server.new_workshop("Scribing at the tables")
    facilitator = Facilitator(live_server, links["code"])
    facilitator.call("workshop:status", {"status": "live"})
    facilitator.call("phases:open", {"phases": ["what"]})
    yield Workshop(live_server, links, facilitator)
    facilitator.close()


@pytest.fixture
def console(facilitator_page, workshop):
    with laptop_console(facilitator_page, workshop) as page:
        page.click("#scribe summary")
        yield page


def scribed(workshop: Workshop) -> dict:
    """The notes as the server holds them, by their words."""
    notes = workshop.facilitator.call("sync", {"since": 0})["notes"]
    return {note["text"]: note for note in notes}


def test_a_second_persons_scribed_note_starts_with_no_language_and_no_group(console, workshop):
    console.select_option("#scribe-group", "lived-experience")
    console.fill("#scribe-table", "Table 3")
    console.fill("#scribe-text", "لم يأت المترجم أبداً")
    console.select_option("#scribe-language", "ar")
    console.fill("#scribe-translation", "The interpreter never came")
    console.click("#scribe-form button[type=submit]")
    expect(console.locator("#scribe-message")).to_have_text("Posted.")

    # The next person at the same table: only the table is kept.
    for field in ("#scribe-group", "#scribe-language", "#scribe-language-search", "#scribe-text", "#scribe-translation"):
        expect(console.locator(field)).to_have_value("")
    expect(console.locator("#scribe-table")).to_have_value("Table 3")
    console.fill("#scribe-text", "Nobody asked me which language I speak")
    console.click("#scribe-form button[type=submit]")
    expect(console.locator("#scribe-message")).to_have_text("Posted.")
    second = scribed(workshop)["Nobody asked me which language I speak"]
    assert second["group"] == "" and second["table"] == "Table 3"
    assert second["translation"] is None
    assert second["language"] != "ar", "the previous person's language"


def test_a_spanish_note_can_be_scribed_and_reaches_the_interpreter(console, workshop, browser):
    console.fill("#scribe-text", "El intérprete no vino a la cita y nadie me avisó")
    console.locator("#scribe-language-search").press_sequentially("espa")
    expect(console.locator("#scribe-language")).to_have_value("es")
    expect(console.locator("#scribe-language-found")).to_contain_text("Spanish — español chosen")
    console.screenshot(path=f"{SHOTS}/scribe-form-spanish.png")
    # By keyboard: Enter in the search box goes to the list, not to posting the note.
    console.locator("#scribe-language-search").press("Enter")
    expect(console.locator("#scribe-language")).to_be_focused()
    assert scribed(workshop) == {}
    console.click("#scribe-form button[type=submit]")
    expect(console.locator("#scribe-message")).to_have_text("Posted.")
    assert scribed(workshop)["El intérprete no vino a la cita y nadie me avisó"]["language"] == "es"

    # The facilitator makes the interpreter link; the interpreter finds the note under Spanish.
    console.goto(workshop.console_url + "/translations")
    console.click("text=Make an interpreter link")
    link = console.locator("#interpreter-url").input_value()
    interpreter = browser.new_context().new_page()
    try:
        interpreter.goto(link)
        interpreter.click("text=Spanish (español) (1)")
        expect(interpreter.locator(".translate-item")).to_have_count(1)
        expect(interpreter.locator(".translate-item .original")).to_have_text("El intérprete no vino a la cita y nadie me avisó")
        expect(interpreter.locator(".translate-item select[name=language]")).to_have_value("es")
    finally:
        interpreter.context.close()


def test_a_language_no_one_knows_is_refused_by_the_server(workshop):
    answer = workshop.facilitator.client.call("note:scribe", {
        "id": "3f1b8a0e-7c55-4d1e-9f0a-3d2b8a1c9e10", "phase": "what", "text": "Words", "language": "xx"}, timeout=15)
    assert answer["ok"] is False and answer["error"]["code"] == "unknown_language"
    assert "choose the language from the list by its name" in answer["error"]["message"]
