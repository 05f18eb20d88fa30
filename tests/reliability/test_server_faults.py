"""Faults on the laptop: a crash mid-burst, a locked database, a full disk."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.live_server import LiveServer
from tests.reliability.conftest import RealPhone, console_call


def database_path(server: LiveServer) -> Path:
    return server.data_dir / "facilitator.sqlite3"


def stored_notes(server: LiveServer) -> dict[str, str]:
    with sqlite3.connect(database_path(server)) as db:
        return dict(db.execute("SELECT id, text FROM note"))


def test_a_server_killed_mid_burst_keeps_every_acknowledged_note_and_everyone_resyncs(
    server, open_workshop, projector, new_phone, request
):
    code = open_workshop["code"]
    board = projector(1280, 720)
    board.goto(open_workshop["board_url"])
    expect(board.locator("#joined")).to_have_text("0")
    phone_page = new_phone()
    phone_page.goto(open_workshop["join_url"])
    phone_page.click("text=Join the workshop")
    expect(phone_page.locator("#connection")).to_have_text("Connected")

    phones = [RealPhone(server.url, code).connect() for _ in range(8)]
    request.addfinalizer(lambda: [phone.close() for phone in phones])  # even when an assertion fails
    acknowledged: set[str] = set()
    lock = threading.Lock()
    stop = threading.Event()

    def keep_posting(phone: RealPhone, index: int):
        for n in range(40):
            if stop.is_set():
                return
            try:
                answer = phone.post(f"phone {index} note {n}", timeout=1.5)
            except Exception:  # no acknowledgement: the server is down; the note may or may not be stored
                continue
            if answer.get("ok"):
                with lock:
                    acknowledged.add(answer["note"]["id"])
            time.sleep(0.15)

    threads = [threading.Thread(target=keep_posting, args=(p, i)) for i, p in enumerate(phones)]
    for thread in threads:
        thread.start()
    # Mid-burst: once more than ten notes are acknowledged (about a second on a quiet machine;
    # a loaded one takes longer, and a fixed second then caught too few), while more are coming.
    deadline = time.monotonic() + 30
    while len(acknowledged) <= 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    server.stop(hard=True)  # kill -9, in the middle of the burst
    killed_with = len(acknowledged)
    stop.set()
    for thread in threads:
        thread.join(10)
    server.start()

    assert killed_with > 10
    stored = stored_notes(server)
    assert acknowledged <= set(stored), "an acknowledged note was lost"
    with sqlite3.connect(database_path(server)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT key FROM phase WHERE is_open").fetchall() == [("what",)]

    # Nobody reloads: the board and the phone reconnect by themselves and catch up.
    expect(phone_page.locator("#connection")).to_have_text("Connected", timeout=20_000)
    phone_page.fill("#note-text", "Posted after the restart")
    phone_page.click("#note-form button[type=submit]")
    # Each note once in the phase's flow (a paged board also pins the newest in "Just in").
    flow = board.locator("#main-phases .flow .note[data-note]")
    expect(flow).to_have_count(len(stored) + 1, timeout=20_000)
    expect(flow.filter(has_text="Posted after the restart")).to_have_count(1)


def test_a_locked_database_makes_posts_wait_then_the_phone_keeps_the_note_and_says_so(
    server, open_workshop, new_phone, projector
):
    board = projector(1280, 720)
    board.goto(open_workshop["board_url"])
    phone = new_phone()
    phone.goto(open_workshop["join_url"])
    phone.click("text=Join the workshop")
    expect(phone.locator("#connection")).to_have_text("Connected")

    other_process = subprocess.Popen(  # another program holds the write lock for 9 seconds
        [
            "python3",
            "-c",
            "import sqlite3, sys, time; db = sqlite3.connect(sys.argv[1], isolation_level=None);"
            "db.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(9); db.execute('ROLLBACK')",
            str(database_path(server)),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert other_process.stdout.readline().strip() == "locked"
    started = time.monotonic()
    phone.fill("#note-text", "Posted while the database was locked")
    phone.click("#note-form button[type=submit]")
    expect(phone.locator("#note-message")).to_contain_text("very busy", timeout=15_000)
    waited = time.monotonic() - started
    assert 4 <= waited <= 9, f"the post waited {waited:.1f} s"
    expect(phone.locator("#my-notes .note")).to_contain_text("Waiting to send")

    other_process.wait(15)
    other_process.stdout.close()
    expect(board.locator(".note", has_text="Posted while the database was locked")).to_have_count(1, timeout=20_000)
    expect(phone.locator("#my-notes .note")).to_contain_text("On the board", timeout=10_000)


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1 MB file system (tmpfs), to fill up for real. Needs root, as in CI."""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.decode().strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_a_full_disk_gives_a_clear_error_keeps_the_note_and_leaves_the_database_intact(tmp_path, tiny_disk):
    database = tiny_disk / "facilitator.sqlite3"
    server = LiveServer(tmp_path / "server", extra_env={"DATABASE_URL": f"sqlite:///{database}"}).init().start()
    try:
        links = server.new_workshop("Disk full")
        assert console_call(server, links["code"], "phases:open", {"phases": ["what"]})["ok"]
        phone = RealPhone(server.url, links["code"]).connect()
        before = phone.post("Saved before the disk filled up")
        assert before["ok"]

        filler = tiny_disk / "filler"
        descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)  # take every byte that is left
        try:
            while True:
                os.write(descriptor, b"\0" * 4096)
        except OSError:
            pass
        finally:
            os.close(descriptor)

        note_id = str(uuid.uuid4())
        refused = None
        for attempt in range(30):  # the WAL may still have room for a few pages
            answer = phone.post("A long note to fill pages " * 18, note_id=note_id if attempt == 29 else None)
            if not answer["ok"]:
                refused = answer
                break
        assert refused is not None, "the disk never filled up"
        assert refused["error"]["code"] == "storage_full"
        assert "run out of space" in refused["error"]["message"] and "kept on your phone" in refused["error"]["message"]

        filler.unlink()  # the facilitator makes room; the phone's retry goes through
        retry_id = str(uuid.uuid4())
        assert phone.post("Sent again after space was freed", note_id=retry_id)["ok"]
        phone.close()
    finally:
        server.stop()
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        texts = [row[0] for row in db.execute("SELECT text FROM note")]
    assert "Saved before the disk filled up" in texts and "Sent again after space was freed" in texts
