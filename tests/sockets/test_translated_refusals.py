"""An Arabic phone reads every refusal in Arabic: each one goes through the catalogue.

The shipped Arabic catalogue lags behind new texts (the lead fills them after a merge),
so these tests use a catalogue of their own, made here from every marked msgid in the
package: each text becomes "عربي: " + the English. A refusal that reaches the phone without
that prefix did not go through gettext — it would stay English on a real Arabic phone.
"""

from __future__ import annotations

import uuid

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo

from facilitator.core.config import PACKAGE_DIR

MARK = "عربي: "


@pytest.fixture(scope="session")
def test_catalogue(tmp_path_factory):
    """A compiled Arabic catalogue that translates every N_("…") text in the package."""
    catalogue = Catalog(locale="ar")
    for _, _, message, _, _ in extract_from_dir(
        str(PACKAGE_DIR), method_map=[("**.py", "python")], keywords={"N_": None}
    ):
        if isinstance(message, str):
            catalogue.add(message, MARK + message)
    folder = tmp_path_factory.mktemp("catalogue")
    (folder / "ar" / "LC_MESSAGES").mkdir(parents=True)
    with open(folder / "ar" / "LC_MESSAGES" / "messages.mo", "wb") as out:
        write_mo(out, catalogue)
    return folder


@pytest.fixture
def arabic(app, test_catalogue):
    """The app reads the test catalogue after the shipped ones (the last one wins)."""
    from flask_babel import get_domain

    babel = app.extensions["babel"]
    babel.translation_directories.append(str(test_catalogue))
    with app.app_context():
        get_domain().cache.clear()
    yield
    babel.translation_directories.remove(str(test_catalogue))
    with app.app_context():
        get_domain().cache.clear()


def test_a_phone_in_arabic_gets_domain_refusals_through_the_catalogue(arabic, workshop, join_phone):
    phone = join_phone(workshop.code, language="ar")
    refusals = [
        phone.post("", phase="what"),  # empty note
        phone.post("closed phase", phase="now-what"),  # phase closed
        phone.post("x" * 5000),  # too long, with numbers put in
        phone.post("unknown", phase="then-what"),  # unknown phase, with its name put in
        phone.emit("vote:add", {"kind": "note", "id": str(uuid.uuid4())}),  # voting closed
        phone.emit("note:post", {"id": "not-a-uuid", "phase": "what", "text": "x"}),  # invalid id
        phone.emit("timer:start", {}),  # facilitators only
    ]
    for answer in refusals:
        assert not answer["ok"]
        assert answer["error"]["message"].startswith(MARK), answer["error"]
    too_long = refusals[2]["error"]["message"]
    assert str(workshop.note_max_chars) in too_long and "%(" not in too_long


def test_a_fixed_refusal_reaches_an_arabic_phone_through_the_catalogue(arabic, app, workshop, join_phone):
    phone = join_phone(workshop.code, language="ar")
    limits = app.extensions["limits"]
    participant = phone.answer["participant"]["id"]
    while not limits.notes.blocked(participant):
        limits.notes.allow(participant)
    answer = phone.post("one too many")
    assert answer["error"]["code"] == "slow_down" and answer["error"]["message"].startswith(MARK)


def test_the_join_page_says_a_wrong_code_in_the_phones_language(arabic, client):
    response = client.get("/join?code=ZZZZZZ&lang=ar")
    assert response.status_code == 404
    assert MARK + "We could not find a workshop" in response.get_data(as_text=True)


def test_the_phone_page_of_a_deleted_workshop_explains_in_arabic(arabic, client):
    response = client.get("/j/ZZZZZZ?lang=ar")
    assert response.status_code == 404 and MARK in response.get_data(as_text=True)
