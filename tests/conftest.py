"""Fixtures: an app on a temporary SQLite file, HTTP and Socket.IO clients, builders.

Tests run Flask-SocketIO in threading mode: eventlet is only ever imported by the real
server's entry point (see tests/browser for tests against that server).

Fast by construction: the schema is migrated once per test session (`migrated_database`)
and each test gets its own copy of that file; the facilitator's passcode is hashed with
a cheap method (`TEST_HASH`, tests only); nothing sleeps (tests/sockets has a clock).
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
import uuid

import pytest

from facilitator.accounts import auth
from facilitator.app import build_app
from facilitator.core.config import DEFAULT_TEMPLATES_DIR
from facilitator.store.db import SQLITE_BUSY_TIMEOUT_MS, Database, make_engine, upgrade
from facilitator.workshops.session_templates import load_templates
from tests.live_server import PASSCODE, LiveServer

# One PBKDF2 round: the tests sign in dozens of times, and scrypt costs each ~50 ms.
# Never used by the product (auth.set_passcode defaults to scrypt).
TEST_HASH = "pbkdf2:sha256:1"


def reconnecting_clients() -> list[threading.Thread]:
    """The reconnection loops of python-socketio clients alive in this process (each runs in
    a thread named after its target, `Client._handle_reconnect`)."""
    return [thread for thread in threading.enumerate() if "_handle_reconnect" in thread.name]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A test (or a fixture it used) must not leave a Socket.IO client reconnecting.

    Such a client keeps knocking on a server that is gone, in a thread of its own, and draws
    its jitter from the global `random` while later tests run (it made the Hypothesis test
    "flaky" once). Checked after the test's own fixtures are torn down, so a fixture that
    closes its client is fine; `client.shutdown()` (not `disconnect()`) stops the loop."""
    result = yield
    deadline = time.monotonic() + 2  # a loop that was told to stop finishes its current wait
    while reconnecting_clients() and time.monotonic() < deadline:
        time.sleep(0.05)
    if reconnecting_clients():
        raise AssertionError(
            f"{item.nodeid} left {len(reconnecting_clients())} Socket.IO client(s) reconnecting:"
            " close each with client.shutdown()"
        )
    return result


def pytest_collection_modifyitems(config, items):
    """Tests marked `long` go first, one module's worth at the head of each worker's share.

    pytest-xdist's `worksteal` hands each worker a contiguous share of the collection
    and lets idle workers take from the end of a busy one's; a test that waits two
    minutes and came late kept the whole suite waiting for it, the machine idle (100 s of
    a 9.5-minute run). Started first, it waits while every other test runs."""
    long_modules: dict[str, list] = {}
    for item in items:
        if item.get_closest_marker("long"):
            long_modules.setdefault(item.nodeid.split("::")[0], []).append(item)
    if not long_modules:
        return
    rest = [item for item in items if not item.get_closest_marker("long")]
    workers = max(1, int(getattr(config, "workerinput", {}).get("workercount", 1)))
    share = -(-len(rest) // workers)
    heads = [(n % workers) * share for n in range(len(long_modules))]  # the nth module heads the nth share
    ordered = list(rest)
    for at, group in sorted(zip(heads, long_modules.values()), key=lambda pair: -pair[0]):
        ordered[at:at] = group  # from the last share back, so no insertion moves another's place
    items[:] = ordered


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """A SQLite file at the newest schema revision, made once; tests copy it."""
    path = tmp_path_factory.mktemp("schema") / "facilitator.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


class TestDatabases:
    """One SQLAlchemy engine for the whole session, pointed at each test's own copy of the
    migrated file. SQLAlchemy compiles each statement once per engine: a new engine per
    test spent most of the fast suite compiling the same SQL again."""

    def __init__(self, migrated):
        self.migrated = migrated
        self.path = None
        self.engine = make_engine("sqlite://", durable=False, connect=self._connect)

    def _connect(self):
        return sqlite3.connect(self.path, check_same_thread=False, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)

    def fresh(self, path) -> Database:
        """A Database on a new copy of the migrated file at `path` (the previous one is let go)."""
        self.engine.dispose()
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.migrated, path)
        self.path = str(path)
        return Database(f"sqlite:///{path}", engine=self.engine)


@pytest.fixture(scope="session")
def test_databases(migrated_database):
    databases = TestDatabases(migrated_database)
    yield databases
    databases.engine.dispose()


@pytest.fixture
def fresh_database(migrated_database, tmp_path):
    """fresh_database(name) -> the path of a new copy of the migrated database (its own engine)."""

    def copy(name="facilitator.sqlite3", folder=None):
        target = (folder or tmp_path) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(migrated_database, target)
        return target

    return copy


@pytest.fixture(scope="session")
def shipped_templates():
    """The session templates in session_templates/, read once (tests do not change them)."""
    return load_templates(DEFAULT_TEMPLATES_DIR)


@pytest.fixture
def app(test_databases, shipped_templates, tmp_path):
    data = tmp_path / "data"
    database = test_databases.fresh(data / "facilitator.sqlite3")
    app = build_app(
        {"data_dir": data, "export_dir": tmp_path / "exports", "async_mode": "threading", "testing": True,
         "secret_key": "test-secret"},
        database=database,
        templates=shipped_templates,
    )
    yield app
    app.extensions["db"].dispose()


@pytest.fixture
def service(app):
    return app.extensions["facilitation"]


@pytest.fixture
def socketio(app):
    return app.extensions["socketio"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def facilitator_client(app):
    """An HTTP client signed in as the facilitator."""
    with app.extensions["db"].session() as session:
        auth.set_passcode(session, PASSCODE, method=TEST_HASH)
    client = app.test_client()
    with client.session_transaction() as session:
        session["facilitator"] = True
    return client


@pytest.fixture
def workshop(service):
    """A workshop on the Adaptive Action template, What? open."""
    made = service.create_workshop("adaptive-action", title="Interpreting in primary care", question="What helps?")
    service.set_open_phases(made.code, ["what"])
    return service.get_workshop(made.code)


class Phone:
    """A participant's phone: a Socket.IO test client that has joined a workshop."""

    def __init__(self, socketio, app, code, **join):
        self.client = socketio.test_client(app)
        self.code = code
        self.answer = self.emit("phone:join", {"code": code, **join})
        assert self.answer["ok"], self.answer

    def emit(self, event, payload=None):
        return self.client.emit(event, payload if payload is not None else {}, callback=True)

    def post(self, text, phase="what", note_id=None):
        return self.emit("note:post", {"id": note_id or str(uuid.uuid4()), "phase": phase, "text": text})

    def received(self, name=None):
        events = self.client.get_received()
        return [e["args"][0] for e in events if name is None or e["name"] == name]


@pytest.fixture
def join_phone(socketio, app):
    """join_phone(code, nickname=..., group=...) -> a Phone that has joined."""
    return lambda code, **join: Phone(socketio, app, code, **join)


@pytest.fixture
def board_socket(socketio, app, workshop):
    client = socketio.test_client(app)
    answer = client.emit("board:join", {"code": workshop.code, "key": workshop.board_secret}, callback=True)
    assert answer["ok"], answer
    client.get_received()
    return client


@pytest.fixture
def console_socket(socketio, app, workshop, facilitator_client):
    client = socketio.test_client(app, flask_test_client=facilitator_client)
    answer = client.emit("console:join", {"code": workshop.code}, callback=True)
    assert answer["ok"], answer
    client.get_received()
    return client


def received(client, name):
    """The payloads of the events called `name` that `client` has received since last asked."""
    return [e["args"][0] for e in client.get_received() if e["name"] == name]


# ---- real Chromium (Debian's), shared by the browser and reliability tests ----------

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

