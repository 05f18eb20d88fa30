"""The next cycle starts from what the commissioners decided."""

from __future__ import annotations

import pytest

from facilitator.reports.exports import Exporter


@pytest.fixture
def exporter(app, service):
    settings = app.config["SETTINGS"]
    return Exporter(app.extensions["db"], service.templates, settings.templates_dir, settings.export_dir)


def test_review_cards_and_the_next_report_show_the_response(answer, answerable, service, exporter, facilitator_client):
    referral, training = answerable["actions"]
    assert answer(f"action:{referral}", decision="partly", what="Pilot in two practices", who="ICB", by_when="2026-10-01").status_code == 302
    service.save_action(answerable["code"], referral, {"outcome": "The pilot started in September"})
    following = service.next_cycle(answerable["code"])
    cards = {n["text"].splitlines()[0]: n["text"] for n in service.sync(following.code, "facilitators")["notes"] if n["kind"] == "review"}
    assert "Commissioners' response: Agreed in part — Pilot in two practices (ICB, by 2026-10-01)" in cards["Add interpreter booking to the referral form"]
    assert "What happened: The pilot started in September" in cards["Add interpreter booking to the referral form"]
    assert "Commissioners' response" not in cards["Train reception staff"]  # not answered: nothing invented
    report = exporter.export(following.code, "md").read_text()
    since = report.split("## What happened since last time", 1)[1]
    assert "The pilot started in September — Commissioners' response: **Agreed in part** — Pilot in two practices (ICB, by 2026-10-01)" in since
    page = facilitator_client.get(f"/facilitator/w/{following.code}/report/").get_data(as_text=True)  # what the PDF prints
    assert "Commissioners' response: <strong>Agreed in part</strong> — Pilot in two practices" in page
