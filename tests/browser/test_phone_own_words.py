"""A phone reads the facilitator's own words in its language (issue 28, items 1 and 7).

The facilitator (over the real protocol, as the console does) writes a question, themes
and agreed actions in English and translates them with `wording:translate`; a phone at
360×740 in Arabic, Tigrinya or Ukrainian must then show every one of those words in its
own language — the question, the open phase's prompt and guidance, the themes it votes
on, the agreed actions — and no English word of them anywhere on its screen. A theme
left untranslated shows as written, marked "Not yet translated" in the phone's language.
English runs the same walk for the screenshots (nothing is marked there).

Review cards (cycle 2, made from cycle 1's actions) on an Arabic phone: every card one
column in the reader's direction, its labels in Arabic, and four of them on about two
screens.
"""

from __future__ import annotations

import re
import uuid

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.phone_fixtures import *  # noqa: F403  (fixtures: room, phone_in, facilitator)
from tests.browser.test_phone_languages import VISIBLE_TEXT

SHOTS = "/tmp/shots-B"  # screenshots to look at (outside the repository)

# The facilitator's words, in English (the report's language).
TITLE = "Interpreting in primary care"
QUESTION = "How do people get an interpreter at the GP?"
PROMPT_GUIDANCE = ("prompt", "guidance")
THEMES = ["Booking an interpreter", "Letters in English only", "Phone queues"]
UNTRANSLATED_THEME = "Transport to the surgery"
ACTIONS = [("Book the interpreter when the appointment is made", "Practice manager"),
           ("Send letters in the patient's own language", "ICB commissioning team")]

# Their translations (what an interpreter would type).
WORDS = {
    "ar": {
        "title": "الترجمة في الرعاية الأولية",
        "question": "كيف يحصل الناس على مترجم عند الطبيب العام؟",
        "prompt": "ما الذي يحدث عندما تطلب مترجماً؟",
        "guidance": "اكتب ما رأيته أو عشته، وليس رأيك بعد.",
        "themes": ["حجز مترجم", "رسائل بالإنجليزية فقط", "طوابير الهاتف"],
        "actions": [("حجز المترجم عند تحديد الموعد", "مدير العيادة"), ("إرسال الرسائل بلغة المريض", "فريق التكليف")],
        "notes": ["لم يأتِ المترجم", "الرسالة كانت بالإنجليزية", "انتظرت ساعة على الهاتف"],
    },
    "ti": {
        "title": "ትርጉም ኣብ ቀዳማይ ክንክን ጥዕና",
        "question": "ሰባት ኣብ ሓኪም ከመይ ገይሮም ተርጓሚ ይረኽቡ?",
        "prompt": "ተርጓሚ ክትሓትት ከለኻ እንታይ ይኸውን?",
        "guidance": "ዝረኣኻዮ ወይ ዝነበርካዮ ጸሓፍ፣ ገና ርእይቶኻ ኣይኮነን።",
        "themes": ["ተርጓሚ ምሕጋዝ", "ብእንግሊዝኛ ጥራይ ዝመጹ ደብዳቤታት", "ናይ ተሌፎን መስርዕ"],
        "actions": [("ቆጸራ ክውሰን ከሎ ተርጓሚ ምሕጋዝ", "ኣመሓዳሪ ክሊኒክ"), ("ደብዳቤታት ብቋንቋ ሕሙም ምልኣኽ", "ጉጅለ ኮሚሽን")],
        "notes": ["ተርጓሚ ኣይመጸን", "ደብዳቤ ብእንግሊዝኛ ነበረ", "ሓደ ሰዓት ኣብ ተሌፎን ተጸበኹ"],
    },
    "uk": {
        "title": "Перекладачі в первинній допомозі",
        "question": "Як люди отримують перекладача в лікаря?",
        "prompt": "Що відбувається, коли ви просите перекладача?",
        "guidance": "Пишіть, що ви бачили або пережили, ще не думки.",
        "themes": ["Запис перекладача", "Листи лише англійською", "Черги на телефоні"],
        "actions": [("Записувати перекладача разом із прийомом", "Менеджер практики"), ("Надсилати листи мовою пацієнта", "Команда замовника")],
        "notes": ["Перекладач не прийшов", "Лист був англійською", "Я чекала годину на телефоні"],
    },
    "en": {"notes": ["The interpreter did not come", "The letter was in English", "I waited an hour on the phone"]},
}


def shot(page, name: str) -> None:
    """A whole-page screenshot to look at, from the top."""
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def visible_text(page) -> str:
    """Everything the phone shows and says, whatever language it is marked as being in."""
    return page.inner_text("body")


def latin_words(page, allowed=()) -> list[str]:
    """Latin-script words shown outside text marked as another language (the untranslated
    words carry lang="en"; the language list names each language in itself)."""
    leaks = []
    for text in page.evaluate(VISIBLE_TEXT, "#nothing-excepted"):
        for allowed_text in allowed:
            text = text.replace(allowed_text, "")
        if re.search(r"[A-Za-z]{2,}", text):
            leaks.append(text)
    return leaks


def translate(console, subject: str, field: str, language: str, text: str) -> None:
    answer = console.call("wording:translate", {"subject": subject, "field": field, "language": language, "text": text})
    assert answer["entry"]["translations"][language]["text"] == text


@pytest.mark.parametrize("language", ["ar", "ti", "uk", "en"])
def test_a_phone_shows_the_facilitators_words_in_its_language(room, phone_in, language):
    words = WORDS[language]
    workshop = room(TITLE, question=QUESTION)
    console = workshop.console
    display_code = f"{workshop.code[:3]} {workshop.code[3:]}"
    console.open_only("what")
    phone = phone_in(workshop, language)
    errors = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    for text in words["notes"]:
        phone.fill("#note-text", text)
        phone.locator("#note-form button[type=submit]").click()
    expect(phone.locator("#my-notes .note.sent")).to_have_count(3)
    notes = [n["id"] for n in console.call("sync", {"since": 0})["notes"] if n["phase"] == "what"]
    phase = console.call("sync", {"since": 0})["workshop"]["phases"][0]

    themes = []
    for index, name in enumerate(THEMES + [UNTRANSLATED_THEME]):
        made = console.call("theme:create", {"phase": "what", "name": name, "notes": notes[index:index + 1]})
        themes.append(next(t["id"] for t in made["themes"] if t.get("name") == name))
    actions = []
    for text, owner in ACTIONS:
        saved = console.call("action:save", {"id": str(uuid.uuid4()), "text": text, "owner": owner, "due": "2026-12-24", "status": "confirmed"})
        actions.append(saved["action"]["id"])
    if language != "en":
        translate(console, "workshop", "title", language, words["title"])
        translate(console, "workshop", "question", language, words["question"])
        for field in PROMPT_GUIDANCE:
            translate(console, "phase:what", field, language, words[field])
        for theme_id, name in zip(themes[:3], words["themes"], strict=True):
            translate(console, f"theme:{theme_id}", "name", language, name)
        for action_id, (text, owner) in zip(actions, words["actions"], strict=True):
            translate(console, f"action:{action_id}", "text", language, text)
            translate(console, f"action:{action_id}", "owner", language, owner)
    console.call("voting:open", {"phase": "what", "dots": 3})
    expect(phone.locator("#vote-list .vote-item.theme")).to_have_count(4)
    expect(phone.locator("#agreed-list .note")).to_have_count(2)

    if language == "en":
        expect(phone.locator("#question")).to_have_text(QUESTION)
        expect(phone.locator(".untranslated")).to_have_count(0)
        shot(phone, "en-own-words")
        assert errors == []
        return

    # Every translation is on the screen, as it arrived live...
    expect(phone.locator("#question")).to_have_text(words["question"])
    expect(phone.locator("#workshop-title")).to_have_text(words["title"])
    expect(phone.locator("#phase-prompt")).to_have_text(words["prompt"])
    expect(phone.locator("#phase-guidance")).to_have_text(words["guidance"])
    shown = visible_text(phone)
    for text in [words["title"], words["question"], words["prompt"], words["guidance"], *words["themes"],
                 *[part for pair in words["actions"] for part in pair]]:
        assert text in shown, f"{text!r} is not on the {language} phone"
    # ...and none of the English it was made from, anywhere.
    originals = [TITLE, QUESTION, phase["prompt"], phase["guidance"], *THEMES, *[part for pair in ACTIONS for part in pair]]
    for original in originals:
        for line in filter(None, (line.strip() for line in original.splitlines())):
            assert line not in shown, f"the English {line!r} is on the {language} phone though it is translated"

    # The theme no one has translated yet: as written, in its own language, and marked.
    themes_shown = phone.locator("#vote-list .vote-item.theme .text")
    expect(themes_shown).to_have_text([*words["themes"], re.compile(re.escape(UNTRANSLATED_THEME))])  # in the facilitator's order
    untranslated = phone.locator("#vote-list .vote-item.theme").nth(3)
    expect(untranslated.locator(".text .original")).to_have_text(UNTRANSLATED_THEME)
    expect(untranslated.locator(".text .original")).to_have_attribute("lang", "en")
    expect(untranslated.locator(".text .original")).to_have_attribute("dir", "ltr")
    expect(untranslated.locator(".text .untranslated")).to_be_visible()
    assert latin_words(phone, allowed=(display_code,)) == [], f"English on the {language} phone"
    shot(phone, f"{language}-own-words-vote")

    # A vote redraws the list: the button pressed keeps the keyboard's focus.
    add = phone.locator("#vote-list .vote-item.theme").nth(1).locator(".dot-button").first
    add.focus()
    phone.keyboard.press("Enter")
    expect(phone.locator("#vote-list .vote-item.theme").nth(1).locator(".my-dots")).to_contain_text("●")
    assert phone.evaluate("document.activeElement.closest('.vote-item') === document.querySelectorAll('#vote-list .vote-item.theme')[1]")

    # Now what?: the agreed actions, what and who, in the phone's language; a reload
    # draws the title and question translated from the first paint.
    console.call("voting:close")
    console.open_only("now-what")
    expect(phone.locator("#propose")).to_be_visible()
    for text, owner in words["actions"]:
        expect(phone.locator("#agreed-list")).to_contain_text(text)
        expect(phone.locator("#agreed-list")).to_contain_text(owner)
    phone.reload()
    expect(phone.locator("#workshop-title")).to_have_text(words["title"])
    expect(phone.locator("#connection")).to_have_attribute("data-state", "online")
    shown = visible_text(phone)
    for original in [TITLE, QUESTION, *[part for pair in ACTIONS for part in pair]]:
        assert original not in shown, f"the English {original!r} is on the {language} phone in Now what?"
    assert latin_words(phone, allowed=(display_code,)) == [], f"English on the {language} phone in Now what?"
    shot(phone, f"{language}-own-words-now-what")
    assert errors == []


def answer_as_commissioner(server, facilitator, code: str, action_id: str) -> None:
    """The commissioners answer one action through their link: "Agreed in part"."""
    console_page = facilitator.http.get(f"{server.url}/facilitator/w/{code}", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', console_page).group(1)
    made = facilitator.http.post(f"{server.url}/facilitator/w/{code}/responses/link", data={"csrf_token": token, "action": "make"}, timeout=10)
    link = re.search(r'id="response-url" readonly value="([^"]+)"', made.text).group(1)
    with requests.Session() as commissioner:
        page = commissioner.get(link, timeout=10).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        answer = commissioner.post(f"{server.url}/respond/{code}", timeout=10, data={
            "csrf_token": token, "item": f"action:{action_id}", "decision": "partly",
            "what": "Pilot in two practices", "who": "NHS West Yorkshire ICB", "by_when": "2026-10-01",
        })
        assert answer.status_code == 200, answer.text[-500:]


REVIEWED = [
    ("Book the interpreter when the appointment is made", "Practice manager", "confirmed", ""),
    ("Send letters in the patient's own language", "ICB commissioning team", "done", "Letters now go out in Arabic and Farsi"),
    ("Train reception staff to offer an interpreter", "", "confirmed", ""),
    ("Put a poster in the waiting room in six languages", "Healthwatch Leeds", "confirmed", ""),
]

# Each line of a card starts on the reader's side (right, in Arabic): its line boxes' right
# edges, against the card's inner right edge. An English line laid out on its own (left to
# right) ends wherever its words end.
LINE_EDGES = """(card) => {
  const box = card.getBoundingClientRect();
  const style = getComputedStyle(card);
  const right = box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
  const gaps = [];
  for (const line of card.children) {
    const range = document.createRange();
    range.selectNodeContents(line);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
    // One row per line box: a rect belongs to the row its vertical middle falls in (the
    // marker, an inline block, sits a little higher than the words beside it).
    const rows = [];
    rects.sort((a, b) => a.top - b.top).forEach((r) => {
      const middle = (r.top + r.bottom) / 2;
      const row = rows.find((w) => middle >= w.top && middle <= w.bottom);
      if (row) row.right = Math.max(row.right, r.right); else rows.push({top: r.top, bottom: r.bottom, right: r.right});
    });
    rows.forEach((row) => gaps.push(Math.round(right - row.right)));
  }
  return {gaps, direction: style.direction, top: box.top, bottom: box.bottom, left: box.left, right: box.right};
}"""


REVIEWED_AR = "إرسال الرسائل بلغة المريض"
REVIEWED_OWNER_AR = "فريق التكليف في الهيئة"


def test_review_cards_read_right_to_left_in_arabic(live_server, facilitator, room, new_phone):
    workshop = room("Interpreting in primary care (review)")
    actions = []
    for text, owner, status, outcome in REVIEWED:
        saved = workshop.console.call("action:save", {"id": str(uuid.uuid4()), "text": text, "owner": owner, "due": "2026-12-24", "status": status, "outcome": outcome})
        actions.append(saved["action"]["id"])
    # The second action was translated into Arabic in the first cycle: its card shows it so.
    translate(workshop.console, f"action:{actions[1]}", "text", "ar", REVIEWED_AR)
    translate(workshop.console, f"action:{actions[1]}", "owner", "ar", REVIEWED_OWNER_AR)
    workshop.console.call("workshop:status", {"status": "closed"})
    answer_as_commissioner(live_server, facilitator, workshop.code, actions[0])
    next_code = workshop.console.call("cycle:next", {})["code"]
    follow_up = facilitator.console(next_code)
    follow_up.call("workshop:status", {"status": "live"})
    follow_up.open_only(follow_up.call("sync", {"since": 0})["workshop"]["phases"][0]["key"])

    phone = new_phone()
    phone.goto(f"{live_server.url}/j/{next_code}?lang=ar")
    phone.locator("#join-form button[type=submit]").click()
    cards = phone.locator("#room-notes .note.review")
    expect(cards).to_have_count(4)
    phone.locator("#room").scroll_into_view_if_needed()
    shot(phone, "ar-review-cards")

    translated = cards.filter(has_text=REVIEWED_AR)
    expect(translated).to_have_count(1)
    expect(translated).to_contain_text(REVIEWED_OWNER_AR)
    expect(translated.locator(".text .original")).to_have_count(0)  # in Arabic: nothing marked as English
    assert REVIEWED[1][0] not in translated.inner_text()
    first = cards.nth(0)
    expect(first.locator(".response .decision")).to_have_text("موافق عليه جزئياً")   # "Agreed in part"
    expect(first.locator(".original").first).to_have_attribute("lang", "en")
    tops, bottoms = [], []
    for index in range(4):
        card = cards.nth(index)
        edges = card.evaluate(LINE_EDGES)
        assert edges["direction"] == "rtl"
        # One column: every line box ends on the right, within a few pixels.
        assert max(edges["gaps"]) <= 4, f"card {index + 1} has lines that do not start on the right: {edges['gaps']}"
        tops.append(edges["top"]); bottoms.append(edges["bottom"])
        # Its labels are Arabic: no Latin word outside the action's (and commissioners') own words.
        labels = card.evaluate("""(card) => {
          const out = [];
          const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
          let node;
          while ((node = walker.nextNode())) { if (!node.parentElement.closest('[lang="en"]')) out.push(node.textContent); }
          return out.join(" ");
        }""")
        assert not re.search(r"[A-Za-z]{2,}", labels), f"card {index + 1} has English labels: {labels!r}"
    # Four cards on about two screens of a 360×740 phone, not three.
    assert max(bottoms) - min(tops) <= 1.6 * 740, f"four review cards take {max(bottoms) - min(tops):.0f} px"
