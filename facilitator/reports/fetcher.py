"""The only way the PDF renderer may load anything: `data:` URLs and our own assets.

WeasyPrint would otherwise follow any URL in the HTML — `file:///etc/passwd`, a server
on the venue network, a port on this laptop. Notes are sanitised before they reach the
HTML, so nothing should ask; this fetcher makes sure that even a mistake there cannot
read a file or make a request.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from facilitator.reports.html import STATIC_DIR


class ForbiddenResource(ValueError):
    """A URL the report may not load; WeasyPrint skips the resource and logs this."""


class AssetsOnlyFetcher(URLFetcher):
    """Allows `data:` URLs and regular files under `root`; refuses everything else."""

    def __init__(self, root: Path = STATIC_DIR, **kwargs):
        # No network protocol is ever reached: fetch() decides before any handler runs.
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, **kwargs)
        self.root = Path(root).resolve()
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self._allowed_path(url)
            if path is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})
        self.refused.append(url)
        raise ForbiddenResource(f"The report may not load {url[:200]}")

    def _allowed_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(unquote(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        # resolve() has followed symlinks and '..': what is left must still be ours.
        if path.is_file() and path.is_relative_to(self.root):
            return path
        return None
