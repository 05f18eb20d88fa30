"""The report panel warns before export and keeps the facilitator's findings (issue 15)."""

from __future__ import annotations

from tests.reports.conftest import pdf_text


def _csrf(client):
    with client.session_transaction() as s:
        return s.get("csrf")


def test_the_panel_warns_about_blank_cover_details_and_untranslated_notes(facilitator_client, workshop, join_phone):
    join_phone(workshop.code, language="ar").post("لم يأتِ المترجم")
    page = facilitator_client.get(f"/facilitator/w/{workshop.code}").get_data(as_text=True)
    assert "The report does not say the date, the venue, who facilitated, the partners, who the report is prepared for" in page
    assert "1 note is not in the report's language and has no translation" in page
    assert f"/facilitator/w/{workshop.code}/translations" in page
    assert 'id="report-ready"' not in page


def test_the_panel_names_a_note_printed_as_plain_text(facilitator_client, workshop, join_phone, monkeypatch):
    from facilitator.reports import markup

    join_phone(workshop.code).post("This note will not format")
    real = markup.safe_html
    monkeypatch.setattr(markup, "safe_html", lambda t, hard_breaks=True: (_ for _ in ()).throw(RecursionError()) if "not format" in t else real(t, hard_breaks))
    page = facilitator_client.get(f"/facilitator/w/{workshop.code}").get_data(as_text=True)
    assert "1 note could not be formatted and is printed as plain text" in page
    assert "This note will not format" in page.split('id="report-plain"', 1)[1]


def test_findings_and_recommendations_start_from_the_draft_and_print_on_page_2(facilitator_client, app, service, exporter):
    from tests.reports.builders import build_realistic_workshop

    code = build_realistic_workshop(service, app.extensions["db"], notes=60)
    page = facilitator_client.get(f"/facilitator/w/{code}").get_data(as_text=True)
    assert "**Waiting and same-day access**" in page  # the draft, ready to edit
    findings = "- Interpreters are **not booked** for <Tigrinya> speakers.\n- Reception staff need training."
    answer = facilitator_client.post(f"/facilitator/w/{code}/report/front", data={
        "csrf_token": _csrf(facilitator_client), "findings": findings, "recommendations": "1. Book interpreters at booking time."})
    assert answer.status_code == 302
    from pypdf import PdfReader

    path = exporter.export(code, "pdf")
    first_two = " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages[:2]).split())
    assert "Key findings" in first_two and "Interpreters are not booked for <Tigrinya> speakers." in first_two
    assert "Recommendations" in first_two and "Book interpreters at booking time." in first_two
    assert "not yet edited" not in " ".join(pdf_text(path).split()).split("Recommendations", 1)[0]
    markdown = exporter.export(code, "md").read_text(encoding="utf-8")
    assert "- Interpreters are **not booked** for &lt;Tigrinya> speakers." in markdown


def test_a_later_cycle_says_what_happened_since_last_time(app, service, exporter):
    from facilitator.store.models import Action, Workshop
    from tests.reports.builders import build_realistic_workshop

    first = build_realistic_workshop(service, app.extensions["db"], notes=20)
    with app.extensions["db"].session() as session:
        w = session.query(Workshop).filter_by(code=first).one()
        action = session.query(Action).filter_by(workshop_id=w.id).first()
        action.status, action.outcome = "done", "Interpreters are now booked with the appointment."
    second = service.next_cycle(first).code
    text = " ".join(pdf_text(exporter.export(second, "pdf")).split())
    assert "What happened since last time" in text
    assert "Done: Interpreters are now booked with the appointment." in text


def test_the_front_form_refuses_text_over_the_limit(facilitator_client, workshop, service):
    facilitator_client.get(f"/facilitator/w/{workshop.code}")  # the page that gives the form its token
    answer = facilitator_client.post(f"/facilitator/w/{workshop.code}/report/front", data={
        "csrf_token": _csrf(facilitator_client) or "", "findings": "x" * 10001, "recommendations": ""}, follow_redirects=True)
    assert "longer than 10000 characters" in answer.get_data(as_text=True)
