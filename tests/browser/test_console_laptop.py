"""The console on a 1280×720 laptop with a Leeds-sized workshop (40 phones, 150 notes): the
toolbar stays in view while the facilitator scrolls, themes stay reachable as drop targets,
several notes go into a theme in one step, the timer field refuses what it cannot read,
and the notes can be searched and filtered."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_a11y import axe_source, axe_violations  # noqa: F401  (axe_source is a fixture)
from tests.browser.workshop_builder import laptop_console, replay, server_has


@pytest.fixture(scope="module")
def leeds(live_server):
    workshop = replay(
        live_server, "Interpreting in primary care — console", {"what": 100, "so-what": 50},
        themes={"what": [("Interpreters booked wrongly", 6), ("Letters in English", 4)]},
    )
    yield workshop
    workshop.facilitator.close()


@pytest.fixture
def console(facilitator_page, leeds):
    with laptop_console(facilitator_page, leeds) as page:
        # 150 replayed, plus any a test in this module scribed (it records them in leeds.notes).
        expect(page.locator("#count-notes")).to_have_text(str(sum(len(notes) for notes in leeds.notes.values())))
        yield page


def in_viewport(page, selector):
    box = page.locator(selector).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 720


def test_the_toolbar_and_the_themes_stay_in_view_while_the_facilitator_scrolls(console):
    assert console.evaluate("document.documentElement.scrollHeight") > 3 * 720
    console.mouse.wheel(0, 4000)
    console.wait_for_timeout(300)
    assert console.evaluate("scrollY") > 1000
    for control in ("#toolbar", "#timer-start", "#timer-reset", ".open-only[data-phase='so-what']",
                    "#vote-open", "#board-view-join", "#board-url", "#joined", "#tab-actions"):
        assert in_viewport(console, control), f"{control} scrolled out of view"
    toolbar = console.locator("#toolbar").bounding_box()
    assert toolbar["height"] <= 0.3 * 720, "the toolbar takes most of the laptop's screen"
    target = console.locator('#theme-rail .theme-target', has_text="Letters in English")
    assert in_viewport(console, '#theme-rail .theme-target >> nth=1')
    expect(target).to_be_visible()


def test_several_notes_go_into_a_theme_in_one_step(console, leeds):
    notes = [n for n in leeds.notes["so-what"]]
    card = lambda note: console.locator(f'#note-columns .note[data-note="{note["id"]}"]')
    console.select_option("#filter-phase", "so-what")
    # Click one, Shift-click another: every note shown between them is selected.
    shown = console.locator('#note-columns section[data-phase="so-what"] ul[data-drop="none"] .note')
    first_id = shown.nth(0).get_attribute("data-note")
    shown.nth(0).locator(".text").click()
    shown.nth(3).locator(".text").click(modifiers=["Shift"])
    expect(console.locator("#selection-count")).to_have_text("4 notes selected.")
    # The keyboard way: X on the note in focus.
    shown.nth(5).locator(".select-note").focus()
    console.keyboard.press("x")
    expect(console.locator("#selection-count")).to_have_text("5 notes selected.")
    chosen = [shown.nth(i).get_attribute("data-note") for i in (0, 1, 2, 3, 5)]
    console.fill("#selection-new", "Being believed")
    console.click("#selection-create")
    theme = console.locator("#note-columns .theme", has_text="Being believed")
    expect(theme.locator(".note")).to_have_count(5)
    assert sorted(theme.locator(".note").evaluate_all("els => els.map(e => e.dataset.note)")) == sorted(chosen)
    expect(console.locator("#selection-count")).to_have_text("No notes selected.")
    # Two more, put in with one press on the theme in the rail.
    shown.nth(0).locator(".select-note").check()
    shown.nth(1).locator(".select-note").check()
    expect(console.locator("#selection-count")).to_have_text("2 notes selected.")
    console.locator("#theme-rail .theme-target", has_text="Being believed").click()
    expect(theme.locator(".note")).to_have_count(7)
    expect(console.locator("#theme-rail .theme-target", has_text="Being believed")).to_contain_text("7")
    assert first_id in theme.locator(".note").evaluate_all("els => els.map(e => e.dataset.note)")
    assert card(notes[0]).count() == 1


@pytest.mark.parametrize("typed,message", [
    ("0.1", "Type whole minutes (for example 12) or minutes and seconds (for example 2:30)."),
    ("ten", "Type whole minutes (for example 12) or minutes and seconds (for example 2:30)."),
    ("2:75", "Type whole minutes (for example 12) or minutes and seconds (for example 2:30)."),
    ("0", "The timer needs at least one second."),
    ("241", "The timer goes up to 240 minutes (4 hours)."),
])
def test_the_timer_field_refuses_what_it_cannot_read(console, typed, message):
    before = console.locator("#timer").text_content()
    console.fill("#timer-minutes", typed)
    console.click("#timer-set")
    expect(console.locator("#timer-message")).to_have_text(message)
    expect(console.locator("#timer-minutes")).to_have_attribute("aria-invalid", "true")
    expect(console.locator("#timer")).to_have_text(before)


def test_the_timer_field_takes_minutes_or_minutes_and_seconds(console):
    console.fill("#timer-minutes", "2:30")
    console.keyboard.press("Enter")
    expect(console.locator("#timer")).to_have_text("2:30")
    expect(console.locator("#timer-message")).to_have_text("")
    console.fill("#timer-minutes", "12")
    console.click("#timer-set")
    expect(console.locator("#timer")).to_have_text("12:00")


def test_one_click_resets_the_timer_to_the_open_phases_minutes(console, leeds):
    if not server_has(leeds, "C2"):
        pytest.skip("needs contract C2 (timer per phase, timer.phase) from the arch branch")
    console.fill("#timer-minutes", "1:05")
    console.click("#timer-set")
    expect(console.locator("#timer")).to_have_text("1:05")
    console.click("#timer-reset")
    expect(console.locator("#timer")).to_have_text("15:00")   # So what?'s minutes in the template


def test_search_and_filters_over_the_notes(console, leeds):
    farsi = [n for n in leeds.notes["what"] + leeds.notes["so-what"] if n["text"].startswith("فرم‌ها")]
    console.keyboard.press("/")
    expect(console.locator("#filter-text")).to_be_focused()
    console.keyboard.type("فرم‌ها")
    visible = console.locator("#note-columns .note:visible")
    expect(visible).to_have_count(len(farsi))
    expect(console.locator("#filter-count")).to_have_text(f"Showing {len(farsi)} of 150 notes.")
    console.select_option("#filter-phase", "what")
    expect(visible).to_have_count(len([n for n in farsi if n["phase"] == "what"]))
    # The rest are in So what?: the count says so, rather than "none" (issue 28, item 12).
    elsewhere = len([n for n in farsi if n["phase"] != "what"])
    assert elsewhere, "the replayed workshop has these words in both phases"
    expect(console.locator("#filter-count")).to_contain_text(f"{elsewhere} more match in other phases: choose Phase All")
    console.fill("#filter-text", "")
    console.select_option("#filter-state", "waiting")
    expect(visible).to_have_count(0)
    console.select_option("#filter-state", "")
    console.select_option("#filter-group", "commissioner")
    expect(visible.first).to_contain_text("Commissioner")


def test_panels_switch_with_counts_and_shortcuts_are_listed(console):
    expect(console.locator("#panel-notes")).to_be_visible()
    console.keyboard.press("2")
    expect(console.locator("#panel-actions")).to_be_visible()
    expect(console.locator("#panel-notes")).to_be_hidden()
    expect(console.locator("#tab-actions")).to_have_attribute("aria-selected", "true")
    console.keyboard.press("ArrowRight")
    expect(console.locator("#panel-report")).to_be_visible()
    console.click("#tab-settings")
    expect(console.locator("#panel-settings")).to_be_visible()
    expect(console.locator("#translations-url")).to_have_attribute("href", f"/facilitator/w/{console.url.split('/')[-1].split('#')[0]}/translations")
    console.click("#shortcuts summary")
    expect(console.locator("#shortcuts dl")).to_contain_text("Put the selected notes into a theme")


def test_an_arabic_note_is_right_aligned_on_the_console(console, leeds):
    arabic = next(n for n in leeds.notes["what"] if n["text"].startswith("نحتاج"))
    text = console.locator(f'#note-columns .note[data-note="{arabic["id"]}"] .text')
    assert text.evaluate("e => [getComputedStyle(e).direction, getComputedStyle(e).textAlign]") == ["rtl", "right"]


def test_a_scribe_can_post_into_a_closed_phase_marked_as_late(console, leeds, projector):
    if not server_has(leeds, "C3"):
        pytest.skip("needs contract C3 (note:scribe into a closed phase, note.late) from the arch branch")
    console.click("#scribe summary")
    console.select_option("#scribe-phase", "what")
    expect(console.locator("#scribe-late")).to_contain_text("marked on the board and in the report as added after the phase closed")
    console.fill("#scribe-text", "Said at the door on the way out")
    console.select_option("#scribe-language", "en")
    console.fill("#scribe-translation", "")  # nothing to translate: the words are in English
    console.click("#scribe-form button[type=submit]")
    expect(console.locator("#scribe-message")).to_have_text("Posted.")
    note = console.locator("#note-columns .note", has_text="Said at the door on the way out")
    expect(note).to_have_class(__import__("re").compile(r"\blate\b"))
    expect(note.locator(".label")).to_have_text("Added after the phase closed")
    leeds.notes["what"].append({"id": note.get_attribute("data-note"), "text": "Said at the door on the way out"})


def test_a_scribe_posts_the_words_as_said_with_their_translation(console, leeds):
    console.click("#scribe summary")
    console.select_option("#scribe-phase", "so-what")
    console.fill("#scribe-text", "المترجم لم يأت أبداً")
    console.select_option("#scribe-language", "ar")
    console.fill("#scribe-translation", "The interpreter never came")
    console.click("#scribe-form button[type=submit]")
    expect(console.locator("#scribe-message")).to_have_text("Posted.")
    note = console.locator("#note-columns .note", has_text="المترجم لم يأت أبداً")
    expect(note).to_contain_text("The interpreter never came")
    leeds.notes["so-what"].append({"id": note.get_attribute("data-note"), "text": "المترجم لم يأت أبداً"})
    expect(console.locator("#scribe-translation")).to_have_value("")


@pytest.mark.parametrize("panel", ["notes", "actions", "report", "settings"])
def test_axe_finds_nothing_on_each_console_panel(console, axe_source, panel):
    console.click(f"#tab-{panel}")
    expect(console.locator(f"#panel-{panel}")).to_be_visible()
    assert axe_violations(console, axe_source) == []


def test_one_click_on_the_console_puts_the_join_view_on_the_board(console, leeds, projector):
    if not server_has(leeds, "C1"):
        pytest.skip("needs contract C1 (board:view, workshop.board_view) from the arch branch")
    board = projector(1280, 720)
    board.goto(leeds.board_url)
    expect(board.locator("#join-view")).to_be_hidden()
    console.click("#board-view-join")
    expect(console.locator("#board-view-join")).to_have_attribute("aria-pressed", "true")
    expect(board.locator("#join-view")).to_be_visible()
    console.keyboard.press("j")   # the shortcut switches back
    expect(console.locator("#board-view-join")).to_have_attribute("aria-pressed", "false")
    expect(board.locator("#join-view")).to_be_hidden()
