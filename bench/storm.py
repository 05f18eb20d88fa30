"""The reconnect storm: restart the server under N connected phones.

Each phone behaves as phone.js does: on every (re)connect it sends `phone:join` with its
participant id and the last change number it saw (`since`), and applies both live `note`
events and the notes in the join's snapshot. Notes are posted before the restart, and
again by the first phones back while the rest are still reconnecting, so the late ones
can only get those through `since`. Every phone must end up holding every note.
"""

from __future__ import annotations

import asyncio
import time
import uuid

import aiohttp
import socketio

from bench.loadgen import CONNECT_CONCURRENCY, percentile
from bench.servers import Server

WAIT_LIMIT = 60  # seconds the storm may take before we call it failed
NOTES_BEFORE = 20
NOTES_DURING = 20


class Phone:
    def __init__(self, index: int, session: aiohttp.ClientSession, code: str):
        self.code = code
        self.participant = None
        self.seq = 0
        self.notes: set[str] = set()
        self.joins = 0
        self.rejoined_at: float | None = None
        self.client = socketio.AsyncClient(
            reconnection=True, reconnection_attempts=0, reconnection_delay=0.5, reconnection_delay_max=3,
            randomization_factor=0.5, http_session=session, websocket_extra_options={"compress": 15},
        )
        self.client.on("note", self.on_note)
        self.client.on("connect", self.on_connect)

    def on_note(self, note):
        self.notes.add(note["id"])
        self.seq = max(self.seq, note.get("seq", 0))

    async def on_connect(self):
        # Join in a task: a handler must not wait on the same connection's acknowledgement.
        asyncio.get_running_loop().create_task(self.join())

    async def join(self):
        try:
            answer = await self.client.call(
                "phone:join", {"code": self.code, "participant": self.participant, "since": self.seq}, timeout=30
            )
        except Exception:
            return
        if not answer.get("ok"):
            return
        self.participant = answer["participant"]["id"]
        for note in answer["notes"]:
            self.notes.add(note["id"])
        self.seq = max(self.seq, answer["seq"])
        self.joins += 1
        if self.joins > 1 and self.rejoined_at is None:
            self.rejoined_at = time.perf_counter()

    async def post(self) -> str | None:
        note_id = str(uuid.uuid4())
        try:
            answer = await self.client.call("note:post", {"id": note_id, "phase": "what", "text": "storm"}, timeout=15)
        except Exception:
            return None
        return note_id if answer.get("ok") else None


async def _storm(server: Server, n: int, log) -> dict:
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        phones = [Phone(i, session, server.code) for i in range(n)]
        gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

        async def connect(phone):
            async with gate:
                await phone.client.connect(server.url, transports=["websocket"], wait_timeout=20)
                for _ in range(100):  # bounded: the join answer arrives within 10 s
                    if phone.joins:
                        return
                    await asyncio.sleep(0.1)

        await asyncio.gather(*(connect(p) for p in phones), return_exceptions=True)
        joined = sum(1 for p in phones if p.joins)
        acked = set(filter(None, await asyncio.gather(*(phones[i % n].post() for i in range(NOTES_BEFORE)))))
        await asyncio.sleep(1)

        loop = asyncio.get_running_loop()
        restarted = time.perf_counter()
        await loop.run_in_executor(None, server.stop, True)
        await loop.run_in_executor(None, server.start, False)
        log(f"storm: {server.name} restarted in {time.perf_counter() - restarted:.1f} s; {n} phones reconnecting")

        deadline = time.perf_counter() + WAIT_LIMIT
        posted_during = False
        while time.perf_counter() < deadline:
            back = [p for p in phones if p.rejoined_at]
            if not posted_during and len(back) >= max(1, n // 10):
                acked |= set(filter(None, await asyncio.gather(*(back[i % len(back)].post() for i in range(NOTES_DURING)))))
                posted_during = True
            if len(back) == n and posted_during:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(2)  # live copies of the last notes
        back_times = sorted(p.rejoined_at - restarted for p in phones if p.rejoined_at)
        missing = sum(len(acked - p.notes) for p in phones)
        await asyncio.gather(*(p.client.disconnect() for p in phones), return_exceptions=True)
    return {
        "server": server.name,
        "phones": n,
        "joined_before": joined,
        "back": len(back_times),
        "all_back_s": round(back_times[-1], 2) if len(back_times) == n else None,
        "back_p50_s": percentile(back_times, 50),
        "back_p95_s": percentile(back_times, 95),
        "notes_before": NOTES_BEFORE,
        "notes_acked": len(acked),
        "missing_after_resync": missing,
    }


def run_storm(n: int, log) -> list[dict]:
    results = []
    for mode in ("eventlet", "gevent"):
        server = Server(f"facilitator ({mode})", "facilitator", mode)
        server.start()
        try:
            result = asyncio.run(_storm(server, n, log))
        except Exception as exc:
            result = {"server": server.name, "phones": n, "error": repr(exc)}
        finally:
            server.stop()
        log(f"storm: {result}")
        results.append(result)
    return results
