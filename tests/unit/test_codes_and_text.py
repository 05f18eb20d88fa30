"""Join codes are easy to read off a projector; typed text is cleaned but never mangled."""

from facilitator.workshops.codes import JOIN_ALPHABET, display_join_code, new_join_code, normalise_join_code
from facilitator.workshops.text import clean_text, is_blank


def test_join_codes_avoid_characters_people_confuse():
    for _ in range(200):
        code = new_join_code()
        assert len(code) == 6 and set(code) <= set(JOIN_ALPHABET)
    assert not set("0O1IL25SB8UVQG6") & set(JOIN_ALPHABET)


def test_a_code_typed_in_lower_case_with_a_space_still_works():
    assert normalise_join_code(" kx7 p3m ") == "KX7P3M"
    assert normalise_join_code("kx7-p3m") == "KX7P3M"
    assert display_join_code("KX7P3M") == "KX7 P3M"


def test_cleaning_keeps_every_script_and_drops_controls_and_bidi_overrides():
    persian = "می\u200cخواهم"  # needs its zero-width non-joiner
    assert clean_text(persian) == persian
    assert clean_text("Дякую, дуже добре") == "Дякую, дуже добре"
    assert clean_text("a\x00b\u202ec\u2066d") == "abcd"
    assert clean_text("  line one\r\nline two  ") == "line one\nline two"


def test_text_made_only_of_invisible_characters_is_blank():
    assert is_blank("\u200b\u200b \n\ufeff")
    assert not is_blank("ok")
