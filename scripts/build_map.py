"""Build the national report's map of Sweden: one SVG path per municipality, as package data.

    python scripts/build_map.py ../shared/data/municipalities.geojson \
        src/lotscert/data/sweden-map.json

The boundaries (WGS 84 longitude/latitude GeoJSON, ``properties.id`` = kommunkod) are projected
to SWEREF 99 TM (the Swedish national grid, transverse Mercator on GRS 80 with central meridian
15° E), simplified (Douglas–Peucker), rounded to whole units of ``UNIT_METRES`` and written as
relative SVG path strings, keyed by kommunkod. Islands smaller than ``MIN_RING_KM2`` are left out
(the largest part of a municipality is always kept). A picture, not a survey: good enough for a
choropleth map, a few hundred kilobytes instead of one megabyte of coordinates.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

SOURCE = (
    "Kommungränser: Valmyndigheten, förenklade i okfse/sweden-geojson "
    "(swedish_municipalities.geojson); projicerade till SWEREF 99 TM och förenklade av lotscert. "
    "/ Municipality boundaries: Swedish Election Authority, simplified in okfse/sweden-geojson; "
    "projected to SWEREF 99 TM and simplified by lotscert."
)
UNIT_METRES = 1000.0  # one unit of the drawing = 1 km
TOLERANCE_UNITS = 0.8
MIN_RING_KM2 = 6.0
MARGIN = 4

# GRS 80 and the SWEREF 99 TM parameters
_A = 6378137.0
_F = 1 / 298.257222101
_LAMBDA0 = math.radians(15.0)
_K0 = 0.9996
_FALSE_EASTING = 500000.0


def _constants() -> tuple[float, ...]:
    e2 = _F * (2 - _F)
    n = _F / (2 - _F)
    a_roof = _A / (1 + n) * (1 + n**2 / 4 + n**4 / 64)
    big_a = e2
    big_b = (5 * e2**2 - e2**3) / 6
    big_c = (104 * e2**3 - 45 * e2**4) / 120
    big_d = 1237 * e2**4 / 1260
    beta1 = n / 2 - 2 * n**2 / 3 + 5 * n**3 / 16 + 41 * n**4 / 180
    beta2 = 13 * n**2 / 48 - 3 * n**3 / 5 + 557 * n**4 / 1440
    beta3 = 61 * n**3 / 240 - 103 * n**4 / 140
    beta4 = 49561 * n**4 / 161280
    return a_roof, big_a, big_b, big_c, big_d, beta1, beta2, beta3, beta4


_C = _constants()


def sweref99tm(longitude: float, latitude: float) -> tuple[float, float]:
    """(easting, northing) in metres of a WGS 84 point (Gauss–Krüger formulas)."""
    a_roof, big_a, big_b, big_c, big_d, *betas = _C
    phi = math.radians(latitude)
    s = math.sin(phi)
    phi_star = phi - s * math.cos(phi) * (big_a + big_b * s**2 + big_c * s**4 + big_d * s**6)
    d_lambda = math.radians(longitude) - _LAMBDA0
    xi = math.atan(math.tan(phi_star) / math.cos(d_lambda))
    eta = math.atanh(math.cos(phi_star) * math.sin(d_lambda))
    north = xi + sum(
        beta * math.sin(2 * k * xi) * math.cosh(2 * k * eta) for k, beta in enumerate(betas, 1)
    )
    east = eta + sum(
        beta * math.cos(2 * k * xi) * math.sinh(2 * k * eta) for k, beta in enumerate(betas, 1)
    )
    return _K0 * a_roof * east + _FALSE_EASTING, _K0 * a_roof * north


Point = tuple[float, float]


def _distance_to_segment(point: Point, start: Point, end: Point) -> float:
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    if length == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker on an open line (iterative, keeps both ends)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            distance = _distance_to_segment(points[i], points[first], points[last])
            if distance > worst:
                worst, index = distance, i
        if index >= 0 and worst > tolerance:
            keep[index] = True
            stack.extend(((first, index), (index, last)))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def ring_area(points: list[Point]) -> float:
    return (
        abs(
            sum(
                x1 * y2 - x2 * y1
                for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)
            )
        )
        / 2
    )


def polygons(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"unexpected geometry {geometry['type']}")


def build(geojson: dict) -> dict[str, object]:
    projected: dict[str, list[list[Point]]] = {}
    for feature in geojson["features"]:
        code = str(feature["properties"]["id"])
        rings = []
        for polygon in polygons(feature["geometry"]):
            for ring in polygon:
                rings.append(
                    [
                        (east / UNIT_METRES, north / UNIT_METRES)
                        for east, north in (sweref99tm(lon, lat) for lon, lat in ring)
                    ]
                )
        projected[code] = rings
    xs = [x for rings in projected.values() for ring in rings for x, _ in ring]
    ys = [y for rings in projected.values() for ring in rings for _, y in ring]
    left, top = math.floor(min(xs)) - MARGIN, math.ceil(max(ys)) + MARGIN
    width = math.ceil(max(xs)) + MARGIN - left
    height = top - (math.floor(min(ys)) - MARGIN)
    paths: dict[str, str] = {}
    bounds: dict[str, list[int]] = {}
    for code in sorted(projected):
        rings = projected[code]
        largest = max(range(len(rings)), key=lambda i: ring_area(rings[i]))
        parts = []
        for index, ring in enumerate(rings):
            if index != largest and ring_area(ring) < MIN_RING_KM2:
                continue
            closed = ring if ring[0] == ring[-1] else [*ring, ring[0]]
            simple = simplify(closed, TOLERANCE_UNITS)
            # SVG's y grows downwards: north is up
            grid = [(round(x - left), round(top - y)) for x, y in simple]
            deduplicated = [grid[0]]
            for point in grid[1:]:
                if point != deduplicated[-1]:
                    deduplicated.append(point)
            if len(deduplicated) < 4 and index != largest:
                continue
            box = bounds.setdefault(code, [10**9, 10**9, -(10**9), -(10**9)])
            for x, y in deduplicated:
                box[:] = [min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y)]
            x0, y0 = deduplicated[0]
            steps = [f"M{x0} {y0}"]
            previous = deduplicated[0]
            relative = []
            for x, y in (
                deduplicated[1:-1] if deduplicated[-1] == deduplicated[0] else deduplicated[1:]
            ):
                relative.append(f"{x - previous[0]} {y - previous[1]}")
                previous = (x, y)
            steps.append("l" + " ".join(relative) + "z")
            parts.append("".join(steps))
        paths[code] = "".join(parts)
    return {
        "source": SOURCE,
        "projection": "SWEREF 99 TM (EPSG:3006), 1 enhet = 1 km / 1 unit = 1 km",
        "width": width,
        "height": height,
        "paths": paths,
        "bounds": bounds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("geojson", type=Path)
    parser.add_argument("out", type=Path)
    arguments = parser.parse_args()
    data = build(json.loads(arguments.geojson.read_text(encoding="utf-8")))
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    arguments.out.write_text(text + "\n", encoding="utf-8")
    print(f"{arguments.out}: {len(data['paths'])} municipalities, {len(text) // 1024} KiB")


if __name__ == "__main__":
    main()
