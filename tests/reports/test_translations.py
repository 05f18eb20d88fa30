"""Translations on notes: who may add them, what each audience sees, every export carries them."""

from __future__ import annotations

import csv
import io
import json
import uuid

import pytest

from facilitator.web.sockets import EVENTS
from tests.reports.conftest import pdf_text

ARABIC = "لم يأتِ المترجم ولم أفهم ما قاله الطبيب."
ENGLISH = "The interpreter did not come and I did not understand what the doctor said."

# Events anyone may send (phones and boards): the interpreter's refusals for these are
# about joining first, not about being an interpreter; and the two translating events an
# interpreter may send (wording:translate: tests/sockets/test_wording_translate.py). Every
# other event is a facilitator's.
NOT_FACILITATOR_EVENTS = {"phone:join", "board:join", "sync", "note:post", "vote:add", "vote:remove", "votes:mine",
                          "action:propose", "note:translate", "wording:translate"}


@pytest.fixture
def arabic_note(workshop, join_phone):
    phone = join_phone(workshop.code, language="ar", group="lived-experience")
    answer = phone.post(ARABIC)
    assert answer["ok"], answer
    return answer["note"]["id"]


@pytest.fixture
def interpreter(app, socketio, workshop, facilitator_client):
    """An interpreter's browser that opened the interpreter link, and its socket."""
    facilitator_client.get(f"/facilitator/w/{workshop.code}/translations")
    with facilitator_client.session_transaction() as s:
        csrf = s.get("csrf")
    if not csrf:
        with facilitator_client.session_transaction() as s:
            s["csrf"] = csrf = "test-csrf"
    made = facilitator_client.post(f"/facilitator/w/{workshop.code}/translations/link", data={"action": "make", "csrf_token": csrf})
    assert made.status_code == 302
    with app.extensions["db"].reading() as session:
        from facilitator.store.models import Workshop

        token = session.query(Workshop).filter_by(code=workshop.code).one().interpreter_token
    assert len(token) >= 22  # ≥128 random bits (token_urlsafe(24): 192)
    browser = app.test_client()
    entered = browser.get(f"/interpret/{workshop.code}/{token}")
    assert entered.status_code == 302 and entered.headers["Location"].endswith(f"/interpret/{workshop.code}")
    sock = socketio.test_client(app, flask_test_client=browser)
    return {"browser": browser, "socket": sock, "token": token, "csrf": csrf}


def _emit(client, event, payload):
    return client.emit(event, payload, callback=True)


def test_a_phones_language_is_stored_on_its_note(console_socket, arabic_note, service, workshop):
    notes = service.sync(workshop.code, "facilitators")["notes"]
    note = next(n for n in notes if n["id"] == arabic_note)
    assert note["language"] == "ar" and note["translation"] is None


def test_a_facilitator_translates_and_the_board_shows_it_only_when_switched_on(console_socket, board_socket, arabic_note, service, workshop):
    answer = _emit(console_socket, "note:translate", {"id": arabic_note, "text": ENGLISH})
    assert answer["ok"], answer
    assert answer["note"]["translation"] == {"text": ENGLISH, "language": "en", "by": "facilitator"}
    public = [e["args"][0] for e in board_socket.get_received() if e["name"] == "note"]
    assert public and "translation" not in public[-1]
    assert _emit(console_socket, "workshop:settings", {"show_translations": True})["ok"]
    shown = next(n for n in service.sync(workshop.code, "public")["notes"] if n["id"] == arabic_note)
    assert shown["translation"]["text"] == ENGLISH
    removed = _emit(console_socket, "note:translate", {"id": arabic_note, "text": "  "})
    assert removed["ok"] and removed["note"]["translation"] is None


def test_a_translation_over_the_limit_is_refused_not_cut(console_socket, arabic_note):
    answer = _emit(console_socket, "note:translate", {"id": arabic_note, "text": "x" * 1001})
    assert not answer["ok"] and answer["error"]["code"] == "invalid" and "1000" in answer["error"]["message"]


def test_the_interpreter_link_can_add_translations_and_nothing_else(interpreter, arabic_note, workshop, join_phone, service):
    join_phone(workshop.code, language="en").post("Written in English")
    page = interpreter["browser"].get(f"/interpret/{workshop.code}").get_data(as_text=True)
    assert ARABIC in page and "Written in English" not in page and "Interpreter link" not in page
    assert "Arabic (العربية) (1)" in page
    assert "No notes to translate in this language" in interpreter["browser"].get(f"/interpret/{workshop.code}?lang=uk").get_data(as_text=True)

    sock = interpreter["socket"]
    answer = _emit(sock, "note:translate", {"id": arabic_note, "text": ENGLISH, "language": "ar"})
    assert answer["ok"], answer
    assert answer["note"]["translation"]["by"] == "interpreter"

    for event in sorted(set(EVENTS) - NOT_FACILITATOR_EVENTS):
        refused = _emit(sock, event, {"code": workshop.code, "id": arabic_note, "phase": "what", "text": "x"})
        # console:join answers like an unknown code when it is not allowed (issue 12: no code enumeration).
        expected = "unknown_workshop" if event == "console:join" else "not_allowed"
        assert not refused["ok"] and refused["error"]["code"] == expected, event
    for path in (f"/facilitator/w/{workshop.code}", f"/facilitator/w/{workshop.code}/report/",
                 f"/facilitator/w/{workshop.code}/report/download/json", f"/facilitator/w/{workshop.code}/translations"):
        assert interpreter["browser"].get(path).status_code == 302, path  # to the sign-in page
    assert interpreter["browser"].post(f"/facilitator/w/{workshop.code}/translations/link", data={"action": "revoke"}).status_code == 302
    assert service.get_workshop(workshop.code).interpreter_token == interpreter["token"]  # nothing was revoked


def test_a_revoked_or_replaced_link_stops_working_at_once(interpreter, arabic_note, workshop, facilitator_client):
    facilitator_client.post(f"/facilitator/w/{workshop.code}/translations/link", data={"action": "make", "csrf_token": interpreter["csrf"]})
    refused = _emit(interpreter["socket"], "note:translate", {"id": arabic_note, "text": ENGLISH})
    assert not refused["ok"] and refused["error"]["code"] == "not_allowed"
    assert interpreter["browser"].get(f"/interpret/{workshop.code}").status_code == 404  # one refusal for every reason (issue 21)
    assert interpreter["browser"].get(f"/interpret/{workshop.code}/{interpreter['token']}").status_code == 404
    facilitator_client.post(f"/facilitator/w/{workshop.code}/translations/link", data={"action": "revoke", "csrf_token": interpreter["csrf"]})
    page = facilitator_client.get(f"/facilitator/w/{workshop.code}/translations").get_data(as_text=True)
    assert "There is no interpreter link" in page


def test_a_wrong_interpreter_token_learns_nothing(client, workshop):
    assert client.get(f"/interpret/{workshop.code}/not-the-token").status_code == 404
    assert client.get(f"/interpret/{workshop.code}/").status_code in (404, 308)


def test_the_scribe_form_takes_the_words_as_said_and_a_translation(console_socket, workshop):
    answer = _emit(console_socket, "note:scribe", {"id": str(uuid.uuid4()), "phase": "what", "text": ARABIC,
                                                  "language": "ar", "translation": ENGLISH, "table": "Table 2"})
    assert answer["ok"], answer
    assert answer["note"]["text"] == ARABIC and answer["note"]["language"] == "ar"
    assert answer["note"]["translation"] == {"text": ENGLISH, "language": "en", "by": "facilitator"}


def test_a_translated_note_is_in_the_pdf_markdown_csv_and_json_with_its_translation(console_socket, arabic_note, exporter, workshop, tmp_path):
    assert _emit(console_socket, "note:translate", {"id": arabic_note, "text": ENGLISH})["ok"]
    pdf = " ".join(pdf_text(exporter.export(workshop.code, "pdf")).split())
    assert f"Translated by the facilitator: {ENGLISH}" in pdf
    assert "الطبيب" in pdf
    markdown = exporter.export(workshop.code, "md").read_text(encoding="utf-8")
    assert f"_Translated by the facilitator:_ {ENGLISH}" in markdown and "الطبيب" in markdown
    rows = list(csv.DictReader(io.StringIO(exporter.export(workshop.code, "csv").read_text(encoding="utf-8-sig"))))
    row = next(r for r in rows if r["note_id"] == arabic_note)
    assert (row["note"], row["language"], row["translation"], row["translation_language"], row["translated_by"]) == (
        ARABIC, "ar", ENGLISH, "en", "facilitator")
    first = exporter.export(workshop.code, "json", tmp_path / "first.json")
    note = next(n for n in json.loads(first.read_text())["notes"] if n["id"] == arabic_note)
    assert (note["language"], note["translation_text"], note["translation_by"]) == ("ar", ENGLISH, "facilitator")
    copy = exporter.import_file(first)
    again = json.loads(exporter.export(copy.code, "json", tmp_path / "again.json").read_text())
    assert next(n for n in again["notes"] if n["id"] == arabic_note) == note
    assert "interpreter_token" not in again["workshop"]


def test_the_report_lists_notes_not_in_its_language_without_a_translation(app, service, arabic_note, workshop, join_phone):
    from facilitator.reports.build import load_context

    join_phone(workshop.code, language="en").post("In English already")
    r = load_context(app.extensions["db"], service.templates, workshop.code)
    assert [n.id for n in r.untranslated] == [arabic_note]
    service.translate_note(workshop.code, arabic_note, ENGLISH, by="interpreter")
    assert load_context(app.extensions["db"], service.templates, workshop.code).untranslated == []


def test_a_note_with_no_translation_says_so_in_the_report(exporter, arabic_note, workshop):
    pdf = " ".join(pdf_text(exporter.export(workshop.code, "pdf")).split())
    assert "Arabic, not yet translated" in pdf
    assert "_(Arabic, not yet translated)_" in exporter.export(workshop.code, "md").read_text(encoding="utf-8")


TIGRINYA = "ንተርጓሚ ሰለስተ ሰሙን ተጸበኹ፡ ድሕሪኡ ቆጸራ ተሰሪዙ።"


def test_english_notes_from_other_phones_are_not_untranslated_and_tigrinya_from_an_english_phone_is(
    app, service, workshop, join_phone, exporter
):
    """Issue 27: a note's language is the one it is written in, not its phone's."""
    from facilitator.reports.build import load_context

    english_on_ukrainian = join_phone(workshop.code, language="uk").post("The receptionist said to come back tomorrow.")
    english_on_arabic = join_phone(workshop.code, language="ar").post("Nobody told me the letter was about my scan.")
    tigrinya_on_english = join_phone(workshop.code, language="en").post(TIGRINYA)
    notes = {n["id"]: n for n in service.sync(workshop.code, "facilitators")["notes"]}
    assert notes[english_on_ukrainian["note"]["id"]]["language"] == "en"
    assert notes[english_on_arabic["note"]["id"]]["language"] == "en"
    tigrinya = notes[tigrinya_on_english["note"]["id"]]
    assert tigrinya["language"] == "ti" and tigrinya["language_from"] == "text"
    context = load_context(app.extensions["db"], service.templates, workshop.code)
    assert [n.id for n in context.untranslated] == [tigrinya["id"]]  # one awaits translation, not three
    markdown = exporter.export(workshop.code, "md").read_text(encoding="utf-8")
    assert "_(Tigrinya, not yet translated)_" in markdown and "Ukrainian, not yet translated" not in markdown


def test_the_interpreter_sees_a_recognised_language_flagged_and_corrects_it_in_one_choice(
    interpreter, workshop, join_phone, service
):
    posted = join_phone(workshop.code, language="en").post(TIGRINYA)["note"]["id"]
    page = interpreter["browser"].get(f"/interpret/{workshop.code}").get_data(as_text=True)
    assert TIGRINYA in page and "Tigrinya (ትግርኛ)" in page
    assert "recognised from its words: not the language the phone was set to" in page
    sock = interpreter["socket"]
    assert _emit(sock, "note:translate", {"id": posted, "text": "I waited three weeks for an interpreter."})["ok"]
    # The select alone: the language changes, the translation (and who made it) stays.
    answer = _emit(sock, "note:translate", {"id": posted, "language": "am"})
    assert answer["ok"], answer
    note = answer["note"]
    assert note["language"] == "am" and note["language_from"] == "person"
    assert note["translation"] == {"text": "I waited three weeks for an interpreter.", "language": "en", "by": "interpreter"}
    assert "nickname" not in note and "group" not in note
    page = interpreter["browser"].get(f"/interpret/{workshop.code}").get_data(as_text=True)
    assert "Amharic (አማርኛ)" in page and '<option value="am" selected>' in page  # a language beyond the nine
    refused = _emit(sock, "note:translate", {"id": posted})
    assert not refused["ok"] and refused["error"]["code"] == "invalid"


def test_a_scribe_records_the_persons_language_as_they_said_it(console_socket, workshop, service):
    answer = _emit(console_socket, "note:scribe", {
        "id": str(uuid.uuid4()), "phase": "what", "text": "The pharmacy had no one who spoke my language.", "language": "ar",
    })
    assert answer["ok"], answer
    assert answer["note"]["language"] == "ar" and answer["note"]["language_from"] == "given"
