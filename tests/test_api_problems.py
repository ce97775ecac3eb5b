"""
The API's errors in one format, RFC 9457 problem details: whatever went wrong, a client reads
the same members and branches on `type`, a URL that documents the problem.
"""

import pytest
from django.core.cache import cache
from rest_framework import exceptions

from archive.api.problems import problem_exception_handler

from .problems import problem_of, refused_parameters

REFUSALS = [
    # (what a client does, its status, the problem type)
    ("/api/people/?peson=x", 400, "invalid-parameters"),
    ("/api/articles/?date_after=yesterday", 400, "invalid-parameters"),
    ("/api/articles/?ordering=colour", 400, "invalid-parameters"),
    ("/api/articles/?page=first", 400, "invalid-parameters"),
    ("/api/articles/?page_size=0", 400, "invalid-parameters"),
    ("/api/articles/?format=xml", 400, "invalid-parameters"),
    ("/api/schema/?format=xml", 400, "invalid-parameters"),
    ("/api/export/?since=2021", 400, "invalid-parameters"),
    ("/api/articles/no-such-article/", 404, "not-found"),
    ("/api/statistics/999/", 404, "not-found"),
    ("/api/articles/?person=nobody", 404, "not-found"),
    ("/api/nonsense/", 404, "not-found"),
    ("/api/articles/?page=9", 404, "page-not-found"),
]  # fmt: skip


@pytest.mark.parametrize(("url", "status", "kind"), REFUSALS)
def test_every_refusal_is_a_problem_of_a_stable_type(client, corpus, url, status, kind):
    response = client.get(url)

    assert response.status_code == status
    problem = problem_of(response, kind)
    assert set(problem) <= {"type", "title", "status", "detail", "invalid_params"}


def test_a_refused_parameter_is_named_with_its_message(client, corpus):
    response = client.get("/api/events/", {"year": "twenty", "kind": "picnic"})

    problem = problem_of(response, "invalid-parameters")
    assert problem["title"] == "Invalid query parameters"
    assert refused_parameters(response) == {
        "year": ["Enter a year as a whole number, e.g. 2021."],
        "kind": ["Select a valid choice. picnic is not one of the available choices."],
    }
    # The detail says it all in one line, for a log or a message box.
    assert "year: Enter a year as a whole number" in problem["detail"]
    assert "kind: Select a valid choice" in problem["detail"]


def test_an_unknown_format_is_a_400_naming_the_formats_there_are(client, corpus):
    response = client.get("/api/articles/", {"format": "xlsx"})

    assert refused_parameters(response) == {
        "format": ["Unknown format “xlsx”. This address gives: csv, csv-excel, json."]
    }


def test_a_page_past_the_last_has_a_type_of_its_own(client, corpus):
    # A client walking pages stops on this type, not on every 404.
    response = client.get("/api/people/", {"page": 9, "page_size": 10})

    assert problem_of(response, "page-not-found")["detail"] == (
        "Page 9 does not exist: there are 2 pages."
    )


def test_an_unsupported_method_is_a_problem_too(client, corpus):
    response = client.delete("/api/topics/diplomatic-relations/")

    assert response.status_code == 405
    assert problem_of(response, "method-not-allowed")["detail"] == 'Method "DELETE" not allowed.'


def test_an_accept_header_nothing_matches_is_a_406_naming_what_there_is(client, corpus):
    response = client.get("/api/articles/", HTTP_ACCEPT="application/xml")

    assert response.status_code == 406
    assert problem_of(response, "not-acceptable")["detail"] == (
        "The Accept header allows none of the media types this address gives: "
        "application/json, text/csv."
    )


def test_too_many_requests_is_a_problem_with_retry_after(client, corpus, settings):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute"},
    }
    client.get("/api/topics/")

    response = client.get("/api/topics/", {"format": "csv"})

    assert response.status_code == 429
    assert problem_of(response, "too-many-requests")["detail"].startswith("Too many requests")
    assert response["Retry-After"]
    cache.clear()


def test_the_export_not_yet_built_is_a_problem(client, corpus, settings, tmp_path):
    settings.EXPORT_CACHE_DIR = tmp_path / "no-export-yet"

    response = client.get("/api/export/")

    assert response.status_code == 503
    assert problem_of(response, "export-not-built")["detail"].startswith("The bulk export")


def test_each_problem_type_is_documented_at_its_url(client, corpus):
    problem = client.get("/api/articles/", {"year": "twenty"}).json()

    documentation = client.get(problem["type"])

    assert documentation.status_code == 200
    assert documentation.json()["title"] == problem["title"]
    assert documentation.json()["status"] == 400
    assert "invalid_params" in documentation.json()["description"]


def test_the_problem_types_are_listed_together(client, db):
    types = client.get("/api/problems/").json()

    assert [item["type"].rsplit("/", 2)[-2] for item in types] == [
        "invalid-parameters",
        "not-found",
        "page-not-found",
        "method-not-allowed",
        "not-acceptable",
        "too-many-requests",
        "export-not-built",
    ]


def test_an_unknown_problem_type_is_itself_a_problem(client, db):
    response = client.get("/api/problems/gremlins/")

    assert response.status_code == 404
    assert problem_of(response, "not-found")["detail"] == "The API has no problem type “gremlins”."


@pytest.fixture
def schema(client, db):
    return client.get("/api/schema/", {"format": "json"}).json()


def test_the_schema_declares_the_problem_for_every_error_of_every_operation(schema):
    operations = [
        (path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if method == "get"
    ]

    assert len(operations) > 15
    for path, operation in operations:
        for status in ("400", "404", "405", "406", "429"):
            content = operation["responses"][status]["content"]
            assert content == {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            }, (path, status)
    assert schema["components"]["schemas"]["Problem"]["required"] == [
        "type",
        "title",
        "status",
        "detail",
    ]


def test_an_error_of_no_specific_type_is_about_blank_with_its_status_phrase(rf):
    # The public API has no logins, so nothing answers 401 or 403 today; should anything raise
    # one, it is still a problem, of the generic type RFC 9457 defines.
    response = problem_exception_handler(
        exceptions.PermissionDenied("Editors only."), {"request": rf.get("/api/")}
    )

    assert response.status_code == 403
    assert response.content_type == "application/problem+json"
    assert response.data == {
        "type": "about:blank",
        "title": "Forbidden",
        "status": 403,
        "detail": "Editors only.",
    }


def test_the_schema_declares_the_quota_headers_of_a_429(schema):
    too_many = schema["paths"]["/api/articles/"]["get"]["responses"]["429"]

    assert set(too_many["headers"]) == {
        "Retry-After",
        "RateLimit-Limit",
        "RateLimit-Remaining",
        "RateLimit-Reset",
        "RateLimit-Policy",
    }
