"""A note's language read from its words (facilitator/workshops/written_language.py): the
phone's language is a hint, never the answer when the words say otherwise."""

from __future__ import annotations

import pytest

from facilitator.workshops.written_language import detect, written_language

# Notes as people write them about their care, one per language the phones speak.
NOTES = {
    "en": "I waited three weeks for an interpreter and then the appointment was cancelled.",
    "ar": "انتظرت ثلاثة أسابيع للحصول على مترجم ثم أُلغي الموعد.",
    "fa": "سه هفته منتظر مترجم ماندم و بعد وقت دکتر لغو شد.",
    "ur": "میں نے مترجم کے لیے تین ہفتے انتظار کیا اور پھر ملاقات منسوخ ہو گئی۔",
    "ckb": "سێ هەفتە چاوەڕێی وەرگێڕ بووم و دواتر کاتەکە هەڵوەشایەوە.",
    "ti": "ንተርጓሚ ሰለስተ ሰሙን ተጸበኹ፡ ድሕሪኡ ቆጸራ ተሰሪዙ።",
    "uk": "Я чекав перекладача три тижні, а потім прийом скасували.",
    "pl": "Czekałem trzy tygodnie na tłumacza, a potem wizytę odwołano.",
    "ro": "Am așteptat trei săptămâni un interpret și apoi programarea a fost anulată.",
}


@pytest.mark.parametrize("language", sorted(NOTES))
def test_a_note_in_each_of_the_phones_languages_is_recognised_from_any_phone(language):
    for phone in ("", "en", "ar", "uk"):
        assert written_language(NOTES[language], phone)[0] == language, (language, phone)


def test_english_written_on_a_ukrainian_phone_is_english_and_says_it_was_recognised():
    assert written_language("The receptionist told me to come back tomorrow.", "uk") == ("en", True)
    assert written_language(NOTES["uk"], "uk") == ("uk", False)  # as the phone said: nothing to flag


def test_tigrinya_from_an_english_phone_is_tigrinya():
    assert written_language(NOTES["ti"], "en") == ("ti", True)


def test_kurdish_in_arabic_script_is_sorani():
    assert detect(NOTES["ckb"]).language == "ckb"
    assert written_language("وەرگێڕ نەبوو", "en") == ("ckb", True)


@pytest.mark.parametrize("text, phone", [
    ("Min sê hefte li benda wergêr ma û paşê randevû hate betalkirin.", "ar"),  # Kurmanji: CLD2 says "English"
    ("Ne rozumiyu likarya", "uk"),  # Ukrainian in Latin letters: CLD2 says "Polish"
])
def test_latin_text_the_detector_barely_knows_keeps_the_phones_language(text, phone):
    assert written_language(text, phone) == (phone, False)


def test_short_romanian_without_its_accents_stays_romanian_on_a_romanian_phone():
    assert written_language("Nu am inteles", "ro") == ("ro", False)


@pytest.mark.parametrize("text", ["ok", "GP", "12:30 ✅", "👍👍", "", "   "])
def test_a_word_or_two_numbers_or_emoji_keep_the_phones_language(text):
    assert written_language(text, "ar") == ("ar", False)


def test_a_note_from_a_phone_with_no_language_gets_the_language_of_its_words_or_none():
    assert written_language(NOTES["pl"], "") == ("pl", True)
    assert written_language("ok", "") == ("", False)


def test_control_characters_and_lone_surrogates_do_not_trouble_the_detector():
    assert written_language("The\x00 doctor\x1b never\ud800 called me back about my results.", "ckb")[0] == "en"
