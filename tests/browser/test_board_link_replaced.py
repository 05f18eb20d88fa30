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
    _shot(board, "board-link-replaced.png")
    assert board.request.get(links["board_url"]).status == 404
    new_url = console.locator("#board-url").get_attribute("href")
    assert new_url != links["board_url"] and board.request.get(new_url).status == 200
