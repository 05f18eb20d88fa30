"""A PDF exported from the real (eventlet) server while the room carries on."""

from __future__ import annotations

import threading
import time

import pytest
import requests

from tests.reliability.conftest import RealPhone, health

# Timings and memory measured here are the server's own only when nothing else runs.
pytestmark = pytest.mark.alone


def test_a_pdf_export_on_the_live_server_never_freezes_the_boards(server, open_workshop):
    code = open_workshop["code"]
    phones = [RealPhone(server.url, code).connect() for _ in range(10)]
    for i in range(60):
        assert phones[i % 10].post(f"Note {i}: the interpreter arrived late again", timeout=10)["ok"]

    facilitator = requests.Session()
    facilitator.get(open_workshop["cofacilitator_url"], allow_redirects=False, timeout=10)
    answers, stop = [], threading.Event()

    def keep_posting():
        while not stop.is_set():
            started = time.monotonic()
            answer = phones[0].post("Posted while the report renders", timeout=10)
            answers.append((answer["ok"] or answer["error"]["code"] == "slow_down", time.monotonic() - started))
            time.sleep(0.3)

    poster = threading.Thread(target=keep_posting)
    poster.start()
    began = time.monotonic()
    response = facilitator.get(f"{server.url}/facilitator/w/{code}/report/download/pdf", timeout=120)
    rendered_in = time.monotonic() - began
    stop.set()
    poster.join(15)
    loop = health(server, window=rendered_in)["loop"]
    facilitator.close()
    for phone in phones:
        phone.close()

    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert answers and all(ok for ok, _ in answers)
    assert max(seconds for _, seconds in answers) < 0.5, answers
    assert loop["max_lag_ms"] < 100, loop
