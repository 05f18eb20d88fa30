"""A phone on long-polling sends what it has waiting in one HTTP request; all of it counts.

A browser's Engine.IO client, on long-polling (Wi-Fi that blocks WebSockets, an old
phone), puts every packet waiting to go into one POST: a phone back in signal with the
notes it wrote offline sends them together. python-engineio read at most 16 packets from
one POST and silently dropped the whole POST above that (answering "ok"), so such a
phone's notes never arrived and every retry sent them together again
(facilitator/live/packet_guard.py, accept_whole_batches).

The phone here speaks the Engine.IO protocol by hand, over plain HTTP, so the batch is
exactly what a browser sends.
"""

from __future__ import annotations

import json
import time
import uuid

import requests

from tests.reliability.conftest import console_call

SEPARATOR = "\x1e"  # between the packets of one long-polling payload


class PollingPhone:
    """A phone on Engine.IO long-polling, one request at a time, by hand."""

    def __init__(self, server_url: str):
        self.http = requests.Session()
        self.base = f"{server_url}/socket.io/?EIO=4&transport=polling"
        opened = self.http.get(self.base, timeout=10)
        self.url = f"{self.base}&sid={json.loads(opened.text[1:])['sid']}"
        self.answers: dict[int, dict] = {}  # ack id -> the answer
        self.events: list[tuple[str, dict]] = []

    def send(self, *packets: str) -> None:
        response = self.http.post(self.url, data=SEPARATOR.join(packets), timeout=10)
        assert response.status_code == 200, response.text

    def event(self, ack: int, name: str, payload: dict) -> str:
        return f"42{ack}{json.dumps([name, payload])}"

    def poll(self) -> None:
        """One long-poll: record every answer and event it brings; answer pings."""
        for packet in self.http.get(self.url, timeout=30).text.split(SEPARATOR):
            if packet == "2":
                self.send("3")  # pong, or the server ends the connection
            elif packet.startswith("43"):
                ack = int(packet[2 : packet.index("[")])
                self.answers[ack] = json.loads(packet[packet.index("[") :])[0]
            elif packet.startswith("42"):
                name, payload = json.loads(packet[2:])
                self.events.append((name, payload))

    def wait_for_answers(self, acks, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not set(acks) <= set(self.answers) and time.monotonic() < deadline:
            self.poll()

    def close(self) -> None:
        self.http.close()


def test_a_long_polling_phone_back_in_signal_with_twenty_notes_has_every_one_answered_and_none_dropped(server, open_workshop):
    code = open_workshop["code"]
    phone = PollingPhone(server.url)
    try:
        phone.send("40")  # connect to the namespace
        phone.poll()
        phone.send(phone.event(1, "phone:join", {"code": code, "participant": None}))
        phone.wait_for_answers([1])
        assert phone.answers[1]["ok"]

        # Twenty notes written with no signal, sent in one request when it comes back.
        written = {100 + i: (str(uuid.uuid4()), f"Written offline, note {i}: the pharmacy closes at five") for i in range(20)}
        phone.send(*(phone.event(ack, "note:post", {"id": id_, "phase": "what", "text": text})
                     for ack, (id_, text) in written.items()))
        phone.wait_for_answers(written)

        assert set(phone.answers) >= set(written), f"{len(set(written) - set(phone.answers))} notes were never answered"
        stored = {ack for ack in written if phone.answers[ack]["ok"]}
        slowed = {ack for ack in written if (phone.answers[ack].get("error") or {}).get("code") == "slow_down"}
        # A phone's posting budget (security.Limits.notes) lets ten through at once; the rest
        # are told to slow down (their notes are kept on the phone, which tries again by
        # itself). None is lost in between.
        assert stored | slowed == set(written), [phone.answers[a] for a in set(written) - stored - slowed][:2]
        assert len(stored) >= 10
        assert all("your note is kept" in phone.answers[ack]["error"]["message"] for ack in slowed)

        board = console_call(server, code, "sync", {"since": 0})
        on_board = {note["id"] for note in board["notes"]}
        assert {written[ack][0] for ack in stored} <= on_board
    finally:
        phone.close()
