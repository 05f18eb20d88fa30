"""Issue 28: the room sees what it decided, on the projected board, at 1280×720 and 1920×1080.

- In Now what? the rail's actions and the closed phases' summaries are each seen whole
  (inside the screen, cut by no box around them) within one cycle of the rail's pages,
  at or above the type floor (2 % of the width).
- Once the facilitator closes the workshop the board shows its outcome — the themes, with
  their dots when the votes were revealed, and the actions — not the join QR code; the
  join view comes back only when the facilitator puts it there.
- A vote on 12 candidates shows every one of them whole on one screen, none cut.
- A spotlighted note of 600 characters is whole.

Screenshots of every state go to /tmp/board-decisions/ (to be looked at, as a room would).
"""

from __future__ import annotations

import pathlib
import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.workshop_builder import Facilitator, Phone, Workshop, replay

SIZES = [(1280, 720), (1920, 1080)]
FLOOR = {1280: 26, 1920: 38}   # 2 % of the width: board_pages.js's type floor
SHOTS = pathlib.Path("/tmp/board-decisions")
PAGE_SECONDS = 1               # ?page_seconds=1: the board turns a page a second here

ACTIONS = [
    ("Book interpreters by dialect, not only by language, and note the dialect on the patient's record", "Practice managers' network", "2026-03-31"),
    ("Send every appointment letter in the patient's language, with a phone number that answers in it", "ICB communications team", "2026-04-30"),
    ("Tell every new patient at registration that interpreting is free, on a card in twelve languages", "Reception leads", "2026-02-28"),
    ("Stop asking children to interpret: a written rule for all 41 practices, and training for reception", "Primary care commissioner", "2026-05-15"),
    ("A call-back instead of a forty-minute phone queue for people who need an interpreter", "Digital team", "2026-06-30"),
    ("Come back to this group in six months with what changed and what did not", "Healthwatch Leeds", "2026-09-01"),
]
WHAT_THEMES = [("Interpreters booked for the wrong dialect", 8), ("Letters only in English", 6), ("Forty minutes on the phone", 5)]
SO_WHAT_THEMES = [("People stop trusting the surgery", 7), ("Children carry their parents' health", 6),
                  ("Appointments missed, then blamed", 5), ("Nobody knows interpreting is free", 5)]
LONG_NOTE = (
    "My mother has diabetes and her Arabic is from Sudan. The interpreter they booked spoke a different dialect, and "
    "for twenty minutes the doctor and my mother did not understand each other about her insulin. She nodded because "
    "she was embarrassed. At home she took the wrong dose for a week and ended up in A&E. Nobody asked which dialect "
    "she speaks when she registered, and nobody wrote it down after that visit, so the next time it was the same "
    "interpreter again. We found out because my brother went with her. Ask people which dialect they speak, write "
    "it down once, and book by it every time, please"
)


def shot(page, name: str, width: int):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"))


def add_actions(facilitator: Facilitator):
    for text, owner, due in ACTIONS:
        facilitator.call("action:save", {"text": text, "owner": owner, "due": due})


def cast_votes(server, workshop: Workshop, phase: str, theme_names: list[str]):
    """Three phones each put their dots on the first themes of `phase`, revealed."""
    themes = {t["name"]: t["id"] for t in workshop.facilitator.client.call("sync", {"since": 0}, timeout=15)["themes"]}
    workshop.facilitator.call("voting:open", {"phase": phase, "dots": 3, "reveal": True})
    phones = [Phone(server.url, workshop.code, "community", "en") for _ in range(3)]
    try:
        for index, phone in enumerate(phones):
            for name in theme_names[: index + 1]:
                assert phone.client.call("vote:add", {"kind": "theme", "id": themes[name]}, timeout=15)["ok"]
    finally:
        for phone in phones:
            phone.close()
    workshop.facilitator.call("voting:close", {})


def decided_workshop(server, title: str) -> Workshop:
    """What? and So what? grouped into themes (So what? voted on, revealed), Now what? open
    with its notes, and six actions agreed."""
    workshop = replay(server, title, {"what": 30, "so-what": 30, "now-what": 8},
                      themes={"what": WHAT_THEMES, "so-what": SO_WHAT_THEMES}, participants=10)
    cast_votes(server, workshop, "so-what", [name for name, _ in SO_WHAT_THEMES])
    add_actions(workshop.facilitator)
    return workshop


@pytest.fixture(scope="module")
def now_what(live_server):
    workshop = decided_workshop(live_server, "Leeds: what we will do")
    yield workshop
    workshop.facilitator.close()


@pytest.fixture(scope="module")
def closed(live_server):
    workshop = decided_workshop(live_server, "Leeds: the room has decided")
    workshop.facilitator.call("workshop:status", {"status": "closed"})
    yield workshop
    workshop.facilitator.close()


# Whole: drawn in one piece (not split across columns), inside the screen, and cut by no
# ancestor that clips what overflows it;
# `smallest`: the type of its words (those matching `words`: a theme's name, an action's
# text and who and when), which the room must read.
WHOLE = """([selector, words]) => [...document.querySelectorAll(selector)].map((e) => {
  const r = e.getBoundingClientRect();
  let whole = r.width > 0 && r.height > 0 && e.getClientRects().length === 1 && e.checkVisibility({visibilityProperty: true})
    && r.left >= -1 && r.top >= -1 && r.right <= innerWidth + 1 && r.bottom <= innerHeight + 1;
  for (let a = e.parentElement; whole && a; a = a.parentElement) {
    const style = getComputedStyle(a);
    if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
    const b = a.getBoundingClientRect();
    whole = r.left >= b.left - 1 && r.right <= b.right + 1 && r.top >= b.top - 1 && r.bottom <= b.bottom + 1;
  }
  const small = [...e.querySelectorAll(words)].concat(e.matches(words) ? [e] : [])
    .map((n) => parseFloat(getComputedStyle(n).fontSize));
  return {key: e.dataset.key || e.textContent.trim().slice(0, 60), whole, smallest: Math.min(...small)};
})"""


def seen_whole_within_a_cycle(board, pager: str, selector: str, words: str, width: int, name: str) -> tuple[set, list]:
    """What matches `selector` and is never seen whole during one cycle of the pages of
    `pager` (the rail, the outcome: its data-page and data-pages; one page a second
    here), and what is seen below the floor. A screenshot of each page."""
    pages = int(board.locator(pager).get_attribute("data-pages") or 1)   # none: it does not page
    seen, small, shown = set(), [], set()
    expected = {item["key"] for item in board.evaluate(WHOLE, [selector, words])}
    deadline = time.monotonic() + pages * PAGE_SECONDS + 2   # one cycle, and a little for the turn itself
    while time.monotonic() < deadline and not (seen == expected and len(shown) == pages):
        page = board.locator(pager).get_attribute("data-page")
        for item in board.evaluate(WHOLE, [selector, words]):
            if item["whole"]:
                seen.add(item["key"])
                if item["smallest"] < FLOOR[width]:
                    small.append(item)
        if page not in shown:
            shown.add(page)
            shot(board, f"{name}-page{page}", width)
        board.wait_for_timeout(150)
    return expected - seen, small


@pytest.mark.parametrize("width,height", SIZES)
def test_every_agreed_action_is_seen_whole_in_now_what(now_what, projector, width, height):
    board = projector(width, height)
    board.goto(f"{now_what.board_url}?page_seconds={PAGE_SECONDS}")
    expect(board.locator("#rail #actions .action")).to_have_count(len(ACTIONS))
    missing, small = seen_whole_within_a_cycle(board, "#rail", "#rail #actions .action", ".text, .meta", width, "now-what-actions")
    assert missing == set(), f"{len(missing)} of {len(ACTIONS)} actions never seen whole: {missing}"
    assert small == [], f"actions drawn below the {FLOOR[width]} px floor: {small}"


@pytest.mark.parametrize("width,height", SIZES)
def test_the_closed_phases_summaries_are_seen_whole_in_now_what(now_what, projector, width, height):
    board = projector(width, height)
    board.goto(f"{now_what.board_url}?page_seconds={PAGE_SECONDS}")
    expect(board.locator('#rail .column[data-phase="so-what"] .top-theme')).to_have_count(3)
    missing, small = seen_whole_within_a_cycle(board, "#rail", "#rail .column.summary:not([hidden]) .top-theme, #rail .column.summary:not([hidden]) .column-head h2",
                                               ".name, h2", width, "now-what-summaries")
    assert missing == set(), f"parts of the summaries never seen whole: {missing}"
    assert small == [], f"summaries drawn below the {FLOOR[width]} px floor: {small}"


@pytest.mark.parametrize("width,height", SIZES)
def test_the_closed_workshop_shows_its_themes_and_actions_not_the_join_code(closed, projector, width, height):
    board = projector(width, height)
    board.goto(f"{closed.board_url}?page_seconds={PAGE_SECONDS}")
    expect(board.locator("#banner")).to_have_text("This workshop has closed. Thank you for taking part.")
    expect(board.locator("#join-view")).to_be_hidden()
    outcome = board.locator("#outcome")
    expect(outcome).to_be_visible()
    expect(outcome.locator(".outcome-theme .name")).to_have_text([name for name, _ in WHAT_THEMES]
                                                                  + [name for name, _ in SO_WHAT_THEMES])
    # The votes were revealed: So what?'s themes carry their dots, most first (3, 2, 1, 0).
    expect(outcome.locator('.outcome-phase[data-phase="so-what"] .outcome-theme .dots')).to_have_text(["● 3", "● 2", "● 1"])
    expect(outcome.locator(".outcome-action .text")).to_have_text([text for text, _, _ in ACTIONS])
    expect(outcome.locator(".outcome-action").first.locator(".meta")).to_contain_text("Practice managers' network")
    expect(outcome.locator(".outcome-action").first.locator(".meta")).to_contain_text("2026-03-31")
    missing, small = seen_whole_within_a_cycle(board, "#outcome", "#outcome .outcome-theme, #outcome .outcome-action", ".name, .text, .meta", width, "closed")
    assert missing == set(), f"parts of the outcome never seen whole: {missing}"
    assert small == [], f"outcome drawn below the {FLOOR[width]} px floor: {small}"


def test_the_closed_board_shows_the_join_view_only_when_the_facilitator_asks(closed, projector):
    board = projector(1280, 720)
    board.goto(closed.board_url)
    expect(board.locator("#outcome")).to_be_visible()
    closed.facilitator.call("board:view", {"view": "join"})
    try:
        expect(board.locator("#join-view")).to_be_visible()
        expect(board.locator("#outcome")).to_be_hidden()
    finally:
        closed.facilitator.call("board:view", {"view": "auto"})
    expect(board.locator("#outcome")).to_be_visible()


VOTE_THEMES = [
    ("Interpreters booked for the wrong dialect, again and again", 3), ("Letters and texts that come only in English", 3),
    ("Forty minutes in the phone queue, then cut off", 2), ("Children interpreting for their own parents", 2),
    ("Nobody says that interpreting is free of charge", 2), ("Online booking that shuts out people without English", 2),
]
# Notes in no theme are candidates too, and people write them long (issue 27's notes).
LOOSE_CANDIDATES = [
    "The interpreter was booked for the wrong dialect, so my mother could not explain her pain to the doctor and we had to come back the week after",
    "My daughter translates for me at the GP and she is twelve; she hears things about my health that a child should not have to hear",
    "انتظرت ساعة على الهاتف ثم انقطع الخط، وعندما اتصلت مرة أخرى قالوا إن المواعيد انتهت",
    "Staff were kind once they understood what I needed, but it took three visits and a letter from the school before anyone listened",
    "The phone line queue is forty minutes long and the call drops just when it is our turn to speak, so we start again the next morning at eight",
    "لم يخبرنا أحد أن خدمة الترجمة مجانية، فكنا ندفع لجارنا ليأتي معنا إلى الطبيب كل مرة",
]


@pytest.fixture(scope="module")
def twelve_candidates(live_server):
    """So what? voted on: 6 themes and 6 long notes in no theme."""
    workshop = replay(live_server, "Leeds: choosing what matters", {"what": 4, "so-what": 14},
                      themes={"so-what": VOTE_THEMES}, participants=6)
    phone = Phone(live_server.url, workshop.code, "lived-experience", "en")
    try:
        for text in LOOSE_CANDIDATES:
            phone.post(text, "so-what")
    finally:
        phone.close()
    workshop.facilitator.call("voting:open", {"phase": "so-what", "dots": 3, "reveal": False})
    yield workshop
    workshop.facilitator.call("voting:close", {})
    workshop.facilitator.close()


@pytest.mark.parametrize("width,height", SIZES)
def test_every_one_of_12_vote_candidates_is_whole_on_one_screen(twelve_candidates, projector, width, height):
    board = projector(width, height)
    board.goto(f"{twelve_candidates.board_url}?page_seconds={PAGE_SECONDS}")
    column = board.locator('#main-phases .column[data-phase="so-what"]')
    expect(column).to_have_class(re.compile(r"\bvoting\b"))
    candidates = "#main-phases .theme.candidate, #main-phases .notes.loose .note"
    expect(board.locator(candidates)).to_have_count(12)
    board.wait_for_timeout(1500)   # past a page turn: nothing moves, there is one page
    shot(board, "vote-12", width)
    sample = board.evaluate(WHOLE, [candidates, ".name, .text"])
    assert [item["key"] for item in sample if not item["whole"]] == [], "candidates not whole on screen"
    assert [item for item in sample if item["smallest"] < FLOOR[width]] == []
    # A note in no theme is a candidate: its words are whole, not cut to a few lines.
    cut = board.evaluate("""() => [...document.querySelectorAll('#main-phases .notes.loose .note .text')]
                              .filter((t) => getComputedStyle(t).webkitLineClamp !== 'none').length""")
    assert cut == 0, f"{cut} candidate notes cut short"
    expect(column).to_have_attribute("data-pages", "1")


@pytest.fixture(scope="module")
def long_note(live_server):
    """A workshop (the 5As template: notes up to 600 characters) with a 600-character note."""
    links = live_server.new_workshop("Leeds: one story", question="How do people get an interpreter at the GP?",
                                     template="five-as-access")
    facilitator = Facilitator(live_server, links["code"])
    workshop = Workshop(live_server, links, facilitator)
    facilitator.call("workshop:status", {"status": "live"})
    facilitator.call("phases:open", {"phases": ["what"]})
    phone = Phone(live_server.url, links["code"], "lived-experience", "en")
    try:
        assert len(LONG_NOTE) == 600
        note = phone.post(LONG_NOTE, "what")
    finally:
        phone.close()
    facilitator.call("spotlight:set", {"kind": "note", "id": note["id"]})
    yield workshop
    facilitator.close()


@pytest.mark.parametrize("width,height", SIZES)
def test_a_spotlighted_600_character_note_is_whole(long_note, projector, width, height):
    board = projector(width, height)
    board.goto(long_note.board_url)
    expect(board.locator("#spotlight-text")).to_have_text(LONG_NOTE)
    board.wait_for_timeout(300)
    shot(board, "spotlight", width)
    [text] = board.evaluate(WHOLE, ["#spotlight-text", "#spotlight-text"])
    assert text["whole"], "the spotlighted note is cut off"
    hidden = board.evaluate("() => { const s = document.getElementById('spotlight'); return s.scrollHeight - s.clientHeight; }")
    assert hidden <= 1, f"{hidden} px of the spotlight hidden"
    assert text["smallest"] >= FLOOR[width]
