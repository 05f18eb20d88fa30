"""How healthy the running server is: above all, whether its event loop is stalling.

Under eventlet or gevent every connection shares one thread; a call that blocks (a slow
SQLite write, a PDF rendered in-process) freezes every board and phone at once. A
heartbeat task ticks every 50 ms and records how late each tick was, so a stall shows
up as a number at /healthz instead of as a frozen room.
"""

from __future__ import annotations

import collections
import threading
import time

TICK_SECONDS = 0.05
KEEP_SECONDS = 600


class LoopMonitor:
    """Records heartbeat lateness (ms) with timestamps; `start` spawns the heartbeat."""

    def __init__(self, socketio, tick: float = TICK_SECONDS):
        self.socketio = socketio
        self.tick = tick
        self.samples: collections.deque[tuple[float, float]] = collections.deque(maxlen=int(KEEP_SECONDS / tick))
        self.running = False
        self._lock = threading.Lock()

    def start(self) -> None:
        if not self.running:
            self.running = True
            self.socketio.start_background_task(self._beat)

    def _beat(self) -> None:
        while self.running:
            before = time.monotonic()
            self.socketio.sleep(self.tick)
            after = time.monotonic()
            with self._lock:
                self.samples.append((after, max(0.0, (after - before - self.tick) * 1000)))

    def report(self, window_seconds: float = 60.0) -> dict:
        """The worst and typical lateness over the last `window_seconds`."""
        since = time.monotonic() - window_seconds
        with self._lock:
            lags = sorted(lag for at, lag in self.samples if at >= since)
        if not lags:
            return {"running": self.running, "window_s": window_seconds, "ticks": 0}
        return {
            "running": self.running,
            "window_s": window_seconds,
            "ticks": len(lags),
            "max_lag_ms": round(lags[-1], 1),
            "p50_lag_ms": round(lags[len(lags) // 2], 1),
        }
