"""Browser tests: real Chromium (Debian's) driven by Playwright against the real server.

The fixtures (browser, live_server, facilitator_page, new_phone, projector) live in
tests/conftest.py, so the reliability tests share the same Chromium.
"""

from __future__ import annotations

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE  # noqa: F401  (kept importable from here)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


