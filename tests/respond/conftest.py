"""A workshop with recommendations and agreed actions, a response link, and a commissioner's browser."""

from __future__ import annotations

import re

import pytest

RECOMMENDATIONS = (
    "- Book an interpreter with every appointment for people who need one.\n"
    "- Check at reception that the interpreter was booked.\n"
    "- Ask participants back in six months."
)


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the page has no form token"
    return found.group(1)


@pytest.fixture
def answerable(service, workshop):
    """The workshop with three recommendations, two agreed actions (one with its owner and date) and one proposal."""
    service.update_findings(workshop.code, findings="", recommendations=RECOMMENDATIONS)
    first = service.save_action(workshop.code, None, {"text": "Add interpreter booking to the referral form", "owner": "ICB commissioning", "due": "2026-09-30"})
    second = service.save_action(workshop.code, None, {"text": "Train reception staff", "status": "done"})
    service.save_action(workshop.code, None, {"text": "Only a proposal", "status": "proposed"})
    return {"code": workshop.code, "actions": [first["action"]["id"], second["action"]["id"]]}


@pytest.fixture
def console_page(facilitator_client, answerable):
    """The console, as the signed-in facilitator sees it; returns a function that reloads it."""
    return lambda: facilitator_client.get(f"/facilitator/w/{answerable['code']}").get_data(as_text=True)


@pytest.fixture
def make_link(facilitator_client, console_page, answerable, service):
    """make_link() -> the token of a new response link, made from the console's Report panel."""

    def make():
        csrf = csrf_of(console_page())
        made = facilitator_client.post(f"/facilitator/w/{answerable['code']}/responses/link", data={"action": "make", "csrf_token": csrf})
        assert made.status_code == 302
        return service.get_workshop(answerable["code"]).response_token

    return make


@pytest.fixture
def commissioner(app, make_link, answerable):
    """A commissioner's browser that opened the response link (no account, no passcode)."""
    token = make_link()
    browser = app.test_client()
    entered = browser.get(f"/respond/{answerable['code']}/{token}")
    assert entered.status_code == 302 and entered.headers["Location"].endswith(f"/respond/{answerable['code']}")
    page = browser.get(f"/respond/{answerable['code']}").get_data(as_text=True)
    return {"browser": browser, "token": token, "csrf": csrf_of(page), "page": page}


def item_keys(page: str) -> list[str]:
    return re.findall(r'name="item" value="([^"]+)"', page)


@pytest.fixture
def answer(commissioner, answerable):
    """answer(item_key, **fields) -> the HTTP response to the commissioner's form post."""

    def post(item, **fields):
        data = {"csrf_token": commissioner["csrf"], "item": item, **fields}
        return commissioner["browser"].post(f"/respond/{answerable['code']}", data=data)

    return post
