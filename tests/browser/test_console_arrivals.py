"""Row 10 of issue 21 on a real console: while the room votes, a script on one network
makes 30 "people" who put every dot on one note. The facilitator sees it in words on a
1280×720 laptop, discards their dots with one click, and the tallies are the room's again."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.phone_fixtures import shoot
from tests.browser.workshop_builder import Phone, laptop_console, replay

SCRIPTED = 30


@pytest.fixture
def voted_on(live_server):
    workshop = replay(live_server, "Interpreting in primary care — one network", {"what": 100, "so-what": 50},
                      open_after=["so-what"])
    target = workshop.notes["so-what"][0]["id"]
    workshop.facilitator.call("voting:open", {"phase": "so-what", "dots": 3})
    yield workshop, target
    workshop.facilitator.close()


def test_the_facilitator_sees_a_script_voting_and_discards_its_dots_in_one_click(facilitator_page, voted_on, live_server):
    workshop, target = voted_on
    with laptop_console(facilitator_page, workshop) as page:
        expect(page.locator("#arrival-alerts")).to_be_hidden()

        script = [Phone(live_server.url, workshop.code, "", "") for _ in range(SCRIPTED)]
        try:
            for voter in script:
                for _ in range(3):
                    assert voter.client.call("vote:add", {"kind": "note", "id": target}, timeout=15)["ok"]
            alert = page.locator("#arrival-alerts .arrival-alert")
            expect(alert).to_have_count(1)
            expect(alert).to_contain_text(re.compile(r"\d+ people joined from one network within (a second|\d+ seconds)\."))
            # On a loaded machine the script's first phone can join within the burst gap of
            # the room's last phone: one burst of room and script, which is also how a script
            # hiding among a real room's arrival looks. The alert then counts the room too.
            joined = int(re.match(r"(\d+) people", alert.inner_text()).group(1))
            if joined == SCRIPTED:
                expect(alert).to_contain_text(f"None of them posted anything, and they placed {SCRIPTED * 3} dots.")
            else:
                assert joined > SCRIPTED
                expect(alert).to_contain_text(f"{SCRIPTED} of them placed {SCRIPTED * 3} dots and posted nothing.")
            box = alert.bounding_box()
            assert box["y"] + box["height"] <= 720, "the alert is below the laptop's screen"
            shoot(page, "console-arrivals-1280", full_page=False)
            page.set_viewport_size({"width": 1920, "height": 1080})
            shoot(page, "console-arrivals-1920", full_page=False)
            page.set_viewport_size({"width": 1280, "height": 720})

            alert.get_by_role("button", name="Discard their dots").click()
            expect(page.locator("#console-message")).to_have_text(
                f"Discarded {SCRIPTED * 3} dots from {SCRIPTED} people who posted nothing. They cannot place more.")
            expect(page.locator("#arrival-alerts")).to_be_hidden()
            refused = script[0].client.call("vote:add", {"kind": "note", "id": target}, timeout=15)
            assert refused["error"]["code"] == "dots_discarded"
            tallies = workshop.facilitator.client.call("sync", {"since": 0}, timeout=15)["votes"]["tallies"]
            assert f"note:{target}" not in tallies
        finally:
            for voter in script:
                voter.close()
