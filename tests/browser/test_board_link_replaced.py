"""Taking the board link back (issue 12): the facilitator makes a new board link from the
console's settings, after a confirmation that says what happens, and the board open with
the old link says so and stops; the old link opens nothing."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import expect


def _shot(page, name: str) -> None:
    """Screenshots to look at, when LINK_SHOTS names a folder."""
    folder = os.environ.get("LINK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name))


def test_the_board_says_its_link_was_replaced_and_stops(facilitator_page, live_server, projector):
    links = live_server.new_workshop("Interpreting in primary care", question="What helps?")
    board = projector(1280, 720)
    board.goto(links["board_url"])
    expect(board.locator("#connection")).to_have_attribute("data-state", "online")

    console = facilitator_page
    console.set_viewport_size({"width": 1280, "height": 720})
    console.goto(live_server.url + "/facilitator/w/" + links["code"] + "#settings")
    asked = []
    console.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    console.click("#replace-board-link")
    expect(console.locator(".flash")).to_contain_text("A new board link is ready")
    assert asked and "The board open now will stop and ask for the new link" in asked[0]
    _shot(console, "console-board-link-replaced.png")

    banner = board.locator("#banner")
    expect(banner).to_be_visible()
    expect(banner).to_have_text("This board link was replaced. Open the board again from the console.")
    board.wait_for_timeout(1500)  # the server's disconnect follows the `gone` at once
    assert "reconnecting" not in board.locator("#connection").text_content()  # it is over, not offline
    _shot(board, "board-link-replaced.png")
    assert board.request.get(links["board_url"]).status == 404
    new_url = console.locator("#board-url").get_attribute("href")
    assert new_url != links["board_url"] and board.request.get(new_url).status == 200


def test_a_co_facilitator_of_cycle_2_sees_cycle_1_without_its_code(facilitator_page, live_server, browser):
    links = live_server.new_workshop("Interpreting in primary care", question="What helps?")
    console = facilitator_page
    console.set_viewport_size({"width": 1280, "height": 720})
    console.goto(live_server.url + "/facilitator/w/" + links["code"] + "#settings")
    console.click("#next-cycle")
    console.fill("#next-title", "Interpreting in primary care — cycle 2")
    console.click("#next-confirm")
    console.wait_for_url(lambda url: links["code"] not in url)
    second = console.url.rsplit("/", 1)[-1].split("#")[0]
    console.goto(live_server.url + "/facilitator/w/" + second + "#settings")
    colleague_link = console.locator("#cofacilitator-url").input_value()

    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        colleague = context.new_page()
        colleague.goto(colleague_link)
        colleague.click("#tab-settings")
        cycles = colleague.locator("#cycles li")
        expect(cycles).to_have_count(2)
        expect(cycles.nth(0)).to_contain_text("open it with the facilitator's passcode")
        assert cycles.nth(0).locator("a").count() == 0
        assert links["code"] not in colleague.content()
        expect(colleague.locator("#replace-board-link")).to_be_visible()
        expect(colleague.locator("#replace-cofacilitator-link")).to_have_count(0)  # that one takes the passcode
        colleague.locator("#cycles").scroll_into_view_if_needed()
        _shot(colleague, "console-cofacilitator-cycles.png")
    finally:
        context.close()
