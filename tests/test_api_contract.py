"""
The API's contract as a client programmer meets it: the schema declares exactly what is
accepted, unsupported methods and parameters are refused plainly, and every refusal says what
was expected.
"""

import re

import pytest

from .api_schema import API_LISTS
from .problems import problem_of, refused_parameters

LISTS = API_LISTS
# Every filter that takes one of a fixed set of values, by list.
CHOICE_PARAMETERS = {
    "articles": ["ordering", "format"],
    "people": ["country", "ordering", "format"],
    "organisations": ["kind", "country", "international", "ordering", "format"],
    "places": ["kind", "country", "ordering", "format"],
    "events": ["kind", "status", "ordering", "format"],
    "statistics": ["qualifier", "rank", "ordering", "format"],
    "topics": ["ordering", "format"],
    "indicators": ["ordering", "format"],
}
SLUG_PARAMETERS = {
    "articles": ["person", "organisation", "topic", "source", "place"],
    "people": ["organisation"],
    "organisations": ["parent"],
    "events": ["person", "organisation", "place", "topic"],
    "statistics": ["indicator", "article"],
}


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def query_parameters(schema, name):
    operation = schema["paths"][f"/api/{name}/"]["get"]
    return {p["name"]: p for p in operation["parameters"] if p["in"] == "query"}


def choices(parameter):
    schema = parameter["schema"]
    return (schema.get("items") or schema).get("enum")


# --- The schema declares what is accepted ------------------------------------------------------


@pytest.mark.parametrize("name", LISTS)
def test_it_declares_the_values_of_every_choice_parameter(schema, name):
    parameters = query_parameters(schema, name)

    for choice in CHOICE_PARAMETERS[name]:
        assert choices(parameters[choice]), f"{name}: {choice} lists no choices"


def test_its_countries_are_declared_as_codes_that_the_api_accepts(client, corpus, schema):
    codes = choices(query_parameters(schema, "people")["country"])

    assert {"KZ", "BE"} <= set(codes)
    assert all(client.get("/api/people/", {"country": code}).status_code == 200 for code in codes)


@pytest.mark.parametrize("name", ["articles", "events", "statistics"])
def test_it_declares_the_year_a_whole_number_in_the_years_it_accepts(schema, name):
    year = query_parameters(schema, name)["year"]

    assert year["schema"]["type"] == "integer"
    assert (year["schema"]["minimum"], year["schema"]["maximum"]) == (1, 9999)


@pytest.mark.parametrize(
    ("name", "parameter"),
    [(name, parameter) for name, parameters in SLUG_PARAMETERS.items() for parameter in parameters],
)
def test_it_documents_slug_filters_with_a_real_example(client, corpus, schema, name, parameter):
    declared = query_parameters(schema, name)[parameter]
    description = declared["description"]

    assert "slug" in description
    example = re.search(r"e\.g\. `([-a-z0-9]+)`", description)
    assert example, description
    assert declared["example"] == example[1]
    response = client.get(f"/api/{name}/", {parameter: example[1]})
    assert response.status_code == 200
    assert response.json()["count"] > 0


@pytest.mark.parametrize(("name", "parameter"), [("articles", "q"), ("statistics", "unit")])
def test_it_declares_the_longest_text_a_filter_accepts(client, corpus, schema, name, parameter):
    longest = query_parameters(schema, name)[parameter]["schema"]["maxLength"]

    assert client.get(f"/api/{name}/", {parameter: "a" * longest}).status_code == 200
    assert client.get(f"/api/{name}/", {parameter: "a" * (longest + 1)}).status_code == 400


def test_it_declares_that_text_filters_take_no_nul_character(client, corpus, schema):
    pattern = query_parameters(schema, "articles")["q"]["schema"]["pattern"]

    assert re.fullmatch(pattern, "Tokayev in Brussels")
    assert not re.fullmatch(pattern, "Tokayev\x00")
    assert client.get("/api/articles/", {"q": "Tokayev\x00"}).status_code == 400


# --- Unsupported methods and parameters --------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "trace"])
@pytest.mark.parametrize(
    "url",
    [
        "/api/topics/",
        "/api/topics/?format=csv",
        "/api/topics/diplomatic-relations/",
        "/api/topics/diplomatic-relations/?format=csv",
        "/api/export/",
    ],
)
def test_it_answers_an_unsupported_method_with_405_and_the_allowed_ones(
    client, corpus, method, url
):
    response = client.generic(method.upper(), url)

    assert response.status_code == 405
    assert response["Allow"] in ("GET, HEAD, OPTIONS", "GET, HEAD")


def test_it_refuses_an_unknown_list_parameter_naming_it_and_the_accepted_ones(client, corpus):
    response = client.get("/api/people/", {"peson": "margulan-baimukhan"})

    assert response.status_code == 400
    assert refused_parameters(response) == {
        "peson": [
            "Unknown query parameter “peson”. This address accepts: country, format, isni, "
            "orcid, ordering, organisation, page, page_size, q, viaf, wikidata."
        ]
    }


def test_it_refuses_a_filter_of_another_list(client, corpus):
    # `year` filters articles, not people: silently ignoring it would list everyone.
    response = client.get("/api/people/", {"year": "2021"})

    assert response.status_code == 400
    assert list(refused_parameters(response)) == ["year"]


def test_it_refuses_query_parameters_on_a_detail_and_the_export(client, built_export):
    detail = client.get("/api/people/margulan-baimukhan/", {"expand": "roles"})
    export = client.get("/api/export/", {"since": "2021-01-01"})

    assert detail.status_code == 400
    assert refused_parameters(detail) == {
        "expand": ["Unknown query parameter “expand”. This address accepts: format."]
    }
    assert export.status_code == 400
    assert refused_parameters(export) == {
        "since": ["Unknown query parameter “since”. This address takes no query parameters."]
    }


def test_the_website_ignores_parameters_it_does_not_read(client, corpus):
    # Links from newsletters carry tracking tags; a page shows itself regardless.
    response = client.get("/articles/", {"utm_source": "newsletter", "year": "2021"})

    assert response.status_code == 200


# --- Refusals that say what was expected -------------------------------------------------------


@pytest.mark.parametrize(
    ("parameter", "value", "message"),
    [
        ("date_after", "01/10/2021x", "Enter a valid date as YYYY-MM-DD, e.g. 2021-10-01."),
        ("date_before", "2021-02-30", "Enter a valid date as YYYY-MM-DD, e.g. 2021-10-01."),
        ("year", "2021.5", "Enter a year as a whole number, e.g. 2021."),
        ("year", "twenty", "Enter a year as a whole number, e.g. 2021."),
    ],
)
def test_it_names_the_expected_format_of_a_malformed_value(
    client, corpus, parameter, value, message
):
    response = client.get("/api/articles/", {parameter: value})

    assert response.status_code == 400
    assert refused_parameters(response) == {parameter: [message]}


def test_it_refuses_a_date_range_that_ends_before_it_starts(client, corpus):
    response = client.get("/api/events/", {"date_after": "2021-12-31", "date_before": "2021-01-01"})

    assert response.status_code == 400
    assert refused_parameters(response) == {
        "date_after": [
            "date_after (2021-12-31) is later than date_before (2021-01-01): no date can be both."
        ]
    }


def test_the_website_says_so_too_when_a_date_range_is_backwards(client, corpus):
    response = client.get("/articles/", {"date_after": "2021-12-31", "date_before": "2021-01-01"})

    assert response.status_code == 400
    assert "is later than date_before" in response.content.decode()


def test_a_page_past_the_end_says_how_many_pages_there_are(client, corpus):
    response = client.get("/api/people/", {"page": 9, "page_size": 10})

    assert response.status_code == 404
    assert problem_of(response, "page-not-found")["detail"] == (
        "Page 9 does not exist: there are 2 pages."
    )


def test_a_page_that_is_not_a_whole_number_is_a_400(client, corpus):
    response = client.get("/api/people/", {"page": "2.5"})

    assert response.status_code == 400
    assert refused_parameters(response) == {
        "page": ["Give a whole number of at least 1 (the first page is 1)."]
    }


def test_a_filter_naming_a_record_that_does_not_exist_is_a_404_naming_the_parameter(client, corpus):
    # The schema cannot list every slug, so a well-formed slug is schema-valid: the request is
    # right, the record it names is not there.
    response = client.get("/api/articles/", {"person": "nobody"})

    assert response.status_code == 404
    assert problem_of(response, "not-found")["detail"] == "No person has the slug “nobody”."
    assert refused_parameters(response, "not-found") == {
        "person": ["No person has the slug “nobody”."]
    }
