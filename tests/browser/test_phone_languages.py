"""Every word a phone shows is in the phone's language (issue 10, phones).

A phone in Arabic (and one in Farsi) is driven through every screen — joining, posting,
a draft whose phase closed, voting, suggesting an action, review cards from the last
cycle, the closed workshop — and on each one no Latin-script word may appear outside
the participants' own notes, the workshop's own title and question, the join code and
text marked as being in another language (the language list, "I am the facilitator").
A string that bypasses translation shows in English and fails the test. English runs
the same path for the screenshots.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.phone_fixtures import *  # noqa: F403  (fixtures: room, phone_in, facilitator)
from tests.browser.phone_fixtures import shoot
from tests.browser.test_a11y import AXE, axe_violations

NOTE = {"ar": "المترجم لا يتكلم لهجتنا", "fa": "مترجم به لهجهٔ ما حرف نمی‌زند", "en": "The interpreter does not speak our dialect"}
OTHER = {"ar": "الرسائل تصل بالإنجليزية فقط", "fa": "نامه‌ها فقط به انگلیسی می‌رسند", "en": "Letters arrive in English only"}
THEME = {"ar": "الترجمة", "fa": "ترجمه", "en": "Interpreting"}
ACTION = {"ar": "حجز مترجم قبل الموعد", "fa": "رزرو مترجم پیش از نوبت", "en": "Book the interpreter before the appointment"}

# What a phone may show in another script: what people and the facilitator wrote, and
# what is marked as another language (the language names, the facilitator's link).
OWN_WORDS = "#workshop-title, #question, .note .text, .vote-item .text, .vote-item .members, .stranded-item blockquote"

VISIBLE_TEXT = """(ownWords) => {
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  const lang = document.documentElement.lang;
  const foreign = (el) => { const marked = el.closest("[lang]"); return marked && marked.lang !== lang; };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const el = node.parentElement;
    const text = node.textContent.trim();
    if (!text || el.closest(ownWords) || foreign(el)) continue;
    if (el.closest("option") ? !el.closest("select").checkVisibility() : !el.checkVisibility()) continue;
    found.push(text);
  }
  document.querySelectorAll("[aria-label], [placeholder], [title]").forEach((el) => {
    if (!el.checkVisibility() || foreign(el)) return;
    ["aria-label", "placeholder", "title"].forEach((name) => { if (el.getAttribute(name)) found.push(el.getAttribute(name)); });
  });
  return found;
}"""


def english_words(page, allowed=()):
    """The Latin-script words a phone shows outside people's own words (empty when all is translated)."""
    texts = page.evaluate(VISIBLE_TEXT, OWN_WORDS)
    leaks = []
    for text in texts:
        for allowed_text in allowed:
            text = text.replace(allowed_text, "")
        if re.search(r"[A-Za-z]{2,}", text):
            leaks.append(text)
    return leaks


def screen(phone, language, name, code):
    """Look at the screen (a screenshot), check that axe-core finds nothing on it and
    that it speaks the phone's language."""
    shoot(phone, f"{language}-{name}")
    if AXE.exists():
        assert axe_violations(phone, AXE.read_text(encoding="utf-8")) == [], f"axe on the {name} screen"
    if language != "en":
        display_code = f"{code[:3]} {code[3:]}"
        assert english_words(phone, allowed=(display_code,)) == [], f"English on the {name} screen"


# Two right-to-left scripts, Cyrillic, and English (for the screenshots). Urdu, Sorani and
# Tigrinya pass the same walk too: add them here to check them on every run.
WALKED = ["ar", "fa", "uk", "en"]


@pytest.mark.parametrize("language", WALKED)
def test_a_phone_speaks_its_language_on_every_screen(room, phone_in, new_phone, facilitator, language):
    # People write in their own language; the check ignores their words anyway.
    NOTE.setdefault(language, NOTE["ar"]); OTHER.setdefault(language, OTHER["ar"])
    THEME.setdefault(language, THEME["ar"]); ACTION.setdefault(language, ACTION["ar"])
    workshop = room(f"Interpreting in primary care ({language})")
    console = workshop.console
    code = workshop.code

    # The join screen (and the page for typing a code).
    phone = new_phone()
    phone.goto(f"{workshop.join_url.rsplit('/j/', 1)[0]}/?lang={language}")
    screen(phone, language, "enter-code", code)
    phone.goto(f"{workshop.join_url}?lang={language}")
    expect(phone.locator("#join")).to_be_visible()
    if language == "ar":  # the template's groups, in Arabic
        assert "تجربة شخصية معاشة" in phone.locator("#group").inner_text()
    screen(phone, language, "join", code)
    phone.select_option("#group", index=1)
    phone.locator("#join-form button[type=submit]").click()
    expect(phone.locator("#connection")).to_have_attribute("data-state", "online")

    # Posting, with another person's note on the room list (shown with their group).
    console.call("workshop:settings", {"lanyards_off": False})
    console.open_only("what")
    other = phone_in(workshop, language, group_index=2)
    other.fill("#note-text", OTHER[language])
    other.locator("#note-form button[type=submit]").click()
    phone.fill("#note-text", NOTE[language])
    phone.locator("#note-form button[type=submit]").click()
    expect(phone.locator("#my-notes .note.sent")).to_have_count(1)
    expect(phone.locator("#room-notes .note")).to_have_count(2)
    if language == "ar":
        expect(phone.locator("#phase-title")).to_have_text("ماذا؟")
    screen(phone, language, "posting", code)
    phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # the question stays in sight
    question = phone.locator("#question").bounding_box()
    assert question["y"] >= 0 and question["y"] + question["height"] <= phone.viewport_size["height"]
    shoot(phone, f"{language}-posting-scrolled", full_page=False)

    # A draft whose phase closed.
    phone.fill("#note-text", NOTE[language] + " ٢")
    console.open_only("so-what")
    expect(phone.locator("#draft-closed")).to_be_visible()
    screen(phone, language, "draft-phase-closed", code)
    phone.locator("#draft-closed button").first.click()
    expect(phone.locator("#draft-closed")).to_be_hidden()

    # Voting on the notes of What?, one of them in a theme.
    snapshot = console.call("sync", {"since": 0})
    ids = [n["id"] for n in snapshot["notes"] if n["phase"] == "what"]
    console.call("theme:create", {"phase": "what", "name": THEME[language], "notes": ids[:1]})
    console.call("voting:open", {"phase": "what", "dots": 3})
    expect(phone.locator("#vote")).to_be_visible()
    phone.locator("#vote .dot-button").first.click()
    expect(phone.locator("#vote-list .my-dots").first).to_contain_text("●")
    screen(phone, language, "vote", code)
    console.call("voting:close")

    # Suggesting an action while Now what? (the last phase) is open.
    console.open_only("now-what")
    expect(phone.locator("#propose")).to_be_visible()
    if language == "ar":
        expect(phone.locator("#propose-title bdi")).to_have_text("ماذا الآن؟")
    phone.fill("#action-text", ACTION[language])
    phone.locator("#action-form button[type=submit]").click()
    expect(phone.locator("#my-actions .note")).to_have_count(1)
    screen(phone, language, "actions", code)

    # Review cards: the next cycle starts from this one's agreed actions.
    console.call("action:save", {"id": str(uuid.uuid4()), "text": ACTION[language], "owner": "سارة" if language != "en" else "Sarah", "due": "2026-12-24", "status": "confirmed"})
    next_code = console.call("cycle:next", {})["code"]
    follow_up = facilitator.console(next_code)
    follow_up.call("workshop:status", {"status": "live"})
    first_phase = follow_up.call("sync", {"since": 0})["workshop"]["phases"][0]["key"]
    follow_up.open_only(first_phase)
    review_phone = new_phone()
    review_phone.goto(f"{workshop.join_url.rsplit('/', 1)[0]}/{next_code}?lang={language}")
    review_phone.locator("#join-form button[type=submit]").click()
    expect(review_phone.locator("#room-notes .note.review")).to_have_count(1)
    if language == "ar":
        expect(review_phone.locator("#room-notes .note.review .kind")).not_to_have_text("From the last cycle")
    screen(review_phone, language, "review-cards", next_code)

    # The closed workshop.
    console.call("workshop:status", {"status": "closed"})
    expect(phone.locator("#closed")).to_be_visible()
    expect(phone.locator("#post")).to_be_hidden()
    screen(phone, language, "closed", code)
