"""
The API's OpenAPI description tells the truth, so that typed clients, validators and generators
take it without surprises: every answer of the corpus validates against it (tests/api_schema.py
checks every API answer of the suite; this walks them all), and it says what a client needs.
"""

import json

import pytest
from django.apps import apps

from archive.models import Statistic

from .api_schema import API_LISTS, schema_errors

SCHEMA = "/api/schema/?format=json"


@pytest.fixture
def schema(client):
    return client.get(SCHEMA).json()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_list_page_and_record_of_the_corpus_keeps_to_the_schema(client, corpus):
    for resource in API_LISTS:
        address, seen = f"/api/{resource}/?page_size=3", 0
        while address:
            page = client.get(address)
            assert schema_errors(page) == []
            for record in page.json()["results"]:
                detail = client.get(record["url"])
                assert (detail.status_code, schema_errors(detail)) == (200, [])
                not_modified = client.get(record["url"], HTTP_IF_NONE_MATCH=detail["ETag"])
                assert (not_modified.status_code, schema_errors(not_modified)) == (304, [])
                seen += 1
            csv = client.get(address, {"format": "csv"})
            assert (csv["Content-Type"], schema_errors(csv)) == ("text/csv; charset=utf-8", [])
            address = page.json()["next"]
        assert seen == page.json()["count"] > 0


def test_a_value_the_archive_does_not_have_is_null_not_an_empty_string(client, corpus):
    article = client.get("/api/articles/", {"q": "Kuspan"}).json()["results"][0]
    organisation = client.get("/api/organisations/kazinform/").json()

    assert article["original_url"] is None
    assert article["source"]["acronym"] is None
    assert organisation["acronym"] is None
    assert organisation["wikidata_id"] is None
    statistic = Statistic.objects.public().first()
    statistic.direction = ""  # a figure that relates no two countries
    statistic.save()
    assert client.get(f"/api/statistics/{statistic.pk}/").json()["direction"] is None


def test_it_is_openapi_3_1_so_a_related_record_that_may_be_missing_validates_as_null(schema):
    article = schema["components"]["schemas"]["Article"]["properties"]

    assert schema["openapi"] == "3.1.0"
    assert article["dateline_place"]["oneOf"] == [
        {"$ref": "#/components/schemas/PlaceSummary"},
        {"type": "null"},
    ]
    assert "nullable" not in json.dumps(schema)  # OpenAPI 3.0's word, ignored by 3.1 tools


def test_every_field_is_required_and_read_only(schema):
    for name, component in schema["components"]["schemas"].items():
        properties = component.get("properties", {})
        if name == "Problem":  # an error body, described on its own (`invalid_params` or not)
            continue
        assert set(component.get("required", [])) == set(properties), name
        assert all(field.get("readOnly") for field in properties.values()), name


def test_the_words_of_a_mention_are_a_list_of_strings_and_a_year_a_whole_number(schema):
    mention = schema["components"]["schemas"]["PersonMention"]["properties"]
    (year,) = [
        parameter
        for parameter in schema["paths"]["/api/articles/"]["get"]["parameters"]
        if parameter["name"] == "year"
    ]

    assert mention["surface_forms"]["type"] == "array"
    assert mention["surface_forms"]["items"] == {"type": "string"}
    assert year["schema"]["type"] == "integer"


def test_it_asks_for_no_credentials(schema):
    assert schema["security"] == []  # none, on purpose
    assert "securitySchemes" not in schema.get("components", {})
    assert [
        path for path, _method, operation in operations(schema) if "security" in operation
    ] == []


def test_every_operation_has_a_summary_and_every_tag_a_description(schema):
    described = {tag["name"] for tag in schema["tags"] if tag["description"]}

    for path, method, operation in operations(schema):
        assert operation.get("summary"), (path, method)
        assert set(operation["tags"]) <= described, (path, method)
    assert schema["paths"]["/api/people/{slug}/"]["get"]["summary"] == "One person, by its slug"


def test_it_names_its_server_its_licence_and_a_contact(schema):
    assert schema["servers"] == [{"url": "http://testserver", "description": "This archive."}]
    assert schema["info"]["license"]["name"]
    assert schema["info"]["license"]["url"].startswith("https://")
    assert "@" in schema["info"]["contact"]["email"]


def test_a_lists_csv_is_declared_as_text_and_the_export_as_a_zip(schema):
    listing = schema["paths"]["/api/articles/"]["get"]["responses"]["200"]["content"]
    export = schema["paths"]["/api/export/"]["get"]["responses"]["200"]["content"]

    assert listing["text/csv"]["schema"]["type"] == "string"
    assert listing["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PaginatedArticleList"
    }
    assert export == {"application/zip": {}}  # a file: its media type says it all


def test_the_304_and_the_etag_and_link_headers_are_declared(schema):
    listing = schema["paths"]["/api/articles/"]["get"]
    detail = schema["paths"]["/api/articles/{slug}/"]["get"]

    for operation in (listing, detail):
        assert "If-None-Match" in [parameter["name"] for parameter in operation["parameters"]]
        assert operation["responses"]["200"]["headers"]["ETag"]["required"] is True
        assert operation["responses"]["304"]["headers"]["ETag"]["required"] is True
        assert "content" not in operation["responses"]["304"]
    assert "Link" in listing["responses"]["200"]["headers"]
    assert "Link" not in detail["responses"]["200"]["headers"]


def test_it_shows_readers_no_help_text_written_for_editors(schema):
    help_texts = {
        str(field.help_text)
        for model in apps.get_app_config("archive").get_models()
        for field in model._meta.get_fields()
        if getattr(field, "help_text", "")
    }
    text = json.dumps(schema, ensure_ascii=False)

    assert [help_text for help_text in help_texts if json.dumps(help_text)[1:-1] in text] == []
    assert "Tick" not in text
    # nor notes for the project's developers
    assert "DESCRIPTIONS" not in text
    assert ".py" not in text


def test_its_examples_are_addresses_on_the_archive_itself(schema):
    page = schema["components"]["schemas"]["PaginatedArticleList"]["properties"]

    assert page["next"]["example"] == "http://testserver/api/articles/?page=3"
    assert page["previous"]["example"] == "http://testserver/api/articles/?page=1"
    assert "example.org" not in json.dumps(schema)
