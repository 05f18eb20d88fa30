"""PDFs from the console on the real (eventlet) server go through its render queue
(issue 12 item 8): eight asked for at once never start eight renders, every request is
told something a person can read, the room carries on, and a stop leaves no worker."""

from __future__ import annotations

import re
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from facilitator.reports.jobs import DEFAULT_RENDERS, DEFAULT_WAITING
from tests.live_server import LiveServer
from tests.reliability.conftest import RealPhone, console_call
from tests.reports.builders import seed_server_database

# Timings and memory measured here are the server's own only when nothing else runs.
pytestmark = pytest.mark.alone

TITLE = "Interpreting in primary care"
NOTES = 30  # enough for a real report; eight asked at once arrive long before the first is made
# The report and seven easy-read handouts: eight different PDFs, so none joins another's job.
ASKED = [("pdf", "en")] + [("handout", lang) for lang in ("en", "ar", "fa", "uk", "pl", "ro", "ur")]
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
BUSY = "The laptop is busy making other reports — try again in about"


def pdf_workers(server_pid: int) -> set[int]:
    """The server's PDF worker processes alive now (Linux /proc; psutil is not needed)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == server_pid and fields[0] != "Z" and b"pdf_worker" in command:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def pdf_text(content: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, timeout=60).stdout


def signed_in(server: LiveServer, cofacilitator: str) -> requests.Session:
    http = requests.Session()
    http.get(server.url + cofacilitator, allow_redirects=False, timeout=10)
    return http


def follow_to_file(http: requests.Session, server: LiveServer, status_path: str, deadline: float) -> requests.Response:
    """Poll a job's status URL (as the console's script does) until its file can be fetched."""
    while time.monotonic() < deadline:
        status = http.get(server.url + status_path, headers={"Accept": "application/json"}, timeout=30)
        body = status.json()
        if body["status"] == "done":
            return http.get(server.url + body["file_url"], timeout=60)
        assert status.status_code == 202 and body["status"] in ("queued", "rendering"), body
        assert body["ready_in_s"] >= 1 and "ready in about" in body["message"].lower(), body
        time.sleep(body["poll_s"])
    raise AssertionError("the PDF was never ready")


def test_eight_pdfs_asked_at_once_never_start_eight_renders_and_everyone_is_told(tmp_path):
    server = LiveServer(tmp_path / "server").init()
    code, cofacilitator = seed_server_database(server.data_dir, NOTES)
    server.workshop_links[code] = {"cofacilitator_url": server.url + cofacilitator}
    server.start()
    phone, watchers, http = None, [], []
    most_workers, health_seconds, posts = [0], [], []
    stop = threading.Event()
    try:
        assert console_call(server, code, "phases:open", {"phases": ["what"]})["ok"]
        phone = RealPhone(server.url, code).connect()
        pid = server.process.pid

        def watch_workers():
            while not stop.is_set():
                most_workers[0] = max(most_workers[0], len(pdf_workers(pid)))
                time.sleep(0.02)

        def room_carries_on():
            with requests.Session() as http:
                while not stop.wait(0.3):
                    started = time.monotonic()
                    assert http.get(server.url + "/healthz", timeout=10).status_code == 200
                    health_seconds.append(time.monotonic() - started)
                    answer = phone.post("Posted while the reports are made", timeout=10)
                    posts.append(answer["ok"] or answer["error"]["code"] == "slow_down")

        watchers = [threading.Thread(target=watch_workers, daemon=True), threading.Thread(target=room_carries_on, daemon=True)]
        for thread in watchers:
            thread.start()

        answers: dict[int, requests.Response] = {}
        at_once = threading.Barrier(len(ASKED))
        http += [signed_in(server, cofacilitator) for _ in ASKED]

        def ask(index: int, fmt: str, language: str):
            at_once.wait(10)
            try:
                answers[index] = http[index].get(  # as a browser follows the panel's link
                    f"{server.url}/facilitator/w/{code}/report/download/{fmt}", params={"lang": language},
                    headers={"Accept": BROWSER_ACCEPT}, timeout=60)
            except requests.RequestException:
                answers[index] = None  # the silent failure this queue is for

        askers = [threading.Thread(target=ask, args=(i, fmt, lang)) for i, (fmt, lang) in enumerate(ASKED)]
        began = time.monotonic()
        for thread in askers:
            thread.start()
        for thread in askers:
            thread.join(90)
        print("asked in", round(time.monotonic() - began, 1), "s")

        kinds, files, waiting = [], {}, {}
        for index, response in sorted(answers.items()):
            if response is None:
                kinds.append("no answer within 60 s")
            elif response.status_code == 200:
                kinds.append("pdf")
                files[index] = response.content
            elif response.status_code == 202:
                kinds.append("waiting")
                assert response.headers["Retry-After"].isdigit()
                assert "ready in about" in response.text.lower()
                waiting[index] = re.search(r'url=(/facilitator/w/[^"]+/report/jobs/[^"]+)"', response.text).group(1)
            else:
                kinds.append("busy")
                assert response.status_code == 503, (response.status_code, response.text[:500])
                assert int(response.headers["Retry-After"]) >= 1
                assert BUSY in response.text and "Traceback" not in response.text
        if waiting:
            # The one being made (or made) first is followed to its file, as the page would;
            # the others would follow it in turn (the unit tests play the whole queue out).
            def place(index):
                body = http[index].get(server.url + waiting[index], headers={"Accept": "application/json"}, timeout=30).json()
                return body.get("position", 0)

            first = min(waiting, key=place)
            files[first] = follow_to_file(http[first], server, waiting[first], time.monotonic() + 240).content
    finally:
        stop.set()
        for thread in watchers:
            thread.join(30)
        for session in http:
            session.close()
        if phone:
            phone.close()
        try:
            server.stop()
        except subprocess.TimeoutExpired:  # still waiting on downloads: it has failed anyway
            server.stop(hard=True)

    print("kinds", kinds, "most workers", most_workers, "all made in", round(time.monotonic() - began, 1), "s",
          "slowest /healthz", round(max(health_seconds), 2), "s")
    # One render at a time (plus the one warm spare worker waiting for the next), never eight.
    assert most_workers[0] <= DEFAULT_RENDERS + 1, most_workers
    assert len(answers) == len(ASKED) and "no answer within 60 s" not in kinds, kinds
    # One renders and four wait: the other three are told at once to come back later.
    assert kinds.count("busy") == len(ASKED) - DEFAULT_RENDERS - DEFAULT_WAITING, kinds
    for index, content in files.items():
        assert content.startswith(b"%PDF"), index
        assert TITLE in pdf_text(content, tmp_path, f"answer-{index}").replace("\n", " "), ASKED[index]
    assert posts and all(posts), posts
    assert health_seconds and max(health_seconds) < 2, health_seconds


def test_sigterm_while_a_pdf_renders_leaves_no_worker_behind(tmp_path):
    server = LiveServer(tmp_path / "server").init()
    code, cofacilitator = seed_server_database(server.data_dir, NOTES)
    server.start()
    pid = server.process.pid
    with signed_in(server, cofacilitator) as http:
        asked = http.get(f"{server.url}/facilitator/w/{code}/report/download/pdf",
                         headers={"Accept": "application/json"}, timeout=30)
    assert asked.status_code == 202 and asked.json()["status"] == "rendering", asked.text
    workers = pdf_workers(pid)
    assert workers, "no PDF worker was started"
    server.process.send_signal(signal.SIGTERM)
    server.process.wait(timeout=30)
    left = {worker for worker in workers | pdf_workers(pid) if alive(worker)}
    output = server.log_path.read_text()
    server.process = None
    assert not left, f"PDF workers {left} outlived the server"
    assert output.rstrip().endswith("facilitator stopped.") and "Traceback" not in output, output[-2000:]
