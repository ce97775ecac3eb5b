#!/usr/bin/env python3
"""
Writes the country outlines the places map is drawn on, `archive/website/world_outlines.json`.

Made once, and again only to change the outlines:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 scripts/make_world_map.py package/countries-110m.json

Source: the npm package world-atlas 2.0.2 (ISC licence, Mike Bostock), which is Natural Earth's
1:110m Admin 0 countries (public domain) as TopoJSON. Nothing else is used; the site reads the
written file and fetches nothing.

What it does: decodes the TopoJSON's arcs, projects every point with the equirectangular
projection whose standard parallel is 48° N (x = longitude × cos 48°, y = −latitude: the band
from Brussels to Astana keeps its proportions; any place on Earth still has a position), scales
to 10 units a degree and rounds to whole units (about 11 km, finer than the 1:110m lines),
dropping repeated points and rings that collapse. Each country keeps its ISO 3166-1 numeric
code (world-atlas's `id`, absent for a few disputed areas), its name, its SVG path and its
bounding box, so the map draws only the countries it shows.
"""

import json
import math
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "archive" / "website" / "world_outlines.json"
STANDARD_PARALLEL = 48
UNITS_PER_DEGREE = 10


def project(longitude, latitude):
    x = longitude * math.cos(math.radians(STANDARD_PARALLEL)) * UNITS_PER_DEGREE
    return round(x), round(-latitude * UNITS_PER_DEGREE)


def decoded_arcs(topology):
    (scale_x, scale_y), (translate_x, translate_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # quantized and delta-encoded
            x, y = x + dx, y + dy
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        # Consecutive arcs share their joining point.
        points.extend(arc[1:] if points else arc)
    return points


def country_outline(geometry, arcs):
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    parts = []
    xs, ys = [], []
    for polygon in polygons:
        for ring in polygon:
            projected = []
            for point in ring_points(ring, arcs):
                xy = project(*point)
                if not projected or projected[-1] != xy:
                    projected.append(xy)
            if len(projected) < 4:  # collapsed at this resolution
                continue
            xs.extend(x for x, _ in projected)
            ys.extend(y for _, y in projected)
            first, *rest = projected
            parts.append(f"M{first[0]} {first[1]}" + "".join(f" {x} {y}" for x, y in rest) + "Z")
    if not parts:
        return None
    return {
        "id": geometry.get("id", ""),
        "name": geometry["properties"]["name"],
        "bbox": [min(xs), min(ys), max(xs), max(ys)],
        "path": "".join(parts),
    }


def main(source):
    topology = json.loads(Path(source).read_text())
    arcs = decoded_arcs(topology)
    countries = [
        outline
        for geometry in topology["objects"]["countries"]["geometries"]
        if geometry.get("arcs") and (outline := country_outline(geometry, arcs))
    ]
    data = {
        "source": "Natural Earth 1:110m Admin 0 countries (public domain), "
        "from the npm package world-atlas 2.0.2 (ISC), by scripts/make_world_map.py",
        "projection": f"equirectangular, standard parallel {STANDARD_PARALLEL}° N, "
        f"{UNITS_PER_DEGREE} units a degree, y pointing south",
        "standard_parallel": STANDARD_PARALLEL,
        "units_per_degree": UNITS_PER_DEGREE,
        "countries": countries,
    }
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{len(countries)} countries written to {OUTPUT}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
