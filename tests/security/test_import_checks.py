"""Issue 12, item 9: `facilitator import` is handed a crafted backup.

The file is checked whole before the database is touched (size, nesting, every field's
type and length); the restored workshop always gets a new join code of the app's own
format and never joins another workshop's cycle chain; and deleting a workshop removes
only the export files recorded as its own.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time
from contextlib import closing
from pathlib import Path

import pytest

from facilitator import create_app
from facilitator.reports import export_files
from facilitator.reports.errors import ImportRefused
from facilitator.reports.exports import Exporter
from facilitator.reports.import_check import MAX_FILE_BYTES
from facilitator.store.models import ExportFile, Response, Workshop
from facilitator.workshops.codes import JOIN_ALPHABET, JOIN_CODE_LENGTH
from tests.live_server import FACILITATOR
from tests.reports.conftest import SCRIPTS, exporter, rich_workshop  # noqa: F401 (fixtures)


def app_made(code: str) -> bool:
    return len(code) == JOIN_CODE_LENGTH and all(c in JOIN_ALPHABET for c in code)


@pytest.fixture
def backup(exporter, rich_workshop, tmp_path):  # noqa: F811
    """A real export of a rich workshop, as data to craft from."""
    return json.loads(exporter.export(rich_workshop["code"], "json", tmp_path / "real.json").read_text())


def write(tmp_path: Path, data, name: str = "crafted.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def count_workshops(app) -> int:
    with app.extensions["db"].reading() as session:
        return session.query(Workshop).count()


def refused(exporter, app, path) -> str:  # noqa: F811
    """Import `path`, expect a refusal, check nothing was saved; returns the message."""
    before = count_workshops(app)
    with pytest.raises(ImportRefused) as caught:
        exporter.import_file(path)
    assert count_workshops(app) == before
    return caught.value.message


# ---- the join code, the secrets and the cycle chain -------------------------------------


def test_a_workshop_imported_with_the_code_2026_gets_a_new_join_code_of_the_apps_own_format(
    exporter, backup, tmp_path, service, rich_workshop  # noqa: F811
):
    backup["workshop"]["code"] = "2026"
    restored = exporter.import_file(write(tmp_path, backup))
    assert restored.code != "2026" and app_made(restored.code)
    # A code that is free and well made is not kept either: an import is always a new workshop.
    free = dict(backup, workshop=dict(backup["workshop"], code="KX7P3M"))
    again = exporter.import_file(write(tmp_path, free, "free.json"))
    assert again.code != "KX7P3M" and app_made(again.code)
    original = service.get_workshop(rich_workshop["code"])
    assert restored.board_secret not in (original.board_secret, again.board_secret)
    assert restored.cofacilitator_token != original.cofacilitator_token


def test_a_previous_cycle_named_in_the_file_is_not_linked_and_the_other_chain_is_unchanged(
    exporter, backup, tmp_path, service  # noqa: F811
):
    first = service.create_workshop("adaptive-action", title="Belonging in Plymouth")
    second = service.next_cycle(first.code)
    chain_before = [w.code for w in service.chain(first.code)]
    assert chain_before == [first.code, second.code]
    backup["workshop"]["previous_workshop_code"] = second.code  # hijack: "I follow their cycle 2"
    restored = exporter.import_file(write(tmp_path, backup))
    assert [w.code for w in service.chain(restored.code)] == [restored.code]
    assert [w.code for w in service.chain(first.code)] == chain_before
    # ...and their chain can still grow: the imported workshop did not take the next place.
    third = service.next_cycle(second.code)
    assert [w.code for w in service.chain(first.code)] == chain_before + [third.code]


# ---- deleting removes only the workshop's own files -------------------------------------


def test_deleting_a_workshop_leaves_another_workshops_export_files_whose_names_collide_by_prefix(
    app, exporter, backup, tmp_path, service  # noqa: F811
):
    # A workshop an earlier version imported with the code "2026", beside a real one
    # whose files all start "2026-" (their date).
    other = service.create_workshop("adaptive-action", title="Ward review", date="2026-07-17")
    others = [exporter.export(other.code, "md"), exporter.export(other.code, "csv")]
    assert all(p.name.startswith("2026-") for p in others)
    restored = exporter.import_file(write(tmp_path, backup))
    own = exporter.export(restored.code, "md")
    with app.extensions["db"].session() as session:
        session.query(Workshop).filter_by(code=restored.code).one().code = "2026"
        session.query(ExportFile).filter_by(workshop_code=restored.code).update({"workshop_code": "2026"})
    # A file the user put there, named like the workshop's, is theirs.
    users = exporter.export_dir / "2026-budget.xlsx"
    users.write_text("the user's own")
    assert service.contents("2026")["files"] == [own.name]
    service.delete_workshop("2026")
    assert not own.exists()
    assert all(p.exists() for p in others) and users.exists()
    assert service.contents(other.code)["files"] == sorted(p.name for p in others)
    with app.extensions["db"].reading() as session:
        assert session.query(ExportFile).filter_by(workshop_code="2026").count() == 0


def test_deleting_the_imported_workshop_leaves_files_named_with_its_new_code(
    app, exporter, backup, tmp_path, service  # noqa: F811
):
    restored = exporter.import_file(write(tmp_path, backup))
    lookalikes = [exporter.export_dir / f"{restored.code}-minutes.txt", exporter.export_dir / f"old-{restored.code}-report.pdf"]
    exporter.export_dir.mkdir(parents=True, exist_ok=True)
    for path in lookalikes:
        path.write_text("not the app's")
    own = exporter.export(restored.code, "csv")
    service.delete_workshop(restored.code)
    assert not own.exists() and all(p.exists() for p in lookalikes)


def test_a_recorded_name_that_leads_outside_the_export_folder_or_through_a_link_is_never_removed(
    app, exporter, tmp_path, service, workshop  # noqa: F811
):
    outside = tmp_path / "precious.txt"
    outside.write_text("keep")
    other = service.create_workshop("adaptive-action", title="Someone else's")
    theirs = exporter.export(other.code, "md")
    report = exporter.export(workshop.code, "md")
    report.unlink()
    report.symlink_to(theirs)  # the export replaced by a link to another workshop's file
    with app.extensions["db"].session() as session:
        export_files.record(session, workshop.code, "../precious.txt")
        export_files.record(session, workshop.code, str(outside))
    assert service.contents(workshop.code)["files"] == []
    service.delete_workshop(workshop.code)
    assert outside.read_text() == "keep" and theirs.exists()
    assert report.is_symlink()  # a link is refused: neither followed nor removed


def test_a_file_exported_to_a_path_the_user_chose_is_theirs_and_stays(app, exporter, tmp_path, service, workshop):  # noqa: F811
    mine = exporter.export(workshop.code, "md", tmp_path / "my-copy.md")
    service.delete_workshop(workshop.code)
    assert mine.exists()


# ---- the file is checked before anything is saved ----------------------------------------


def test_a_file_nested_200000_deep_is_refused_clearly_and_saves_nothing(app, exporter, backup, tmp_path):  # noqa: F811
    deep = "[" * 200_000 + "]" * 200_000
    message = refused(exporter, app, write(tmp_path, deep))
    assert "more than 20 levels deep" in message
    inside = json.dumps(backup).replace('"question": ', f'"question": {deep}, "x": ', 1)
    assert "more than 20 levels deep" in refused(exporter, app, write(tmp_path, inside, "inside.json"))


def test_a_file_of_millions_of_empty_lists_is_refused_before_it_fills_the_memory(app, exporter, tmp_path):  # noqa: F811
    flat = "[" + "[]," * 3_000_000 + "[]]"  # 9 MB that would parse into 3 million lists
    assert "holds more than 200,000 rows and lists" in refused(exporter, app, write(tmp_path, flat))


def test_a_file_of_escaped_quotes_is_refused_quickly(app, exporter, tmp_path):  # noqa: F811
    started = time.monotonic()
    message = refused(exporter, app, write(tmp_path, '"' + '\\"' * 40_000))
    assert "not valid JSON" in message
    assert time.monotonic() - started < 10  # it took 100 s when an unclosed string made the check retry


def test_a_100000_character_title_is_refused_naming_the_field(app, exporter, backup, tmp_path):  # noqa: F811
    backup["workshop"]["title"] = "x" * 100_000
    message = refused(exporter, app, write(tmp_path, backup))
    assert message.startswith("The workshop's title is 100,000 characters; the most a title can hold is 200.")


def test_a_100000_character_note_is_refused_naming_the_note(app, exporter, backup, tmp_path):  # noqa: F811
    backup["notes"][16 % len(backup["notes"])]["text"] = "y" * 100_000
    message = refused(exporter, app, write(tmp_path, backup))
    assert message.startswith(f"Note {16 % len(backup['notes']) + 1}'s text is 100,000 characters; the most a note can hold is 2,000.")


@pytest.mark.parametrize(
    "craft, expected",
    [
        (lambda d: d["notes"][1].update(text=12345), "Note 2's text should be text, but the file has a whole number."),
        (lambda d: d["notes"].__setitem__(0, ["a", "list"]), "Note 1 should be a group of fields, but the file has a list."),
        (lambda d: d["themes"][0].update(name={"a": "dict"}), "Theme 1's name should be text, but the file has a group of fields."),
        (lambda d: d["participants"][2].update(nickname=None), "Participant 3's nickname is empty (null)"),
        (lambda d: d["workshop"].update(show_nicknames="yes"), "The workshop's show nicknames should be true or false, but the file has text."),
        (lambda d: d["workshop"].update(dots_per_person=10**30), "The workshop's dots per person is"),
        (lambda d: d["workshop"].update(date="../../../x"), "The workshop's date is “../../../x”"),
        (lambda d: d["votes"][0].update(participant_id=["p1"]), "Vote 1's participant id should be text, but the file has a list."),
        (lambda d: d["actions"][0].update(linked="theme:1"), "Action 1's linked should be a list, but the file has text."),
        (lambda d: d["notes"][0].update(kind="virus"), "Note 1's kind is “virus”, which this facilitator does not know"),
        (lambda d: d["notes"][0].update(phase_key="elsewhere"), "Note 1 is in the phase “elsewhere”"),
        (lambda d: d["notes"][0].update(created_at="yesterday"), "Note 1's created at is not a date and time."),
        (lambda d: d["notes"][0].pop("text"), "Note 1 has no text."),
        (lambda d: d.update(workshop=[]), "'workshop' is missing or has the wrong shape"),
    ],
)
def test_a_field_of_the_wrong_type_is_refused_naming_the_row(app, exporter, backup, tmp_path, craft, expected):  # noqa: F811
    craft(backup)
    assert expected in refused(exporter, app, write(tmp_path, backup))


@pytest.mark.parametrize(
    "craft, expected",
    [
        (lambda d: d["workshop"].update(seq=2**63 - 1), "The workshop's seq is 9,223,372,036,854,775,807; it must be from 0 to 1,000,000,000."),
        (lambda d: d["notes"][0].update(seq=2**53 + 1), "Note 1's seq is"),
        (lambda d: d["themes"][0].update(seq=-1), "Theme 1's seq is -1"),
        (lambda d: d["notes"][0].update(id="../../x"), "Note 1's id is “../../x”, which is not an id this app makes"),
        (lambda d: d["actions"][0].update(id="ACTION-1"), "Action 1's id is “ACTION-1”, which is not an id this app makes"),
    ],
)
def test_change_numbers_out_of_range_and_ids_not_of_the_apps_shape_are_refused(app, exporter, backup, tmp_path, craft, expected):  # noqa: F811
    """Issue 21, row 15: 2^63-1 became a float on the phones (every later change had the
    same number), and a note id like "../../x" could never be hidden or moderated."""
    craft(backup)
    message = refused(exporter, app, write(tmp_path, backup))
    assert expected in message and message.endswith("Nothing was saved."), message


def test_infinity_and_nan_are_not_numbers_an_export_holds(app, exporter, backup, tmp_path):  # noqa: F811
    backup["workshop"]["timer_remaining"] = float("inf")
    text = json.dumps(backup)  # Python writes it as the bare word Infinity, which is not JSON
    assert '"timer_remaining": Infinity' in text
    assert "not valid JSON" in refused(exporter, app, write(tmp_path, text))


def test_a_huge_file_is_refused_before_it_is_read(app, exporter, tmp_path):  # noqa: F811
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:  # sparse: takes no room on the disk
        handle.truncate(MAX_FILE_BYTES + 1024 * 1024)
    message = refused(exporter, app, huge)
    assert "is 33.0 MB; a workshop export is at most 32 MB" in message


# ---- a real round trip still works ----------------------------------------------------------


def test_a_realistic_workshop_survives_export_and_import_whole(app, exporter, rich_workshop, service, tmp_path):  # noqa: F811
    code = rich_workshop["code"]
    service.translate_note(code, rich_workshop["ids"]["ukrainian"], "The interpreter did not come.", by="facilitator")
    service.scribe_note(code, note_id="1e2d3c4b-0000-4000-8000-000000000001", phase="what",
                        text="[[[[{{{{ brackets in a note are words, not nesting ]]]]}}}}")
    with app.extensions["db"].session() as session:
        workshop = session.query(Workshop).filter_by(code=code).one()
        session.add(Response(workshop_id=workshop.id, item_key="rec:abc", item_text="Book interpreters early",
                             decision="agreed", what="Fund a booking line", who="ICB", by_when="2026-10-01"))
    first = exporter.export(code, "json", tmp_path / "first.json")
    data = json.loads(first.read_text())
    assert data["responses"] and any(n["translation_text"] for n in data["notes"])
    other = create_app({"data_dir": tmp_path / "other", "export_dir": tmp_path / "other-exports",
                        "async_mode": "threading", "testing": True})
    try:
        other_exporter = Exporter(other.extensions["db"], service.templates, exporter.templates_dir, tmp_path / "other-exports")
        restored = other_exporter.import_file(first)
        again = json.loads(other_exporter.export(restored.code, "json", tmp_path / "second.json").read_text())
        assert SCRIPTS["arabic"] in other_exporter.export(restored.code, "md").read_text()
    finally:
        other.extensions["db"].dispose()
    for export in (data, again):
        export.pop("exported_at"), export["workshop"].pop("code")
    assert again == data


# ---- through the command line, as the facilitator sees it -------------------------------------


def run_import(data_dir: Path, path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "FACILITATOR_DATA_DIR": str(data_dir), "FACILITATOR_EXPORT_DIR": str(data_dir / "exports")}
    return subprocess.run([FACILITATOR, "import", str(path)], env=env, text=True, capture_output=True, timeout=120)


def test_the_cli_refuses_a_crafted_file_with_a_clear_message_and_no_traceback(backup, tmp_path):
    data_dir = tmp_path / "cli-data"
    long_title = dict(backup, workshop=dict(backup["workshop"], title="x" * 100_000))
    done = run_import(data_dir, write(tmp_path, long_title))
    assert done.returncode == 1, done.stderr
    assert "The workshop's title is 100,000 characters; the most a title can hold is 200." in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""

    done = run_import(data_dir, write(tmp_path, "[" * 200_000 + "]" * 200_000, "deep.json"))
    assert done.returncode == 1, done.stderr
    assert "more than 20 levels deep" in done.stderr and "Traceback" not in done.stderr

    backup["workshop"]["code"] = "2026"
    done = run_import(data_dir, write(tmp_path, backup, "good.json"))
    assert done.returncode == 0, done.stderr
    code = json.loads(done.stdout)["code"]
    assert app_made(code) and code != "2026"
    assert f"new workshop with the join code {code}" in done.stderr and "not linked to any earlier cycle" in done.stderr
    # Only the good file was saved.
    with closing(sqlite3.connect(data_dir / "facilitator.sqlite3")) as database:
        assert database.execute("SELECT code FROM workshop").fetchall() == [(code,)]
