"""Issue 28, item 1, without Flask: the facilitator's own words carry translations into the
participants' languages, and a reader is only ever given one made from the words as they
are now (workshops/wording.py, workshops/own_words.py)."""

import json
import uuid

import pytest

from facilitator.workshops import actions, cycles, details, notes, own_words, phases, themes, wording
from facilitator.workshops.errors import ActionNotFound, InvalidInput, ThemeNotFound, UnknownLanguage, UnknownPhase
from facilitator.workshops.serialize import action_for_public, theme_view, workshop_state

QUESTION_AR = "ما الذي يمنعك من رؤية طبيب عام؟"


def translate(db, code, subject, field, language, text, by="interpreter"):
    with db.session() as s:
        done, _ = wording.translate(s, details.find_workshop(s, code), subject, field, language, text, by=by)
        return wording.entry(done, field)


def state(db, code):
    with db.reading() as s:
        w = details.find_workshop(s, code)
        return workshop_state(w)


def a_theme(db, code, name="Booking and the phone line"):
    with db.session() as s:
        w = details.find_workshop(s, code)
        return themes.create_theme(s, w, "what", name).themes[0].id


def test_the_question_translated_into_arabic_reaches_the_room_with_who_made_it_kept_out(db, code):
    entry = translate(db, code, "workshop", "question", "ar", QUESTION_AR)
    assert entry["translations"]["ar"] == {"text": QUESTION_AR, "by": "interpreter", "out_of_date": False}
    assert state(db, code)["translations"] == {"question": {"ar": QUESTION_AR}}


def test_rewording_the_original_takes_the_translation_from_readers_and_keeps_it_for_the_translator(db, code):
    theme = a_theme(db, code)
    translate(db, code, f"theme:{theme}", "name", "ar", "الحجز والهاتف")
    with db.session() as s:
        w = details.find_workshop(s, code)
        themes.rename_theme(s, w, theme, "Getting through on the phone")
    with db.reading() as s:
        t = themes.find_theme(s, details.find_workshop(s, code), theme)
        assert theme_view(t)["translations"] == {}, "an Arabic phone must not read the old name as the new one"
        [line] = [e for e in wording.entries(s, details.find_workshop(s, code), by="facilitator") if e["subject"] == f"theme:{theme}"]
    assert line["translations"]["ar"]["out_of_date"] is True and line["translations"]["ar"]["text"] == "الحجز والهاتف"
    with db.session() as s:  # undoing the rename brings the words, and so the translation, back
        themes.undo(s, details.find_workshop(s, code))
    with db.reading() as s:
        t = themes.find_theme(s, details.find_workshop(s, code), theme)
        assert theme_view(t)["translations"] == {"name": {"ar": "الحجز والهاتف"}}


def test_an_empty_translation_removes_it(db, code):
    translate(db, code, "workshop", "question", "fa", "چه چیزی مانع شماست؟")
    entry = translate(db, code, "workshop", "question", "fa", "   ")
    assert entry["translations"] == {}
    assert state(db, code)["translations"] == {}


def test_a_new_workshop_starts_with_its_templates_phase_translations(db, code):
    [what] = [p for p in state(db, code)["phases"] if p["key"] == "what"]
    assert what["translations"]["prompt"]["ar"].startswith("ماذا ترى")
    assert set(what["translations"]["guidance"]) >= {"ar", "fa", "ti", "uk", "ur", "pl", "ro", "ckb"}
    with db.session() as s:  # the facilitator rewords the prompt: the template's Arabic no longer fits it
        w = details.find_workshop(s, code)
        phases.find_phase(w, "what").prompt = "What happened when you tried to see a GP?"
    [what] = [p for p in state(db, code)["phases"] if p["key"] == "what"]
    assert "prompt" not in what["translations"] and "title" in what["translations"]


def test_the_interpreter_translates_agreed_actions_but_not_ones_waiting_for_the_facilitator(db, code, template):
    with db.session() as s:
        w = details.find_workshop(s, code)
        phases.set_open_phases(s, w, ["now-what"])
        person = notes.join(s, w, template)[0]
        waiting, _ = actions.propose(s, w, person, action_id=str(uuid.uuid4()), text="حجز مترجمين")
        agreed = actions.save(s, w, template, str(uuid.uuid4()), {"text": "Book interpreters", "owner": "Practice manager", "status": "confirmed"})
        waiting_id, agreed_id = waiting.id, agreed.id
    with pytest.raises(ActionNotFound):
        translate(db, code, f"action:{waiting_id}", "text", "en", "Book interpreters")
    translate(db, code, f"action:{waiting_id}", "text", "en", "Book interpreters", by="facilitator")
    translate(db, code, f"action:{agreed_id}", "owner", "ar", "مدير العيادة")
    with db.reading() as s:
        w = details.find_workshop(s, code)
        seen = action_for_public(actions.find_action(s, w, agreed_id))
        listed = {e["subject"] for e in wording.entries(s, w, by="interpreter")}
    assert seen["translations"] == {"owner": {"ar": "مدير العيادة"}}
    assert f"action:{agreed_id}" in listed and f"action:{waiting_id}" not in listed


@pytest.mark.parametrize(
    "subject, field, language, text, refusal",
    [
        ("workshop", "question", "xx", "x", UnknownLanguage),
        ("workshop", "question", "", "x", InvalidInput),
        ("workshop", "venue", "ar", "x", InvalidInput),
        ("workshop", "question", "ar", 7, InvalidInput),
        ("workshop", "question", "ar", "x" * 2001, InvalidInput),
        ("phase:nowhere", "prompt", "ar", "x", UnknownPhase),
        ("theme:999999", "name", "ar", "x", ThemeNotFound),
        ("theme:abc", "name", "ar", "x", InvalidInput),
        ("note:1", "text", "ar", "x", InvalidInput),
        (None, "text", "ar", "x", InvalidInput),
    ],
)
def test_refusals_say_what_is_wrong_and_change_nothing(db, code, subject, field, language, text, refusal):
    translate(db, code, "workshop", "question", "ar", QUESTION_AR)
    with pytest.raises(refusal):
        translate(db, code, subject, field, language, text)
    assert state(db, code)["translations"] == {"question": {"ar": QUESTION_AR}}


def test_a_too_long_translation_is_refused_never_cut(db, code):
    with pytest.raises(InvalidInput) as refused:
        translate(db, code, "workshop", "question", "ar", "ب" * 2001)
    assert refused.value.params == {"limit": 2000}


def test_nothing_to_translate_when_the_original_is_empty(db, code):
    with pytest.raises(InvalidInput):
        translate(db, code, "workshop", "findings", "ar", "النتائج")


def test_the_next_cycle_asks_the_same_question_in_every_language(db, code, template):
    translate(db, code, "workshop", "question", "ti", "እንታይ ይዓግተካ?")
    with db.session() as s:
        following = cycles.start_next_cycle(s, details.find_workshop(s, code), template)
        assert workshop_state(following)["translations"] == {"question": {"ti": "እንታይ ይዓግተካ?"}}


def test_a_damaged_column_reads_as_no_translations(db, code):
    with db.session() as s:
        w = details.find_workshop(s, code)
        w.translations = "{not json"
        assert own_words.current(w) == {}
        w.translations = json.dumps({"question": {"ar": "not a dict"}, "title": ["x"]})
        assert own_words.current(w) == {}


def test_only_facilitators_and_interpreters_translate(db, code):
    from facilitator.workshops.errors import NotAllowed

    with pytest.raises(NotAllowed):
        translate(db, code, "workshop", "question", "ar", QUESTION_AR, by="phone")


def test_a_closed_workshop_can_still_be_translated_for_its_handout_but_not_an_archived_one(db, code):
    from facilitator.workshops import lifecycle
    from facilitator.workshops.errors import WorkshopClosed

    with db.session() as s:
        lifecycle.set_status(s, details.find_workshop(s, code), "closed")
    translate(db, code, "workshop", "question", "ar", QUESTION_AR)
    with db.session() as s:
        lifecycle.set_status(s, details.find_workshop(s, code), "archived")
    with pytest.raises(WorkshopClosed):
        translate(db, code, "workshop", "question", "ar", "غير ذلك")


def test_a_translation_of_words_reworded_meanwhile_is_refused_not_stored_as_the_new_ones(db, code):
    from facilitator.workshops.errors import OriginalChanged

    theme = a_theme(db, code)
    with db.session() as s:  # the interpreter opened the page; then the facilitator renamed it
        themes.rename_theme(s, details.find_workshop(s, code), theme, "Getting through on the phone")
    with pytest.raises(OriginalChanged):
        with db.session() as s:
            wording.translate(s, details.find_workshop(s, code), f"theme:{theme}", "name", "ar", "الحجز",
                              by="interpreter", original="Booking and the phone line")
    entry = translate(db, code, f"theme:{theme}", "name", "ar", "الوصول عبر الهاتف")
    assert entry["original"] == "Getting through on the phone" and not entry["translations"]["ar"]["out_of_date"]


def test_the_words_handed_back_by_a_page_with_its_own_line_breaks_are_the_same_words(db, code):
    with db.session() as s:
        w = details.find_workshop(s, code)
        phases.find_phase(w, "what").guidance = "Facts, not opinions yet.\nStart alone for two minutes.\n"
    entry = translate_as_seen(db, code, "Facts, not opinions yet.\r\nStart alone for two minutes.")
    assert entry["translations"]["ar"]["out_of_date"] is False


def translate_as_seen(db, code, seen):
    with db.session() as s:
        done, _ = wording.translate(s, details.find_workshop(s, code), "phase:what", "guidance", "ar", "حقائق",
                                    by="interpreter", original=seen)
        return wording.entry(done, "guidance")
