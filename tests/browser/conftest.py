"""Browser tests: real Chromium (Debian's) driven by Playwright against the real server."""

from __future__ import annotations

import shutil

import pytest

from tests.live_server import PASSCODE, LiveServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright_instance():
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's Chromium is not installed (make test installs it when run as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """One real server (eventlet) for the browser tests, with the passcode set."""
    server = LiveServer(tmp_path_factory.mktemp("live")).init().start()
    yield server
    server.stop()


@pytest.fixture
def facilitator_page(browser, live_server):
    """A laptop browser signed in as the facilitator."""
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/facilitator/")
    page.fill("#passcode", PASSCODE)
    page.click("button[type=submit]")
    page.wait_for_url("**/facilitator/")
    yield page
    context.close()


@pytest.fixture
def new_phone(browser):
    """new_phone() -> a fresh phone-sized browser page (its own storage, like a separate phone)."""
    contexts = []

    def make():
        context = browser.new_context(**PHONE)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def projector(browser):
    """projector(width, height) -> a page the size of a projected screen."""
    contexts = []

    def make(width=1920, height=1080):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
