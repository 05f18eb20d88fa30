"""Drive bench/node/loadgen.js (socket.io-client, from bench/node's lockfile) against a server.

The load generator is one Node process; it writes one JSON object to stdout. Here we
hand it the scenario, the server's URLs and process ids (it reads their CPU from /proc),
and sample the servers' peak memory while it runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import threading

import psutil

from bench.servers import NODE_DIR

LOADGEN = NODE_DIR / "loadgen.js"


def run_node_load(config: dict, server_pids: list[int], timeout: float = 900) -> dict:
    """Run one scenario; returns the load generator's figures plus the servers' peak RSS."""
    config = {**config, "serverPids": server_pids, "clkTck": os.sysconf("SC_CLK_TCK"), "limitSeconds": timeout - 30}
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.5):
            total = 0
            for pid in server_pids:
                try:
                    total += psutil.Process(pid).memory_info().rss
                except psutil.Error:
                    pass
            peak[0] = max(peak[0], total)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(config, f)
    try:
        done = subprocess.run(["node", str(LOADGEN), f.name], capture_output=True, text=True, timeout=timeout)
    finally:
        stop.set()
        sampler.join()
        os.unlink(f.name)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"error": f"load generator exited {done.returncode}: {done.stderr[-1500:]}"}
    result = json.loads(lines[-1])
    result["server_peak_rss_mb"] = round(peak[0] / 2**20, 1)
    return result
