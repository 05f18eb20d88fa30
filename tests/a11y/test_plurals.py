"""Counts in every language (issue 26): "%(n)s notes" agrees with every number — Arabic's
six forms, Polish's, Ukrainian's and Romanian's three — on the board and the phones, where
the page scripts choose the form from the table the server puts on the page."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from babel.messages.pofile import read_po

from facilitator.core import i18n
from tests.a11y.test_languages import CATALOGUES, SHIPPED

COUNTS = (0, 1, 2, 3, 5, 11, 100)
# How many forms a count has in each language (the catalogue's Plural-Forms header).
FORMS = {"ar": 6, "pl": 3, "uk": 3, "ro": 3, "fa": 1, "ur": 2, "ckb": 2, "ti": 2}


def catalogue(language: str):
    path = next(p for p in CATALOGUES if p.parts[-3] == language)
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def test_the_scripts_counts_are_plural_messages():
    pairs = dict(i18n.js_plural_msgids())
    assert {"%(n)s note", "%(n)s dot", "%(n)s new note", "and %(n)s more"} <= set(pairs)
    singular_counts = [m for m in i18n.js_msgids() if re.match(r"^(1 |%\(n\)s (notes|dots|new notes)$)", m)]
    assert singular_counts == []  # no count left as "1 note" or "%(n)s notes" on its own


@pytest.mark.parametrize("language", sorted(SHIPPED))
def test_each_catalogue_has_its_languages_forms_for_every_count(language):
    read = catalogue(language)
    assert read.num_plurals == FORMS[language], read.plural_forms
    for singular, plural in i18n.js_plural_msgids():
        message = read.get((singular, plural)) or read.get(singular)
        assert message is not None, (language, singular)
        forms = message.string
        assert isinstance(forms, tuple) and len(forms) == FORMS[language], (language, singular, forms)
        assert all(form.strip() for form in forms), (language, singular, forms)
        for form in forms:
            assert set(re.findall(r"%\((\w+)\)s", form)) <= {"n"}, (language, form)


@pytest.mark.parametrize("language", sorted(SHIPPED))
def test_the_page_gives_each_count_the_form_its_language_uses(app, client, workshop, language):
    """The table on the page picks, for 0, 1, 2, 3, 5, 11 and 100 (and far past the table),
    the form gettext itself picks: what the scripts show is what the catalogue says."""
    html = client.get(f"/j/{workshop.code}?lang={language}").get_data(as_text=True)
    table = json.loads(unescape(re.search(r'data-strings="([^"]*)"', html).group(1)))
    rule = table[i18n.PLURAL_KEY]
    assert len(rule) == i18n.PLURAL_SPAN
    with app.test_request_context(f"/?lang={language}"):
        from flask_babel import ngettext

        for singular, plural in i18n.js_plural_msgids():
            for n in (*COUNTS, 203, 1011, 12345):
                index = rule[n if n < i18n.PLURAL_SPAN else 100 + n % 100]
                chosen = table[singular][index].replace("%(n)s", str(n))
                assert chosen == ngettext(singular, plural, n, n=n), (language, singular, n)


def test_arabic_polish_and_ukrainian_counts_read_as_their_speakers_write_them(app):
    with app.test_request_context("/?lang=pl"):
        from flask_babel import ngettext

        assert [ngettext("%(n)s note", "%(n)s notes", n, n=n) for n in (1, 2, 5, 22, 25)] == [
            "1 notatka", "2 notatki", "5 notatek", "22 notatki", "25 notatek"]
    with app.test_request_context("/?lang=uk"):
        from flask_babel import ngettext

        assert [ngettext("%(n)s note", "%(n)s notes", n, n=n) for n in (1, 3, 11, 21)] == [
            "1 нотатка", "3 нотатки", "11 нотаток", "21 нотатка"]
    with app.test_request_context("/?lang=ar"):
        from flask_babel import ngettext

        assert ngettext("%(n)s note", "%(n)s notes", 2, n=2) == "ملاحظتان"
        assert ngettext("%(n)s note", "%(n)s notes", 11, n=11) == "11 ملاحظة"

