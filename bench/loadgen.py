"""The Python load generator, kept for the reconnect storm (bench/storm.py), whose phones
reconnect and resync as phone.js does. Every other scenario uses bench/node/loadgen.js,
which is cheap enough not to be the bottleneck (issue 16).

N phones and a board on one workshop, some phones posting notes.

One asyncio process, python-socketio's AsyncClient over the WebSocket transport
(offering per-message deflate, as browsers do). Every client records when each note
arrives; the note's send time is kept here, in the same process, so latency is measured
on one clock. Traffic goes to 127.0.0.1 only, and every loop is bounded in count and time.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import uuid
from dataclasses import dataclass, field

import aiohttp
import psutil
import socketio

CONNECT_CONCURRENCY = 100  # connection attempts in flight at once
ACK_TIMEOUT = 15  # seconds a post waits for its acknowledgement
DRAIN_TIMEOUT = 10  # seconds to wait, after the last post, for every copy to arrive


@dataclass
class Load:
    phones: int
    posters: int
    rate: float  # notes per second, all posters together
    duration: float  # seconds of posting
    compress: bool = True  # offer permessage-deflate, as browsers do


@dataclass
class Tally:
    """Everything the clients saw, kept cheaply: latencies and copies per (client, note)."""

    sent_at: dict = field(default_factory=dict)  # note id -> perf_counter at send
    acked: set = field(default_factory=set)
    refused: int = 0
    latencies: list = field(default_factory=list)  # seconds, one per copy received
    copies: dict = field(default_factory=dict)  # (client index, note id) -> count
    unknown: int = 0  # copies of notes this run did not send
    first_copies: int = 0  # distinct (client, note) pairs received


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def make_client(index: int, tally: Tally, session: aiohttp.ClientSession, compress: bool) -> socketio.AsyncClient:
    client = socketio.AsyncClient(
        reconnection=False,
        http_session=session,
        websocket_extra_options={"compress": 15 if compress else 0},
    )

    @client.on("note")
    def on_note(note):
        now = time.perf_counter()
        note_id = note.get("id")
        sent = tally.sent_at.get(note_id)
        if sent is None:
            tally.unknown += 1
            return
        key = (index, note_id)
        count = tally.copies.get(key, 0)
        tally.copies[key] = count + 1
        if not count:
            tally.first_copies += 1
        tally.latencies.append(now - sent)

    return client


async def connect_one(client, url: str, event: str, payload: dict, gate: asyncio.Semaphore) -> float | None:
    """Connect and join; returns seconds taken, or None when it failed."""
    async with gate:
        started = time.perf_counter()
        try:
            await client.connect(url, transports=["websocket"], wait_timeout=20)
            answer = await client.call(event, payload, timeout=30)
        except Exception:
            return None
        if not isinstance(answer, dict) or not answer.get("ok"):
            return None
        return time.perf_counter() - started


async def sample_memory(server: psutil.Process, peak: list) -> None:
    """Keep the server's peak resident memory in peak[0] (bytes), every 0.2 s."""
    while True:
        try:
            peak[0] = max(peak[0], server.memory_info().rss)
        except psutil.Error:
            return
        await asyncio.sleep(0.2)


async def settle(server: psutil.Process, limit: float = 60.0) -> float:
    """Wait until the server is idle (the join burst and its presence broadcasts are done).

    Idle: under 10 % of a core over 0.5 s. Returns the seconds waited (at most `limit`).
    """
    started = time.perf_counter()
    await asyncio.sleep(0.5)
    last = _cpu_seconds(server.cpu_times())
    while time.perf_counter() - started < limit:
        await asyncio.sleep(0.5)
        now = _cpu_seconds(server.cpu_times())
        if now - last < 0.05:
            break
        last = now
    return time.perf_counter() - started


async def run_load(url: str, code: str, board_key: str, load: Load, server_pid: int) -> dict:
    """Connect a board and `load.phones` phones, post for `load.duration` s, and tally."""
    tally = Tally()
    me = psutil.Process(os.getpid())
    server = psutil.Process(server_pid)
    peak = [0]
    sampler = asyncio.create_task(sample_memory(server, peak))
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    async with aiohttp.ClientSession(connector=connector) as session:
        board = make_client(-1, tally, session, load.compress)
        phones = [make_client(i, tally, session, load.compress) for i in range(load.phones)]
        gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
        started = time.perf_counter()
        board_time = await connect_one(board, url, "board:join", {"code": code, "key": board_key, "since": 0}, gate)
        connect_times = await asyncio.gather(
            *(connect_one(p, url, "phone:join", {"code": code, "since": 0}, gate) for p in phones)
        )
        connect_all = time.perf_counter() - started
        joined = [p for p, t in zip(phones, connect_times) if t is not None]
        receivers = ([board] if board_time is not None else []) + joined
        ok_times = [t for t in connect_times if t is not None]

        settle_s = await settle(server)
        cpu_before = me.cpu_times()
        server_cpu_before = server.cpu_times()
        posters = joined[: load.posters]
        total = int(load.rate * load.duration)
        interval = 1.0 / load.rate if load.rate else 0
        pending = []

        async def post(client):
            note_id = str(uuid.uuid4())
            tally.sent_at[note_id] = time.perf_counter()
            try:
                answer = await client.call(
                    "note:post", {"id": note_id, "phase": "what", "text": f"Bench note {note_id[:8]}"}, timeout=ACK_TIMEOUT
                )
            except Exception:
                answer = None
            if isinstance(answer, dict) and answer.get("ok"):
                tally.acked.add(note_id)
            else:
                tally.refused += 1

        post_start = time.perf_counter()
        for n in range(total if posters else 0):
            target = post_start + n * interval
            delay = target - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            pending.append(asyncio.create_task(post(posters[n % len(posters)])))
        await asyncio.gather(*pending)

        expected = len(tally.acked) * len(receivers)
        deadline = time.monotonic() + DRAIN_TIMEOUT
        while time.monotonic() < deadline and tally.first_copies < expected:
            await asyncio.sleep(0.1)
        loader_cpu = _cpu_seconds(me.cpu_times()) - _cpu_seconds(cpu_before)
        server_cpu = _cpu_seconds(server.cpu_times()) - _cpu_seconds(server_cpu_before)
        loader_wall = time.perf_counter() - post_start

        indexes = [-1] if board_time is not None else []
        indexes += [i for i, t in enumerate(connect_times) if t is not None]
        lost = sum(1 for i in indexes for nid in tally.acked if (i, nid) not in tally.copies)
        duplicated = sum(c - 1 for c in tally.copies.values() if c > 1)

        await asyncio.gather(*(c.disconnect() for c in receivers), return_exceptions=True)
    sampler.cancel()

    lat_ms = [x * 1000 for x in tally.latencies]
    return {
        "phones": load.phones,
        "posters": len(posters),
        "rate": load.rate,
        "duration": load.duration,
        "compress_offered": load.compress,
        "connected": len(joined),
        "board_connected": board_time is not None,
        "connect_all_s": round(connect_all, 3),
        "settle_s": round(settle_s, 2),
        "connect_p50_ms": _ms(statistics.median(ok_times)) if ok_times else None,
        "connect_p95_ms": _ms(percentile(ok_times, 95)),
        "connect_max_ms": _ms(max(ok_times)) if ok_times else None,
        "notes_sent": total,
        "notes_acked": len(tally.acked),
        "notes_refused": tally.refused,
        "copies_expected": expected,
        "copies_received": len(lat_ms),
        "lost": lost,
        "duplicated": duplicated,
        "latency_p50_ms": _r(percentile(lat_ms, 50)),
        "latency_p95_ms": _r(percentile(lat_ms, 95)),
        "latency_p99_ms": _r(percentile(lat_ms, 99)),
        "latency_max_ms": _r(max(lat_ms)) if lat_ms else None,
        "server_cpu_pct": round(100 * server_cpu / loader_wall, 1) if loader_wall else None,
        "server_peak_rss_mb": round(peak[0] / 2**20, 1),
        "loader_cpu_pct": round(100 * loader_cpu / loader_wall, 1) if loader_wall else None,
    }


def _cpu_seconds(times) -> float:
    return times.user + times.system


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
