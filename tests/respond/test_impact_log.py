"""The impact log: every decision commissioners recorded, across workshops, on a page and from the command line."""

from __future__ import annotations

import csv
import io

from facilitator import cli

HOSTILE = '=cmd|"/c calc"!A1 <script>alert(1)</script>'


def test_the_impact_log_lists_each_decision_with_its_workshop(answer, answerable, facilitator_client, commissioner):
    referral, _ = answerable["actions"]
    assert answer(f"action:{referral}", decision="agreed", what="Booked with every referral",
                  fed_into="Interpreting and translation service specification 2026, section 4").status_code == 302
    page = facilitator_client.get("/facilitator/impact").get_data(as_text=True)
    assert "Interpreting in primary care" in page and "Add interpreter booking to the referral form" in page
    assert "Interpreting and translation service specification 2026, section 4" in page and "Agreed" in page
    assert 'id="impact-link"' in facilitator_client.get("/facilitator/").get_data(as_text=True)
    assert commissioner["browser"].get("/facilitator/impact").status_code == 302  # the link is not a facilitator


def test_hostile_text_in_the_impact_log_stays_text(answer, answerable, facilitator_client, capsys, app):
    referral, _ = answerable["actions"]
    assert answer(f"action:{referral}", decision="agreed", what=HOSTILE, fed_into=HOSTILE).status_code == 302
    page = facilitator_client.get("/facilitator/impact").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    with facilitator_client.get("/facilitator/impact.csv") as downloaded:
        rows = list(csv.reader(io.StringIO(downloaded.data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["workshop", "code", "workshop_date", "item"] and rows[1][7].startswith("'=")
    markdown = facilitator_client.get("/facilitator/impact.md").get_data(as_text=True)
    assert "<script>" not in markdown and "Add interpreter booking" in markdown


def test_the_command_line_prints_the_impact_log(answer, answerable, app, capsys, monkeypatch):
    referral, _ = answerable["actions"]
    assert answer(f"action:{referral}", decision="partly", what="A pilot first").status_code == 302
    monkeypatch.setattr(cli, "open_app", lambda **overrides: app)
    assert cli.main(["impact"]) == 0
    out = capsys.readouterr().out
    assert "# Impact log" in out and "**Agreed in part** — A pilot first" in out
    assert cli.main(["impact", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[1][0] == "Interpreting in primary care" and rows[1][5] == "Agreed in part"


def test_deleting_a_workshop_says_its_responses_go_too_and_removes_them(answer, answerable, facilitator_client, service):
    referral, _ = answerable["actions"]
    assert answer(f"action:{referral}", decision="agreed").status_code == 302
    confirm = facilitator_client.get(f"/facilitator/w/{answerable['code']}/delete").get_data(as_text=True)
    assert "1 commissioners&#39; response (also gone from the impact log)" in confirm or "1 commissioners' response (also gone" in confirm
    service.delete_workshop(answerable["code"])
    assert service.impact_log() == []
