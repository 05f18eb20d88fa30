"""Issue 12, item 11: what a note shows of its author is fixed when it is posted.
Turning nicknames or lanyards on later shows them only on notes posted since."""

from __future__ import annotations

from tests.conftest import received


def public_note(service, code, note_id):
    return next(n for n in service.sync(code, "public")["notes"] if n["id"] == note_id)


def test_turning_nicknames_and_lanyards_on_later_does_not_unmask_earlier_notes(service, workshop, join_phone, board_socket):
    assert service.set_options(workshop.code, {"show_nicknames": False, "lanyards_off": True})
    group = service.template(workshop.template_key).groups[0].key
    phone = join_phone(workshop.code, nickname="Amina", group=group)
    earlier = phone.post("said while anonymous")["note"]["id"]

    service.set_options(workshop.code, {"show_nicknames": True, "lanyards_off": False})
    later = phone.post("said once names were shown")["note"]["id"]

    old = public_note(service, workshop.code, earlier)
    assert "nickname" not in old and "group" not in old, old
    new = public_note(service, workshop.code, later)
    assert new["nickname"] == "Amina" and new["group"] == group
    # What the board was sent live says the same.
    sent = {n["id"]: n for n in received(board_socket, "note")}
    assert "nickname" not in sent.get(earlier, {}) and sent[later]["nickname"] == "Amina"


def test_turning_nicknames_off_hides_them_on_every_note(service, workshop, join_phone):
    service.set_options(workshop.code, {"show_nicknames": True})
    phone = join_phone(workshop.code, nickname="Amina")
    note = phone.post("said with a name")["note"]["id"]
    service.set_options(workshop.code, {"show_nicknames": False})
    assert "nickname" not in public_note(service, workshop.code, note)


def test_the_facilitators_still_see_who_wrote_what(service, workshop, join_phone):
    phone = join_phone(workshop.code, nickname="Amina")
    note = phone.post("said while anonymous")["note"]["id"]
    mine = next(n for n in service.sync(workshop.code, "facilitators")["notes"] if n["id"] == note)
    assert mine["nickname"] == "Amina"
