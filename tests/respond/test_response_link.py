"""Commissioners answer from a link: what they see, what they may do, and what they may not."""

from __future__ import annotations

from facilitator.web.sockets import EVENTS
from tests.respond.conftest import item_keys

# Events anyone may send (phones and boards, after joining with the public code); every
# other event is a facilitator's or an interpreter's, and the response link gets none of them.
ANYONE_EVENTS = {"phone:join", "board:join", "sync", "note:post", "vote:add", "vote:remove", "votes:mine", "action:propose"}


def test_the_link_has_at_least_128_random_bits(make_link):
    first, second = make_link(), make_link()
    assert len(first) >= 22 and first != second  # token_urlsafe(24): 192 bits


def test_the_page_lists_the_recommendations_and_agreed_actions_with_their_evidence(commissioner):
    page = commissioner["page"]
    for words in ("Book an interpreter with every appointment for people who need one.",
                  "Check at reception that the interpreter was booked.", "Add interpreter booking to the referral form",
                  "Train reception staff", "ICB commissioning"):
        assert words in page
    assert "Only a proposal" not in page  # not agreed: not in the report's actions either
    assert len(item_keys(page)) == 5
    for label in ("Agreed", "Agreed in part", "Not now", "Not ours to decide"):
        assert f"> {label}</label>" in page


def test_a_commissioner_answers_changes_the_answer_and_the_console_counts_it(commissioner, answer, console_page, service, answerable):
    first, second = item_keys(commissioner["page"])[:2]
    saved = answer(first, decision="agreed", what="Added to the 2026 specification", who="Jo Commissioner",
                   by_when="2026-10-01", fed_into="Interpreting and translation service specification 2026, section 4")
    assert saved.status_code == 302
    assert "Thank you: your answer is saved" in commissioner["browser"].get(saved.headers["Location"]).get_data(as_text=True)
    assert answer(second, decision="partly", what="Pilot in two practices").status_code == 302
    assert answer(second, decision="not_now", what="After the pilot").status_code == 302  # changed, not added
    recorded = {r["item"]: r for r in service.responses(answerable["code"])}
    assert len(recorded) == 2 and recorded[second]["decision"] == "not_now"
    assert recorded[first]["fed_into"].startswith("Interpreting and translation")
    console = console_page()
    assert "2 of 5 answered" in console and 'id="count-responses"' in console
    assert "Added to the 2026 specification" in console


def test_not_ours_to_decide_needs_who_should_decide(commissioner, answer, service, answerable):
    item = item_keys(commissioner["page"])[0]
    refused = answer(item, decision="not_ours", what="My words are kept")
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Please say who should decide this" in page and "My words are kept" in page  # nothing typed is lost
    assert answer(item, decision="not_ours", forward_to="Primary care board").status_code == 302
    assert service.responses(answerable["code"])[0]["forward_to"] == "Primary care board"


def test_bad_answers_are_refused_with_a_reason(commissioner, answer):
    item = item_keys(commissioner["page"])[0]
    assert "Please choose one of the answers" in answer(item, decision="maybe").get_data(as_text=True)
    assert "Please give the date as a date" in answer(item, decision="agreed", by_when="next spring").get_data(as_text=True)
    assert "longer than 2000 characters" in answer(item, decision="agreed", what="x" * 2001).get_data(as_text=True)
    assert answer("rec:not-an-item", decision="agreed").status_code == 400
    assert commissioner["browser"].post("/respond/" + "X" * 6, data={"item": item}).status_code in (400, 404)


def test_a_form_without_its_token_is_refused(commissioner, answerable):
    item = item_keys(commissioner["page"])[0]
    assert commissioner["browser"].post(f"/respond/{answerable['code']}", data={"item": item, "decision": "agreed"}).status_code == 400


def test_after_the_lock_answers_are_refused_and_nothing_is_lost(commissioner, answer, facilitator_client, service, answerable):
    item = item_keys(commissioner["page"])[0]
    assert answer(item, decision="agreed", what="Kept as it was").status_code == 302
    locked = facilitator_client.post(f"/facilitator/w/{answerable['code']}/responses/lock", data={"action": "lock", "csrf_token": commissioner_csrf(facilitator_client)})
    assert locked.status_code == 302
    refused = answer(item, decision="not_now", what="A late change")
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "locked the responses" in page and "A late change" in page  # their words stay on the page
    assert service.responses(answerable["code"])[0]["what"] == "Kept as it was"
    assert "disabled" in commissioner["browser"].get(f"/respond/{answerable['code']}").get_data(as_text=True)
    facilitator_client.post(f"/facilitator/w/{answerable['code']}/responses/lock", data={"action": "unlock", "csrf_token": commissioner_csrf(facilitator_client)})
    assert answer(item, decision="not_now").status_code == 302


def commissioner_csrf(facilitator_client) -> str:
    with facilitator_client.session_transaction() as s:
        return s["csrf"]


def test_a_revoked_or_replaced_link_stops_working_at_once_even_for_an_open_page(commissioner, answer, facilitator_client, make_link, answerable, service):
    item = item_keys(commissioner["page"])[0]
    make_link()  # replaced while the commissioner's page is open
    assert answer(item, decision="agreed").status_code == 404  # one refusal for every reason (issue 21)
    assert service.responses(answerable["code"]) == []
    assert commissioner["browser"].get(f"/respond/{answerable['code']}").status_code == 404
    assert commissioner["browser"].get(f"/respond/{answerable['code']}/{commissioner['token']}").status_code == 404
    facilitator_client.post(f"/facilitator/w/{answerable['code']}/responses/link", data={"action": "revoke", "csrf_token": commissioner_csrf(facilitator_client)})
    assert service.get_workshop(answerable["code"]).response_token == ""
    assert "Make a link for the commissioners" in facilitator_client.get(f"/facilitator/w/{answerable['code']}").get_data(as_text=True)


def test_a_wrong_token_learns_nothing(client, answerable, commissioner):
    assert client.get(f"/respond/{answerable['code']}/not-the-token").status_code == 404
    assert client.get(f"/respond/{answerable['code']}/").status_code in (404, 308)
    assert client.get(f"/respond/{answerable['code']}").status_code == 404  # without the link in its session


def test_the_link_can_do_nothing_but_respond(commissioner, socketio, app, answerable, service):
    browser = commissioner["browser"]
    code = answerable["code"]
    for path in ("/facilitator/", f"/facilitator/w/{code}", f"/facilitator/w/{code}/report/",
                 f"/facilitator/w/{code}/report/download/json", f"/facilitator/w/{code}/translations",
                 f"/interpret/{code}"):
        assert browser.get(path).status_code in (302, 404), path
        if browser.get(path).status_code == 302:
            assert "signin" in browser.get(path).headers["Location"], path
    for path, data in ((f"/facilitator/w/{code}/responses/link", {"action": "revoke"}),
                       (f"/facilitator/w/{code}/responses/lock", {"action": "lock"}),
                       (f"/facilitator/w/{code}/translations/link", {"action": "make"})):
        assert browser.post(path, data={**data, "csrf_token": commissioner["csrf"]}).status_code == 302, path
    workshop = service.get_workshop(code)
    assert workshop.response_token == commissioner["token"] and not workshop.responses_locked and not workshop.interpreter_token
    sock = socketio.test_client(app, flask_test_client=browser)
    for event in sorted(set(EVENTS) - ANYONE_EVENTS):
        refused = sock.emit(event, {"code": code, "id": answerable["actions"][0], "phase": "what", "text": "x"}, callback=True)
        # console:join refuses with the same answer as an unknown code (issue 12: codes cannot be probed).
        expected = "unknown_workshop" if event == "console:join" else "not_allowed"
        assert not refused["ok"] and refused["error"]["code"] == expected, event


def test_hostile_text_in_a_response_is_shown_as_text(commissioner, answer, console_page, answerable):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    item = item_keys(commissioner["page"])[0]
    assert answer(item, decision="not_ours", forward_to=hostile, what=hostile, who=hostile, fed_into=hostile).status_code == 302
    for page in (commissioner["browser"].get(f"/respond/{answerable['code']}").get_data(as_text=True), console_page()):
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(" in page  # shown, as text


def test_the_page_is_in_the_reports_language_and_marked_for_translation(commissioner):
    page = commissioner["page"]
    assert '<html lang="en"' in page and "Your response to the workshop" in page


def test_the_workshop_list_says_how_many_are_answered(commissioner, answer, facilitator_client):
    first = item_keys(commissioner["page"])[0]
    assert answer(first, decision="agreed").status_code == 302
    listing = facilitator_client.get("/facilitator/").get_data(as_text=True)
    assert "1 of 5 answered" in listing
