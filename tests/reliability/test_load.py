"""Under the eventlet server, a room of phones posting at once keeps the server responsive."""

from __future__ import annotations

import threading
import time

import pytest

from tests.reliability.conftest import RealPhone, health

# Timings and memory measured here are the server's own only when nothing else runs.
pytestmark = pytest.mark.alone


def test_fifty_phones_posting_at_once_never_stall_the_heartbeat_or_see_busy(server, open_workshop):
    phones = [RealPhone(server.url, open_workshop["code"]).connect() for _ in range(50)]
    time.sleep(1.5)  # let the joins settle: this test is about the burst of posts
    joined_loop = health(server, window=5)["loop"]
    start = threading.Barrier(len(phones))
    answers = []

    def post_three(phone):
        start.wait()
        for i in range(3):
            answers.append(phone.post(f"At the same moment, note {i}", timeout=20))

    threads = [threading.Thread(target=post_three, args=(phone,)) for phone in phones]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    loop = health(server, window=time.monotonic() - began)["loop"]
    for phone in phones:
        phone.close()

    assert len(answers) == 150
    refused = [a for a in answers if not a["ok"]]
    assert refused == [], refused[:3]
    assert loop["ticks"] > 0
    print("heartbeat while 50 phones joined:", joined_loop, "while they posted:", loop)
    assert loop["max_lag_ms"] < 100, loop
