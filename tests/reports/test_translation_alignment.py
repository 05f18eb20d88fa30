"""Issue 28, item 12: an English translation printed under an Arabic note reads left to
right and is left-aligned, not right-aligned like the note above it (the report's
stylesheet, in real Chromium: the web report is the PDF's HTML)."""

from __future__ import annotations

from facilitator.reports.build import report_html

ARABIC = "لم يتم حجز مترجم للموعد"
ENGLISH = "No interpreter was booked for the appointment"


def test_an_english_translation_under_an_arabic_note_is_left_aligned(app, service, workshop, join_phone, browser, tmp_path):
    note = join_phone(workshop.code, language="ar").post(ARABIC)["note"]
    service.translate_note(workshop.code, note["id"], ENGLISH, by="facilitator")
    service.highlight_note(workshop.code, note["id"], True)  # quoted "in their words": the quote is right to left
    settings = app.config["SETTINGS"]
    page_file = tmp_path / "report.html"
    page_file.write_text(report_html(settings.database_url, settings.templates_dir, workshop.code), encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto(page_file.as_uri())
        translation = page.locator('blockquote.quote[dir="rtl"] .translation', has_text=ENGLISH)
        assert translation.get_attribute("dir") == "ltr"
        assert translation.evaluate("e => getComputedStyle(e).textAlign") == "left"
        original = page.locator('blockquote.quote[dir="rtl"]', has_text=ARABIC)
        assert original.evaluate("e => getComputedStyle(e).textAlign") == "right"
    finally:
        page.close()
