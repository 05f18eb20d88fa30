"""The projected board with a Leeds-sized workshop (40 phones, 150 notes in six languages),
at 1280×720 and 1920×1080: every note of the open phase is shown at or above the type
floor, on screen or on a page the board turns to by itself; the join view's QR code is at
least 40 % of the screen height; every vote candidate is on screen at once; Arabic and
Farsi notes are right-aligned; closed phases shrink to a summary."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.test_a11y import axe_source, axe_violations  # noqa: F401  (axe_source is a fixture)
from tests.browser.workshop_builder import replay, server_has

SIZES = [(1280, 720), (1920, 1080)]
FLOOR = {1280: 26, 1920: 38}   # 2 % of the width: board.js's type floor


def floor_px(width: int) -> int:
    return FLOOR[width]


@pytest.fixture(scope="module")
def leeds(live_server):
    """150 notes from 40 phones in What?, which is open."""
    workshop = replay(live_server, "Interpreting in primary care — Leeds", {"what": 150})
    yield workshop
    workshop.facilitator.close()


@pytest.fixture(scope="module")
def later(live_server):
    """What? and So what? done and grouped into themes, Now what? open."""
    workshop = replay(
        live_server, "Leeds, the second hour", {"what": 60, "so-what": 50, "now-what": 10},
        themes={"what": [("Interpreters booked wrongly", 12), ("Letters in English", 9), ("Phone queues", 7)],
                "so-what": [("Trust", 10), ("Nobody told us", 8), ("Time lost waiting", 8),
                            ("Family as interpreters", 8), ("Forms and letters", 8)]},
        participants=20,
    )
    yield workshop
    workshop.facilitator.close()


SEEN_ON_SCREEN = """(floor) => {
  const flow = document.querySelector('#main-phases .column .flow').getBoundingClientRect();
  const seen = [], small = [];
  document.querySelectorAll('#main-phases .flow .note[data-note]').forEach((note) => {
    const r = note.querySelector('.text').getBoundingClientRect();   // the words, whole
    const inside = r.left >= flow.left - 1 && r.right <= flow.right + 1 && r.top >= flow.top - 1 && r.bottom <= flow.bottom + 1
      && r.right <= innerWidth && r.bottom <= innerHeight && r.width > 0;
    if (!inside) return;
    seen.push(note.dataset.note);
    const size = parseFloat(getComputedStyle(note.querySelector('.text')).fontSize);
    if (size < floor) small.push([note.dataset.note, size]);
  });
  const column = document.querySelector('#main-phases .column');
  return {seen, small, page: +column.dataset.page, pages: +column.dataset.pages,
          pinned: [...document.querySelectorAll('.newest .note')].filter((n) => n.getBoundingClientRect().bottom <= innerHeight).map((n) => n.dataset.pinned)};
}"""


@pytest.mark.parametrize("width,height", SIZES)
def test_every_note_of_the_open_phase_is_seen_within_one_cycle_of_pages(leeds, projector, width, height):
    board = projector(width, height)
    board.goto(leeds.board_url + "?page_seconds=1")
    expect(board.locator("#main-phases .column .flow .note[data-note]").first).to_be_visible()
    expect(board.locator("#main-phases .column")).to_have_attribute("data-font", str(floor_px(width)))
    expected = {note["id"] for note in leeds.notes["what"]}
    newest = sorted(leeds.notes["what"], key=lambda n: n["created_at"])[-3:]
    seen: set[str] = set()
    pages_seen: set[int] = set()
    deadline = time.monotonic() + 60
    first = board.evaluate(SEEN_ON_SCREEN, floor_px(width))
    pages = first["pages"]
    assert pages > 1, "150 notes at the floor need pages at this size"
    # The pages turn every second here, so the indicator is read as a pattern, not one page.
    expect(board.locator("#main-phases .pager")).to_have_text(re.compile(rf"^\s*Page [1-9][0-9]* of {pages}\s*$"))
    while len(pages_seen) < pages and time.monotonic() < deadline:
        sample = board.evaluate(SEEN_ON_SCREEN, floor_px(width))
        assert sample["small"] == [], f"notes below the {floor_px(width)} px floor: {sample['small']}"
        # The newest notes are pinned on every page.
        assert set(sample["pinned"]) == {n["id"] for n in newest}
        seen.update(sample["seen"])
        pages_seen.add(sample["page"])
        board.wait_for_timeout(250)
    assert len(pages_seen) == pages, "the board did not turn every page by itself"
    assert expected - seen == set(), f"{len(expected - seen)} notes never shown on screen"


@pytest.mark.parametrize("width,height", SIZES)
def test_right_to_left_notes_are_right_aligned(leeds, projector, width, height):
    board = projector(width, height)
    board.goto(leeds.board_url + "?page_seconds=600")
    arabic = next(n for n in leeds.notes["what"] if n["text"].startswith("نحتاج"))
    english = next(n for n in leeds.notes["what"] if n["text"].startswith("The interpreter"))
    for note, direction, align in ((arabic, "rtl", "right"), (english, "ltr", "left")):
        text = board.locator(f'.note[data-note="{note["id"]}"] .text')
        expect(text).to_have_attribute("dir", "auto")
        style = text.evaluate("e => [getComputedStyle(e).direction, getComputedStyle(e).textAlign]")
        assert style == [direction, align]


@pytest.mark.parametrize("width,height", SIZES)
def test_the_join_view_fills_the_screen_while_no_phase_is_open(live_server, projector, width, height):
    workshop = replay(live_server, "Before we start", {"what": 1}, open_after=[], participants=1)
    try:
        board = projector(width, height)
        board.goto(workshop.board_url)
        expect(board.locator("#join-view")).to_be_visible()
        qr = board.locator("#join-view svg.qr").bounding_box()
        assert qr["height"] >= 0.4 * height and qr["y"] + qr["height"] <= height
        expect(board.locator("#join-view .join-url")).to_have_text(workshop.links["join_url"])
        expect(board.locator("#stage")).to_be_hidden()
    finally:
        workshop.facilitator.close()


def test_the_facilitator_switches_the_board_to_the_join_view_and_back(live_server, projector):
    workshop = replay(live_server, "Latecomers", {"what": 3}, participants=3)
    try:
        if not server_has(workshop, "C1"):
            pytest.skip("needs contract C1 (board:view, workshop.board_view) from the arch branch")
        board = projector(1280, 720)
        board.goto(workshop.board_url)
        expect(board.locator("#join-view")).to_be_hidden()
        workshop.facilitator.call("board:view", {"view": "join"})
        expect(board.locator("#join-view")).to_be_visible()
        assert board.locator("#join-view svg.qr").bounding_box()["height"] >= 0.4 * 720
        workshop.facilitator.call("board:view", {"view": "auto"})
        expect(board.locator("#join-view")).to_be_hidden()
        expect(board.locator(".flow .note")).to_have_count(3)
    finally:
        workshop.facilitator.close()


@pytest.mark.parametrize("width,height", SIZES)
def test_closed_phases_shrink_to_a_summary(later, projector, width, height):
    board = projector(width, height)
    board.goto(later.board_url + "?page_seconds=600")
    what = board.locator('#rail .column[data-phase="what"]')
    expect(what).to_be_visible()
    expect(what.locator(".summary-count")).to_have_text("60 notes")
    expect(what.locator(".top-theme")).to_have_text(["Interpreters booked wrongly (12)", "Letters in English (9)", "Phone queues (7)"])
    expect(what.locator(".note")).to_have_count(0)
    expect(board.locator('#main-phases .column[data-phase="now-what"] .flow .note')).to_have_count(10)


@pytest.mark.parametrize("width,height", SIZES)
def test_every_vote_candidate_is_on_screen_at_once(later, projector, width, height):
    later.facilitator.call("voting:open", {"phase": "so-what", "dots": 3, "reveal": True})
    try:
        board = projector(width, height)
        board.goto(later.board_url + "?page_seconds=1")
        column = board.locator('#main-phases .column[data-phase="so-what"]')
        expect(column).to_have_class(re.compile(r"\bvoting\b"))
        expect(column.locator(".theme.candidate")).to_have_count(5)
        expect(column.locator(".notes.loose .note")).to_have_count(8)
        board.wait_for_timeout(1500)   # past a page turn: nothing moves, there is one page
        outside = board.evaluate(
            """(floor) => [...document.querySelectorAll('#main-phases .theme.candidate, #main-phases .notes.loose .note')]
                 .filter((e) => { const r = e.getBoundingClientRect();
                                  const size = parseFloat(getComputedStyle(e).fontSize);
                                  return r.left < 0 || r.right > innerWidth || r.top < 0 || r.bottom > innerHeight || size < floor; })
                 .map((e) => e.textContent)""",
            floor_px(width),
        )
        assert outside == []
        expect(column).to_have_attribute("data-pages", "1")
        expect(column.locator(".pager")).to_be_hidden()
    finally:
        later.facilitator.call("voting:close", {})


@pytest.mark.parametrize("contrast", ["normal", "high"])
def test_axe_finds_nothing_on_a_paged_board_of_150_notes(leeds, projector, axe_source, contrast):
    board = projector(1920, 1080)
    board.goto(leeds.board_url + f"?page_seconds=600&contrast={contrast}")
    expect(board.locator("#main-phases .pager")).to_be_visible()
    assert axe_violations(board, axe_source) == []
    assert axe_violations(board, axe_source, rules=["color-contrast-enhanced", "color-contrast"]) == []


def test_a_note_scribed_after_its_phase_closed_is_marked_on_the_board(later, projector):
    if not server_has(later, "C3"):
        pytest.skip("needs contract C3 (note:scribe into a closed phase, note.late) from the arch branch")
    board = projector(1920, 1080)
    board.goto(later.board_url + "?page_seconds=600")
    later.facilitator.call("voting:open", {"phase": "what", "dots": 3, "reveal": False})   # What? on the main stage
    try:
        answer = later.facilitator.call("note:scribe", {"id": "5d1c7a8e-0000-4000-8000-000000000001", "phase": "what",
                                                        "text": "Said at the door on the way out", "group": "", "table": ""})
        assert answer["note"]["late"] is True
        card = board.locator('.note[data-note="5d1c7a8e-0000-4000-8000-000000000001"]')
        expect(card.locator(".label")).to_have_text("Added after the phase closed")
    finally:
        later.facilitator.call("voting:close", {})
