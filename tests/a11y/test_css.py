"""The stylesheet keeps two promises that are easy to break by accident."""

from __future__ import annotations

import re

from facilitator.core.config import STATIC_DIR

CSS = (STATIC_DIR / "css" / "app.css").read_text(encoding="utf-8")


def test_no_font_size_in_pixels_so_the_phones_text_size_setting_counts():
    assert re.findall(r"font-size:\s*[\d.]+px", CSS) == []


def test_no_left_or_right_so_right_to_left_pages_mirror():
    """margin-inline-start, border-inline-start, text-align: start... never left/right."""
    physical = re.findall(r"(?:margin|padding|border)-(?:left|right)\b|text-align:\s*(?:left|right)|float:\s*(?:left|right)", CSS)
    assert physical == []
