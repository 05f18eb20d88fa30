"""The PDF: every section, notes verbatim in many scripts, right counts, tagged, safe, in a child."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import threading
import os
import time
import unicodedata

import pytest
from pypdf import PdfReader

from facilitator.reports import pdf
from facilitator.reports.errors import RenderOutOfMemory, RenderTimedOut, ReportError
from tests.reports.conftest import SCRIPTS, pdf_text

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")


def _words(text: str) -> str:
    """Text as pdftotext gives it back: compare without line breaks and spacing."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@needs_poppler
def test_the_pdf_has_every_section_the_notes_verbatim_and_the_right_counts(exporter, rich_workshop):
    path = exporter.export(rich_workshop["code"], "pdf")
    assert path.parent == exporter.export_dir and path.name.endswith("-report.pdf")
    text = pdf_text(path)
    for heading in ("Introduction", "Summary", "What? What people see happening", "So what? Why it matters",
                    "Now what? Actions", "Voice balance", "How this workshop worked", "Appendix: every note"):
        assert heading in text, heading
    flat = _words(text)
    for name, note in SCRIPTS.items():
        if name in ("english", "polish", "romanian", "ukrainian", "chinese", "tigrinya"):
            assert _words(note) in flat, name  # left-to-right scripts come back in order
    # Cover details, the theme with its votes, the action, and the hidden note counted not shown.
    for expected in ("Leeds Civic Hall", "17 July 2026", "Sam Facilitator", "Primary care commissioning team",
                     "Interpreters not booked", "Book interpreters when the appointment is made", "Practice managers"):
        assert _words(expected) in flat, expected
    assert "This one is off topic" not in text
    rows = pdf_text(path, layout=True)
    assert re.search(r"Notes left out of this report\s+1", rows)
    assert re.search(r"Notes in What\? What people see happening\s+9", rows)
    assert re.search(r"Notes in So what\? Why it matters\s+1", rows)
    assert "2 notes, 3 dots" in text  # the theme: its own 3 dots, none on its two notes
    assert "Nick0" not in text  # nicknames are off unless the workshop shows them


@needs_poppler
def test_right_to_left_scripts_print_with_real_glyphs(exporter, rich_workshop):
    path = exporter.export(rich_workshop["code"], "pdf")
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    for family in ("Noto-Sans-Arabic", "Noto-Sans-Ethiopic", "Noto-Sans-CJK"):
        assert family in fonts, fonts
    text = unicodedata.normalize("NFKC", pdf_text(path))  # ligatures such as lam-alef back to letters
    # pdftotext may reverse the order of right-to-left words; every word must be there.
    for name in ("arabic", "persian", "urdu"):
        for word in SCRIPTS[name].rstrip(".۔").split():
            if any(unicodedata.combining(c) for c in word) or "لا" in word:
                continue  # pdftotext misplaces vowel marks and reverses the lam-alef ligature's letters
            assert word.strip(".۔") in text, (name, word)
    assert "\ufffd" not in text


def test_the_pdf_is_tagged_titled_and_in_a_language(exporter, rich_workshop):
    reader = PdfReader(exporter.export(rich_workshop["code"], "pdf"))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert str(root["/Lang"]).startswith("en")
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712  (a pypdf BooleanObject)
    assert reader.metadata.title == "Interpreting in primary care: what people told us"
    assert reader.outline, "headings become bookmarks"
    assert reader.mediabox_a4 if hasattr(reader, "mediabox_a4") else True
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    assert "Page 1 of" in reader.pages[0].extract_text()


class Listener:
    """A socket on a local port that records every connection made to it."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.server.close()


@needs_poppler
def test_hostile_notes_leave_no_trace_and_make_no_request(exporter, service, workshop, join_phone, tmp_path):
    listener = Listener()
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    phone = join_phone(workshop.code)
    hostile = [
        f'<img src="file://{secret}"> first',
        '<img src="file:///etc/passwd"> second',
        f'<link rel="attachment" href="file://{secret}"> third',
        f"![tracker](http://127.0.0.1:{listener.port}/pixel.png) fourth",
        f'<img src="http://127.0.0.1:{listener.port}/x.png"> fifth',
        f'<p style="background: url(http://127.0.0.1:{listener.port}/bg.png)">sixth</p>',
        "[click me](javascript:alert(1)) seventh",
        f"<style>@import url(http://127.0.0.1:{listener.port}/a.css);</style> eighth",
    ]
    try:
        for text in hostile:
            assert phone.post(text)["ok"]
        path = exporter.export(workshop.code, "pdf")
        time.sleep(0.3)
    finally:
        listener.close()
    assert listener.connections == 0
    raw = path.read_bytes()
    reader = PdfReader(path)
    text = pdf_text(path)
    for word in ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"):
        assert word in text
    # What looks like HTML is printed as the person typed it (issue 15), and does nothing:
    # no file is read, no address is asked for, no script or link is made. A Markdown link
    # or image is its words and address, as text (issue 12).
    for trace in ("TOP-SECRET-CONTENT", "root:x:0"):
        assert trace not in text and trace.encode() not in raw, trace
    assert '<img src="file:///etc/passwd"> second' in text
    assert "click me (javascript:alert(1)) seventh" in text
    assert f"tracker (http://127.0.0.1:{listener.port}/pixel.png) fourth" in text
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))
    assert b"/JavaScript" not in raw and b"/URI" not in raw and b"/Image" not in raw


def test_the_fetcher_allows_only_data_urls_and_our_own_assets(tmp_path):
    from facilitator.reports.fetcher import AssetsOnlyFetcher, ForbiddenResource
    from facilitator.reports.html import STATIC_DIR, STYLESHEET

    fetcher = AssetsOnlyFetcher()
    assert fetcher.fetch(STYLESHEET.as_uri()).read().startswith(b"/*")
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    outside = tmp_path / "x.css"
    outside.write_text("x")
    for url in ("file:///etc/passwd", outside.as_uri(), (STATIC_DIR / ".." / "pdf.py").as_uri(),
                "http://127.0.0.1:9/x", "https://example.org/x.png", "ftp://example.org/x"):
        with pytest.raises(ForbiddenResource):
            fetcher.fetch(url)


def test_a_render_over_the_time_limit_is_killed_and_reported(tmp_path):
    html = "<html lang='en'><head><title>t</title></head><body><p>slow</p></body></html>"
    out = tmp_path / "slow.pdf"
    started = time.monotonic()
    with pytest.raises(RenderTimedOut) as caught:
        pdf.render_in_child("html", (html, 60), out, time_limit=1)  # the job sleeps 60 s first
    assert time.monotonic() - started < 10
    assert "longer than 1 seconds" in caught.value.message
    assert not out.exists() and not list(tmp_path.glob(".*part"))


def test_the_render_runs_in_another_process_under_a_memory_limit(tmp_path):
    html = "<html lang='en'><head><title>t</title></head><body><p>" + "x " * 20000 + "</p></body></html>"
    with pytest.raises(ReportError) as caught:
        pdf.render_in_child("html", (html,), tmp_path / "big.pdf", memory_limit=64 * 1024**2)
    assert isinstance(caught.value, RenderOutOfMemory) or "memory" in caught.value.message
    # And a normal render, in another process, works and writes the file whole.
    details = pdf.render_in_child("html", ("<html lang='en'><title>t</title><p>ok</p></html>",), tmp_path / "ok.pdf")
    assert details["refused"] == [] and details["pid"] != os.getpid()
    assert (tmp_path / "ok.pdf").read_bytes().startswith(b"%PDF")
