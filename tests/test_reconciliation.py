"""
The reconciliation service (archive/api/reconciliation.py) as a client of the W3C
Reconciliation Service API 0.2 uses it, OpenRefine or another: the manifest, then batches of
queries, previews and suggestions, read by a small client written from the specification.

No Python client on PyPI is kept well enough to depend on (`aminimalreconciler` is one
release of a minimal wrapper; the OpenRefine client libraries drive OpenRefine itself, not a
service), so `SpecificationClient` below does what the specification says a client does.
"""

import json
from urllib.parse import quote

import pytest
import requests
from django.core.cache import caches

from archive.models import Person, PersonMention

from .problems import refused_parameters
from .unpublished import make_draft_with_facts

SERVICE = "/api/reconcile/"


class SpecificationClient:
    """
    A reconciliation client as the specification describes one: it reads the manifest at the
    service's address, sends batches of queries as a form POST (or GET) in `queries`, reads
    each result by its key, and builds preview, view and suggest addresses from the manifest,
    the entity id encoded as a URI component.
    """

    def __init__(self, endpoint, session=None):
        self.endpoint = endpoint
        self.session = session or requests.Session()
        answer = self.session.get(endpoint, timeout=30)
        answer.raise_for_status()
        self.manifest = answer.json()

    def reconcile(self, queries, method="POST"):
        batch = {f"q{number}": query for number, query in enumerate(queries)}
        payload = {"queries": json.dumps(batch)}
        if method == "POST":
            answer = self.session.post(self.endpoint, data=payload, timeout=30)
        else:
            answer = self.session.get(self.endpoint, params=payload, timeout=30)
        answer.raise_for_status()
        results = answer.json()
        return [results[key]["result"] for key in batch]

    def view_url(self, entity_id):
        return self.manifest["view"]["url"].replace("{{id}}", quote(entity_id, safe=""))

    def preview_url(self, entity_id):
        return self.manifest["preview"]["url"].replace("{{id}}", quote(entity_id, safe=""))

    def suggest(self, kind, prefix, **parameters):
        service = self.manifest["suggest"][kind]
        answer = self.session.get(
            service["service_url"] + service["service_path"],
            params={"prefix": prefix, **parameters},
            timeout=30,
        )
        answer.raise_for_status()
        return answer.json()["result"]


def reconcile(client, *queries, method="post"):
    """The results of `queries` through Django's test client, in order."""
    batch = {f"q{number}": query for number, query in enumerate(queries)}
    answer = getattr(client, method)(SERVICE, {"queries": json.dumps(batch)})
    assert answer.status_code == 200, answer.content
    return [answer.json()[key]["result"] for key in batch]


def first(client, query):
    return reconcile(client, query)[0]


def ids(result):
    return [candidate["id"] for candidate in result]


def matches(result):
    return [candidate["id"] for candidate in result if candidate["match"]]


@pytest.fixture
def namesake(corpus):
    """A second, public Aigul Kuspan, of whom the archive knows nothing but the name."""
    return Person.objects.create(
        name="Aigul Kuspan", sort_name="Kuspan, Aigul", slug="aigul-kuspan-almaty"
    )


# --- Over HTTP, as a client sees it -----------------------------------------------------------


def test_a_client_following_the_specification_reconciles_previews_and_suggests(
    transactional_db, live_server, corpus
):
    service = SpecificationClient(f"{live_server.url}{SERVICE}")
    queries = [
        {"query": "Margulan Baimukhan", "type": "person", "limit": 3},
        {"query": "Маргулан Баймухан"},
        {"query": "Senate", "type": "organisation"},
    ]

    by_post = service.reconcile(queries)
    by_get = service.reconcile(queries, method="GET")

    assert by_post == by_get
    latin, cyrillic, senate = by_post
    assert matches(latin) == matches(cyrillic) == ["people/margulan-baimukhan"]
    assert latin[0]["type"] == [{"id": "person", "name": "Person"}]
    assert matches(senate) == []
    # The view template leads to the record's page, and the preview is a page about it.
    page = requests.get(service.view_url(latin[0]["id"]), timeout=30)
    assert page.status_code == 200
    assert "<h1>Margulan Baimukhan</h1>" in page.text
    preview = requests.get(service.preview_url(latin[0]["id"]), timeout=30)
    assert preview.status_code == 200
    assert "Ambassador of Kazakhstan to Belgium" in preview.text
    assert [item["id"] for item in service.suggest("entity", "Баймух")] == [
        "people/margulan-baimukhan"
    ]
    assert [item["id"] for item in service.suggest("type", "Pers")] == ["person"]


def test_the_manifest_describes_the_service_on_the_server_asked(client):
    manifest = client.get(SERVICE).json()

    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] == "http://testserver/"
    assert manifest["schemaSpace"] == "http://schema.org/"
    assert [kind["id"] for kind in manifest["defaultTypes"]] == ["person", "organisation", "place"]
    assert manifest["view"] == {"url": "http://testserver/{{id}}/"}
    assert manifest["preview"]["url"] == "http://testserver/api/reconcile/preview/?id={{id}}"
    assert manifest["suggest"]["entity"] == {
        "service_url": "http://testserver/api/reconcile",
        "service_path": "/suggest/entity/",
    }
    assert manifest["batchSize"] == 50


def test_a_web_page_on_another_site_may_query_the_service(client, corpus):
    # The specification asks for CORS on every address: a form POST needs no preflight, and
    # its answer must allow the page's origin to read it.
    origin = "https://refine.example"
    batch = {"queries": json.dumps({"q0": {"query": "Astana"}})}

    posted = client.post(SERVICE, batch, HTTP_ORIGIN=origin)
    suggested = client.get("/api/reconcile/suggest/entity/", {"prefix": "Ast"}, HTTP_ORIGIN=origin)

    assert posted["Access-Control-Allow-Origin"] == "*"
    assert suggested["Access-Control-Allow-Origin"] == "*"


# --- Names in every script --------------------------------------------------------------------


def test_a_name_in_latin_or_cyrillic_letters_or_as_spelt_otherwise_finds_the_person(client, corpus):
    latin, russian, kazakh, romanised = reconcile(
        client,
        {"query": "Margulan Baimukhan"},
        {"query": "Маргулан Баймухан"},
        {"query": "Марғұлан Баймұхан"},
        {"query": "Margulan Baymukhan"},
    )

    assert matches(latin) == matches(russian) == matches(kazakh) == ["people/margulan-baimukhan"]
    assert latin[0]["score"] == russian[0]["score"] == kazakh[0]["score"] == 100
    # The same Latin key as his name, though spelt otherwise: still a match, a little lower.
    assert (matches(romanised), romanised[0]["score"]) == (["people/margulan-baimukhan"], 95)


def test_a_bodys_kazakh_or_russian_name_finds_it(client, corpus):
    kazakh, russian = reconcile(
        client,
        {"query": "Қазақстан Республикасының Сыртқы істер министрлігі"},
        {"query": "Мажилис Парламента Республики Казахстан", "type": "organisation"},
    )

    assert matches(kazakh) == ["organisations/kazakhstan-mfa"]
    assert matches(russian) == ["organisations/majilis"]


def test_a_part_of_a_name_finds_the_record_but_is_no_match(client, corpus):
    result = first(client, {"query": "Baimukhan"})

    assert ids(result)[:1] == ["people/margulan-baimukhan"]
    assert 60 <= result[0]["score"] < 90
    assert matches(result) == []


def test_an_ambiguous_name_is_no_match_for_any_candidate(client, corpus):
    result = first(client, {"query": "Senate", "type": "organisation"})

    assert {"organisations/belgian-senate", "organisations/senate-of-kazakhstan"} <= set(
        ids(result)
    )
    assert matches(result) == []


def test_namesakes_are_no_match_until_a_property_tells_them_apart(client, namesake):
    name_alone, by_role, by_body, by_year, by_other_year = reconcile(
        client,
        {"query": "Aigul Kuspan"},
        {"query": "Aigul Kuspan", "properties": [{"pid": "role", "v": "Chairperson"}]},
        {"query": "Aigul Kuspan", "properties": [{"pid": "organisation", "v": "Мажилис"}]},
        {"query": "Aigul Kuspan", "properties": [{"pid": "year", "v": 2021}]},
        {"query": "Aigul Kuspan", "properties": [{"pid": "year", "v": "1995"}]},
    )

    (only_one,) = reconcile(client, {"query": "Aigul Kuspan", "limit": 1})

    # Even when the limit leaves the other one out.
    assert len(only_one) == 1 and matches(only_one) == []
    assert set(ids(name_alone)) == {"people/aigul-kuspan", "people/aigul-kuspan-almaty"}
    assert name_alone[0]["score"] == name_alone[1]["score"] == 100
    assert matches(name_alone) == []
    for result in (by_role, by_body, by_year):
        assert matches(result) == ["people/aigul-kuspan"]
        assert result[0]["score"] - result[1]["score"] >= 10
    # Her roles are of 2021: a query for 1995 puts the namesake the archive knows nothing of
    # first, and calls neither a match.
    assert ids(by_other_year)[0] == "people/aigul-kuspan-almaty"
    assert matches(by_other_year) == []


def test_an_external_identifier_matches_exactly_whatever_the_name(client, corpus):
    Person.objects.filter(slug="kassym-jomart-tokayev").update(wikidata_id="Q22245")
    same, other, by_address = reconcile(
        client,
        {"query": "K. Tokaev", "properties": [{"pid": "wikidata", "v": "Q22245"}]},
        {"query": "Kassym-Jomart Tokayev", "properties": [{"pid": "wikidata", "v": "Q1"}]},
        {"query": "", "properties": [{"pid": "wikidata", "v": "wikidata.org/wiki/Q22245"}]},
    )

    assert (matches(same), same[0]["score"]) == (["people/kassym-jomart-tokayev"], 100)
    assert matches(by_address) == ["people/kassym-jomart-tokayev"]
    # His own name, but another identifier: no longer certain.
    assert ids(other)[0] == "people/kassym-jomart-tokayev"
    assert other[0]["score"] < 90 and matches(other) == []


def test_a_country_lifts_the_namesake_of_that_country(client, namesake):
    namesake.country = "KZ"
    namesake.save()
    Person.objects.filter(slug="aigul-kuspan").update(country="BE")

    by_code, by_name = reconcile(
        client,
        {"query": "Aigul Kuspan", "properties": [{"pid": "country", "v": "KZ"}]},
        {"query": "Aigul Kuspan", "properties": [{"pid": "country", "v": "Belgium"}]},
    )

    assert matches(by_code) == ["people/aigul-kuspan-almaty"]
    assert matches(by_name) == ["people/aigul-kuspan"]


def test_an_entity_id_as_query_finds_its_record(client, corpus):
    result = first(client, {"query": "places/astana"})

    assert (matches(result), result[0]["name"]) == (["places/astana"], "Astana")


# --- Types, visibility, limits ----------------------------------------------------------------


def test_a_type_keeps_candidates_to_its_records(client, corpus):
    places, bodies, both = reconcile(
        client,
        {"query": "Kazakhstan", "type": "place"},
        {"query": "Kazakhstan", "type": "organisation", "limit": 50},
        {"query": "Kazakhstan", "type": ["place", "organisation"], "limit": 50},
    )

    assert {candidate["type"][0]["id"] for candidate in places} == {"place"}
    assert matches(places) == ["places/kazakhstan"]
    assert {candidate["type"][0]["id"] for candidate in bodies} == {"organisation"}
    assert "organisations/republic-of-kazakhstan" in ids(bodies)
    assert set(ids(both)) == set(ids(places)) | set(ids(bodies))


def test_a_limit_caps_the_candidates_best_first(client, corpus):
    result = first(client, {"query": "Parliament", "type": "organisation", "limit": 2})

    assert len(result) == 2
    assert result[0]["score"] >= result[1]["score"]


def test_a_record_only_a_draft_rests_on_is_never_a_candidate_preview_or_suggestion(client, corpus):
    draft = make_draft_with_facts()
    hidden = Person.objects.create(name="Erlan Draftov", sort_name="Draftov, Erlan", slug="draftov")
    PersonMention.objects.create(article=draft, person=hidden, surface_forms=["Erlan Draftov"])

    by_name, by_draft_role = reconcile(
        client,
        {"query": "Erlan Draftov"},
        {"query": "Margulan Baimukhan", "properties": [{"pid": "role", "v": "Secret envoy"}]},
    )

    assert by_name == []
    # The draft's role counts for nothing: his public roles are other titles.
    assert by_draft_role[0]["score"] < 90 and matches(by_draft_role) == []
    assert client.get("/api/reconcile/suggest/entity/", {"prefix": "Draft"}).json() == {
        "result": []
    }
    assert client.get("/api/reconcile/preview/", {"id": "people/draftov"}).status_code == 404


def test_each_query_costs_the_same_few_database_queries_however_many_candidates(
    client, corpus, django_assert_max_num_queries
):
    many = {
        "query": "Kazakhstan Parliament Republic",
        "limit": 100,
        "properties": [{"pid": "year", "v": "2021"}, {"pid": "role", "v": "Chairman"}],
    }
    few = {**many, "query": "Margulan Baimukhan"}

    # For each query, per type: the candidates, then people's roles and event participations;
    # bodies' roles and participations; places' events: 3 + 3 + 2.
    with django_assert_max_num_queries(8):
        (result,) = reconcile(client, many)
    with django_assert_max_num_queries(8):
        reconcile(client, few)
    with django_assert_max_num_queries(16):
        reconcile(client, many, few)
    assert len(result) > 10


# --- Preview ----------------------------------------------------------------------------------


def test_the_preview_is_a_small_page_other_sites_may_frame(client, corpus):
    preview = client.get("/api/reconcile/preview/", {"id": "people/margulan-baimukhan"})
    page = client.get("/api/people/margulan-baimukhan/")

    assert preview.status_code == 200
    assert preview["Content-Type"] == "text/html; charset=utf-8"
    text = preview.content.decode()
    assert "Margulan Baimukhan" in text and "Ambassador of Kazakhstan to Belgium" in text
    assert 'href="http://testserver/people/margulan-baimukhan/"' in text
    assert "X-Frame-Options" not in preview
    assert "frame-ancestors *" in preview["Content-Security-Policy"]
    assert "script-src 'self'" in preview["Content-Security-Policy"]
    # Only the preview: the rest of the API stays out of frames.
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_the_preview_of_an_unknown_id_is_a_problem(client, corpus):
    missing = client.get("/api/reconcile/preview/", {"id": "people/nobody"})
    malformed = client.get("/api/reconcile/preview/", {"id": "nobody"})
    absent = client.get("/api/reconcile/preview/")

    assert missing.status_code == malformed.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    assert refused_parameters(absent) == {"id": ["Give the id of a record."]}


# --- Suggestions ------------------------------------------------------------------------------


def suggested(client, kind, **parameters):
    answer = client.get(f"/api/reconcile/suggest/{kind}/", parameters)
    assert answer.status_code == 200, answer.content
    return answer.json()["result"]


def test_entities_are_suggested_by_the_beginning_of_a_word_in_any_script(client, corpus):
    cyrillic = suggested(client, "entity", prefix="Марг")
    latin = suggested(client, "entity", prefix="baim")
    places = suggested(client, "entity", prefix="Астан", type="place")

    assert [item["id"] for item in cyrillic] == [item["id"] for item in latin]
    assert [item["id"] for item in latin] == ["people/margulan-baimukhan"]
    assert latin[0]["notable"] == [{"id": "person", "name": "Person"}]
    assert latin[0]["description"] == "Ambassador of Kazakhstan to Belgium, Republic of Kazakhstan"
    assert [item["id"] for item in places] == ["places/astana"]


def test_entity_suggestions_page_with_a_cursor(client, corpus):
    everything = suggested(client, "entity", prefix="Parl", type="organisation")
    after_two = suggested(client, "entity", prefix="Parl", type="organisation", cursor=2)

    next_page = suggested(client, "entity", prefix="Parl", type="organisation", cursor=10)

    assert len(everything) == 10
    assert after_two[:8] == everything[2:]
    assert next_page and not {item["id"] for item in next_page} & {
        item["id"] for item in everything
    }


def test_types_and_properties_are_suggested(client):
    assert [item["id"] for item in suggested(client, "type", prefix="org")] == ["organisation"]
    assert [item["id"] for item in suggested(client, "property", prefix="wiki")] == ["wikidata"]
    assert {"role", "organisation", "year", "date", "country"} <= {
        item["id"] for item in suggested(client, "property", prefix="")
    }


# --- Refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("queries", "reason"),
    [
        ("{not json", "`queries` is not valid JSON."),
        ("[]", "`queries` must be a JSON object"),
        ('{"q0": "Baimukhan"}', "q0: each query must be a JSON object."),
        ('{"q0": {"query": "Baimukhan", "type": "ship"}}', "q0: unknown type ship"),
        ('{"q0": {"query": "Baimukhan", "limit": 0}}', "q0: `limit` must be a whole number"),
        ('{"q0": {"query": "Baimukhan", "limit": 101}}', "q0: `limit` must be a whole number"),
        ('{"q0": {"query": "Baimukhan", "limit": "3"}}', "q0: `limit` must be a whole number"),
        ('{"q0": {"querry": "Baimukhan"}}', "q0: unknown field(s) querry"),
        ('{"q0": {"query": "B", "properties": [{"pid": {}, "v": 1}]}}', "q0: unknown property {}"),
        ('{"q0": {"query": ""}}', "q0: give a `query`, or `properties`"),
        (
            '{"q0": {"query": "B", "properties": [{"pid": "shoe", "v": 1}]}}',
            'q0: unknown property "shoe"',
        ),
        (
            json.dumps({f"q{n}": {"query": "Baimukhan"} for n in range(51)}),
            "A batch may hold at most 50 queries; this one holds 51.",
        ),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_batch_it_cannot_read_is_a_400_saying_why(client, corpus, method, queries, reason):
    answer = getattr(client, method)(SERVICE, {"queries": queries})

    assert answer.status_code == 400
    (message,) = refused_parameters(answer)["queries"]
    assert message.startswith(reason)


def test_an_empty_batch_is_refused_when_posted_and_gives_the_manifest_as_a_parameter(client):
    posted = client.post(SERVICE, {"queries": ""})
    asked = client.get(SERVICE, {"queries": ""})

    assert refused_parameters(posted) == {
        "queries": ["Give the reconciliation queries as JSON in `queries`."]
    }
    # As every parameter of the API, one given empty is not given.
    assert asked.json()["versions"] == ["0.2"]


def test_a_suggestion_cursor_that_is_not_a_count_is_refused(client):
    answer = client.get("/api/reconcile/suggest/type/", {"prefix": "p", "cursor": "-1"})

    assert "cursor" in refused_parameters(answer)


def test_the_schema_describes_the_batch_a_client_may_send(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    (queries,) = [
        parameter
        for parameter in schema["paths"]["/api/reconcile/"]["get"]["parameters"]
        if parameter["name"] == "queries"
    ]
    batch = queries["content"]["application/json"]["schema"]
    query = batch["additionalProperties"]

    assert batch["maxProperties"] == 50
    assert query["properties"]["limit"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert query["properties"]["type"]["oneOf"][0]["enum"] == ["person", "organisation", "place"]
    assert "wikidata" in query["properties"]["properties"]["items"]["properties"]["pid"]["enum"]


def test_a_parameter_the_service_does_not_read_is_refused(client):
    answer = client.get(SERVICE, {"query": "Baimukhan"})

    assert "query" in refused_parameters(answer)


def test_a_form_field_the_service_does_not_read_is_refused(client):
    answer = client.post(SERVICE, {"queries": "{}", "querys": "{}"})

    assert "querys" in refused_parameters(answer)


def test_a_form_of_more_fields_than_django_reads_is_a_problem_too(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 2
    answer = client.post(SERVICE, {"queries": "{}", "a": "1", "b": "2"})

    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/problem+json"


def test_a_batch_posted_as_json_rather_than_a_form_is_refused(client):
    answer = client.post(SERVICE, {"queries": {}}, content_type="application/json")

    assert answer.status_code == 415
    assert answer["Content-Type"] == "application/problem+json"


def test_queries_count_against_the_rate_limit(client, corpus, settings):
    caches["default"].clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute"},
    }
    batch = {"queries": json.dumps({"q0": {"query": "Baimukhan"}})}
    answers = [client.post(SERVICE, batch) for _ in range(3)]
    caches["default"].clear()

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[2]["Retry-After"]
