"""A commissioner answers from the response link in their own browser; the console counts the answers.

Screenshots of the response page (phone 360×740 and laptop 1280×720) go to shots/ when
RESPOND_SHOTS is set to a folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.test_a11y import AXE, axe_violations
from tests.reports.conftest import pdf_text

RECOMMENDATIONS = """- Book an interpreter with every appointment for people who need one, in their own dialect.
- Check at reception that the interpreter was booked, and say so on the appointment letter.
- Send letters in the patient's language as well as in English.
- Come back to this group in six months and say what changed."""


def _shot(page, name: str) -> None:
    folder = os.environ.get("RESPOND_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_a_commissioner_answers_two_recommendations_and_the_console_shows_it(facilitator_page, live_server, browser, tmp_path):
    workshop = live_server.new_workshop("Interpreting in primary care", question="What would make interpreting work?")
    code = workshop["code"]
    console = facilitator_page
    console.goto(f"{live_server.url}/facilitator/w/{code}#report")
    console.fill("#r-recommendations", RECOMMENDATIONS)
    with console.expect_navigation():
        console.click("#report-front button[type=submit]")
    # Saved, the facilitator is back on the report panel, where they were.
    expect(console.locator("#panel-report")).to_be_visible()
    expect(console.locator("#r-recommendations")).to_have_value(RECOMMENDATIONS)
    console.click("#make-response-link")
    console.wait_for_selector("#response-url")
    assert "0 of 4 answered" in console.inner_text("#responses-count")
    link = console.input_value("#response-url")
    assert f"/respond/{code}/" in link

    for size, name in (({"width": 360, "height": 740}, "respond-phone.png"), ({"width": 1280, "height": 720}, "respond-laptop.png")):
        context = browser.new_context(viewport=size)  # the commissioner: no sign-in, no cookies of the facilitator
        try:
            page = context.new_page()
            page.goto(link)
            assert page.url.endswith(f"/respond/{code}")
            items = page.locator(".respond-item")
            assert items.count() == 4
            if name == "respond-phone.png":
                first = items.nth(0)
                first.get_by_label("Agreed", exact=True).check()
                first.get_by_label("What will be done").fill("Added to the interpreting specification for 2026")
                first.get_by_label("By whom").fill("NHS West Yorkshire ICB")
                first.get_by_label("By when").fill("2026-10-01")
                first.get_by_role("button").click()
                page.wait_for_selector(".respond-item .saved")
                second = page.locator(".respond-item").nth(2)
                second.locator(":scope > details > summary").click()  # one item is open at a time
                second.get_by_label("Not ours to decide").check()
                second.get_by_role("button").click()
                page.wait_for_selector(".respond-item .error")  # who should decide? the words are kept
                second = page.locator(".respond-item").nth(2)
                second.get_by_label("who should decide it").fill("Leeds Teaching Hospitals")
                second.get_by_role("button").click()
                page.wait_for_selector(".respond-item .saved")
                assert page.locator(".respond-item.answered").count() == 2
                page.goto(f"{live_server.url}/facilitator/w/{code}")
                assert "/signin" in page.url  # the link opens nothing else
                page.goto(f"{live_server.url}/respond/{code}")
            _shot(page, name)
            if AXE.exists():
                assert axe_violations(page, AXE.read_text(encoding="utf-8")) == []
        finally:
            context.close()

    console.reload()  # the same address: goto would only move to the hash
    assert "2 of 4 answered" in console.inner_text("#responses-count")
    assert console.inner_text("#count-responses") == "2/4 answered"
    assert "Leeds Teaching Hospitals" in console.inner_text("#responses-list")
    console.locator("#responses-h").scroll_into_view_if_needed()
    _shot(console, "console-responses.png")

    # The participants' handout in Arabic says what was decided (the commissioner's words as written).
    # A PDF on a busy two-core machine (the suite runs five at once) can take longer than the default 30 s.
    handout = console.request.get(f"{live_server.url}/facilitator/w/{code}/report/download/handout?lang=ar", timeout=120_000)
    assert handout.ok
    pdf = tmp_path / "handout-ar.pdf"
    pdf.write_bytes(handout.body())
    text = " ".join(pdf_text(pdf).split())
    assert "Added to the interpreting" in text and "Leeds Teaching Hospitals" in text

    # The impact log lists the decision.
    console.goto(f"{live_server.url}/facilitator/")
    console.click("#impact-link")
    assert "Added to the interpreting specification for 2026" in console.inner_text("#impact")
