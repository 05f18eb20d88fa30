"""A PDF download without the console's script (issue 12 item 8): a browser's link that
has to wait gets a page that refreshes itself until the PDF is ready and then downloads
it; a full queue gets 503 with Retry-After and a message a person understands."""

from __future__ import annotations

import re
import time

from facilitator.web.views import exports

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def refresh_target(html: str) -> tuple[int, str]:
    seconds, url = re.search(r'<meta http-equiv="refresh" content="(\d+); url=([^"]+)">', html).groups()
    return int(seconds), url.replace("&amp;", "&")


def test_a_browser_that_must_wait_gets_a_page_that_refreshes_until_the_pdf_downloads(facilitator_client, workshop, monkeypatch):
    monkeypatch.setattr(exports, "QUICK_WAIT", 0)  # as if the render took longer than the wait
    first = facilitator_client.get(f"/facilitator/w/{workshop.code}/report/download/pdf", headers=BROWSER)
    assert first.status_code == 202
    assert first.headers["Retry-After"].isdigit()
    page = first.get_data(as_text=True)
    assert re.search(r"[Rr]eady in about \d+ s", page) and "<progress" in page
    seconds, status_url = refresh_target(page)
    assert 1 <= seconds <= 3 and re.fullmatch(rf"/facilitator/w/{workshop.code}/report/jobs/[\w-]+", status_url)
    deadline = time.monotonic() + 120
    while True:
        status = facilitator_client.get(status_url, headers=BROWSER)
        if status.status_code == 200:
            break
        assert status.status_code == 202 and time.monotonic() < deadline
        time.sleep(0.5)
    ready = status.get_data(as_text=True)
    assert "The PDF is ready" in ready
    _, file_url = refresh_target(ready)
    assert f'href="{file_url}"' in ready  # a link too, in case the download does not start
    pdf = facilitator_client.get(file_url)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert "attachment" in pdf.headers["Content-Disposition"]
    pdf.close()


def test_a_full_queue_answers_busy_with_when_to_try_again(app, facilitator_client, workshop, monkeypatch):
    queue = app.extensions["pdf_jobs"]
    monkeypatch.setattr(queue, "waiting_places", 0)
    monkeypatch.setattr(exports, "QUICK_WAIT", 0)
    monkeypatch.setattr(exports, "JSON_WAIT", 0)
    running = facilitator_client.get(f"/facilitator/w/{workshop.code}/report/download/pdf", headers=BROWSER)
    assert running.status_code == 202
    busy = facilitator_client.get(f"/facilitator/w/{workshop.code}/report/download/handout?lang=ar", headers=BROWSER)
    assert busy.status_code == 503
    retry = int(busy.headers["Retry-After"])
    assert retry >= 1
    page = busy.get_data(as_text=True)
    assert f"The laptop is busy making other reports — try again in about {retry} s." in page
    assert refresh_target(page) == (retry, f"/facilitator/w/{workshop.code}/report/download/handout?lang=ar")
    as_json = facilitator_client.get(f"/facilitator/w/{workshop.code}/report/download/handout?lang=ar",
                                     headers={"Accept": "application/json"})
    assert as_json.status_code == 503 and as_json.json["status"] == "busy" and as_json.headers["Retry-After"]
    # The same PDF asked again joins the job being made instead of being refused.
    again = facilitator_client.get(f"/facilitator/w/{workshop.code}/report/download/pdf", headers={"Accept": "application/json"})
    assert again.status_code in (200, 202) and again.json["status"] in ("queued", "rendering", "done")
    job = queue.get(refresh_target(running.get_data(as_text=True))[1].rsplit("/", 1)[1])
    assert job.finished.wait(120) and job.state == "done"


def test_a_pdf_no_longer_kept_says_to_ask_again(facilitator_client, workshop):
    gone = facilitator_client.get(f"/facilitator/w/{workshop.code}/report/jobs/not-a-job")
    assert gone.status_code == 410
    assert "Ask for it again from the Report panel" in gone.get_data(as_text=True)
