"""The domain, without Flask: workshops, phases, the timer, joining and notes."""

import uuid

import pytest

from facilitator.workshops import details, notes, phases, presence
from facilitator.workshops.errors import (
    EmptyNote,
    InvalidInput,
    NoteNotFound,
    NoteTooLong,
    PhaseClosed,
    UnknownPhase,
    WorkshopNotFound,
)



def new_id():
    return str(uuid.uuid4())


def test_a_new_workshop_has_the_template_phases_all_closed(db, template):
    with db.session() as s:
        w = details.create_workshop(s, template, title="  Access   to GPs ", date="2026-07-17", venue="Woodhouse")
        assert w.title == "Access to GPs"
        assert [p.key for p in w.phases] == ["what", "so-what", "now-what"]
        assert not any(p.is_open for p in w.phases)
        assert len(w.board_secret) >= 32 and len(w.cofacilitator_token) >= 32  # 192 random bits each


@pytest.mark.parametrize(
    "fields, words",
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "longer than 200"),
        ({"title": "ok", "date": "17/07/2026"}, "year-month-day"),
        ({"title": 5}, "must be text"),
    ],
)
def test_bad_workshop_details_are_refused_with_a_reason(db, template, fields, words):
    with db.session() as s, pytest.raises(InvalidInput) as caught:
        details.create_workshop(s, template, **fields)
    assert words in caught.value.message


def test_a_workshop_is_found_by_its_code_however_it_is_typed(db, code):
    with db.reading() as s:
        assert details.find_workshop(s, code.lower()).code == code
        with pytest.raises(WorkshopNotFound):
            details.find_workshop(s, "AAAAAA")


def test_several_phases_can_be_open_at_once_and_all_can_be_closed(db, code):
    with db.session() as s:
        w = details.find_workshop(s, code)
        phases.set_open_phases(s, w, ["what", "so-what"])
        assert [p.key for p in w.phases if p.is_open] == ["what", "so-what"]
        phases.set_open_phases(s, w, [])
        assert not any(p.is_open for p in w.phases)
        with pytest.raises(UnknownPhase):
            phases.set_open_phases(s, w, ["then-what"])


def test_opening_one_phase_sets_the_timer_to_its_suggested_minutes(db, code):
    with db.session() as s:
        w = details.find_workshop(s, code)
        phases.set_open_phases(s, w, ["now-what"])
        assert w.timer_duration == 15 * 60 and w.timer_started_at is None


def test_the_timer_starts_pauses_and_resets(db, code):
    with db.session() as s:
        w = details.find_workshop(s, code)
        phases.reset_timer(s, w, 300)
        phases.start_timer(s, w, now=1000.0)
        phases.pause_timer(s, w, now=1060.0)
        assert w.timer_remaining == 240.0 and w.timer_started_at is None
        phases.start_timer(s, w, now=2000.0)
        phases.pause_timer(s, w, now=2500.0)
        assert w.timer_remaining == 0.0
        phases.start_timer(s, w, now=3000.0)  # a finished timer starts again from the top
        assert w.timer_remaining == 300.0
        with pytest.raises(InvalidInput):
            phases.reset_timer(s, w, -5)


def test_every_change_gets_the_next_number(db, code, template):
    with db.session() as s:
        w = details.find_workshop(s, code)
        before = w.seq
        p, _ = notes.join(s, w, template)
        n1, _ = notes.post_note(s, w, note_id=new_id(), phase="what", text="one", participant=p)
        n2, _ = notes.post_note(s, w, note_id=new_id(), phase="what", text="two", participant=p)
        assert (n1.seq, n2.seq) == (before + 1, before + 2)
        notes.set_hidden(s, w, n1.id, True)
        assert n1.seq == before + 3
        assert [n.id for n in notes.notes_since(s, w, before + 1)] == [n2.id, n1.id]


def test_a_rejoining_phone_stays_the_same_participant(db, code, template):
    with db.session() as s:
        w = details.find_workshop(s, code)
        first, is_new = notes.join(s, w, template, nickname="Amina", group="lived-experience")
        again, is_new_again = notes.join(s, w, template, participant_id=first.id)
        assert is_new and not is_new_again and again.id == first.id
        assert presence.count_participants(s, w) == 1
        with pytest.raises(InvalidInput):
            notes.join(s, w, template, group="not-a-group")


def test_the_same_note_sent_twice_is_stored_once(db, code, template):
    note_id = new_id()
    with db.session() as s:
        w = details.find_workshop(s, code)
        p, _ = notes.join(s, w, template)
        first, created = notes.post_note(s, w, note_id=note_id, phase="what", text="Interpreters are booked late", participant=p)
        again, created_again = notes.post_note(s, w, note_id=note_id.upper(), phase="what", text="Interpreters are booked late", participant=p)
        assert created and not created_again and again.id == first.id
        assert len(notes.notes_since(s, w, 0)) == 1


def test_a_retry_after_the_phase_closed_is_still_recognised(db, code, template):
    note_id = new_id()
    with db.session() as s:
        w = details.find_workshop(s, code)
        p, _ = notes.join(s, w, template)
        notes.post_note(s, w, note_id=note_id, phase="what", text="kept", participant=p)
        phases.set_open_phases(s, w, ["so-what"])
        note, created = notes.post_note(s, w, note_id=note_id, phase="what", text="kept", participant=p)
        assert not created and note.text == "kept"


@pytest.mark.parametrize(
    "phase, text, error",
    [
        ("so-what", "closed phase", PhaseClosed),
        ("then-what", "no such phase", UnknownPhase),
        ("what", "   \u200b ", EmptyNote),
        ("what", "x" * 501, NoteTooLong),
        ("what", None, InvalidInput),
    ],
)
def test_a_note_that_cannot_be_taken_is_refused_and_nothing_is_stored(db, code, template, phase, text, error):
    with db.session() as s:
        w = details.find_workshop(s, code)
        p, _ = notes.join(s, w, template)
        with pytest.raises(error):
            notes.post_note(s, w, note_id=new_id(), phase=phase, text=text, participant=p)
        assert notes.notes_since(s, w, 0) == []


def test_the_too_long_message_says_by_how_much():
    assert "longer than 500 characters" in NoteTooLong(500, 512).message
    assert "12 too many" in NoteTooLong(500, 512).message


def test_a_note_id_must_be_a_uuid(db, code, template):
    with db.session() as s:
        w = details.find_workshop(s, code)
        with pytest.raises(InvalidInput):
            notes.post_note(s, w, note_id="1; DROP TABLE note", phase="what", text="hi")


def test_hiding_is_reversible_and_deletes_nothing(db, code, template):
    with db.session() as s:
        w = details.find_workshop(s, code)
        p, _ = notes.join(s, w, template)
        n, _ = notes.post_note(s, w, note_id=new_id(), phase="what", text="my name is Jo", participant=p)
        notes.set_hidden(s, w, n.id, True)
        assert notes.notes_since(s, w, 0)[0].hidden
        notes.set_hidden(s, w, n.id, False)
        assert not notes.notes_since(s, w, 0)[0].hidden
        with pytest.raises(NoteNotFound):
            notes.set_hidden(s, w, new_id(), True)
