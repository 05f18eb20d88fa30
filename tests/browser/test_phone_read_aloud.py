"""Issue 26, part 2: on a phone, the question, the phase's words and the notes shown can be
read aloud with the phone's own voices, each run of words by a voice of its language, and
a phone with no voice for its language says so in that language instead of reading it
with a wrong one. Nothing leaves the phone.

Headless Chromium has no voices, so each phone here is given its voices by a stand-in for
the browser's speechSynthesis (installed before the page loads) that records what it is
asked to say; the page, the server and the phone's script are the real ones."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.browser.phone_fixtures import *  # noqa: F403  (fixtures: room, facilitator)
from tests.browser.phone_fixtures import QUESTION

ARABIC_VOICE = {"name": "Maged", "lang": "ar-SA", "localService": True}
ENGLISH_VOICE = {"name": "Daniel", "lang": "en-GB", "localService": True}

STAND_IN = """(voices) => {
  window.__spoken = [];
  window.__cancelled = 0;
  const speech = {
    getVoices: () => voices,
    speak: (u) => { window.__spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.name});
                    setTimeout(() => u.onend && u.onend(), 0); },
    cancel: () => { window.__cancelled += 1; },
    addEventListener: () => {},
  };
  Object.defineProperty(window, "speechSynthesis", {value: voices === null ? undefined : speech, configurable: true});
  Object.defineProperty(window, "SpeechSynthesisUtterance", {
    value: voices === null ? undefined : function (text) { this.text = text; }, configurable: true});
}"""


def phone_with_voices(new_phone, room, language, voices):
    """A 360×740 phone whose speechSynthesis has `voices` (None: a phone with none at all)."""
    phone = new_phone()
    phone.add_init_script(f"({STAND_IN})({json.dumps(voices)})")
    phone.goto(f"{room.join_url}?lang={language}")
    phone.locator("#join-form button[type=submit]").click()
    expect(phone.locator("#connection")).to_have_attribute("data-state", "online")
    return phone


def spoken(phone):
    return phone.evaluate("window.__spoken")


def test_an_arabic_phone_reads_the_question_and_the_phase_each_in_its_own_voice(room, new_phone):
    workshop = room("Read aloud in Arabic")
    workshop.console.open_only("what")
    phone = phone_with_voices(new_phone, workshop, "ar", [ENGLISH_VOICE, ARABIC_VOICE])
    # The question is not translated: the English words in the English voice, the mark in Arabic.
    phone.get_by_role("button", name="اقرأ بصوت عالٍ").first.click()
    expect(phone.locator("#question-bar .read-aloud")).to_have_attribute("aria-pressed", "false")  # read to its end
    said = spoken(phone)
    assert said[0] == {"text": QUESTION, "lang": "en-GB", "voice": "Daniel"}, said
    assert said[1]["voice"] == "Maged" and said[1]["text"] == "لم تُترجم بعد", said
    # The phase's title, prompt and guidance, in Arabic (the template's translation).
    phone.evaluate("window.__spoken = []")
    phone.locator("#note-form .read-aloud").click()
    said = spoken(phone)
    assert said and all(line["voice"] == "Maged" for line in said), said
    assert said[0]["text"] == "ماذا؟" and said[1]["text"].startswith("ماذا ترى يحدث"), said  # title, then prompt
    assert len(said) == 3, "the title, the prompt and the guidance, each in its own breath"
    expect(phone.locator("#read-aloud-status")).to_be_hidden()


def test_the_notes_shown_are_read_one_after_another(room, new_phone):
    workshop = room("Read aloud: the notes")
    workshop.console.open_only("what")
    phone = phone_with_voices(new_phone, workshop, "ar", [ARABIC_VOICE])
    for text in ("لم يتم حجز مترجم", "الرسالة كانت بالإنجليزية"):
        phone.fill("#note-text", text)
        phone.locator("#note-form button[type=submit]").click()
        expect(phone.locator("#my-notes .note", has_text=text)).to_have_count(1)
    phone.locator("section:has(#my-notes) .read-aloud").click()
    said = [line["text"] for line in spoken(phone)]
    assert any(line.startswith("الرسالة كانت بالإنجليزية") for line in said), said
    assert any(line.startswith("لم يتم حجز مترجم") for line in said), said
    assert all(line["voice"] == "Maged" for line in spoken(phone))


def test_a_phone_with_no_tigrinya_voice_says_so_in_tigrinya_and_reads_nothing(room, new_phone):
    workshop = room("Read aloud in Tigrinya")
    workshop.console.open_only("what")
    phone = phone_with_voices(new_phone, workshop, "ti", [ENGLISH_VOICE])
    phone.locator("#note-form .read-aloud").click()
    status = phone.locator("#read-aloud-status")
    expect(status).to_be_visible()
    expect(status).to_contain_text("ትግርኛ")
    assert "voice" not in status.inner_text(), "the message is in Tigrinya, not English"
    assert spoken(phone) == []


def test_a_phone_that_cannot_speak_shows_no_read_aloud_buttons(room, new_phone):
    workshop = room("No speech at all")
    workshop.console.open_only("what")
    phone = phone_with_voices(new_phone, workshop, "uk", None)
    expect(phone.locator("#note-form textarea")).to_be_visible()
    expect(phone.locator(".read-aloud:visible")).to_have_count(0)
