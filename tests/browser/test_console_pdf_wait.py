"""The console's Report panel while a PDF waits its turn (issue 12 item 8): the facilitator
sees "waiting … ready in about N s" with a progress bar, then the PDF downloads by itself."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_a_pdf_that_must_wait_shows_the_wait_then_downloads(facilitator_page, live_server, tmp_path):
    links = live_server.new_workshop("Interpreting in primary care — report queue")
    page = facilitator_page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{live_server.url}/facilitator/w/{links['code']}")
    page.click("#tab-report")
    # Someone else's PDF is being made first (the handout, asked for as the console asks),
    # so the report must wait its turn behind it.
    page.evaluate("url => { fetch(url, {headers: {Accept: 'application/json'}}); }",
                  f"/facilitator/w/{links['code']}/report/download/handout?lang=ar")
    page.wait_for_timeout(200)
    link = page.locator("a[data-pdf][href$='/download/pdf']")
    with page.expect_download(timeout=240_000) as download:
        link.click()
        status = page.locator(".pdf-status[data-url$='/download/pdf']")
        expect(status).to_contain_text(re.compile(r"[Rr]eady in about \d+ s"), timeout=30_000)
        expect(status.locator("progress")).to_be_visible()
        status.scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / "pdf-wait.png"))
    saved = tmp_path / "report.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    expect(status).to_contain_text("The PDF is ready.")
    expect(status.locator("a.pdf-file")).to_have_attribute("href", re.compile(r"/report/jobs/[^/]+/file$"))
    assert errors == []
