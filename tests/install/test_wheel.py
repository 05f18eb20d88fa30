"""The wheel, as a facilitator would get it: built from the sdist, installed with pip into
a fresh virtual environment outside the checkout, started from another folder.

This is the slow test of this folder (a build and a pip install, about a minute with a
warm pip cache); it proves the package carries everything it needs at run time.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import urllib.request
import uuid
import zipfile
from pathlib import Path

import pytest
import requests
import socketio
from babel.messages.pofile import read_po
from pypdf import PdfReader

from tests.install.conftest import CHECKOUT, free_port, wait_until_serving

# The report stylesheet's heading colour, #0b3a5b, as a PDF fill colour (r g b in 0..1).
HEADING_COLOUR = (0x0B / 255, 0x3A / 255, 0x5B / 255)
PASSCODE = "correct horse battery"
pytestmark = pytest.mark.long  # a build and an install: started first in `make test`


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """`python -m build` (sdist, then the wheel from the sdist), then a fresh venv with it."""
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(CHECKOUT)],
                   check=True, capture_output=True, timeout=600)
    wheel = next(dist.glob("facilitator-*.whl"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", str(wheel)],
                         capture_output=True, text=True, timeout=900)
    assert pip.returncode == 0, pip.stderr[-3000:]
    return {"wheel": wheel, "sdist": next(dist.glob("facilitator-*.tar.gz")), "bin": venv / "bin", "root": root}


def test_the_wheel_carries_every_file_the_server_needs(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    for needed in (
        "facilitator/bundled/static/css/app.css",
        "facilitator/bundled/static/vendor/socket.io.min.js",
        "facilitator/bundled/session_templates/adaptive-action.toml",
        "facilitator/reports/static/report.css",
        "facilitator/translations/ar/LC_MESSAGES/messages.mo",
        "facilitator/templates/base.html",
        "facilitator/store/migrations/env.py",
    ):
        assert needed in names, needed
    assert not any(n.startswith(("exports/", "instance/", "tests/", "static/")) for n in names)


def test_the_installed_package_runs_from_another_folder_and_prints_a_styled_pdf(installed, tmp_path):
    bin_dir = installed["bin"]
    facilitator = str(bin_dir / "facilitator")
    elsewhere = tmp_path / "somewhere-else"
    elsewhere.mkdir()
    home = tmp_path / "home"
    # A new user: no FACILITATOR_* settings, a home of their own (the data home goes there).
    env = {"HOME": str(home), "PATH": f"{bin_dir}:/usr/bin:/bin", "PYTHONUNBUFFERED": "1", "LANG": "C.UTF-8"}
    port = free_port()

    def cli(*args, stdin=None):
        done = subprocess.run([facilitator, *args], env=env, cwd=elsewhere, input=stdin,
                              capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, f"facilitator {args}: {done.stderr}"
        return done.stdout

    assert "facilitator 0.1.0" in cli("--version")
    help_text = cli("--help")
    data_home = home / ".local" / "share" / "facilitator"
    assert str(data_home) in help_text
    assert "adaptive-action" in cli("templates")
    cli("init", "--passcode-stdin", stdin=PASSCODE + "\n")
    links = json.loads(cli("new", "Interpreting in primary care", "--port", str(port)))
    code = links["code"]
    assert (data_home / "facilitator.sqlite3").is_file()
    assert not any(elsewhere.iterdir()), "nothing is written to the folder it was started from"

    server = subprocess.Popen([facilitator, "run", "--host", "127.0.0.1", "--port", str(port)], env=env,
                              cwd=elsewhere, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url + "/", server)
        with requests.Session() as http:
            for asset in ("/static/vendor/socket.io.min.js", "/static/css/app.css", "/static/js/phone.js"):
                assert http.get(url + asset, timeout=10).status_code == 200, asset
            arabic = http.get(url + "/join?lang=ar", timeout=10).text
        with (CHECKOUT / "facilitator/translations/ar/LC_MESSAGES/messages.po").open("rb") as po:
            catalogue = read_po(po)
        assert catalogue.get("Join a workshop").string in arabic
        assert 'dir="rtl"' in arabic

        open_the_first_phase(links["cofacilitator_url"].replace(links["cofacilitator_url"].split("/facilitator")[0], url), url, code)
        posted = post_note_as_a_phone(url, code, "المترجم لم يأت في الوقت المحدد")
        assert posted["ok"], posted

        pdf_path = Path(cli("export", code, "--format", "pdf").strip())
        assert pdf_path.parent == data_home / "exports"
        styled_pdf_checks(pdf_path)
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=60)[0]
    assert server.returncode == 0, output
    assert "Eventlet is deprecated" not in output
    assert output.rstrip().endswith("facilitator stopped.")


def open_the_first_phase(cofacilitator_url: str, url: str, code: str) -> None:
    """As the co-facilitator (their link signs them in to this workshop): open "What?"."""
    with requests.Session() as http:
        http.get(cofacilitator_url, allow_redirects=False, timeout=10)
        console = socketio.Client(http_session=http)
        console.connect(url, transports=["websocket"], wait_timeout=10)
        try:
            assert console.call("console:join", {"code": code}, timeout=10)["ok"]
            assert console.call("phases:open", {"phases": ["what"]}, timeout=10)["ok"]
        finally:
            console.shutdown()


def post_note_as_a_phone(url: str, code: str, text: str) -> dict:
    with requests.Session() as http:
        phone = socketio.Client(http_session=http)
        phone.connect(url, transports=["websocket"], wait_timeout=10)
        try:
            joined = phone.call("phone:join", {"code": code, "participant": None}, timeout=15)
            assert joined["ok"], joined
            return phone.call("note:post", {"id": str(uuid.uuid4()), "phase": "what", "text": text}, timeout=15)
        finally:
            phone.shutdown()


def styled_pdf_checks(path: Path) -> None:
    """The report CSS was applied: its fonts are embedded and its heading colour is drawn."""
    reader = PdfReader(str(path))
    fonts = set()
    drawing = b""
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
        drawing += page.get_contents().get_data()
    assert any("Noto" in f for f in fonts), fonts
    colours = re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) rg", drawing)
    assert any(all(abs(float(c) - want) < 0.01 for c, want in zip(colour, HEADING_COLOUR)) for colour in colours), (
        "the heading colour of report.css is not in the PDF"
    )
    assert "المترجم" in "".join(page.extract_text() for page in reader.pages)
