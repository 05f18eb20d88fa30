"""The console's Report panel: downloads, cover form, personal-details check; facilitators only."""

from __future__ import annotations

import pytest

from facilitator.reports.privacy import find_personal_details, is_nhs_number, redact


@pytest.mark.parametrize(
    "text, kind",
    [
        ("write to jo.bloggs@example.org", "email"),
        ("call me on 07700 900123", "phone"),
        ("or +44 20 7946 0958", "phone"),
        ("my NHS number is 943 476 5919", "nhs"),
        ("I live near LS1 4AP", "postcode"),
        ("postcode ls6 2qt", "postcode"),
        ("Hello, my name is Amira Haddad", "name"),
    ],
)
def test_personal_details_are_found(text, kind):
    assert [f.kind for f in find_personal_details(text)] == [kind]


@pytest.mark.parametrize("text", ["We waited 2 hours on 2024-01-15", "943 476 5918 is not valid", "It cost £12.50", "Ward 10"])
def test_ordinary_text_is_not_flagged(text):
    assert find_personal_details(text) == []


def test_the_nhs_check_digit_is_checked():
    assert is_nhs_number("9434765919") and not is_nhs_number("9434765918") and not is_nhs_number("123")


def test_redaction_keeps_the_rest_of_the_note():
    assert redact("my name is Amira, email a@b.org") == "my name is [name removed], email [email removed]"


def test_the_report_pages_are_for_facilitators_only(client, workshop):
    for path in (f"/facilitator/w/{workshop.code}/report/", f"/facilitator/w/{workshop.code}/report/download/pdf"):
        response = client.get(path)
        assert response.status_code == 302 and "/facilitator/signin" in response.headers["Location"]
    assert client.post(f"/facilitator/w/{workshop.code}/report/cover", data={}).status_code == 302


def test_the_console_flags_a_note_and_the_facilitator_redacts_it(facilitator_client, workshop, join_phone, console_socket):
    phone = join_phone(workshop.code)
    note_id = phone.post("Ring me on 07700 900123, my name is Amira")["note"]["id"]
    console_socket.get_received()
    page = facilitator_client.get(f"/facilitator/w/{workshop.code}").get_data(as_text=True)
    assert 'id="report-h"' in page and "<mark" in page and "07700 900123" in page
    assert page.index('id="report-h"') < page.index('id="details-h"')
    with facilitator_client.session_transaction() as session:
        token = session["csrf"]
    url = f"/facilitator/w/{workshop.code}/report/notes/{note_id}/redact"
    assert facilitator_client.post(url, data={}).status_code == 400  # no CSRF token
    response = facilitator_client.post(url, data={"csrf_token": token})
    assert response.status_code == 302
    events = [e for e in console_socket.get_received() if e["name"] == "note"]
    assert events and events[-1]["args"][0]["text"] == "Ring me on [phone number removed], my name is [name removed]"
    page = facilitator_client.get(f"/facilitator/w/{workshop.code}").get_data(as_text=True)
    assert "report-privacy-clear" in page


def test_the_cover_form_saves_and_the_downloads_work(facilitator_client, workshop, join_phone):
    join_phone(workshop.code).post("Interpreters were never booked.")
    facilitator_client.get(f"/facilitator/w/{workshop.code}")
    with facilitator_client.session_transaction() as session:
        token = session["csrf"]
    response = facilitator_client.post(
        f"/facilitator/w/{workshop.code}/report/cover",
        data={"csrf_token": token, "partners": "Leeds Partnership\nWest Yorkshire ICB", "facilitator_name": "Sam",
              "prepared_for": "Commissioners"},
    )
    assert response.status_code == 302
    web = facilitator_client.get(f"/facilitator/w/{workshop.code}/report/")
    html = web.get_data(as_text=True)
    assert "Leeds Partnership, West Yorkshire ICB" in html and "Interpreters were never booked." in html
    assert "style=" not in html and "<script" not in html and "/report/report.css" in html
    css = facilitator_client.get(f"/facilitator/w/{workshop.code}/report/report.css")
    assert css.status_code == 200
    css.close()
    for fmt, start in (("pdf", b"%PDF"), ("md", b"# "), ("csv", b"\xef\xbb\xbfphase"), ("json", b"{")):
        response = facilitator_client.get(f"/facilitator/w/{workshop.code}/report/download/{fmt}")
        assert response.status_code == 200, fmt
        assert response.data.startswith(start), fmt
        assert "attachment" in response.headers["Content-Disposition"]
        response.close()
    assert facilitator_client.get(f"/facilitator/w/{workshop.code}/report/download/exe").status_code == 404
