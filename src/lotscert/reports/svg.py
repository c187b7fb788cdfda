"""Inline SVG charts drawn from the result: bars against 100, lines over years, a heat map.

No scripts, no external references: each chart is one ``<svg>`` element with a ``<title>`` for
screen readers, scaled by its ``viewBox`` so it fits a phone as well as a printed page. Every
text that reaches the markup goes through ``markupsafe.escape``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from markupsafe import Markup
from markupsafe import escape as _markup_escape

from lotscert.models.common import Language
from lotscert.plaintext import escape_character, is_forbidden
from lotscert.reports.formatting import format_percent


def escape(text: object) -> Markup:
    """Text for SVG markup: escaped, and any control or text-direction character shown as an
    escape (``\\u202e``) rather than obeyed."""
    value = str(text)
    if not value.isprintable():
        value = "".join(escape_character(ch) if is_forbidden(ch) else ch for ch in value)
    return _markup_escape(value)


#: Distinct, print-safe line colours (colour-blind friendly order).
SERIES_COLOURS: Final = ("#1f77b4", "#e66101", "#5e3c99", "#1b9e77", "#b2182b", "#666666")
TRACK: Final = "#e6e6e6"
INK: Final = "#1a1a1a"
MUTED: Final = "#5a5a5a"


@dataclass(frozen=True)
class Bar:
    """A labelled percentage."""

    label: str
    percent: Decimal | None


@dataclass(frozen=True)
class Series:
    """A named line: (year, percentage) points, oldest first."""

    name: str
    points: list[tuple[int, Decimal | None]]


@dataclass(frozen=True)
class HeatCell:
    """One cell of the heat map."""

    percent: Decimal | None


@dataclass(frozen=True)
class HeatRow:
    """One row of the heat map."""

    label: str
    cells: list[HeatCell]


def _mix(start: tuple[int, int, int], end: tuple[int, int, int], share: float) -> str:
    red, green, blue = (round(a + (b - a) * share) for a, b in zip(start, end, strict=True))
    return f"#{red:02x}{green:02x}{blue:02x}"


_LOW: Final = (0xF4, 0xA6, 0x9F)
_MID: Final = (0xFB, 0xE3, 0x9C)
_HIGH: Final = (0x9F, 0xD8, 0xB0)


def score_colour(percent: Decimal | None) -> str:
    """Light red (0) through light amber (50) to light green (100); grey when absent."""
    if percent is None:
        return "#f0f0f0"
    share = min(max(float(percent) / 100.0, 0.0), 1.0)
    if share <= 0.5:
        return _mix(_LOW, _MID, share * 2)
    return _mix(_MID, _HIGH, (share - 0.5) * 2)


_COMPETENCE_LOW: Final = (0xF3, 0xF6, 0xFA)
_COMPETENCE_HIGH: Final = (0x5B, 0x9B, 0xD5)


def competence_colour(value: int | None, top: int) -> str:
    """Pale (0) to clear blue (the specialist level); white when the value is missing."""
    if value is None:
        return "#ffffff"
    share = min(max(value / top, 0.0), 1.0) if top > 0 else 0.0
    return _mix(_COMPETENCE_LOW, _COMPETENCE_HIGH, share)


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _open_svg(width: int, height: int, title: str, natural: bool = False) -> str:
    # natural: drawn size (a heat map keeps readable text and scrolls sideways on a phone)
    style = f' style="width: {width}px; max-width: none"' if natural else ""
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}"{style} role="img" '
        f'aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">'
        f"<title>{escape(title)}</title>"
    )


def bar_chart(bars: Sequence[Bar], title: str, lang: Language) -> Markup:
    """Horizontal bars, one per label, each against a track of 100."""
    width, track, row = 400, 300, 42
    height = row * len(bars) + 8
    parts = [_open_svg(width, height, title)]
    for index, bar in enumerate(bars):
        top = index * row + 4
        parts.append(
            f'<text x="0" y="{top + 12}" font-size="13" fill="{INK}">{escape(bar.label)}</text>'
        )
        parts.append(
            f'<rect x="0" y="{top + 18}" width="{track}" height="16" rx="2" fill="{TRACK}"/>'
        )
        if bar.percent is not None:
            filled = track * min(max(float(bar.percent), 0.0), 100.0) / 100.0
            parts.append(
                f'<rect x="0" y="{top + 18}" width="{_number(filled)}" height="16" rx="2" '
                f'fill="{SERIES_COLOURS[0]}"/>'
            )
        parts.append(
            f'<text x="{track + 8}" y="{top + 31}" font-size="13" fill="{INK}">'
            f"{escape(format_percent(bar.percent, lang))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(series: Sequence[Series], title: str, lang: Language) -> Markup:
    """Lines over the years against a 0–100 axis, with a legend below."""
    years = sorted({year for line in series for year, _ in line.points})
    width, left, right, top, bottom = 600, 44, 580, 16, 236
    legend_rows = (len(series) + 1) // 2
    height = bottom + 36 + legend_rows * 22
    parts = [_open_svg(width, height, title)]
    for tick in (0, 25, 50, 75, 100):
        y = bottom - (bottom - top) * tick / 100
        parts.append(
            f'<line x1="{left}" y1="{_number(y)}" x2="{right}" y2="{_number(y)}" '
            f'stroke="{TRACK}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{_number(y + 4)}" font-size="12" text-anchor="end" '
            f'fill="{MUTED}">{tick}</text>'
        )

    def x_of(year: int) -> float:
        if len(years) == 1:
            return (left + right) / 2
        return left + 20 + (right - left - 40) * years.index(year) / (len(years) - 1)

    for year in years:
        parts.append(
            f'<text x="{_number(x_of(year))}" y="{bottom + 20}" font-size="12" '
            f'text-anchor="middle" fill="{MUTED}">{year}</text>'
        )
    for index, line in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        dash = ' stroke-dasharray="6 3"' if index == len(series) - 1 and len(series) > 1 else ""
        points = [
            (x_of(year), bottom - (bottom - top) * float(value) / 100)
            for year, value in line.points
            if value is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{_number(x)},{_number(y)}" for x, y in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"'
                f"{dash}/>"
            )
        for x, y in points:
            parts.append(f'<circle cx="{_number(x)}" cy="{_number(y)}" r="3.5" fill="{colour}"/>')
        legend_x = left + (index % 2) * 270
        legend_y = bottom + 44 + (index // 2) * 22
        parts.append(
            f'<line x1="{legend_x}" y1="{legend_y - 4}" x2="{legend_x + 24}" y2="{legend_y - 4}" '
            f'stroke="{colour}" stroke-width="3"{dash}/>'
        )
        parts.append(
            f'<text x="{legend_x + 30}" y="{legend_y}" font-size="13" fill="{INK}">'
            f"{escape(line.name)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def heat_map(rows: Sequence[HeatRow], columns: Sequence[str], title: str, lang: Language) -> Markup:
    """Municipalities (rows) × levels (columns), each cell coloured by its percentage."""
    cell_width, cell_height, header = 86, 22, 26
    # Room for the longest label (about 7 px a character at 12 px), so that a long name or an
    # "(exempel)" mark never runs under the first cell.
    label_width = max(190, 7 * max((len(row.label) for row in rows), default=0) + 12)
    width = label_width + cell_width * len(columns)
    height = header + cell_height * len(rows) + 4
    parts = [_open_svg(width, height, title, natural=True)]
    for index, column in enumerate(columns):
        x = label_width + cell_width * index + cell_width / 2
        parts.append(
            f'<text x="{_number(x)}" y="{header - 8}" font-size="12" text-anchor="middle" '
            f'font-weight="bold" fill="{INK}">{escape(column)}</text>'
        )
    for row_index, row in enumerate(rows):
        y = header + row_index * cell_height
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="12" fill="{INK}">{escape(row.label)}</text>'
        )
        for column_index, cell in enumerate(row.cells):
            x = label_width + cell_width * column_index
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell_width - 2}" height="{cell_height - 2}" '
                f'fill="{score_colour(cell.percent)}"/>'
            )
            parts.append(
                f'<text x="{_number(x + (cell_width - 2) / 2)}" y="{y + 15}" font-size="12" '
                f'text-anchor="middle" fill="{INK}">'
                f"{escape(format_percent(cell.percent, lang))}</text>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))
