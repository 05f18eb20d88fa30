"""Accessibility in real Chromium: axe-core on every page in both directions, the board's
7:1 contrast (and its high-contrast theme), keyboard only, live regions, large text,
and a right-to-left phone that really lays out right to left.

axe-core comes from the npm registry (package.json, a dev dependency) and is read from
node_modules: it is evaluated in the page by the test, never served by the app, so the
page's real Content-Security-Policy stays in force while it runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_live_loop import create_workshop, open_only

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "exports" / "screenshots"


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.skip("axe-core is not installed (make setup runs npm ci)")
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, source, tags=WCAG_AA, rules=None):
    """Run axe-core in `page`; return its violations as short readable lines."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(source)
    options = {"runOnly": {"type": "rule", "values": rules}} if rules else {"runOnly": {"type": "tag", "values": tags}}
    result = page.evaluate("async (options) => await axe.run(document, options)", options)
    assert result["passes"], "axe checked nothing: is the page empty?"
    return [
        f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]} {v['nodes'][0].get('failureSummary', '')[:200]}"
        for v in result["violations"]
    ]


def join(phone, url):
    """Join from the phone page in whatever language it shows (no English text to click)."""
    phone.goto(url)
    phone.locator("#join-form button[type=submit]").click()
    expect(phone.locator("#connection")).to_have_attribute("data-state", "online")


def workshop_with_notes(console, new_phone, language):
    """A workshop with What? open, a phone in `language` that posted, and the phone page."""
    create_workshop(console, title=f"Access check {language}")
    open_only(console, "What?")
    phone = new_phone()
    join_url = console.locator("#join-url").get_attribute("href")
    join(phone, f"{join_url}?lang={language}")
    phone.fill("#note-text", "نحتاج مترجماً يتكلم لهجتنا")
    phone.keyboard.press("Tab")
    phone.locator("#note-form button[type=submit]").click()
    expect(phone.locator("#my-notes .note .state")).to_have_count(1)
    expect(phone.locator("#my-notes .note")).not_to_contain_text("Waiting", timeout=10_000)
    return phone


@pytest.mark.parametrize("language", ["en", "ar"])
def test_axe_finds_nothing_on_any_page(facilitator_page, new_phone, projector, live_server, axe_source, language):
    console = facilitator_page
    phone = workshop_with_notes(console, new_phone, language)
    expect(phone.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    assert axe_violations(phone, axe_source) == []

    entry = new_phone()
    entry.goto(f"{live_server.url}/?lang={language}")
    assert axe_violations(entry, axe_source) == []

    board = projector(1920, 1080)
    board.goto(f"{console.locator('#board-url').get_attribute('href')}?lang={language}")
    expect(board.locator(".column .note")).to_have_count(1)
    assert axe_violations(board, axe_source) == []

    # The console stays in English (lang="en") whatever the phones read; it shows their notes.
    expect(console.locator("#note-columns .note")).to_have_count(1)
    assert axe_violations(console, axe_source) == []


@pytest.mark.parametrize("theme", ["normal", "high"])
def test_board_text_has_at_least_7_to_1_contrast(facilitator_page, new_phone, projector, axe_source, theme):
    """axe's `color-contrast-enhanced` is WCAG's AAA rule: 7:1 (4.5:1 for large text).
    Projectors wash colours out, so the board meets it, and more so in high contrast."""
    console = facilitator_page
    workshop_with_notes(console, new_phone, "en")
    board = projector(1920, 1080)
    board.goto(f"{console.locator('#board-url').get_attribute('href')}?contrast={theme}")
    expect(board.locator(".column .note")).to_have_count(1)
    expect(board.locator("#contrast-toggle")).to_have_attribute("aria-pressed", "true" if theme == "high" else "false")
    assert axe_violations(board, axe_source, rules=["color-contrast-enhanced", "color-contrast"]) == []
    if theme == "high":
        assert board.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"


def test_the_high_contrast_switch_works_by_keyboard_and_is_remembered(facilitator_page, projector):
    create_workshop(facilitator_page, title="Washed-out projector")
    url = facilitator_page.locator("#board-url").get_attribute("href")
    board = projector(1280, 720)
    board.goto(url)
    board.locator("#contrast-toggle").focus()
    board.keyboard.press("Enter")
    expect(board.locator("body")).to_have_class("page-board contrast-high")
    board.reload()
    expect(board.locator("body")).to_have_class("page-board contrast-high")


def focus_is_visible(page) -> bool:
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }"""
    )


def test_posting_a_note_with_the_keyboard_alone(facilitator_page, new_phone, projector):
    """Tab, Enter and typing only, with the focus visible at every stop."""
    console = facilitator_page
    create_workshop(console, title="Keyboard only")
    open_only(console, "What?")
    board = projector(1280, 720)
    board.goto(console.locator("#board-url").get_attribute("href"))
    phone = new_phone()
    phone.goto(console.locator("#join-url").get_attribute("href"))

    def tab_to(selector, limit=40):
        for _ in range(limit):
            phone.keyboard.press("Tab")
            if phone.evaluate("(s) => document.activeElement.matches(s)", selector):
                assert focus_is_visible(phone), f"no visible focus on {selector}"
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#nickname")
    phone.keyboard.type("Sam")
    tab_to("#join-form button[type=submit]")
    phone.keyboard.press("Enter")
    expect(phone.locator("#connection")).to_have_text("Connected")
    tab_to("#note-text")
    phone.keyboard.type("The waiting room has no hearing loop")
    tab_to("#note-form button[type=submit]")
    phone.keyboard.press("Enter")
    expect(board.locator(".column .note")).to_have_text(["The waiting room has no hearing loop"])
    expect(phone.locator("#my-notes .note")).to_contain_text("On the board")


def test_screen_readers_hear_new_notes_counted_and_phases_announced(facilitator_page, new_phone, projector):
    console = facilitator_page
    create_workshop(console, title="Announcements")
    open_only(console, "What?")
    board = projector(1280, 720)
    board.goto(console.locator("#board-url").get_attribute("href"))
    expect(board.locator("#connection")).to_have_attribute("data-state", "online")
    phone = new_phone()
    join(phone, console.locator("#join-url").get_attribute("href"))
    for text in ("First", "Second", "Third"):
        phone.fill("#note-text", text)
        phone.locator("#note-form button[type=submit]").click()
    expect(board.locator(".column .note")).to_have_count(3)
    # One announcement for the three, not three interruptions; the note lists are not live.
    expect(board.locator("#announcer")).to_have_text("3 new notes", timeout=10_000)
    assert board.locator(".notes[aria-live]").count() == 0
    open_only(console, "So what?")
    expect(board.locator("#announcer")).to_contain_text("Now open: So what?")
    expect(board.locator("#announcer")).to_contain_text("Closed: What?")
    expect(phone.locator("#announcer")).to_contain_text("Now open: So what?")


def test_the_phone_honours_large_text_and_reduced_motion_without_sideways_scrolling(browser, facilitator_page):
    """The phone's text size set to 200 % (Chromium's default font size 16 → 32 px) at
    360 px wide: everything grows, nothing needs a sideways scroll."""
    console = facilitator_page
    create_workshop(console, title="Large text on a small phone")
    open_only(console, "What?")
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2, reduced_motion="reduce")
    try:
        phone = context.new_page()
        cdp = context.new_cdp_session(phone)
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
        join(phone, console.locator("#join-url").get_attribute("href"))
        phone.fill("#note-text", "A long word: Gesundheitsversorgungsdolmetschervermittlung")
        phone.locator("#note-form button[type=submit]").click()
        expect(phone.locator("#my-notes .note")).to_contain_text("On the board")
        body_px = phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert body_px >= 32  # 1.125rem of a 32 px root: the phone's setting is honoured
        widths = phone.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"sideways scroll at 200 % text: {widths}"
        assert phone.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches")
        assert phone.evaluate("document.getAnimations().length") == 0
    finally:
        context.close()


def test_an_arabic_phone_lays_out_right_to_left(facilitator_page, new_phone):
    console = facilitator_page
    phone = workshop_with_notes(console, new_phone, "ar")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "phone-ar.png"), full_page=False)
    assert phone.evaluate("getComputedStyle(document.body).direction") == "rtl"
    expect(phone.locator("#note-form button[type=submit]")).to_have_text("انشر")
    # Text starts at the right: the label's words end at the form's right edge, and the
    # coloured edge of a note is on its right.
    label = phone.evaluate(
        """() => { const l = document.querySelector('label[for=note-text]'), r = document.createRange();
                   r.selectNodeContents(l); const t = r.getBoundingClientRect(), f = l.getBoundingClientRect();
                   return {textLeft: t.left, textRight: t.right, boxLeft: f.left, boxRight: f.right}; }"""
    )
    assert abs(label["textRight"] - label["boxRight"]) < 2 and label["textLeft"] - label["boxLeft"] > 100
    note = phone.locator("#my-notes .note").first
    assert note.evaluate("e => parseFloat(getComputedStyle(e).borderRightWidth)") > 3
    assert note.evaluate("e => parseFloat(getComputedStyle(e).borderLeftWidth)") == 0
