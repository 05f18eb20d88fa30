"""Issue 12, item 5: behind nginx, each phone is its own address — and nobody else can
say which address they are.

The real server runs as a subprocess, on every interface, so the TCP peer is real:
127.0.0.2 plays nginx (FACILITATOR_TRUSTED_PROXIES=127.0.0.2), 127.0.0.1 is the laptop
itself, and this machine's LAN address is a stranger on the network reaching the app
port directly. Phones behind the proxy are told apart by the X-Forwarded-For nginx sends.
"""

from __future__ import annotations

import http.client
import json
import logging
import re
import subprocess
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from facilitator.core.config import SettingError, lan_address
from facilitator.core.proxies import TrustedProxies
from tests.live_server import FACILITATOR, LiveServer

PROXY = "127.0.0.2"
UNKNOWN_CODE = "ZZZZ99"
LAN = lan_address()
needs_lan = pytest.mark.skipif(LAN.startswith("127."), reason="this machine has no network address besides loopback")


class ServerOnEveryInterface(LiveServer):
    """`facilitator run --host 0.0.0.0`: reachable on loopback and on the LAN address."""

    def start(self, timeout: float = 30) -> "ServerOnEveryInterface":
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [FACILITATOR, "run", "--host", "0.0.0.0", "--port", str(self.port)],
                env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log_path.read_text()[-3000:]}")
            try:
                Browser(self, "127.0.0.1").get("/")
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the server did not start within {timeout} s")


class Browser:
    """HTTP from one source address (the TCP peer the server sees), keeping its cookies;
    `forwarded_for` is the X-Forwarded-For it sends (as nginx, or forged)."""

    def __init__(self, server: LiveServer, source: str, forwarded_for: str | None = None):
        self.server, self.source, self.forwarded_for = server, source, forwarded_for
        self.target = LAN if source == LAN else "127.0.0.1"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, forwarded_for: str | None = None, timeout: float = 10):
        connection = http.client.HTTPConnection(self.target, self.server.port, timeout=timeout, source_address=(self.source, 0))
        headers = {"Host": f"{self.target}:{self.server.port}"}
        forwarded = forwarded_for if forwarded_for is not None else self.forwarded_for
        if forwarded:
            headers["X-Forwarded-For"] = forwarded
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, text

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: str, **kwargs):
        return self.request("POST", path, body=body, **kwargs)


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def wrong_passcode(browser: Browser, forwarded_for: str | None = None) -> int:
    _status, _headers, page = browser.get("/facilitator/signin", forwarded_for=forwarded_for)
    body = f"passcode=not+the+passcode&csrf_token={csrf(page)}"
    return browser.post("/facilitator/signin", body, forwarded_for=forwarded_for)[0]


class PollingSocket:
    """A Socket.IO client over Engine.IO long-polling, from one source address with one
    X-Forwarded-For: just enough to send an event and read its answer."""

    def __init__(self, browser: Browser):
        self.browser = browser
        status, _headers, text = browser.get("/socket.io/?EIO=4&transport=polling")
        assert status == 200, text
        self.sid = json.loads(text[1:])["sid"]
        self.path = f"/socket.io/?EIO=4&transport=polling&sid={self.sid}"
        assert browser.post(self.path, "40")[0] == 200
        self.packets()  # the connect answer

    def packets(self) -> list[str]:
        status, _headers, text = self.browser.get(self.path, timeout=30)
        assert status == 200, text
        return text.split("\x1e")

    def call(self, event: str, payload: dict) -> dict:
        assert self.browser.post(self.path, "421" + json.dumps([event, payload]))[0] == 200
        for _ in range(5):
            for packet in self.packets():
                if packet.startswith("431"):
                    return json.loads(packet[3:])[0]
        raise AssertionError("no answer to " + event)


# ---- the servers -------------------------------------------------------------------


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """A server behind the pretend nginx, with a passcode and a live workshop; at most
    three connections per address."""
    server = ServerOnEveryInterface(
        tmp_path_factory.mktemp("proxied"),
        extra_env={"FACILITATOR_TRUSTED_PROXIES": PROXY, "FACILITATOR_MAX_CONNECTIONS_PER_ADDRESS": "3"},
    ).init()
    server.links = server.new_workshop()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """A server behind the pretend nginx whose passcode nobody has chosen yet."""
    folder = tmp_path_factory.mktemp("first-run")
    server = ServerOnEveryInterface(folder, extra_env={"FACILITATOR_TRUSTED_PROXIES": PROXY})
    server.start()
    yield server
    server.stop()


def join_code(server, browser: Browser, code: str, forwarded_for: str | None = None) -> int:
    return browser.get(f"/join?code={code}", forwarded_for=forwarded_for)[0]


# ---- forwarded headers from a stranger are ignored ----------------------------------


@needs_lan
def test_a_stranger_rotating_a_forged_forwarded_address_still_meets_the_join_code_limit(room):
    stranger = Browser(room, LAN)
    answers = [join_code(room, stranger, UNKNOWN_CODE, forwarded_for=f"203.0.113.{n}") for n in range(1, 12)]
    assert answers[:10] == [404] * 10
    assert answers[10] == 429, "a forged X-Forwarded-For from a direct visitor gave them fresh tries"


@needs_lan
def test_a_stranger_rotating_a_forged_forwarded_address_still_meets_the_passcode_limit(room):
    stranger = Browser(room, LAN)
    answers = [wrong_passcode(stranger, forwarded_for=f"198.18.0.{n}") for n in range(1, 7)]
    assert answers[:5] == [401] * 5
    assert answers[5] == 429, "rotating X-Forwarded-For reset the sign-in limit"


# ---- behind the proxy, each phone is its own address --------------------------------


def test_behind_the_proxy_one_phones_wrong_codes_do_not_slow_another_phones_joining(room):
    guesser = Browser(room, PROXY, forwarded_for="198.51.100.1")
    neighbour = Browser(room, PROXY, forwarded_for="198.51.100.2")
    for _ in range(10):
        assert join_code(room, guesser, UNKNOWN_CODE) == 404
    assert join_code(room, guesser, room.links["code"]) == 429  # the guesser waits...
    assert join_code(room, neighbour, room.links["code"]) == 302  # ...the phone beside it joins


def test_a_phone_behind_the_proxy_cannot_escape_its_limit_by_writing_its_own_forwarded_header(room):
    # nginx appends the address it saw; what the phone wrote itself stays on the left.
    guesser = Browser(room, PROXY)
    answers = [join_code(room, guesser, UNKNOWN_CODE, forwarded_for=f"10.9.9.{n}, 198.51.100.3") for n in range(1, 12)]
    assert answers[10] == 429


def test_sockets_behind_the_proxy_see_each_phones_own_address(room):
    guesser = Browser(room, PROXY, forwarded_for="198.51.100.4")
    for _ in range(10):
        join_code(room, guesser, UNKNOWN_CODE)
    refused = PollingSocket(guesser).call("phone:join", {"code": room.links["code"]})
    joined = PollingSocket(Browser(room, PROXY, forwarded_for="198.51.100.5")).call("phone:join", {"code": room.links["code"]})
    assert not refused["ok"], "the socket did not see the guessing phone's address"
    assert joined["ok"], joined


def test_behind_the_proxy_the_connection_cap_holds_each_phone_not_the_proxy(room):
    """Three connections per address: one phone holding three long-polls is refused a
    fourth ("the room is full"), while another phone behind the same proxy gets in."""
    greedy = Browser(room, PROXY, forwarded_for="198.51.100.6")
    sockets = [PollingSocket(greedy) for _ in range(3)]
    holding = [threading.Thread(target=s.packets, daemon=True) for s in sockets]
    for thread in holding:
        thread.start()
    time.sleep(0.5)  # the three long-polls are now waiting on the server
    try:
        status, headers, _text = greedy.get("/healthz")
        assert status == 503 and headers.get("X-Room-Full") == "1", "one phone held more than its share"
        assert Browser(room, PROXY, forwarded_for="198.51.100.7").get("/healthz")[0] == 200
    finally:
        for thread in holding:
            thread.join(timeout=30)


# ---- the first-run page is the laptop's alone ---------------------------------------


def test_the_passcode_is_never_chosen_through_the_proxy_even_claiming_to_be_loopback(first_run):
    through_proxy = Browser(first_run, PROXY, forwarded_for="127.0.0.1")
    assert through_proxy.get("/facilitator/setup")[0] == 403


def test_the_passcode_is_never_chosen_through_an_unconfigured_proxy_on_the_laptop(first_run):
    # nginx on this very machine, not named in FACILITATOR_TRUSTED_PROXIES: its peer is loopback.
    relayed = Browser(first_run, "127.0.0.1", forwarded_for="203.0.113.7")
    assert relayed.get("/facilitator/setup")[0] == 403


@needs_lan
def test_a_stranger_forging_loopback_cannot_choose_the_passcode(first_run):
    stranger = Browser(first_run, LAN, forwarded_for="127.0.0.1")
    status, _headers, page = stranger.get("/facilitator/setup")
    assert status == 403 and "facilitator init" in page


def test_the_laptop_itself_still_chooses_the_passcode(first_run):
    assert Browser(first_run, "127.0.0.1").get("/facilitator/setup")[0] == 200


# ---- the settings ---------------------------------------------------------------------


def test_the_old_behind_proxy_setting_stops_the_server_saying_what_to_use(tmp_path):
    server = LiveServer(tmp_path, extra_env={"FACILITATOR_BEHIND_PROXY": "1"})
    done = subprocess.run(
        [FACILITATOR, "run", "--host", "127.0.0.1", "--port", str(server.port)],
        env=server.env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1
    assert "FACILITATOR_BEHIND_PROXY" in done.stderr + done.stdout
    assert "FACILITATOR_TRUSTED_PROXIES" in done.stderr + done.stdout


def test_a_trusted_proxies_value_that_is_not_addresses_is_refused_by_name():
    with pytest.raises(SettingError, match="FACILITATOR_TRUSTED_PROXIES=nginx.local cannot be used"):
        TrustedProxies.parse("nginx.local")


def test_the_client_is_the_rightmost_address_that_is_not_a_trusted_proxy():
    proxies = TrustedProxies.parse("127.0.0.1, 10.0.0.0/8")
    assert proxies.client("127.0.0.1", "6.6.6.6, 198.51.100.9, 10.1.2.3") == "198.51.100.9"
    assert proxies.client("127.0.0.1", "not-an-address, 10.1.2.3") == "10.1.2.3"
    assert "::ffff:10.4.4.4" in proxies and "11.0.0.1" not in proxies


# ---- a proxy nobody told the server about -------------------------------------------


def test_a_proxy_nobody_named_is_reported_once_in_the_log_and_on_the_facilitators_page(app, facilitator_client, caplog):
    page = facilitator_client.get("/facilitator/").get_data(as_text=True)
    assert "FACILITATOR_TRUSTED_PROXIES" not in page
    with caplog.at_level(logging.WARNING, logger="facilitator.core.proxies"):
        for n in range(3):
            facilitator_client.get("/facilitator/", headers={"X-Forwarded-For": f"198.51.100.{n}"}, environ_base={"REMOTE_ADDR": "10.0.0.5"})
    warnings = [r for r in caplog.records if "FACILITATOR_TRUSTED_PROXIES" in r.getMessage()]
    assert len(warnings) == 1 and "10.0.0.5" in warnings[0].getMessage()
    page = facilitator_client.get("/facilitator/").get_data(as_text=True)
    assert "This server is behind a proxy, but FACILITATOR_TRUSTED_PROXIES is not set" in page


def test_a_strangers_forwarded_header_puts_no_banner_and_no_advice_to_trust_them(app, facilitator_client, caplog):
    """Issue 21, row 11: one request with X-Forwarded-For from anyone used to put a lasting
    banner on the facilitator's pages and a log line telling them to trust its sender."""
    with caplog.at_level(logging.WARNING, logger="facilitator.core.proxies"):
        for path in ("/", "/j/ABCDEF", "/facilitator/signin"):
            app.test_client().get(path, headers={"X-Forwarded-For": "198.51.100.7"}, environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert not [r for r in caplog.records if "FACILITATOR_TRUSTED_PROXIES" in r.getMessage()]
    assert "203.0.113.9" not in caplog.text
    page = facilitator_client.get("/facilitator/").get_data(as_text=True)
    assert "FACILITATOR_TRUSTED_PROXIES" not in page


def test_a_named_proxy_raises_no_warning(tmp_path, test_databases, shipped_templates, caplog):
    from facilitator.app import build_app

    app = build_app(
        {"data_dir": tmp_path / "data", "async_mode": "threading", "testing": True, "secret_key": "x",
         "trusted_proxies": TrustedProxies.parse("127.0.0.1")},
        database=test_databases.fresh(tmp_path / "data" / "db.sqlite3"),
        templates=shipped_templates,
    )
    with caplog.at_level(logging.WARNING, logger="facilitator.core.proxies"):
        app.test_client().get("/", headers={"X-Forwarded-For": "198.51.100.1"}, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert not [r for r in caplog.records if "FACILITATOR_TRUSTED_PROXIES" in r.getMessage()]
    assert not app.extensions["unconfigured_proxy"].seen
    app.extensions["db"].dispose()
