"""On the real (eventlet) server, every phone in a busy room hears every note once, in order.

The server sends each copy of a note through its own queue per connection
(facilitator/live/green_queue.py, issue 16); these tests hold it to what phones rely on:
nothing lost, nothing twice, and change numbers that only go up, over WebSockets and
over long-polling alike. (A connection quiet for two minutes keeping its queue is in
test_phone_faults.py, beside the phone that is offline that long.)
"""

from __future__ import annotations

import threading
import time

import pytest
import socketio

from tests.reliability.conftest import RealPhone

# A burst of 120 notes to 40 phones, 8 of them long-polling: on a machine shared with the
# parallel tests (2 cores, five Chromiums and servers) a post waited past its 20 s timeout.
pytestmark = pytest.mark.alone

NOTES_EACH = 10  # within one phone's posting budget (security.Limits)


def test_forty_phones_some_long_polling_each_hear_a_burst_of_notes_once_and_in_order(server, open_workshop):
    code = open_workshop["code"]
    phones = [RealPhone(server.url, code).connect() for _ in range(32)]
    phones += [RealPhone(server.url, code, transports=("polling",)).connect() for _ in range(8)]
    posters = phones[:9] + phones[-3:]  # long-polling phones post too: 120 notes in all
    start = threading.Barrier(len(posters))
    answers = []

    def post_burst(phone, index):
        start.wait()
        for i in range(NOTES_EACH):
            try:
                answers.append(phone.post(f"Poster {index}, note {i}: the clinic letters come in English only", timeout=20))
            except socketio.exceptions.SocketIOError as error:  # reported with the refusals, not lost in a thread
                kind = "long-polling" if phone.transports == ["polling"] else "WebSocket"
                answers.append({"ok": False, "error": f"{kind} poster {index}, note {i}: {error!r}"})

    try:
        threads = [threading.Thread(target=post_burst, args=(p, i)) for i, p in enumerate(posters)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        posted = {a["note"]["id"] for a in answers if a and a.get("ok")}
        refused = [a for a in answers if not (a and a.get("ok"))]
        assert not refused and len(posted) == len(posters) * NOTES_EACH, refused[:3]

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(not posted <= set(p.notes) for p in phones):
            time.sleep(0.2)
        for number, phone in enumerate(phones):
            with phone.lock:
                heard = [note for note in phone.heard if note["id"] in posted]
            kind = "long-polling" if phone.transports == ["polling"] else "WebSocket"
            assert phone.connects == 1, f"{kind} phone {number} lost its connection during the burst"
            ids = [note["id"] for note in heard]
            assert set(ids) == posted, f"{kind} phone {number} missed {len(posted - set(ids))} notes"
            assert len(ids) == len(posted), f"{kind} phone {number} heard {len(ids) - len(posted)} notes twice"
            seqs = [note["seq"] for note in heard]
            assert seqs == sorted(seqs), f"{kind} phone {number} heard the notes out of order"
    finally:
        for phone in phones:
            phone.close()
