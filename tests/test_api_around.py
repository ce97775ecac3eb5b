"""Around the API's resources: its root, schema and docs, throttling, ETags and CORS."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from drf_spectacular.validation import validate_schema

from archive.models import Article

from .problems import problem_of

ISSUE_FILTERS = {
    "/api/articles/": {
        "q", "date_after", "date_before", "year", "person", "organisation", "topic", "source",
        "place",
    },
    "/api/events/": {
        "q", "date_after", "date_before", "year", "person", "organisation", "kind", "status",
        "place",
    },
    "/api/statistics/": {"indicator", "article", "year", "unit", "qualifier"},
    "/api/people/": {"q", "organisation", "country"},
    "/api/organisations/": {"q", "kind", "country", "parent"},
}  # fmt: skip


def test_the_root_lists_every_resource_the_export_the_reconciliation_service_and_the_docs(
    client, corpus
):
    root = client.get("/api/").json()

    assert root == {
        "articles": "http://testserver/api/articles/",
        "people": "http://testserver/api/people/",
        "organisations": "http://testserver/api/organisations/",
        "places": "http://testserver/api/places/",
        "events": "http://testserver/api/events/",
        "statistics": "http://testserver/api/statistics/",
        "topics": "http://testserver/api/topics/",
        "indicators": "http://testserver/api/indicators/",
        "export": "http://testserver/api/export/",
        "popolo": "http://testserver/api/popolo/",
        "network": "http://testserver/api/network/",
        "reconcile": "http://testserver/api/reconcile/",
        "schema": "http://testserver/api/schema/",
        "docs": "http://testserver/api/docs/",
    }


@pytest.fixture
def schema(client, db):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_the_openapi_schema_validates(schema):
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    assert schema["openapi"].startswith("3.")


@pytest.mark.parametrize("path", ISSUE_FILTERS)
def test_the_schema_documents_every_filter_ordering_and_paging(schema, path):
    parameters = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}

    assert parameters >= ISSUE_FILTERS[path] | {"ordering", "page", "page_size", "format"}


def test_the_schema_documents_the_errors_a_client_can_meet(schema):
    article_list = schema["paths"]["/api/articles/"]["get"]["responses"]
    article_detail = schema["paths"]["/api/articles/{slug}/"]["get"]["responses"]

    assert {"200", "400", "404", "429"} <= set(article_list)
    assert {"200", "404", "429"} <= set(article_detail)
    assert set(article_list["200"]["content"]) == {"application/json", "text/csv"}
    export = schema["paths"]["/api/export/"]["get"]["responses"]
    assert set(export["200"]["content"]) == {"application/zip"}


def test_the_docs_page_loads_everything_from_the_sites_own_static_files(client, db):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    for asset in assets:
        assert asset.startswith("/"), f"{asset} is not served by the site itself"
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset
    # No inline script: the page's own script is a separate, same-origin file.
    assert "<script>" not in html
    script = next(a for a in assets if a.startswith("/api/docs/"))
    assert client.get(script).status_code == 200


# --- Throttling -------------------------------------------------------------------------------


@pytest.fixture
def three_requests_a_minute(settings):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
    yield
    cache.clear()


def test_anonymous_clients_over_the_rate_get_a_clear_429(client, corpus, three_requests_a_minute):
    for _ in range(3):
        assert client.get("/api/topics/").status_code == 200

    response = client.get("/api/people/")

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    detail = problem_of(response, "too-many-requests")["detail"]
    assert detail.startswith("Too many requests from your address")
    assert "3/minute" in detail
    assert "/api/export/" in detail


def test_a_throttled_csv_request_is_answered_in_json(client, corpus, three_requests_a_minute):
    for _ in range(3):
        client.get("/api/topics/", {"format": "csv"})

    response = client.get("/api/topics/", {"format": "csv"})

    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"


def test_a_forged_forwarded_for_header_does_not_buy_more_requests(
    client, corpus, three_requests_a_minute
):
    statuses = [
        client.get("/api/topics/", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}").status_code
        for number in range(30)
    ]

    assert statuses == [200] * 3 + [429] * 27


def test_behind_a_proxy_clients_are_counted_by_the_address_the_proxy_appended(
    client, corpus, three_requests_a_minute, settings
):
    settings.BEHIND_TLS_PROXY = True

    def from_behind_the_proxy(forwarded_for):
        return client.get(
            "/api/topics/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for
        ).status_code

    # The left entries are whatever the client claimed; the proxy appended the right one.
    statuses = [from_behind_the_proxy(f"192.0.2.{number}, 198.51.100.7") for number in range(30)]
    assert statuses == [200] * 3 + [429] * 27
    # Another client behind the same proxy has its own allowance.
    assert from_behind_the_proxy("198.51.100.8") == 200


def test_ordinary_requests_are_not_throttled_in_the_tests(client, corpus):
    assert all(client.get("/api/topics/").status_code == 200 for _ in range(30))


# --- Conditional GET --------------------------------------------------------------------------


def test_a_client_polling_with_its_etag_gets_a_304_until_the_data_changes(client, corpus):
    first = client.get("/api/articles/")
    etag = first["ETag"]

    unchanged = client.get("/api/articles/", HTTP_IF_NONE_MATCH=etag)
    Article.objects.filter(slug__startswith="prospects").update(title="A corrected title")
    changed = client.get("/api/articles/", HTTP_IF_NONE_MATCH=etag)

    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_lists_tell_caches_that_they_vary_with_accept(client, corpus):
    response = client.get("/api/articles/")

    assert "Accept" in response["Vary"]


def test_details_and_csv_carry_etags_too(client, corpus):
    detail = client.get("/api/people/aigul-kuspan/")
    csv_list = client.get("/api/people/", {"format": "csv"})

    assert (
        client.get("/api/people/aigul-kuspan/", HTTP_IF_NONE_MATCH=detail["ETag"]).status_code
        == 304
    )
    assert (
        client.get(
            "/api/people/", {"format": "csv"}, HTTP_IF_NONE_MATCH=csv_list["ETag"]
        ).status_code
        == 304
    )
    assert detail["ETag"] != csv_list["ETag"]


# --- CORS -------------------------------------------------------------------------------------

ORIGIN = "https://dashboard.example.org"


def test_browser_apps_on_other_sites_may_read_the_api(client, corpus):
    response = client.get("/api/events/", HTTP_ORIGIN=ORIGIN)

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_a_preflight_allows_get_only(client, db):
    response = client.options(
        "/api/events/", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )

    assert response.status_code == 200
    methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize("path", ["/articles/", "/oai/?verb=Identify", "/admin/login/"])
def test_cors_is_not_opened_outside_the_api(client, corpus, path):
    response = client.get(path, HTTP_ORIGIN=ORIGIN)

    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("path", ["/api/nonsense/", "/api/articles/a.b/", "/api/people/x/y/"])
def test_an_unknown_api_address_is_a_404_in_json(client, db, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "/api/" in problem_of(response, "not-found")["detail"]


def test_writing_to_the_api_is_refused(client, corpus):
    response = client.post("/api/articles/", {"title": "Mine"}, content_type="application/json")

    assert response.status_code == 405
    assert Article.objects.filter(title="Mine").count() == 0
