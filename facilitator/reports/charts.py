"""The voice-balance chart's geometry, worked out here so the SVG never runs off the page.

Units are SVG user units in a 600-wide viewBox that is drawn at the text block's width.
Labels are wrapped onto as many lines as they need (never cut short): a phase title sits
above its bar, each group's name beside its colour in a two-column legend.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

WIDTH = 600
BAR_MAX = 520  # leaves room for the count after the longest bar
BAR_H = 20
LABEL_LINE = 16
LEGEND_LINE = 15
LEGEND_COLUMN = 300
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"]


def wrap(text: str, width: int) -> list[str]:
    """Whole words per line; a word longer than a line is split, never dropped."""
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


@dataclass
class Bar:
    x: float
    width: float
    colour: str


@dataclass
class ChartRow:
    label_lines: list[tuple[float, str]]  # (y, text)
    y: float  # top of the bar
    bars: list[Bar] = field(default_factory=list)
    total: int = 0
    total_x: float = 0


@dataclass
class LegendItem:
    x: float
    y: float
    colour: str
    lines: list[tuple[float, str]]


@dataclass
class Chart:
    height: float
    rows: list[ChartRow]
    legend: list[LegendItem]


def voice_chart(groups: list[str], rows: list[tuple[str, list[int]]]) -> Chart:
    widest = max([sum(counts) for _, counts in rows] + [1])
    y = 0.0
    chart_rows = []
    for title, counts in rows:
        lines = []
        for line in wrap(title, 70):
            y += LABEL_LINE
            lines.append((y - 3, line))
        row = ChartRow(label_lines=lines, y=y + 2, total=sum(counts))
        x = 0.0
        for index, count in enumerate(counts):
            if count:
                width = count / widest * BAR_MAX
                row.bars.append(Bar(x, width, PALETTE[index % len(PALETTE)]))
                x += width
        row.total_x = x + 6
        chart_rows.append(row)
        y += BAR_H + 12
    y += 8
    legend = []
    for start in range(0, len(groups), 2):
        line_counts = []
        for offset in (0, 1):
            index = start + offset
            if index >= len(groups):
                break
            lines = wrap(groups[index], 38)
            legend.append(
                LegendItem(
                    x=offset * LEGEND_COLUMN,
                    y=y,
                    colour=PALETTE[index % len(PALETTE)],
                    lines=[(y + 12 + i * LEGEND_LINE, line) for i, line in enumerate(lines)],
                )
            )
            line_counts.append(len(lines))
        y += max(line_counts) * LEGEND_LINE + 8
    return Chart(height=y + 4, rows=chart_rows, legend=legend)
