"""Languages: which one a page or a phone's connection uses, and translating at the edge.

Participants' pages (join, phone, board, errors) and the messages the server sends to
phones are translated with Flask-Babel from facilitator/translations/<lang>/messages.po.
A string without a translation shows in English, never as a blank.

How the language is chosen, first match wins:
  1. `?lang=xx` on any page (and remembered in the `lang` cookie for a year);
  2. for a Socket.IO event, the language the phone sent with `phone:join`;
  3. the `lang` cookie;
  4. the browser's Accept-Language header (a phone set to Arabic gets Arabic);
  5. English.
Facilitator pages and consoles stay in English: they are not translated yet, and a page
must not claim a language (`<html lang>`) that its text is not in.

The domain keeps English messages with `%(name)s` placeholders (workshops/errors.py);
`refusal_in` is the one edge where a refusal becomes words in the reader's language:
socket acknowledgements (sockets.refusal) and pages (`message_for`, the participant
pages' error handler) both go through it.
JavaScript gets its strings through `js_strings()`: a JSON object on the page's <body>
(no inline script is allowed), read by static/js/i18n.js. Its keys are the English
texts that the scripts pass to `T(...)`, found by scanning static/js/*.js. A count goes
through `TN(singular, plural, n)` (issue 26): its key is the singular and its value the
catalogue's list of forms, and the table's `PLURAL_KEY` holds which form each count
takes in the page's language (`plural_table`), so Arabic's six forms, and Polish's and
Ukrainian's three, agree with every number.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.messages.extract import extract_from_file
from flask import Flask, request, session
from flask_babel import Babel, force_locale, get_locale, gettext

from facilitator.core.config import PACKAGE_DIR, STATIC_DIR

TRANSLATIONS_DIR = PACKAGE_DIR / "translations"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
DEFAULT = "en"


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself, as its speakers look for it in a list
    english: str  # for the facilitator, who may not read the script
    dir: str = "ltr"


LANGUAGES = (
    Language("en", "English", "English"),
    Language("ar", "العربية", "Arabic", "rtl"),
    Language("fa", "فارسی", "Persian (Farsi)", "rtl"),
    Language("ur", "اردو", "Urdu", "rtl"),
    Language("ckb", "کوردی", "Kurdish (Sorani)", "rtl"),
    Language("ti", "ትግርኛ", "Tigrinya"),
    Language("uk", "Українська", "Ukrainian"),
    Language("pl", "Polski", "Polish"),
    Language("ro", "Română", "Romanian"),
)
BY_CODE = {language.code: language for language in LANGUAGES}


def supported(code: object) -> str | None:
    """The code if we ship that language ('AR' and 'ar-SA' count as 'ar'), else None."""
    if not isinstance(code, str):
        return None
    code = code.strip().lower().replace("_", "-")
    if code in BY_CODE:
        return code
    primary = code.split("-", 1)[0]
    return primary if primary in BY_CODE else None


@lru_cache(maxsize=256)
def language_names(code: str) -> tuple[str, str] | None:
    """(English name, the language's own name) of a language tag — the product's nine from
    `LANGUAGES`, any other from Babel's locale data ('de' → ('German', 'Deutsch')): notes
    are written in many more languages than the phones speak. None for a tag no one knows."""
    if not code:
        return None
    language = BY_CODE.get(code.split("-")[0].lower())
    if language:
        return language.english, language.name
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    return locale.english_name or code, locale.display_name or locale.english_name or code


def _is_facilitator_request() -> bool:
    return request.path.startswith("/facilitator") or bool(session.get("console"))


def select_locale() -> str:
    """Flask-Babel's locale selector: the order in this module's docstring."""
    if _is_facilitator_request():
        return DEFAULT
    for candidate in (request.args.get("lang"), session.get("lang"), request.cookies.get(COOKIE)):
        chosen = supported(candidate)
        if chosen:
            return chosen
    return request.accept_languages.best_match([lang.code for lang in LANGUAGES], default=DEFAULT)


def current() -> Language:
    """The language of the text on this page (or of this socket event's answer)."""
    locale = get_locale()
    return BY_CODE.get(str(locale) if locale else DEFAULT, BY_CODE[DEFAULT])


def translate(msgid: str, params: dict | None = None) -> str:
    """`msgid` in the current language, filled in; English if the translation is missing
    or broken (a placeholder mistyped by a translator must not lose the message)."""
    text = gettext(msgid)  # flask-babel returns msgid itself when there is no translation
    if not params:
        return text or msgid
    try:
        return text % params
    except (KeyError, ValueError, TypeError):
        return msgid % params


def refusal_in(error, language: str | None = None) -> dict:
    """A refusal as the `error` object people read: `{"code", "message", ...}` with the
    message in `language` (a phone's, from `phone:join`) or the page's language.

    `error` is a domain error (workshops.errors.WorkshopError: its msgid and params are
    translated, then filled in) or a fixed refusal `{"code", "message"}` (sockets.BUSY).
    """

    def translated() -> dict:
        if isinstance(error, dict):
            return {**error, "message": translate(error["message"])}
        return {**error.as_dict(), "message": translate(error.msgid, error.params)}

    return in_language(language, translated)


def message_for(error) -> str:
    """A refusal's message in the page's language, for a page or a flash."""
    return refusal_in(error)["message"]


def in_language(code: str | None, work):
    """Run `work()` with the language forced to `code` (for a socket event whose phone
    said which language it reads)."""
    chosen = supported(code)
    if not chosen:
        return work()
    with force_locale(chosen):
        return work()


# ---- JavaScript strings ---------------------------------------------------------------


PLURAL_KEY = "%plural"  # never an English text: no script passes it to T
# Every plural rule of the product's languages depends only on n itself below 100, n % 10
# and n % 100, so the form of any count is the form of one below PLURAL_SPAN (see
# `plural_form`), and a page carries the forms of 0 .. PLURAL_SPAN - 1.
PLURAL_SPAN = 200


def plural_form(rule, n: int) -> int:
    """Which form count `n` takes under `rule` (gettext's, a function of n) — the one the
    scripts compute from the page's table: counts from PLURAL_SPAN up repeat 100 .. 199."""
    return rule(n if n < PLURAL_SPAN else 100 + n % 100)


def plural_table(rule) -> list[int]:
    """The form each count 0 .. PLURAL_SPAN - 1 takes under `rule`."""
    return [rule(n) for n in range(PLURAL_SPAN)]


@lru_cache(maxsize=1)
def _js_messages() -> tuple[tuple, ...]:
    """Every message in static/js: a str for T("..."), a (singular, plural) pair for TN."""
    found = []
    for path in sorted(Path(STATIC_DIR / "js").glob("*.js")):
        for _, message, _, _ in extract_from_file("javascript", str(path), keywords={"T": None, "TN": (1, 2)}):
            if isinstance(message, (list, tuple)):
                message = tuple(message)
            if message and message not in found:
                found.append(message)
    return tuple(found)


def js_msgids() -> tuple[str, ...]:
    """Every English string the page scripts pass to T("...")."""
    return tuple(m for m in _js_messages() if isinstance(m, str))


def js_plural_msgids() -> tuple[tuple[str, str], ...]:
    """Every (singular, plural) pair the page scripts pass to TN("...", "...", n)."""
    return tuple(m for m in _js_messages() if isinstance(m, tuple))


_js_cache: dict[str, dict] = {}


def js_strings() -> dict:
    """The translations the scripts need, for the current language (only those that
    differ from English: an English page sends none). Cached per language."""
    code = current().code
    if code == DEFAULT:
        return {}
    if code not in _js_cache:
        table: dict = {}
        for msgid in js_msgids():
            text = gettext(msgid)
            if text and text != msgid:
                table[msgid] = text
        catalogue = _catalogue()
        plurals = {}
        for singular, plural in js_plural_msgids():
            forms = _plural_forms(catalogue, singular, plural)
            if forms:
                plurals[singular] = forms
        if plurals:
            table.update(plurals)
            table[PLURAL_KEY] = plural_table(catalogue.plural)
        _js_cache[code] = table
    return _js_cache[code]


def _catalogue():
    """The current language's compiled catalogue (a gettext translations object)."""
    from flask_babel import get_translations

    return get_translations()


def _plural_forms(translations, singular: str, plural: str) -> list[str] | None:
    """The catalogue's forms of a plural message, in its order; None when it has none
    (or any form is empty: a half-translated count shows in English, never blank)."""
    catalog = getattr(translations, "_catalog", {})
    forms = []
    index = 0
    while (singular, index) in catalog:
        forms.append(catalog[(singular, index)])
        index += 1
    if not forms or not all(forms):
        return None
    return forms


# ---- wiring -------------------------------------------------------------------------------


def init_app(app: Flask) -> None:
    """Attach Flask-Babel, the template helpers and the `lang` cookie to `app`."""
    Babel(app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS_DIR))
    app.jinja_env.globals.update(page_language=current, languages=LANGUAGES, js_strings=js_strings)

    @app.after_request
    def remember_language(response):
        chosen = supported(request.args.get("lang"))
        if chosen and not _is_facilitator_request():
            response.set_cookie(COOKIE, chosen, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)
        if response.mimetype == "text/html":
            # Pages differ by cookie and Accept-Language: a shared cache must not mix them up.
            response.vary.add("Accept-Language")
            response.vary.add("Cookie")
        return response

