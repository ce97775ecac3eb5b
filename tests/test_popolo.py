"""
The archive as Popolo JSON (`archive/popolo.py`): in the export as `popolo.json`, and at
/api/popolo/, which serves the built export's copy. Checked against Popolo's own JSON Schemas
(tests/popolo/, specification 1.0.1).
"""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from jsonschema import Draft3Validator
from referencing import Registry, Resource

from archive import popolo
from archive.models import Article, Event, Organisation, Person, Role

from .unpublished import make_draft_with_facts, make_draft_with_new_records

SCHEMAS = Path(__file__).parent / "popolo"
# Which Popolo class each list of the document holds.
CLASSES = {
    "persons": "person",
    "organizations": "organization",
    "memberships": "membership",
    "events": "event",
    "areas": "area",
}
KUSPAN_ARTICLE = "kazakhstani-belgian-mps-keen-to-strengthen-bilateral-cooperation"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://archive.example"


@pytest.fixture
def export_cache(settings, tmp_path):
    settings.EXPORT_CACHE_DIR = tmp_path / "cache"
    return settings.EXPORT_CACHE_DIR


def by_id(items):
    return {item["id"]: item for item in items}


def popolo_validator(name):
    """A validator for one Popolo class, its references resolved to the copies in tests/popolo/."""
    schemas = [json.loads(path.read_text()) for path in sorted(SCHEMAS.glob("*.json"))]
    registry = Registry().with_resources(
        (schema["id"].rstrip("#"), Resource.from_contents(schema)) for schema in schemas
    )
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    return Draft3Validator(schema, registry=registry)


def build():
    call_command("build_export", stdout=io.StringIO())


def packaged_document(export_cache):
    with zipfile.ZipFile(export_cache / "kzbe-archive.zip") as package:
        return json.loads(package.read("kzbe-archive/popolo.json"))


def served(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- What the document says -------------------------------------------------------------------


def test_a_person_has_their_names_in_other_scripts_and_their_identifiers(corpus):
    Person.objects.filter(slug="nursultan-nazarbayev").update(wikidata_id="Q123456")

    nazarbayev = by_id(popolo.document()["persons"])["nursultan-nazarbayev"]

    assert nazarbayev["name"] == "Nursultan Nazarbayev"
    assert nazarbayev["sort_name"] == "Nazarbayev, Nursultan"
    other_names = {(name["name"], name["lang"]) for name in nazarbayev["other_names"]}
    assert {("Нұрсұлтан Назарбаев", "kk"), ("Нурсултан Назарбаев", "ru")} <= other_names
    assert nazarbayev["identifiers"] == [{"scheme": "wikidata", "identifier": "Q123456"}]
    assert nazarbayev["links"] == [
        {
            "url": "https://archive.example/people/nursultan-nazarbayev/",
            "note": "The record in the archive",
        }
    ]


def test_an_editors_addition_says_what_it_rests_on(corpus):
    kuspan = by_id(popolo.document()["persons"])["aigul-kuspan"]

    assert {
        "name": "Айгуль Куспан",
        "lang": "ru",
        "note": "Editor's addition: the standard Russian spelling of her name",
    } in kuspan["other_names"]
    assert {"name": "Ms Kuspan", "lang": None, "note": None} in kuspan["other_names"]


def test_a_name_in_another_language_no_alias_gives_is_an_other_name(corpus):
    Person.objects.filter(slug="aigul-kuspan").update(name_fr="Aïgoul Kouspan")

    kuspan = by_id(popolo.document()["persons"])["aigul-kuspan"]

    assert {
        "name": "Aïgoul Kouspan",
        "lang": "fr",
        "note": "The archive's name in French",
    } in kuspan["other_names"]
    # Its Russian name is an alias already: given once.
    assert [name["name"] for name in kuspan["other_names"]].count("Айгуль Куспан") == 1


def test_an_organisation_has_its_kind_its_parent_and_its_acronym(corpus):
    organizations = by_id(popolo.document()["organizations"])
    committee = organizations["majilis-committee-on-international-relations-defence-and-security"]
    awex = organizations["awex"]

    assert committee["classification"] == "committee"
    assert committee["parent_id"] == "majilis"
    assert committee["parent_id"] in organizations
    assert {"name": "AWEX", "lang": None, "note": "Acronym"} in awex["other_names"]


def test_a_membership_cites_its_article_and_the_verbatim_quote(corpus):
    role = Role.objects.get(person__slug="aigul-kuspan", title="Chairperson")

    membership = by_id(popolo.document()["memberships"])[str(role.pk)]

    assert membership["person_id"] == "aigul-kuspan"
    assert membership["organization_id"] == (
        "majilis-committee-on-international-relations-defence-and-security"
    )
    assert membership["role"] == "Chairperson"
    (source,) = membership["sources"]
    assert source["url"] == f"https://archive.example/articles/{KUSPAN_ARTICLE}/"
    assert source["quote"] == role.quote
    assert source["quote"] in Article.objects.get(slug=KUSPAN_ARTICLE).body


def test_a_role_attested_as_of_a_date_gives_no_start_or_end(corpus):
    role = Role.objects.get(person__slug="aigul-kuspan", title="Chairperson")

    membership = by_id(popolo.document()["memberships"])[str(role.pk)]

    # "Chairperson as of 22 June 2021" says nothing of when the term began or ends.
    assert (membership["start_date"], membership["end_date"]) == (None, None)
    assert membership["date_edtf"] == "2021-06-22"
    assert membership["date_label"] == "as of 22 June 2021"


def test_an_inferred_open_ended_role_date_is_not_made_a_precise_one(corpus):
    role = Role.objects.get(person__slug="roman-vassilenko")

    membership = by_id(popolo.document()["memberships"])[str(role.pk)]

    assert (membership["start_date"], membership["end_date"]) == (None, None)
    assert membership["date_edtf"] == "[2022-09..]"
    assert membership["date_is_inferred"] is True
    assert membership["date_label"] == "September 2022 or later"


@pytest.mark.parametrize(
    ("expression", "inferred", "start", "end"),
    [
        ("2019/2022", False, "2019", "2022"),
        ("2019-03/2022-11-30", False, "2019-03", "2022-11-30"),
        ("2019~/2022", False, None, "2022"),  # about 2019: no start
        ("2019/..", False, "2019", None),  # still held: no end
        ("2019-23/2022", False, None, "2022"),  # autumn 2019 is not a Popolo date
        ("2019/2022", True, None, None),  # a term worked out, not stated
    ],
)
def test_a_stated_term_gives_only_the_sides_the_archive_states_plainly(
    corpus, expression, inferred, start, end
):
    role = Role.objects.get(person__slug="aigul-kuspan", title="Chairperson")
    role.date_edtf, role.date_is_inferred = expression, inferred
    role.date_note = "Worked out from her biography." if inferred else ""
    role.save()

    membership = by_id(popolo.document()["memberships"])[str(role.pk)]

    assert (membership["start_date"], membership["end_date"]) == (start, end)
    assert membership["date_edtf"] == expression


def test_an_event_has_dates_only_as_precise_as_the_archive_knows_them(corpus):
    events = by_id(popolo.document()["events"])

    assert events["pcc-kazakhstan-eu-18th-meeting"]["start_date"] == "2021-10-11"
    assert events["tokayev-official-visit-to-brussels-2021"]["start_date"] == "2021-11"
    on_or_before = events["inter-parliamentary-groups-videoconference-2021"]
    assert (on_or_before["start_date"], on_or_before["date_edtf"]) == (None, "[..2021-06-22]")
    inferred = events["thirtieth-anniversary-of-diplomatic-relations"]
    assert (inferred["start_date"], inferred["date_is_inferred"]) == (None, True)


def test_an_event_has_its_participants_place_organiser_and_reports(corpus):
    events = by_id(popolo.document()["events"])
    visit = events["tokayev-official-visit-to-brussels-2021"]
    appointment = events["stephanie-dhose-appointed-senate-speaker"]

    assert visit["classification"] == "visit"
    assert visit["status"] == "took_place"
    assert (visit["location"], visit["area_id"]) == ("Brussels", "brussels")
    assert {"id": "kassym-jomart-tokayev", "name": "Kassym-Jomart Tokayev"} in visit["attendees"]
    assert {
        "person_id": "king-philippe",
        "organization_id": None,
        "role": "host",
    } in visit["participants"]
    assert visit["sources"] and all(source["quote"] for source in visit["sources"])
    assert appointment["organization_id"] == "belgian-senate"
    assert visit["organization_id"] is None  # no body organised it


def test_every_id_the_document_points_to_is_in_it(corpus):
    document = popolo.document()
    ids = {name: set(by_id(items)) for name, items in document.items()}

    for membership in document["memberships"]:
        assert membership["person_id"] in ids["persons"]
        assert membership["organization_id"] in ids["organizations"]
    for organization in document["organizations"]:
        assert organization["parent_id"] in ids["organizations"] | {None}
    for event in document["events"]:
        assert event["area_id"] in ids["areas"] | {None}
        assert {attendee["id"] for attendee in event["attendees"]} <= ids["persons"]
        for row in event["participants"]:
            assert row["person_id"] in ids["persons"] | {None}
            assert row["organization_id"] in ids["organizations"] | {None}


def test_nothing_resting_only_on_drafts_is_in_it(corpus):
    make_draft_with_facts()
    make_draft_with_new_records()

    document = popolo.document()
    text = json.dumps(document, ensure_ascii=False)

    assert "Secret envoy" not in [membership["role"] for membership in document["memberships"]]
    assert "secret-talks-in-vienna" not in text  # neither the draft nor its event
    assert "Quillon" not in text
    trilateral = by_id(document["events"])["trilateral-meeting-of-speakers-vienna-2021"]
    assert "held secret talks" not in [source["quote"] for source in trilateral["sources"]]


def test_every_object_keeps_to_popolos_own_schema(corpus):
    Person.objects.filter(slug="aigul-kuspan").update(orcid="0000-0002-1825-0097")
    Organisation.objects.filter(slug="majilis").update(viaf_id="102333412")
    Event.objects.filter(slug="pcc-kazakhstan-eu-18th-meeting").update(wikidata_id="Q42")

    document = popolo.document()

    assert set(document) == set(CLASSES)
    for name, items in document.items():
        validator = popolo_validator(CLASSES[name])
        assert items, name
        for item in items:
            errors = [error.message for error in validator.iter_errors(item)]
            assert errors == [], (name, item["id"])
            for link in [*item.get("links", []), *item.get("sources", [])]:
                assert link["url"].startswith("https://archive.example/"), link


def test_popolos_schema_would_refuse_a_date_it_does_not_admit():
    membership = {"person_id": "someone", "start_date": "[2022-09..]"}

    assert not popolo_validator("membership").is_valid(membership)


# persons and their aliases (2); the public bodies' ids, the bodies and their aliases (3); roles
# with their people, bodies and articles (1); events, their participants and their published
# reports (3); places and their aliases (2): the same however many there are (up to CHUNK_SIZE
# of each, then as many again for each further chunk).
QUERIES = 11


def test_it_is_written_in_a_fixed_number_of_queries(corpus, django_assert_num_queries):
    with django_assert_num_queries(QUERIES):
        popolo.write(io.StringIO())


def test_a_larger_archive_takes_no_more_queries(empty_archive, django_assert_num_queries):
    call_command("generate_corpus", articles=200, seed=7, stdout=io.StringIO())
    assert Role.objects.public().count() > 20  # more than the curated corpus has

    with django_assert_num_queries(QUERIES):
        popolo.write(io.StringIO())


# --- In the export and at /api/popolo/ --------------------------------------------------------


def test_the_export_holds_the_document(tmp_path, corpus):
    call_command("export_archive", tmp_path, stdout=io.StringIO())

    written = json.loads((tmp_path / "popolo.json").read_text(encoding="utf-8"))

    assert written == popolo.document()
    assert "popolo.json" in json.loads((tmp_path / "datapackage.json").read_text())["description"]


def test_the_api_serves_the_built_exports_document(client, corpus, export_cache):
    build()

    response = client.get("/api/popolo/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = served(response)
    assert int(response["Content-Length"]) == len(body)
    assert json.loads(body) == packaged_document(export_cache) == popolo.document()


def test_it_answers_304_while_the_built_document_is_unchanged(client, corpus, export_cache):
    build()
    first = client.get("/api/popolo/")

    again = client.get("/api/popolo/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"] != client.get("/api/export/")["ETag"]


def test_it_is_as_fresh_as_the_export(client, corpus, export_cache):
    build()
    Person.objects.filter(slug="aigul-kuspan").update(wikidata_id="Q123456")

    before = json.loads(served(client.get("/api/popolo/")))
    call_command("build_export", "--force", stdout=io.StringIO())
    after = json.loads(served(client.get("/api/popolo/")))

    assert by_id(before["persons"])["aigul-kuspan"]["identifiers"] == []
    assert by_id(after["persons"])["aigul-kuspan"]["identifiers"] == [
        {"scheme": "wikidata", "identifier": "Q123456"}
    ]


def test_before_the_first_build_it_says_so_and_never_builds(
    client, corpus, export_cache, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/api/popolo/")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"]
    assert not (export_cache / "kzbe-archive.zip").exists()


def test_it_refuses_query_parameters(client, corpus, export_cache):
    build()

    response = client.get("/api/popolo/", {"page": "2"})

    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "page"


def test_the_api_root_and_schema_name_it(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/popolo/"]["get"]

    assert client.get("/api/").json()["popolo"] == "http://testserver/api/popolo/"
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PopoloDocument"
    }
    assert set(schema["components"]["schemas"]["PopoloMembership"]["required"]) >= {
        "person_id",
        "organization_id",
        "start_date",
        "sources",
    }
