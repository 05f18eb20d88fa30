"""Faults on the phone: no signal, lost acknowledgements, a tab closed too early."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.reliability.conftest import RealPhone


def joined_phone(new_phone, join_url):
    phone = new_phone()
    phone.goto(join_url)
    phone.click("text=Join the workshop")
    expect(phone.locator("#connection")).to_have_text("Connected")
    return phone


def post(phone, text):
    phone.fill("#note-text", text)
    phone.click("#note-form button[type=submit]")


@pytest.mark.long
def test_a_phone_offline_for_two_minutes_posts_three_notes_and_each_appears_once(
    server, open_workshop, new_phone, projector
):
    board = projector(1280, 720)
    board.goto(open_workshop["board_url"])
    phone = joined_phone(new_phone, open_workshop["join_url"])
    # A phone that stays connected and quiet all along, far past the ping timeout (10 s +
    # 10 s): its connection's queue times out only if the server's pings stop (issue 16).
    quiet = RealPhone(server.url, open_workshop["code"]).connect()
    try:
        phone.context.set_offline(True)
        for minute, text in enumerate(["First, with no signal", "Second, still none", "Third, nearly back"]):
            post(phone, text)
            phone.wait_for_timeout(40_000)  # 3 × 40 s: two minutes without signal
        expect(phone.locator("#my-notes .note.sending")).to_have_count(3)
        expect(board.locator(".note")).to_have_count(0)

        phone.context.set_offline(False)
        for text in ["First, with no signal", "Second, still none", "Third, nearly back"]:
            expect(board.locator(".note", has_text=text)).to_have_count(1, timeout=30_000)
        expect(phone.locator("#my-notes .note.sent")).to_have_count(3, timeout=15_000)
        phone.wait_for_timeout(5_000)  # past another retry round: still exactly three
        expect(board.locator(".note")).to_have_count(3)
        with quiet.lock:
            heard = sorted(note["text"] for note in quiet.heard)
    finally:
        quiet.close()
    assert heard == sorted(["First, with no signal", "Second, still none", "Third, nearly back"])
    assert quiet.connects == 1, "the quiet phone's connection was dropped and made again"


def test_a_lost_acknowledgement_is_retried_without_a_duplicate(server, open_workshop, new_phone, projector):
    board = projector(1280, 720)
    board.goto(open_workshop["board_url"])
    phone = new_phone()
    dropped = []

    def relay(ws):
        """Pass every frame through, except the server's first answer to a note."""
        server_side = ws.connect_to_server()
        ws.on_message(lambda message: server_side.send(message))

        def from_server(message):
            is_note_ack = isinstance(message, str) and re.match(r"^43\d+\[", message) and '"duplicate":false' in message
            if is_note_ack and not dropped:
                dropped.append(message)
                return
            ws.send(message)

        server_side.on_message(from_server)

    phone.route_web_socket(re.compile(r".*/socket\.io/.*"), relay)
    phone.goto(open_workshop["join_url"])
    phone.click("text=Join the workshop")
    expect(phone.locator("#connection")).to_have_text("Connected")
    post(phone, "My acknowledgement gets lost")
    expect(board.locator(".note", has_text="My acknowledgement gets lost")).to_have_count(1)
    expect(phone.locator("#my-notes .note")).to_contain_text("Waiting to send")
    expect(phone.locator("#my-notes .note")).to_contain_text("On the board", timeout=20_000)
    assert len(dropped) == 1
    expect(board.locator(".note")).to_have_count(1)


def test_a_note_left_unsent_when_the_tab_closes_is_sent_when_it_opens_again(
    server, open_workshop, new_phone, projector
):
    board = projector(1280, 720)
    board.goto(open_workshop["board_url"])
    phone = joined_phone(new_phone, open_workshop["join_url"])
    context = phone.context

    context.set_offline(True)
    post(phone, "Typed just before the bus came")
    expect(phone.locator("#my-notes .note")).to_contain_text("Waiting to send")
    phone.close()
    context.set_offline(False)
    expect(board.locator(".note")).to_have_count(0)

    reopened = context.new_page()
    reopened.goto(open_workshop["join_url"])
    expect(board.locator(".note", has_text="Typed just before the bus came")).to_have_count(1, timeout=20_000)
    expect(reopened.locator("#my-notes .note")).to_contain_text("On the board")
