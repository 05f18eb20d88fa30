"""The workshop list (search, reopen, duplicate, delete with confirmation), cycles from
the console, and retention — over HTTP and Socket.IO, as the facilitator uses them."""

import re
from datetime import datetime, timedelta, timezone

from facilitator.cli import main as cli
from facilitator.reports.exports import Exporter
from facilitator.store.models import Workshop
from tests.conftest import received


def csrf(page) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def test_the_list_searches_and_shows_status(facilitator_client, service, workshop):
    service.create_workshop("adaptive-action", title="Belonging in Plymouth", venue="Guildhall")
    page = facilitator_client.get("/facilitator/?q=plymouth").get_data(as_text=True)
    assert "Belonging in Plymouth" in page and "Interpreting in primary care" not in page
    page = facilitator_client.get("/facilitator/?status=live").get_data(as_text=True)
    assert "Interpreting in primary care" in page and "Belonging in Plymouth" not in page
    assert "No workshop matches" in facilitator_client.get("/facilitator/?q=zzzz").get_data(as_text=True)


def test_reopen_and_duplicate(facilitator_client, service, workshop):
    service.set_status(workshop.code, "closed")
    token = csrf(facilitator_client.get("/facilitator/"))
    assert facilitator_client.post(f"/facilitator/w/{workshop.code}/reopen", data={"csrf_token": token}).status_code == 302
    assert service.get_workshop(workshop.code).status == "live"
    response = facilitator_client.post(f"/facilitator/w/{workshop.code}/duplicate", data={"csrf_token": token})
    copy_code = response.location.rsplit("/", 1)[-1]
    copy = service.get_workshop(copy_code)
    assert copy.title == "Interpreting in primary care (copy)" and copy.status == "draft"


def test_delete_asks_first_then_removes_everything_and_its_export_files(
    app, facilitator_client, service, workshop, join_phone, board_socket, tmp_path
):
    phone = join_phone(workshop.code)
    phone.post("to be deleted")
    settings = app.config["SETTINGS"]
    exports = settings.export_dir
    mine = Exporter(app.extensions["db"], service.templates, settings.templates_dir, exports).export(workshop.code, "md")
    other = exports / "2026-07-17-something-else-KKKKKK-report.pdf"
    other.write_text("keep me")
    confirm = facilitator_client.get(f"/facilitator/w/{workshop.code}/delete")
    text = confirm.get_data(as_text=True)
    assert "1 note " in text and "1 participant " in text and mine.name in text
    assert service.get_workshop(workshop.code)  # asking deletes nothing
    response = facilitator_client.post(f"/facilitator/w/{workshop.code}/delete", data={"csrf_token": csrf(confirm)})
    assert response.status_code == 302
    assert not mine.exists() and other.exists()
    assert received(board_socket, "gone")[0]["message"].startswith("This workshop has been deleted")
    with app.extensions["db"].reading() as session:
        assert session.query(Workshop).count() == 0
    assert facilitator_client.post(f"/facilitator/w/{workshop.code}/delete", data={"csrf_token": csrf(confirm)}).status_code == 404


def test_list_actions_need_a_signed_in_facilitator_and_a_token(client, facilitator_client, service, workshop):
    assert client.post(f"/facilitator/w/{workshop.code}/delete").status_code == 302  # to sign-in
    assert facilitator_client.post(f"/facilitator/w/{workshop.code}/delete", data={}).status_code == 400
    assert service.get_workshop(workshop.code)


def test_starting_the_next_cycle_from_the_console(workshop, console_socket, service, join_phone):
    phone = join_phone(workshop.code)
    console_socket.emit("phases:open", {"phases": ["now-what"]}, callback=True)
    console_socket.emit("action:save", {"text": "Plain-language letters", "owner": "ICB"}, callback=True)
    answer = console_socket.emit("cycle:next", {}, callback=True)
    assert answer["ok"] and answer["console_url"] == f"/facilitator/w/{answer['code']}"
    again = console_socket.emit("cycle:next", {}, callback=True)
    assert not again["ok"] and "already exists" in again["error"]["message"]
    assert phone.emit("cycle:next", {})["error"]["code"] == "not_allowed"
    following = service.sync(answer["code"], "facilitators")
    assert [n["text"].split("\n")[0] for n in following["notes"]] == ["Plain-language letters"]
    assert [c["code"] for c in following["cycles"]] == [workshop.code, answer["code"]]
    [card] = service.sync(answer["code"], "public")["notes"]
    assert card["kind"] == "review" and "review" not in card and card["phase"] == "what" and "ICB" in card["text"]
    assert [a["text"] for a in service.sync(workshop.code, "facilitators")["actions"]] == ["Plain-language letters"]


def test_purge_deletes_old_workshops_and_keeps_live_ones(app, service, workshop, tmp_path, monkeypatch, capsys):
    old = service.create_workshop("adaptive-action", title="Old one")
    with app.extensions["db"].session() as session:
        for w in session.query(Workshop):
            w.created_at = datetime.now(timezone.utc) - timedelta(days=100)
    monkeypatch.setenv("FACILITATOR_DATA_DIR", str(app.config["SETTINGS"].data_dir))
    monkeypatch.setenv("FACILITATOR_EXPORT_DIR", str(app.config["SETTINGS"].export_dir))
    assert cli(["purge", "--days", "30", "--dry-run"]) == 0
    assert "would delete" in capsys.readouterr().out
    assert service.get_workshop(old.code)
    assert cli(["purge", "--days", "30"]) == 0
    out = capsys.readouterr().out
    assert f"deleted  {old.code}" in out and workshop.code not in out  # live: kept
    assert [w.code for w in service.search_workshops()] == [workshop.code]
    monkeypatch.delenv("FACILITATOR_RETENTION_DAYS", raising=False)
    assert cli(["purge"]) == 1


def test_retention_runs_when_the_app_starts(tmp_path, monkeypatch):
    from facilitator import create_app

    config = {"data_dir": tmp_path / "d", "export_dir": tmp_path / "e", "async_mode": "threading", "testing": True}
    first = create_app(config)
    made = first.extensions["facilitation"].create_workshop("adaptive-action", title="Ancient")
    with first.extensions["db"].session() as session:
        session.get(Workshop, made.id).created_at = datetime.now(timezone.utc) - timedelta(days=9)
    first.extensions["db"].dispose()
    second = create_app({**config, "retention_days": 7})
    assert second.extensions["facilitation"].search_workshops() == []
    second.extensions["db"].dispose()
