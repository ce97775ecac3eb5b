"""
The places map, drawn on the server as SVG: Natural Earth's country outlines
(`world_outlines.json`, made by `scripts/make_world_map.py`) and a point for each place with
coordinates, its area growing with the published articles and public events about it. A place
that is a country is its outline, highlighted: GeoNames gives a country no point, and a dot at
its centre would claim a spot the records are not about. Nothing is fetched from elsewhere.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from ..models import Event, Place, PlaceMention
from .queries import grouped_count, published_ids

OUTLINES = Path(__file__).resolve().parent / "world_outlines.json"
# The archive's own region, Europe to Central Asia, always shown (longitudes, latitudes): the
# map widens beyond it to take in any place outside.
REGION = (-11.0, 33.0, 88.0, 62.0)
MARGIN_DEGREES = 4.0
# Point radii, in hundredths of the map's width: the smallest (no article, no event) and the
# largest, reached at 16 and beyond (radius grows with the square root of the count).
SMALLEST_RADIUS, LARGEST_RADIUS = 0.6, 3.0


@cache
def outlines():
    return json.loads(OUTLINES.read_text())


def project(longitude, latitude):
    """A point's map position, in the outlines' projection (see make_world_map.py)."""
    data = outlines()
    scale = data["units_per_degree"]
    x = longitude * math.cos(math.radians(data["standard_parallel"])) * scale
    return x, -latitude * scale


@dataclass
class MapPoint:
    place: Place
    x: float
    y: float
    radius: float
    label: str


@dataclass
class MapCountry:
    path: str
    place: Place | None  # the place record that is this country, if public
    label: str


@dataclass
class PlacesMap:
    view_box: str
    countries: list
    points: list
    not_on_map: list  # places without coordinates (and not a country with an outline)


def counts_label(place):
    # The words the lists already use for these counts, in every language.
    articles = ngettext("%(counter)s article", "%(counter)s articles", place.article_count) % {
        "counter": place.article_count
    }
    events = ngettext("%(counter)s event", "%(counter)s events", place.event_count) % {
        "counter": place.event_count
    }
    return _("%(place)s: %(articles)s, %(events)s") % {
        "place": place.shown_name,
        "articles": articles,
        "events": events,
    }


def radius(count, map_width):
    share = min(SMALLEST_RADIUS * (1 + math.sqrt(count)), LARGEST_RADIUS)
    return round(share * map_width / 100, 1)


def with_counts(places):
    """
    Gives each place `article_count` (published articles that name it) and `event_count`
    (public events held there): 2 queries, whatever the number of places.
    """
    ids = [place.pk for place in places]
    articles = grouped_count(
        PlaceMention.objects.filter(place__in=ids, article__in=published_ids()), "place"
    )
    events = grouped_count(Event.objects.public().filter(place__in=ids), "place")
    for place in places:
        place.article_count = articles.get(place.pk, 0)
        place.event_count = events.get(place.pk, 0)
    return places


def _view_box(points):
    west, south, east, north = REGION
    for longitude, latitude in points:
        west = max(min(west, longitude - MARGIN_DEGREES), -180)
        east = min(max(east, longitude + MARGIN_DEGREES), 180)
        south = max(min(south, latitude - MARGIN_DEGREES), -85)
        north = min(max(north, latitude + MARGIN_DEGREES), 85)
    left, top = project(west, north)
    right, bottom = project(east, south)
    return left, top, right - left, bottom - top


def places_map(places, shown_name=str):
    """
    The map of `places` (each with `article_count` and `event_count`, see `with_counts`);
    `shown_name(place)` gives the name in the reader's language.
    """
    for place in places:
        place.shown_name = shown_name(place)
    located = [place for place in places if place.has_coordinates]
    left, top, width, height = _view_box([(place.longitude, place.latitude) for place in located])
    country_places = {
        countries.numeric(place.country.code, padded=True): place
        for place in places
        if place.kind == Place.Kind.COUNTRY and place.country and not place.has_coordinates
    }
    shown_countries = []
    drawn_codes = set()
    for outline in outlines()["countries"]:
        x0, y0, x1, y1 = outline["bbox"]
        if x1 < left or x0 > left + width or y1 < top or y0 > top + height:
            continue
        place = country_places.get(outline["id"])
        if place is not None:
            drawn_codes.add(outline["id"])
        label = counts_label(place) if place is not None else outline["name"]
        shown_countries.append(MapCountry(outline["path"], place, label))
    points = []
    for place in located:
        x, y = project(place.longitude, place.latitude)
        count = place.article_count + place.event_count
        points.append(
            MapPoint(place, round(x, 1), round(y, 1), radius(count, width), counts_label(place))
        )
    # The largest drawn first, so that a small point is never hidden under a large one.
    points.sort(key=lambda point: (-point.radius, point.place.name, point.place.pk))
    on_map = {place.pk for place in located} | {
        place.pk for code, place in country_places.items() if code in drawn_codes
    }
    return PlacesMap(
        view_box=f"{left:.1f} {top:.1f} {width:.1f} {height:.1f}",
        countries=shown_countries,
        points=points,
        not_on_map=[place for place in places if place.pk not in on_map],
    )


# A place's own page shows where it is: this far around it, in degrees (longitude, latitude).
LOCATOR_SPAN = (24.0, 12.0)


@dataclass
class LocatorMap:
    view_box: str
    countries: list  # paths, the place's own country (or the place, a country) first
    highlighted: str  # the path of the country the place is, or is in
    point: tuple | None  # (x, y, radius) of the place, if it has coordinates


def locator_map(place):
    """Where one place lies, or None when the archive cannot say (no coordinates, no outline)."""
    code = countries.numeric(place.country.code, padded=True) if place.country else None
    outline = next((c for c in outlines()["countries"] if code and c["id"] == code), None)
    if place.has_coordinates:
        west, east = place.longitude - LOCATOR_SPAN[0], place.longitude + LOCATOR_SPAN[0]
        south, north = place.latitude - LOCATOR_SPAN[1], place.latitude + LOCATOR_SPAN[1]
        left, top = project(max(west, -180), min(north, 85))
        right, bottom = project(min(east, 180), max(south, -85))
    elif place.kind == Place.Kind.COUNTRY and outline is not None:
        x0, y0, x1, y1 = outline["bbox"]
        margin = max(x1 - x0, y1 - y0) * 0.3
        left, top, right, bottom = x0 - margin, y0 - margin, x1 + margin, y1 + margin
    else:
        return None
    width, height = right - left, bottom - top
    shown = [
        c["path"]
        for c in outlines()["countries"]
        if not (
            c["bbox"][2] < left
            or c["bbox"][0] > right
            or c["bbox"][3] < top
            or c["bbox"][1] > bottom
        )
    ]
    point = None
    if place.has_coordinates:
        x, y = project(place.longitude, place.latitude)
        point = (round(x, 1), round(y, 1), round(width / 60, 1))
    return LocatorMap(
        view_box=f"{left:.1f} {top:.1f} {width:.1f} {height:.1f}",
        countries=shown,
        highlighted=outline["path"] if outline is not None else "",
        point=point,
    )
