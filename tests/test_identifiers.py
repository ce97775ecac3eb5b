"""
External identifiers (Wikidata, VIAF, ISNI, ORCID, GeoNames): checked as each scheme defines
them, stored in one form however pasted, linked from the pages, and carried as `sameAs` in the
JSON-LD, the API and the export.
"""

import csv

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from archive import merging
from archive.identifiers import ISNI, ORCID, iso7064_mod_11_2
from archive.models import Event, Organisation, Person, Place

from .admin_forms import change_form_data
from .test_site_machine_readable import json_ld

# ORCID's own example iD, and an ISNI whose check digit is right.
ORCID_ID = "0000-0002-1825-0097"
ISNI_ID = "0000000121032683"


@pytest.fixture
def identified(corpus):
    person = Person.objects.get(slug="margulan-baimukhan")
    person.wikidata_id = "Q4000001"
    person.viaf_id = "102333412"
    person.isni = ISNI_ID
    person.orcid = ORCID_ID
    person.save()
    return person


def admin_change_url(record):
    return f"/{settings.ADMIN_URL}archive/{record._meta.model_name}/{record.pk}/change/"


@pytest.mark.parametrize(
    ("base", "check"),
    [("000000021825009", "7"), ("000000012103268", "3"), ("000000029079593", "X")],
)
def test_the_check_character_is_iso_7064_mod_11_2(base, check):
    assert iso7064_mod_11_2(base) == check


@pytest.mark.parametrize(
    ("scheme", "pasted", "stored"),
    [
        (ORCID, f"https://orcid.org/{ORCID_ID}", ORCID_ID),
        (ORCID, "0000 0002 1825 0097", ORCID_ID),
        (ISNI, "0000 0001 2103 2683", ISNI_ID),
        (ISNI, f"https://isni.org/isni/{ISNI_ID}", ISNI_ID),
    ],
)
def test_an_identifier_is_stored_in_one_form_however_it_was_pasted(scheme, pasted, stored):
    assert scheme.normalise(pasted) == stored


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("orcid", "0000-0002-1825-0098"),  # the check digit is wrong
        ("isni", "0000000121032684"),
        ("orcid", "0000-0002-1825"),
        ("wikidata_id", "Q0"),
        ("viaf_id", "VIAF123"),
    ],
)
def test_a_malformed_identifier_is_refused(corpus, field, value):
    person = Person.objects.get(slug="aigul-kuspan")
    setattr(person, field, value)

    with pytest.raises(ValidationError) as refused:
        person.full_clean()

    assert field in refused.value.message_dict


def test_an_editor_pastes_addresses_and_the_archive_keeps_the_identifiers(editor_client, corpus):
    person = Person.objects.get(slug="aigul-kuspan")
    url = admin_change_url(person)

    saved = editor_client.post(
        url,
        change_form_data(
            editor_client,
            url,
            wikidata_id="https://www.wikidata.org/wiki/q4000002",
            isni="0000 0001 2103 2683",
            orcid=f"https://orcid.org/{ORCID_ID}",
            correction_reason="Her identifiers, checked in each registry.",
        ),
    )

    assert saved.status_code == 302
    person.refresh_from_db()
    assert (person.wikidata_id, person.isni, person.orcid) == ("Q4000002", ISNI_ID, ORCID_ID)


def test_the_admin_names_a_wrong_check_digit_and_saves_nothing(editor_client, corpus):
    person = Person.objects.get(slug="aigul-kuspan")
    url = admin_change_url(person)

    refused = editor_client.post(
        url,
        change_form_data(
            editor_client,
            url,
            orcid="0000-0002-1825-0098",
            viaf_id="123",
            correction_reason="Her identifiers.",
        ),
    )

    assert refused.status_code == 200
    assert "its check digit does not match" in refused.content.decode()
    person.refresh_from_db()
    assert (person.orcid, person.viaf_id) == ("", "")


def test_two_records_cannot_share_an_identifier(editor_client, identified):
    other = Person.objects.get(slug="aigul-kuspan")
    url = admin_change_url(other)

    refused = editor_client.post(
        url, change_form_data(editor_client, url, orcid=ORCID_ID, correction_reason="Her iD.")
    )

    assert refused.status_code == 200
    assert "Another record already has this identifier" in refused.content.decode()
    other.refresh_from_db()
    assert other.orcid == ""


def test_the_page_links_each_identifier_and_its_json_ld_says_same_as(client, identified):
    page = client.get("/people/margulan-baimukhan/").content.decode()
    data = json_ld(client, "/people/margulan-baimukhan/")

    assert f'<a href="https://orcid.org/{ORCID_ID}" rel="external">{ORCID_ID}</a>' in page
    assert (
        '<a href="https://isni.org/isni/0000000121032683" rel="external">0000 0001 2103 2683'
        in page
    )
    assert data["sameAs"] == [
        "https://www.wikidata.org/wiki/Q4000001",
        "https://viaf.org/viaf/102333412",
        f"https://isni.org/isni/{ISNI_ID}",
        f"https://orcid.org/{ORCID_ID}",
    ]


def test_places_and_events_carry_theirs(client, corpus):
    Place.objects.filter(slug="brussels").update(wikidata_id="Q239", geonames_id="2800866")
    event = Event.objects.get(slug="belgian-business-mission-to-kazakhstan-2021")
    event.wikidata_id = "Q4000003"
    event.save()

    place = json_ld(client, "/places/brussels/")
    reported = json_ld(client, event.get_absolute_url())
    api = client.get("/api/places/brussels/").json()

    assert place["sameAs"] == [
        "https://www.wikidata.org/wiki/Q239",
        "https://www.geonames.org/2800866",
    ]
    assert reported["sameAs"] == ["https://www.wikidata.org/wiki/Q4000003"]
    assert api["geonames_id"] == "2800866"
    assert api["same_as"] == place["sameAs"]


def test_the_api_finds_a_record_by_each_identifier(client, identified):
    for parameter, value in [
        ("wikidata", "Q4000001"),
        ("viaf", "102333412"),
        ("isni", ISNI_ID),
        ("orcid", ORCID_ID),
    ]:
        found = client.get("/api/people/", {parameter: value})
        assert [row["slug"] for row in found.json()["results"]] == ["margulan-baimukhan"], parameter

    detail = client.get("/api/people/margulan-baimukhan/").json()
    assert (detail["isni"], detail["orcid"]) == (ISNI_ID, ORCID_ID)
    assert len(detail["same_as"]) == 4
    assert client.get("/api/people/", {"wikidata": "Q9"}).json()["results"] == []


@pytest.mark.parametrize(
    "value",
    [
        "0000000121032684",  # a wrong check digit
        "0000 0001 2103 2683",  # as people write it, not as the API gives it
        f"https://isni.org/isni/{ISNI_ID}",
    ],
)
def test_the_api_refuses_an_identifier_not_written_as_it_gives_them(client, corpus, value):
    refused = client.get("/api/organisations/", {"isni": value})

    assert refused.status_code == 400
    assert [item["name"] for item in refused.json()["invalid_params"]] == ["isni"]


def test_the_schema_gives_each_identifier_filter_its_form(client, corpus):
    schema = client.get("/api/schema/?format=json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/people/"]["get"]["parameters"]}

    assert parameters["orcid"]["schema"]["pattern"] == f"^{ORCID.pattern}$"
    assert parameters["orcid"]["example"] == ORCID_ID


def test_a_merge_moves_the_identifiers_to_the_survivor(identified):
    survivor = Person.objects.get(slug="aigul-kuspan")

    merging.merge(survivor, [identified])

    survivor.refresh_from_db()
    assert (survivor.wikidata_id, survivor.orcid) == ("Q4000001", ORCID_ID)


def test_the_export_carries_the_identifiers_and_same_as(tmp_path, identified):
    Organisation.objects.filter(slug="belgian-senate").update(isni=ISNI_ID)
    call_command("export_archive", tmp_path / "package", stdout=None)

    with open(tmp_path / "package" / "data" / "people.csv", newline="", encoding="utf-8") as file:
        people = {row["slug"]: row for row in csv.DictReader(file)}
    with open(tmp_path / "package" / "data" / "organisations.csv", encoding="utf-8") as file:
        bodies = {row["slug"]: row for row in csv.DictReader(file)}

    assert people["margulan-baimukhan"]["orcid"] == ORCID_ID
    assert (
        people["margulan-baimukhan"]["same_as"].split("; ")[-1] == f"https://orcid.org/{ORCID_ID}"
    )
    assert bodies["belgian-senate"]["isni"] == ISNI_ID
