"""The whole loop in real Chromium: console → board with QR code → phone posts → board."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def create_workshop(page, title="Interpreting in primary care", question="How do people get an interpreter?"):
    page.fill("#title", title)
    page.fill("#question", question)
    page.fill("#venue", "Woodhouse Medical Practice")
    page.click("text=Create workshop")
    page.wait_for_url(re.compile(r".*/facilitator/w/\w+$"))
    expect(page.locator("#connection")).to_have_text("Connected")
    return page.url.rsplit("/", 1)[-1]


def open_only(page, phase_title):
    """The toolbar's phase buttons: one click opens that phase and closes the others."""
    page.get_by_role("button", name=f"Open only {phase_title}", exact=True).click()
    expect(page.locator(f'#phase-boxes input[value="{ {"What?": "what", "So what?": "so-what", "Now what?": "now-what"}[phase_title] }"]')).to_be_checked()


def join(phone, url, group_label=None):
    phone.goto(url)
    if group_label:
        phone.select_option("#group", label=group_label)
    phone.click("text=Join the workshop")
    expect(phone.locator("#connection")).to_have_text("Connected")


def test_a_note_posted_on_a_phone_appears_on_the_projected_board(facilitator_page, projector, new_phone, live_server):
    console = facilitator_page
    code = create_workshop(console)
    # "Workshop created" is news once: it can be dismissed, and goes when the workshop starts.
    created = console.locator(".flash[role=status]", has_text="Workshop created")
    expect(created.get_by_role("button", name=re.compile("^Dismiss"))).to_be_visible()
    # A new workshop has had no vote: no "results on the board" to speak of (issue 28, item 12).
    expect(console.locator("#vote-status")).to_have_text("No vote yet: open voting when the room is ready.")
    open_only(console, "What?")
    expect(created).to_have_count(0)

    board_url = console.locator("#board-url").get_attribute("href")
    board = projector(1920, 1080)
    board.goto(board_url)
    # With a phase open the notes own the screen; a small code stays for latecomers.
    expect(board.locator(".join-mini svg.qr")).to_be_visible()
    expect(board.locator(".join-mini .join-code")).to_have_text(f"{code[:3]} {code[3:]}")
    expect(board.locator("#join-view")).to_be_hidden()
    expect(board.locator(".column.open h2")).to_contain_text("What?")

    join_url = console.locator("#join-url").get_attribute("href")
    assert join_url == f"{live_server.url}/j/{code}"
    phone = new_phone()
    join(phone, join_url, group_label="Lived experience")
    expect(board.locator("#joined")).to_have_text("1")
    expect(phone.locator("#phase-title")).to_have_text("What?")

    phone.fill("#note-text", "Interpreters are booked for the wrong dialect — نحتاج مترجم")
    phone.click("#note-form button[type=submit]")
    note_on_board = board.locator('.column[data-phase="what"] .note')
    expect(note_on_board).to_have_text("Interpreters are booked for the wrong dialect — نحتاج مترجم")
    expect(phone.locator("#my-notes .note")).to_contain_text("On the board")
    expect(console.locator('#note-columns section[data-phase="what"] .note')).to_contain_text("Lived experience")


def test_the_board_is_readable_at_720p_with_the_qr_code_fully_on_screen(facilitator_page, projector):
    """No phase open yet: the board is the join view, its QR code scannable from the back."""
    code = create_workshop(facilitator_page, title="A board for a small projector")
    board = projector(1280, 720)
    board.goto(facilitator_page.locator("#board-url").get_attribute("href"))
    expect(board.locator("#join-view")).to_be_visible()
    qr = board.locator("#join-view svg.qr").bounding_box()
    assert qr["height"] >= 0.4 * 720 and qr["y"] + qr["height"] <= 720 and qr["x"] + qr["width"] <= 1280
    expect(board.locator("#join-view .join-code")).to_have_text(f"{code[:3]} {code[3:]}")
    expect(board.locator("#join-view .join-url")).to_have_text(facilitator_page.locator("#join-url").get_attribute("href"))
    title_size = board.eval_on_selector("#title", "e => parseFloat(getComputedStyle(e).fontSize)")
    code_size = board.eval_on_selector("#join-view .join-code", "e => parseFloat(getComputedStyle(e).fontSize)")
    assert title_size >= 36 and code_size >= 48


def test_a_phone_that_goes_offline_posts_and_its_note_appears_exactly_once(facilitator_page, projector, new_phone):
    console = facilitator_page
    create_workshop(console, title="Offline phones")
    open_only(console, "What?")
    board = projector()
    board.goto(console.locator("#board-url").get_attribute("href"))
    phone = new_phone()
    join(phone, console.locator("#join-url").get_attribute("href"))

    phone.context.set_offline(True)
    expect(phone.locator("#connection")).to_contain_text("Offline", timeout=30_000)
    phone.fill("#note-text", "Written in the lift with no signal")
    phone.click("#note-form button[type=submit]")
    expect(phone.locator("#my-notes .note")).to_contain_text("Waiting to send")
    phone.wait_for_timeout(1000)
    expect(board.locator(".note")).to_have_count(0)

    phone.context.set_offline(False)
    expect(board.locator(".note")).to_have_text(["Written in the lift with no signal"], timeout=30_000)
    expect(phone.locator("#my-notes .note")).to_contain_text("On the board", timeout=10_000)
    phone.wait_for_timeout(5000)  # past the phone's retry interval: still one
    expect(board.locator(".note")).to_have_count(1)


def test_a_refused_note_keeps_the_text_the_person_typed(facilitator_page, new_phone):
    console = facilitator_page
    create_workshop(console, title="Refusals")
    open_only(console, "What?")
    phone = new_phone()
    join(phone, console.locator("#join-url").get_attribute("href"))
    phone.fill("#note-text", "x" * 501)
    phone.click("#note-form button[type=submit]")
    expect(phone.locator("#note-message")).to_contain_text("longer than 500 characters")
    expect(phone.locator("#note-text")).to_have_value("x" * 501)


def test_a_wrong_join_code_gets_a_polite_page(browser, live_server, new_phone):
    phone = new_phone()
    phone.goto(live_server.url + "/")
    phone.fill("#code", "zz zz zz")
    phone.click("button[type=submit]")
    expect(phone.locator("#code-error")).to_contain_text("check the code")
    expect(phone.locator("#code")).to_have_value("zz zz zz")


def test_a_phone_in_arabic_shows_the_open_phase_in_arabic(facilitator_page, new_phone):
    console = facilitator_page
    create_workshop(console, title="Arabic prompts")
    open_only(console, "What?")
    phone = new_phone()
    phone.goto(console.locator("#join-url").get_attribute("href") + "?lang=ar")
    phone.click("#join-form button[type=submit]")
    expect(phone.locator("#phase-title")).to_have_text("ماذا؟")
    expect(phone.locator("#phase-prompt")).to_have_text("ماذا ترى يحدث؟ ما الذي تعرفه بالتأكيد؟")
