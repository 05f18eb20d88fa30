"""One card renderer (static/js/cards.js) for the board and the console, drawn in the real
board page: a note in its own direction, its translation under it (contract C6), review
cards (C5, and the older `review: true`) and notes added after their phase closed (C3)
marked in words. These render what the contracts say the server sends, so they hold
before the backend of C3/C5/C6 is merged; the end-to-end checks are in the other tests."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.workshop_builder import replay


@pytest.fixture(scope="module")
def small(live_server):
    workshop = replay(live_server, "Cards", {"what": 2}, participants=2)
    yield workshop
    workshop.facilitator.close()


@pytest.fixture
def board(small, projector):
    page = projector(1920, 1080)
    page.goto(small.board_url)
    expect(page.locator(".flow .note")).to_have_count(2)
    return page


def draw(page, note: dict) -> dict:
    """Draw `note` with cards.js into a list on the board; return what a reader sees."""
    return page.evaluate(
        """(note) => {
             const list = document.createElement('ul'); list.className = 'notes';
             document.querySelector('.flow-inner').prepend(list);
             const card = Cards.note(note, {meta: ['Table 3']});
             list.appendChild(card);
             const part = (c) => card.querySelector(':scope > .' + c);
             const shown = (c) => part(c) && !part(c).hidden ? part(c).textContent : null;
             const text = part('text');
             return {label: shown('label'), text: text.textContent, dir: text.getAttribute('dir'),
                     direction: getComputedStyle(text).direction, align: getComputedStyle(text).textAlign,
                     translation: part('translation') ? part('translation').textContent : null,
                     translationDirection: part('translation') ? getComputedStyle(part('translation')).direction : null,
                     translationBelow: part('translation') ? part('translation').getBoundingClientRect().top >= text.getBoundingClientRect().bottom - 1 : null,
                     meta: shown('meta'), classes: card.className};
           }""",
        note,
    )


def test_a_translation_is_drawn_under_the_words_as_said_and_marked(board):
    card = draw(board, {"id": "n1", "text": "نحتاج مترجماً يتكلم لهجتنا", "language": "ar",
                        "translation": {"text": "We need an interpreter who speaks our dialect", "language": "en", "by": "interpreter"}})
    assert card["text"] == "نحتاج مترجماً يتكلم لهجتنا"
    assert (card["dir"], card["direction"], card["align"]) == ("auto", "rtl", "right")
    assert card["translation"] == "Translation by the interpreter: We need an interpreter who speaks our dialect"
    assert card["translationDirection"] == "ltr" and card["translationBelow"]
    assert "translated" in card["classes"]


def test_no_translation_draws_nothing_extra(board):
    card = draw(board, {"id": "n2", "text": "Letters arrive in English only", "translation": None})
    assert card["translation"] is None and card["label"] is None
    assert (card["direction"], card["align"]) == ("ltr", "left")
    assert card["meta"] == "Table 3"


@pytest.mark.parametrize("note", [
    {"id": "r1", "text": "Translate the appointment letters", "kind": "review"},
    {"id": "r2", "text": "Translate the appointment letters", "review": True},   # servers before C5
])
def test_review_cards_look_distinct_and_say_so(board, note):
    card = draw(board, note)
    assert card["label"] == "From the last cycle"
    assert "review" in card["classes"].split()


def test_a_note_added_after_its_phase_closed_says_so(board):
    card = draw(board, {"id": "l1", "text": "Said at the door", "kind": "note", "late": True})
    assert card["label"] == "Added after the phase closed"
    assert "late" in card["classes"].split() and "review" not in card["classes"].split()


def test_a_card_redrawn_with_new_data_changes_in_place(board):
    changed = board.evaluate(
        """() => {
             const card = Cards.note({id: 'u1', text: 'First words', translation: {text: 'x', by: 'facilitator'}}, {});
             const again = Cards.note({id: 'u1', text: 'Second words', translation: null, late: true}, {dots: 2}, card);
             return [again === card, card.querySelector('.text').textContent, !!card.querySelector('.translation'),
                     card.querySelector('.dots').textContent];
           }"""
    )
    assert changed == [True, "Second words", False, "● 2"]
