"""Languages: which one a participant gets, that every text has one, and that the
server's refusals reach a phone in the language it reads."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from facilitator.core import i18n
from facilitator.core.config import DEFAULT_TEMPLATES_DIR, STATIC_DIR
from facilitator.workshops.session_templates import load_templates

CATALOGUES = sorted(Path(i18n.TRANSLATIONS_DIR).glob("*/LC_MESSAGES/messages.po"))
SHIPPED = {"ar", "fa", "ur", "pl", "ro", "uk", "ckb", "ti"}


def html_lang(html: str) -> tuple[str, str]:
    found = re.search(r'<html lang="([^"]+)" dir="([^"]+)">', html)
    return found.group(1), found.group(2)


def test_every_language_we_promise_has_a_catalogue_with_a_review_status():
    assert {p.parts[-3] for p in CATALOGUES} == SHIPPED
    for path in CATALOGUES:
        header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        assert "X-Translation-Status: " in header, path


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_translations_keep_every_placeholder(path):
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    def placeholders(text):
        return sorted(re.findall(r"%\(\w+\)s", text))

    for message in catalogue:
        if not message.id or not message.string:
            continue
        if message.pluralizable:  # every form keeps the plural's placeholders (the count among them)...
            wanted = placeholders(message.id[1])
            for index, form in enumerate(message.string):
                # ...except a form only one count takes, which may say it in words
                # (Arabic's "ملاحظتان", two notes, is used for 2 and nothing else).
                alone = sum(1 for n in range(200) if catalogue.plural_expr and _form(catalogue, n) == index) == 1
                if form and alone:
                    assert set(placeholders(form)) <= set(wanted), message.id
                else:
                    assert not form or placeholders(form) == wanted, message.id
        else:
            assert placeholders(message.string) == placeholders(message.id), message.id


def _form(catalogue, n: int) -> int:
    """Which plural form count `n` takes under the catalogue's Plural-Forms."""
    import gettext

    return gettext.c2py(catalogue.plural_expr)(n)


def test_the_phone_takes_its_language_from_the_phone_settings(client, workshop):
    html = client.get(f"/j/{workshop.code}", headers={"Accept-Language": "ar-SA,ar;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert html_lang(html) == ("ar", "rtl")
    assert "انضم إلى ورشة العمل" in html  # "Join the workshop"


def test_lang_in_the_address_switches_and_is_remembered(client):
    answer = client.get("/?lang=pl", headers={"Accept-Language": "ar"})
    assert html_lang(answer.get_data(as_text=True)) == ("pl", "ltr")
    assert "lang=pl" in answer.headers["Set-Cookie"]
    again = client.get("/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert html_lang(again) == ("pl", "ltr")
    assert "Dołącz do warsztatu" in again


def test_the_join_page_offers_every_language_by_its_own_name(client):
    html = client.get("/").get_data(as_text=True)
    for name in ("العربية", "فارسی", "اردو", "Polski", "Română", "Українська", "کوردی", "ትግርኛ", "English"):
        assert f">{name}</a>" in html
    assert 'lang="ar" dir="rtl"' in html  # each name is read out in its own language


def test_an_unknown_language_falls_back_to_english(client):
    html = client.get("/?lang=xx", headers={"Accept-Language": "de-DE"}).get_data(as_text=True)
    assert html_lang(html) == ("en", "ltr")


@pytest.mark.parametrize("language", sorted(SHIPPED))
def test_a_missing_translation_shows_in_english_never_blank(app, language):
    """Every string the page scripts use has text; a string a catalogue lacks appears in English."""
    with app.test_request_context(f"/?lang={language}"):
        for msgid in i18n.js_msgids():
            assert i18n.translate(msgid, {"n": 1, "phase": "What?", "text": "x", "limit": 5, "over": 1, "left": 1,
                                          "total": 3, "dots": 3, "owner": "x", "date": "x", "reason": "x", "language": "x",
                                          "outcome": "x"}).strip()
    with app.test_request_context(f"/?lang={language}"):
        missing = "A sentence added after this catalogue was written"
        assert i18n.translate(missing) == missing


def test_the_enter_code_page_in_tigrinya_is_in_tigrinya(client):
    html = client.get("/?lang=ti").get_data(as_text=True)
    assert html_lang(html) == ("ti", "ltr")
    assert "ቋንቋ" in html or "ኣብ ስክሪን ዘሎ ኮድ" in html
    assert "What happens to what you write" not in html and "We keep the notes you post" not in html


def test_facilitator_pages_stay_in_english(facilitator_client):
    html = facilitator_client.get("/facilitator/?lang=ar", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert html_lang(html) == ("en", "ltr")


def test_page_scripts_get_their_strings_from_the_page(client, workshop):
    html = client.get(f"/j/{workshop.code}?lang=uk").get_data(as_text=True)
    strings = json.loads(unescape(re.search(r'data-strings="([^"]*)"', html).group(1)))
    assert strings["On the board"] == "На екрані"
    assert strings["Characters left: %(n)s"] == "Залишилось символів: %(n)s"
    english = client.get(f"/j/{workshop.code}?lang=en").get_data(as_text=True)
    assert "data-strings" not in english  # English needs no table


def test_error_pages_are_translated(client):
    html = client.get("/nowhere?lang=fa").get_data(as_text=True)
    assert html_lang(html) == ("fa", "rtl")
    assert "این صفحه را پیدا نکردیم" in html


def test_refusals_reach_the_phone_in_its_language(join_phone, workshop):
    phone = join_phone(workshop.code, language="ar")
    empty = phone.post("   ")
    assert empty["error"]["code"] == "empty_note"
    assert empty["error"]["message"] == "ملاحظتك فارغة. يرجى كتابة شيء أولاً."
    too_long = phone.post("x" * (workshop.note_max_chars + 3))
    assert too_long["error"]["message"] == (
        f"هذه الملاحظة أطول من {workshop.note_max_chars} حرفاً — يرجى تقصيرها (أحرف زائدة: 3)."
    )
    assert too_long["error"]["limit"] == workshop.note_max_chars  # the fields for programs stay


def test_a_phone_that_says_no_language_gets_english(join_phone, workshop):
    phone = join_phone(workshop.code)
    assert phone.post("")["error"]["message"] == "Your note is empty. Please write something first."


def test_the_console_sees_which_languages_are_in_the_room(join_phone, workshop, console_socket):
    join_phone(workshop.code, language="ar")
    join_phone(workshop.code, language="ar")
    join_phone(workshop.code, language="ti")
    join_phone(workshop.code, language="klingon")  # not a language we ship: "not said"
    snapshot = console_socket.emit("sync", {"since": 0}, callback=True)
    assert snapshot["languages"] == {"ar": 2, "ti": 1, "": 1}
    presence = [e["args"][0] for e in console_socket.get_received() if e["name"] == "presence"]
    assert presence and "languages" in presence[0]


def test_boards_and_phones_are_not_told_the_languages(join_phone, workshop, board_socket):
    join_phone(workshop.code, language="fa")
    presence = [e["args"][0] for e in board_socket.get_received() if e["name"] == "presence"]
    assert presence and all(set(p) == {"joined"} for p in presence)


def test_a_phone_that_switches_language_is_counted_once_in_its_new_language(join_phone, workshop, service):
    first = join_phone(workshop.code, language="pl")
    join_phone(workshop.code, participant=first.answer["participant"]["id"], language="ro")
    with service.db.reading() as session:
        from facilitator.workshops.details import find_workshop
        from facilitator.workshops.presence import count_languages

        assert count_languages(session, find_workshop(session, workshop.code)) == {"ro": 1}


def test_the_phone_offers_the_templates_groups_in_its_language(client, workshop):
    html = client.get(f"/j/{workshop.code}?lang=ar").get_data(as_text=True)
    assert ">تجربة شخصية معاشة</option>" in html  # "Lived experience"
    assert "Lived experience" not in html


@pytest.mark.parametrize("template", list(load_templates(DEFAULT_TEMPLATES_DIR).values()), ids=lambda t: t.key)
def test_every_shipped_template_speaks_every_phone_language(template):
    """A phone in any language we ship reads the template's groups and phases in it."""
    for group in template.groups:
        assert set(group.translations) == SHIPPED, f"{template.key}: group {group.key}"
    for phase in template.phases:
        assert set(phase.translations) == SHIPPED, f"{template.key}: phase {phase.key}"


# Where the phone scripts put words on the screen: each must be a T("…") call (or
# data: a note, a title from the template, a variable), never an English literal.
PHONE_SCRIPTS = ["phone.js", "phone_tools.js", "announce.js"]
SHOWN_LITERAL = [
    re.compile(r'Live\.el\([^()]*,[^()]*,\s*"([^"]*[A-Za-z][^"]*)"'),   # Live.el(tag, class, "text")
    re.compile(r'Live\.button\(\s*"([^"]*[A-Za-z][^"]*)"'),             # Live.button("text", ...)
    re.compile(r'(?:textContent|innerText|title|placeholder)\s*=\s*"([^"]*[A-Za-z][^"]*)"'),
    re.compile(r'createTextNode\(\s*"([^"]*[A-Za-z][^"]*)"'),
    re.compile(r'setAttribute\(\s*"(?:aria-label|title|placeholder)"\s*,\s*"([^"]*[A-Za-z][^"]*)"'),
    re.compile(r'(?:announcer\.)?say\(\s*"([^"]*[A-Za-z][^"]*)"'),
]


@pytest.mark.parametrize("script", PHONE_SCRIPTS)
def test_every_word_a_phone_script_shows_goes_through_translation(script):
    source = (Path(STATIC_DIR) / "js" / script).read_text(encoding="utf-8")
    bypassing = [match.group(1) for pattern in SHOWN_LITERAL for match in pattern.finditer(source)]
    assert bypassing == [], f"{script} shows English without T(): {bypassing}"


def test_the_check_for_untranslated_words_finds_them():
    sample = 'item.appendChild(Live.el("span", "state", "On the board")); x.textContent = "Closed";'
    assert [m.group(1) for p in SHOWN_LITERAL for m in p.finditer(sample)] == ["On the board", "Closed"]


def _template(tmp_path, group_lines: str):
    path = tmp_path / "groups.toml"
    path.write_text(
        'name = "x"\n[[phases]]\nkey = "what"\ntitle = "What?"\nprompt = "What do you see?"\n'
        '[[groups]]\nkey = "other"\nlabel = "Other"\n' + group_lines,
        encoding="utf-8",
    )
    return path


def test_a_group_label_reads_in_the_phones_language_and_falls_back_to_the_templates(tmp_path):
    from facilitator.workshops.session_templates import load_template

    group = load_template(_template(tmp_path, 'translations.ar = { label = "غير ذلك" }\n')).groups[0]
    assert group.label_in("ar") == "غير ذلك"
    assert group.label_in("fa") == "Other"


@pytest.mark.parametrize(
    "lines, field",
    [
        ('translations.ar = "غير ذلك"\n', "groups[0].translations.ar"),
        ("translations.ar = { }\n", "groups[0].translations.ar.label"),
        ('translations.Arabic = { label = "x" }\n', "groups[0].translations.Arabic"),
    ],
)
def test_a_broken_group_translation_names_its_field(tmp_path, lines, field):
    from facilitator.workshops.session_templates import TemplateError, load_template

    with pytest.raises(TemplateError) as caught:
        load_template(_template(tmp_path, lines))
    assert caught.value.field == field
