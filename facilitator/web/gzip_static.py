"""Gzip for pages and static files, as WSGI middleware around the real server.

Phones on venue Wi-Fi pay for every byte: the Socket.IO client alone is 47 KB as it is
and about 15 KB gzipped. Static files are compressed once and kept (keyed by path, size
and modification time); pages are small and compressed per response. Socket.IO traffic,
partial and conditional responses pass through untouched.
"""

from __future__ import annotations

import gzip

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
MIN_SIZE = 512  # bytes; below this the gzip header costs more than it saves
CACHE_LIMIT = 200  # compressed static files kept in memory


def gzip_responses(app):
    """Wrap a WSGI app so that it answers `Accept-Encoding: gzip` with gzipped bodies."""
    cache: dict[tuple, bytes] = {}

    def wrapped(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or path.startswith("/socket.io")
            or "gzip" not in environ.get("HTTP_ACCEPT_ENCODING", "")
            or environ.get("HTTP_RANGE")
        ):
            return app(environ, start_response)

        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None  # write() is unused by Flask

        body_iter = app(environ, capture)
        try:
            body = b"".join(body_iter)
        finally:
            if hasattr(body_iter, "close"):
                body_iter.close()
        status, headers = captured["status"], captured["headers"]
        names = {k.lower(): v for k, v in headers}
        if (
            not status.startswith("200")
            or "content-encoding" in names
            or not names.get("content-type", "").startswith(COMPRESSIBLE)
            or len(body) < MIN_SIZE
        ):
            start_response(status, headers)
            return [body]
        if path.startswith("/static/"):
            key = (path, len(body), names.get("last-modified"), names.get("etag"))
            packed = cache.get(key)
            if packed is None:
                packed = gzip.compress(body, compresslevel=9, mtime=0)
                if len(cache) >= CACHE_LIMIT:
                    cache.clear()
                cache[key] = packed
        else:
            packed = gzip.compress(body, compresslevel=6, mtime=0)
        headers = [(k, v) for k, v in headers if k.lower() not in ("content-length", "vary")]
        vary = names.get("vary")
        headers += [
            ("Content-Encoding", "gzip"),
            ("Content-Length", str(len(packed))),
            ("Vary", f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"),
        ]
        start_response(status, headers)
        return [packed]

    return wrapped
