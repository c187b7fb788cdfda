"""The map of Sweden for the national report: one SVG shape per municipality, filled by value.

The shapes are bundled package data (``data/sweden-map.json``), made once by
``scripts/build_map.py`` from the municipality boundaries published by Valmyndigheten as
simplified in okfse/sweden-geojson: projected to SWEREF 99 TM, simplified, whole kilometres,
one relative SVG path per kommunkod. The file names its source, and the report prints it.

Each shape carries a ``<title>`` (the municipality, its score and decision) for a pointer or a
screen reader; the report's table holds the same facts for every reader.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from markupsafe import Markup, escape

from lotscert.reports.svg import INK, MUTED


@dataclass(frozen=True)
class MapData:
    """The bundled municipality shapes."""

    width: int
    height: int
    source: str
    projection: str
    paths: dict[str, str]
    bounds: dict[str, tuple[int, int, int, int]]  # kommunkod → (left, top, right, bottom)

    def view_box(self, focus: Collection[str] = (), margin: int = 12) -> tuple[int, int, int, int]:
        """``(x, y, width, height)`` of the whole country, or of the municipalities in
        ``focus`` with a margin around them (a county's own map)."""
        boxes = [self.bounds[code] for code in focus if code in self.bounds]
        if not boxes:
            return 0, 0, self.width, self.height
        left = max(min(box[0] for box in boxes) - margin, 0)
        top = max(min(box[1] for box in boxes) - margin, 0)
        right = min(max(box[2] for box in boxes) + margin, self.width)
        bottom = min(max(box[3] for box in boxes) + margin, self.height)
        return left, top, right - left, bottom - top


@functools.cache
def sweden_map() -> MapData:
    """The bundled map (read once per process)."""
    text = (resources.files("lotscert") / "data" / "sweden-map.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return MapData(
        width=int(data["width"]),
        height=int(data["height"]),
        source=str(data["source"]),
        projection=str(data["projection"]),
        paths={str(code): str(path) for code, path in data["paths"].items()},
        bounds={
            str(code): (int(box[0]), int(box[1]), int(box[2]), int(box[3]))
            for code, box in data["bounds"].items()
        },
    )


@dataclass(frozen=True)
class Shade:
    """How one municipality is drawn: its fill and the text of its tooltip."""

    colour: str
    title: str


def choropleth(
    shades: Mapping[str, Shade],
    default: Shade,
    title: str,
    description_id: str | None = None,
    focus: Collection[str] = (),
) -> Markup:
    """Every municipality of the map, filled from ``shades`` (kommunkod → shade) or
    ``default`` (not in the report). ``description_id``: the element that describes the map
    in words (the table), for ``aria-describedby``. ``focus``: draw only the part of the
    country around these municipalities (e.g. one county)."""
    data = sweden_map()
    described = f' aria-describedby="{escape(description_id)}"' if description_id else ""
    x, y, width, height = data.view_box(focus)
    # the outlines keep their width on screen whatever the zoom
    stroke = max(0.45 * width / data.width, 0.08)
    parts = [
        f'<svg class="chart map" viewBox="{x} {y} {width} {height}" role="img" '
        f'aria-label="{escape(title)}"{described} preserveAspectRatio="xMidYMin meet">'
        f"<title>{escape(title)}</title>"
        f'<g stroke="#ffffff" stroke-width="{stroke:.2f}" stroke-linejoin="round">'
    ]
    for code, path in data.paths.items():
        shade = shades.get(code, default)
        parts.append(
            f'<path d="{path}" fill="{shade.colour}"><title>{escape(shade.title)}</title></path>'
        )
    parts.append("</g></svg>")
    return Markup("".join(parts))


def column_chart(columns: Sequence[tuple[str, int]], title: str, axis_label: str) -> Markup:
    """Vertical bars (a histogram): label under each bar, the count above it."""
    width, left, bottom, top = 600, 36, 200, 20
    step = (width - left - 8) / max(len(columns), 1)
    highest = max((count for _, count in columns), default=0) or 1
    height = bottom + 48
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">'
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{bottom}" x2="{width - 8}" y2="{bottom}" stroke="{MUTED}"/>',
    ]
    for index, (label, count) in enumerate(columns):
        x = left + index * step
        bar = (bottom - top) * count / highest
        parts.append(
            f'<rect x="{x + 3:.1f}" y="{bottom - bar:.1f}" width="{step - 6:.1f}" '
            f'height="{bar:.1f}" fill="#1f77b4"/>'
        )
        parts.append(
            f'<text x="{x + step / 2:.1f}" y="{bottom - bar - 4:.1f}" font-size="12" '
            f'text-anchor="middle" fill="{INK}">{count}</text>'
        )
        parts.append(
            f'<text x="{x + step / 2:.1f}" y="{bottom + 16}" font-size="11" '
            f'text-anchor="middle" fill="{MUTED}">{escape(label)}</text>'
        )
    parts.append(
        f'<text x="{(left + width) / 2:.1f}" y="{bottom + 40}" font-size="12" '
        f'text-anchor="middle" fill="{INK}">{escape(axis_label)}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))
