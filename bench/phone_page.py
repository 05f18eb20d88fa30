"""The phone page's weight: bytes on the wire and requests until a person can post.

Real Chromium (Debian's /usr/bin/chromium through Playwright) opens the join link of a
workshop on our server, taps "Join the workshop", and waits for the note form. Bytes are
Chromium's own count of what crossed the network for each response (encodedDataLength:
compressed body plus headers), so compression counts only if the server really sends it.
"""

from __future__ import annotations

import shutil
import time

from bench.servers import Server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TARGET_KB = 60


def measure_phone_page(log) -> dict:
    if not shutil.which(CHROMIUM):
        return {"error": f"{CHROMIUM} is missing (apt-get install chromium)"}
    from playwright.sync_api import sync_playwright

    server = Server("facilitator (eventlet)", "facilitator", "eventlet").start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            cdp = page.context.new_cdp_session(page)
            cdp.send("Network.enable")
            responses: dict[str, dict] = {}
            websockets = []
            cdp.on("Network.responseReceived", lambda e: responses.setdefault(e["requestId"], {}).update(
                url=e["response"]["url"], encoding=e["response"].get("headers", {}).get("content-encoding")
                or e["response"].get("headers", {}).get("Content-Encoding")))
            cdp.on("Network.loadingFinished", lambda e: responses.setdefault(e["requestId"], {}).update(
                bytes=e["encodedDataLength"]))
            cdp.on("Network.webSocketCreated", lambda e: websockets.append(e["url"]))
            started = time.perf_counter()
            page.goto(f"{server.url}/j/{server.code}")
            page.get_by_role("button", name="Join the workshop").click()
            page.wait_for_selector("#note-form:not([hidden])", timeout=15000)
            ready_ms = (time.perf_counter() - started) * 1000
            page.wait_for_timeout(300)  # let the last loadingFinished events arrive
            browser.close()
    except Exception as exc:
        return {"error": repr(exc)}
    finally:
        server.stop()
    http = [r for r in responses.values() if r.get("url", "").startswith("http") and "bytes" in r]
    polling = [r for r in http if "/socket.io/" in r["url"]]
    resources = [
        {"url": r["url"].replace(server.url, ""), "bytes": r["bytes"], "encoding": r.get("encoding")} for r in http
    ]
    total = sum(r["bytes"] for r in http)
    result = {
        "requests": len(http),
        "socket_io_polling_requests": len(polling),
        "websockets": len(websockets),
        "transferred_bytes": total,
        "target_kb": TARGET_KB,
        "within_target": total <= TARGET_KB * 1024,
        "time_to_post_ms": round(ready_ms, 1),
        "resources": sorted(resources, key=lambda r: -r["bytes"]),
    }
    log(f"phone page: {result['requests']} requests, {total / 1024:.1f} KB, ready in {ready_ms:.0f} ms")
    return result
