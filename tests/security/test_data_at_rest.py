"""Issue 12, item 10: the data folder is this account's only, and a deleted workshop's
text is gone from the raw database files."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.live_server import FACILITATOR, PASSCODE

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run_cli(data: Path, *args: str, stdin: str | None = None) -> None:
    env = {**os.environ, "FACILITATOR_DATA_DIR": str(data), "FACILITATOR_EXPORT_DIR": str(data / "exports")}
    subprocess.run(
        [FACILITATOR, *args], env=env, input=stdin, text=True, capture_output=True, timeout=60, check=True,
        preexec_fn=lambda: os.umask(0o022),  # the usual umask: without the protection files are 0644
    )


def test_the_data_folder_and_its_files_are_private_from_the_first_write(tmp_path):
    data = tmp_path / "data"
    run_cli(data, "init", "--passcode-stdin", stdin=PASSCODE + "\n")
    run_cli(data, "new", "Private workshop")
    assert mode(data) == 0o700
    files = [p for p in data.rglob("*") if p.is_file()]
    assert any(p.name == "facilitator.sqlite3" for p in files)
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}


def test_a_folder_made_by_an_older_version_is_tightened_at_start(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    old = data / "facilitator.sqlite3"
    old.write_bytes(b"")
    old.chmod(0o644)
    run_cli(data, "init", "--passcode-stdin", stdin=PASSCODE + "\n")
    assert mode(data) == 0o700
    assert mode(old) == 0o600


def raw_files(app) -> bytes:
    database = Path(app.extensions["db"].engine.url.database or app.config["SETTINGS"].data_dir / "facilitator.sqlite3")
    folder = app.config["SETTINGS"].data_dir
    return b"".join(p.read_bytes() for p in folder.glob("facilitator.sqlite3*")) + (
        database.read_bytes() if database.exists() else b""
    )


def test_after_deleting_a_workshop_its_notes_and_nicknames_are_gone_from_the_database_and_its_wal(
    app, service, join_phone
):
    made = service.create_workshop("adaptive-action", title="To be deleted")
    service.set_open_phases(made.code, ["what"])
    for n in range(12):
        phone = join_phone(made.code, nickname=f"Nickname-Zebra-{n}")
        assert phone.post(f"Deleted-note-Quokka number {n}")["ok"]
    assert b"Deleted-note-Quokka" in raw_files(app) and b"Nickname-Zebra" in raw_files(app)

    service.delete_workshop(made.code)

    raw = raw_files(app)
    assert b"Deleted-note-Quokka" not in raw, "a deleted note is still readable in the database files"
    assert b"Nickname-Zebra" not in raw, "a deleted nickname is still readable in the database files"


def test_after_removing_marked_details_the_originals_are_gone_from_the_database_and_its_wal(app, service, workshop, join_phone):
    """Issue 21, row 6: "remove the marked details" leaves no copy of them on disk."""
    phone = join_phone(workshop.code)
    note = phone.post("Call me on 07700 900123 or write to amina.quokka@example.org")["note"]["id"]
    service.translate_note(workshop.code, note, "Ring 07700 900123, mail amina.quokka@example.org", by="facilitator")
    for n in range(5):  # the room goes on: more changes, more copies of the pages in the -wal
        phone.post(f"Another note {n}")
    assert b"amina.quokka@example.org" in raw_files(app)

    assert service.redact_note(workshop.code, note) is True

    raw = raw_files(app)
    assert b"amina.quokka@example.org" not in raw, "a redacted e-mail address is still in the database files"
    assert b"07700 900123" not in raw, "a redacted phone number is still in the database files"
    shown = next(n for n in service.sync(workshop.code, "facilitators")["notes"] if n["id"] == note)
    assert "[email removed]" in shown["text"] and "example.org" not in shown["translation"]["text"]


def test_a_replaced_translation_leaves_no_copy_of_the_old_one_on_disk(app, service, workshop, join_phone):
    note = join_phone(workshop.code).post("ما أراه")["note"]["id"]
    service.translate_note(workshop.code, note, "First-try-Wombat translation", by="interpreter")
    assert b"First-try-Wombat" in raw_files(app)
    service.translate_note(workshop.code, note, "What I see", by="interpreter")
    assert b"First-try-Wombat" not in raw_files(app), "the replaced translation is still in the database files"
