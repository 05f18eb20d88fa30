"""Every sentence the report writes itself is true to the workshop (issue 15, item 3)."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest

from facilitator.reports.build import load_context
from facilitator.reports.privacy import find_personal_details
from facilitator.store.models import Note, Participant, Vote, Workshop
from facilitator.workshops.errors import InvalidInput
from tests.reports.builders import build_realistic_workshop
from tests.reports.conftest import pdf_text


def _context(app, service, code):
    return load_context(app.extensions["db"], service.templates, code)


def _section(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def test_with_no_commissioner_present_the_report_never_says_one_was(app, service, exporter):
    code = build_realistic_workshop(service, app.extensions["db"], notes=40, commissioners=False)
    markdown = exporter.export(code, "md").read_text(encoding="utf-8")
    pdf = pdf_text(exporter.export(code, "pdf"))
    for text in (markdown, pdf):
        assert "ommissioner" not in text  # "commissioning team" (who it is for) is not a person in the room
        assert "Lived experience" in text


def test_a_missing_date_leaves_no_sentence_around_a_blank(app, service, exporter):
    code = build_realistic_workshop(service, app.extensions["db"], notes=20, date="")
    markdown = exporter.export(code, "md").read_text(encoding="utf-8")
    pdf = " ".join(pdf_text(exporter.export(code, "pdf")).split())
    for text in (markdown, pdf):
        assert "held on at" not in text and "held on  " not in text and "on ," not in text
        assert "held at Leeds Refugee Forum" in text
    assert "the date" in _context(app, service, code).missing_details


def test_with_neither_date_nor_venue_the_introduction_still_reads(app, service, exporter):
    code = build_realistic_workshop(service, app.extensions["db"], notes=20, date="", venue="")
    intro = _context(app, service, code).introduction_md
    assert "**Interpreting in primary care**." in intro and "held" not in intro
    assert {"the date", "the venue"} <= set(_context(app, service, code).missing_details)


def test_people_are_phones_plus_the_people_a_scribe_wrote_for(app, service, workshop, join_phone, exporter):
    join_phone(workshop.code, group="practitioner").post("From my phone")
    join_phone(workshop.code, group="lived-experience").post("Also from a phone")
    for table, text in (("Table 1", "Said at table 1"), ("Table 1", "More from table 1"), ("Table 2", "Said at table 2")):
        service.scribe_note(workshop.code, note_id=str(uuid.uuid4()), phase="what", text=text, group="lived-experience", table=table)
    r = _context(app, service, workshop.code)
    assert (r.people.phones, r.people.scribed, r.people.total) == (2, 2, 4)
    assert dict(r.people.by_group)["Lived experience"] == 3
    assert "4 people took part (2 of them through a facilitator who wrote their notes down)" in r.people.sentence()
    assert "4 people took part" in " ".join(pdf_text(exporter.export(workshop.code, "pdf")).split())


def test_the_method_says_what_actually_happened(app, service, workshop, join_phone):
    join_phone(workshop.code).post("A note")
    said = " ".join(_context(app, service, workshop.code).method_sentences)
    assert "There was no dot vote." in said and "not grouped into themes" in said
    assert "wrote down" not in said and "alone" not in said and "tables" not in said

    code = build_realistic_workshop(service, app.extensions["db"], notes=30)
    said = " ".join(_context(app, service, code).method_sentences)
    assert "People used dots to vote on what mattered most in What? and So what?" in said
    assert "The facilitator grouped the notes into" in said and "a facilitator wrote down" in said


def test_review_cards_are_not_this_cycles_notes_or_voices(app, service, workshop, join_phone, exporter):
    join_phone(workshop.code, group="practitioner").post("A real note from this cycle")
    with app.extensions["db"].session() as session:
        w = session.query(Workshop).filter_by(code=workshop.code).one()
        for i in range(7):
            w.seq += 1
            session.add(Note(workshop_id=w.id, id=str(uuid.uuid4()), phase_key="what", text=f"Last cycle's action {i}",
                             kind="review", review_of=f"OLDONE:{i}", seq=w.seq))
    r = _context(app, service, workshop.code)
    assert r.notes_total == 1 and r.voice.grand_total == 1 and r.voice.groups == ["Practitioner"]
    assert r.review_cards == 7 and r.left_out_total == 0
    markdown = exporter.export(workshop.code, "md").read_text(encoding="utf-8")
    assert "| Notes in What? What people see happening | 1 |" in markdown
    assert "Last cycle's action" not in markdown and "Not stated" not in markdown
    assert "7 actions from the previous workshop were shown again for review" in markdown


def test_times_are_in_the_workshops_time_zone(app, service, workshop, join_phone, exporter, monkeypatch):
    note_id = join_phone(workshop.code).post("Posted at half past nine UTC")["note"]["id"]
    with app.extensions["db"].session() as session:
        w = session.query(Workshop).filter_by(code=workshop.code).one()
        session.get(Note, (w.id, note_id)).created_at = datetime(2026, 7, 17, 9, 30, tzinfo=timezone.utc)
    markdown = exporter.export(workshop.code, "md").read_text(encoding="utf-8")
    assert "| 10:30 | Posted at half past nine UTC |" in markdown  # British Summer Time
    monkeypatch.setenv("FACILITATOR_TIMEZONE", "Asia/Karachi")
    assert "| 14:30 | Posted at half past nine UTC |" in exporter.export(workshop.code, "md").read_text(encoding="utf-8")


def test_an_action_shows_what_it_comes_from_and_never_a_vote_nobody_cast(app, service, exporter):
    code = build_realistic_workshop(service, app.extensions["db"], notes=60)
    r = _context(app, service, code)
    assert r.actions[0].sources == ["Waiting and same-day access — 13 dots", "Interpreters not booked — 9 dots"]
    pdf = " ".join(pdf_text(exporter.export(code, "pdf")).split())
    assert "from: Waiting and same-day access — 13 dots; Interpreters not booked — 9 dots" in pdf
    assert "Votes" not in pdf
    assert not hasattr(r.actions[0], "votes")


def test_columns_appear_only_when_they_carry_something(app, service, workshop, join_phone, exporter):
    join_phone(workshop.code).post("No vote was held, and there is no framework")
    markdown = exporter.export(workshop.code, "md").read_text(encoding="utf-8")
    # No group was shown when the note was posted (lanyards off): no Group column either.
    assert "| Note |\n" in markdown and "| Note | Group |" not in markdown
    assert "Dots" not in markdown and "Votes" not in markdown
    pdf = pdf_text(exporter.export(workshop.code, "pdf"))
    assert "Dots" not in pdf and "Tag" not in pdf

    service.set_options(workshop.code, {"lanyards_off": False})
    join_phone(workshop.code, group="practitioner").post("Said with my group shown")
    markdown = exporter.export(workshop.code, "md").read_text(encoding="utf-8")
    assert "| Note | Group |\n" in markdown


def test_an_owner_over_the_limit_is_refused_not_cut(service, workshop):
    with pytest.raises(InvalidInput) as refused:
        service.save_action(workshop.code, str(uuid.uuid4()), {"text": "Do it", "owner": "x" * 201})
    assert "at most 200 characters" in refused.value.message
    saved = service.save_action(workshop.code, str(uuid.uuid4()), {"text": "Do it", "owner": "y" * 200})
    assert saved["action"]["owner"] == "y" * 200


@pytest.mark.parametrize(
    "text, flagged",
    [
        ("Hello, my name is Amira Haddad", ["Amira Haddad"]),
        ("my name is ahmed and I live in Beeston", ["ahmed"]),
        ("My name's Olena", ["Olena"]),
        ("my name is spelled wrong on every letter", []),
        ("My name is always mispronounced at reception", []),
        ("my name is not on the system", []),
        ("my name is written differently on my passport", []),
        ("My name is different in my GP record", []),
        ("They said my name is too hard to say", []),
        ("nobody asks what my name is", []),
    ],
)
def test_the_name_check_flags_names_not_sentences_about_names(text, flagged):
    assert [f.text for f in find_personal_details(text) if f.kind == "name"] == flagged
