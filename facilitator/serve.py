"""The server's entry point: the only module that imports eventlet or gevent.

It monkey-patches first, before Flask or the database layer is imported, then builds
the app and serves it. Nothing else in the package patches anything: patching inside
the pytest process hangs the run at exit, so tests use the threading mode instead.
"""

from __future__ import annotations

import gc
import os
import sys

ASYNC_MODES = ("eventlet", "gevent")
# A room full of phones reconnects at once after a Wi-Fi blip: keep their SYNs queued
# rather than dropped (eventlet's default backlog is 50).
LISTEN_BACKLOG = 2048
# Greenlets serving connections at once; eventlet's default of 1024 caps the room.
MAX_CONNECTIONS = 10000


def without_websocket_compression(app):
    """Decline per-message deflate: the server then never compresses a frame per client.

    Browsers offer permessage-deflate and both eventlet's and simple-websocket's servers
    accept it, so every broadcast is compressed once per phone. Removing the offer from
    the handshake makes the server answer without the extension. This is the default:
    measured in one run (docs/performance.md), declining gave a lower p95 at every size,
    and with deflate 2,000 phones collapsed (p95 18 s, notes lost) where without it p95
    was 286 ms. FACILITATOR_WS_COMPRESSION=1 accepts deflate again.
    """

    def wrapped(environ, start_response):
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return app(environ, start_response)

    return wrapped


def main(host: str = "0.0.0.0", port: int = 5000, async_mode: str | None = None) -> None:
    """Patch, build the app, print the addresses, and serve until stopped."""
    mode = async_mode or os.environ.get("FACILITATOR_ASYNC", "eventlet")
    if mode not in ASYNC_MODES:
        sys.exit(f"FACILITATOR_ASYNC must be one of {', '.join(ASYNC_MODES)}, not '{mode}'.")
    if mode == "eventlet":
        import eventlet

        eventlet.monkey_patch()
        from eventlet import tpool

        offload = tpool.execute
    else:
        from gevent import monkey

        monkey.patch_all()
        import gevent

        def offload(call):
            return gevent.get_hub().threadpool.apply(call)

    from facilitator import create_app
    from facilitator.banner import print_banner

    # Blocking calls that release the GIL (SQLite's fsync on commit) run in the async
    # library's thread pool, so they never freeze the event loop.
    app = create_app({"async_mode": mode, "offload": offload})
    print_banner(app, host, port)
    # Everything made so far lives as long as the server: move it out of the garbage
    # collector's sight, so a full collection never walks it while the room waits.
    gc.collect()
    gc.freeze()
    from facilitator.gzip_static import gzip_responses

    wsgi = gzip_responses(app)
    if os.environ.get("FACILITATOR_WS_COMPRESSION", "0") != "1":
        wsgi = without_websocket_compression(wsgi)
    if mode == "eventlet":
        import eventlet
        import eventlet.wsgi

        listener = eventlet.listen((host, port), backlog=LISTEN_BACKLOG)
        eventlet.wsgi.server(listener, wsgi, log_output=False, max_size=MAX_CONNECTIONS)
    else:
        from gevent.pywsgi import WSGIServer

        WSGIServer((host, port), wsgi, backlog=LISTEN_BACKLOG, log=None).serve_forever()
