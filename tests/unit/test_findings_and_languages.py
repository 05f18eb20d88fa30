"""Two domain rules of issue 28: the report's front page is never saved blank, and a note's
language may be any language people speak, as long as it is one (workshops/findings.py,
workshops/spoken_languages.py, workshops/translations.py)."""

from __future__ import annotations

import uuid

import pytest

from facilitator.workshops.errors import BlankFindings, InvalidInput, UnknownLanguage
from facilitator.workshops.spoken_languages import is_known_language, spoken_languages
from facilitator.workshops.translations import checked_language


@pytest.mark.parametrize("findings, recommendations", [("", ""), ("   \n ", "\t"), ("\u200b", "")])
def test_saving_blank_findings_and_recommendations_is_refused(service, workshop, findings, recommendations):
    with pytest.raises(BlankFindings) as refused:
        service.update_findings(workshop.code, findings=findings, recommendations=recommendations)
    assert "Nothing was saved" in refused.value.message and "Start again from the draft" in refused.value.message


def test_one_box_may_be_left_for_the_draft(service, workshop):
    service.update_findings(workshop.code, findings="", recommendations="- Book interpreters at booking time.")
    assert service.get_workshop(workshop.code).recommendations == "- Book interpreters at booking time."


def test_a_blank_save_keeps_what_was_saved_before(service, workshop):
    service.update_findings(workshop.code, findings="- Interpreters are not booked.", recommendations="")
    with pytest.raises(BlankFindings):
        service.update_findings(workshop.code, findings="", recommendations="")
    assert service.get_workshop(workshop.code).findings == "- Interpreters are not booked."


def test_any_language_babel_names_can_be_recorded_and_no_other():
    for tag in ("es", "so", "yue", "ckb", "fa-AF", "en-GB", "sr-Latn", "pcm"):
        assert checked_language(tag) == tag
    assert checked_language("ES") == "es"
    with pytest.raises(UnknownLanguage):
        checked_language("xx")
    with pytest.raises(UnknownLanguage):
        checked_language("qq-ZZ")
    with pytest.raises(InvalidInput):
        checked_language("Spanish!")


def test_the_list_names_each_language_in_english_and_in_itself():
    by_code = {language.code: language for language in spoken_languages()}
    assert by_code["es"].label == "Spanish — español"
    assert by_code["fa-AF"].english == "Dari"
    assert by_code["so"].label == "Somali — Soomaali"
    assert "und" not in by_code and "zxx" not in by_code, "codes that name no language"
    assert len(by_code) > 500 and all(is_known_language(code) for code in by_code)


def test_a_spanish_note_is_scribed_with_its_language(service, workshop):
    answer = service.scribe_note(workshop.code, note_id=str(uuid.uuid4()), phase="what",
                                 text="El intérprete no vino a la cita", language="es")
    assert answer["note"]["language"] == "es"
    with pytest.raises(UnknownLanguage):
        service.scribe_note(workshop.code, note_id=str(uuid.uuid4()), phase="what", text="Words", language="xx")


def test_the_shipped_list_is_babels_own_data():
    """spoken_languages.json is built from Babel (seconds of CPU the server must not spend
    while boards wait): a newer Babel that names languages otherwise fails here, and
    `python -m facilitator.workshops.spoken_languages` writes it again."""
    from facilitator.workshops.spoken_languages import LIST_FILE, build_from_babel, file_text

    assert LIST_FILE.read_text(encoding="utf-8") == file_text(build_from_babel())
