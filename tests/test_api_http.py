"""
What the API says in its headers for a client that wants to be polite: how much of its rate
limit is left, whether its copy is still current, and, from a browser, that it may ask so.
"""

import time

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils.http import http_date, parse_http_date

from archive import cache
from archive.models import Person

ORIGIN = "https://dashboard.kazakhstan-belgium.example"


@pytest.fixture
def three_requests_a_minute(settings):
    caches["default"].clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
    yield
    caches["default"].clear()


def quota(response):
    return [
        response.get(name)
        for name in (
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "RateLimit-Reset",
            "RateLimit-Policy",
        )
    ]


# --- Rate limits ------------------------------------------------------------------------------


def test_every_api_response_says_how_much_of_the_rate_limit_is_left(
    client, corpus, three_requests_a_minute
):
    responses = [
        client.get("/api/topics/"),
        client.get("/api/topics/diplomatic-relations/"),
        client.get("/api/people/", {"peson": "typo"}),
    ]

    assert [quota(response)[:2] for response in responses] == [["3", "2"], ["3", "1"], ["3", "0"]]
    assert all(quota(response)[3] == "3;w=60" for response in responses)
    assert all(1 <= int(quota(response)[2]) <= 60 for response in responses)


def test_a_429_gives_the_quota_beside_retry_after(client, corpus, three_requests_a_minute):
    for _ in range(3):
        client.get("/api/topics/")

    response = client.get("/api/topics/")

    assert response.status_code == 429
    limit, remaining, reset, _policy = quota(response)
    assert (limit, remaining) == ("3", "0")
    assert reset == response["Retry-After"]


def test_pages_served_from_the_page_cache_carry_the_clients_own_quota(
    corpus, three_requests_a_minute, settings, django_assert_num_queries
):
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    first, second = Client(), Client(REMOTE_ADDR="192.0.2.44")
    first.get("/api/topics/")
    first.get("/api/topics/")

    with django_assert_num_queries(0):  # kept, and counted for this other client
        kept = second.get("/api/topics/")

    assert quota(kept)[:2] == ["3", "2"]


def test_without_a_rate_limit_no_quota_is_announced(client, corpus):
    assert quota(client.get("/api/topics/")) == [None, None, None, None]


# --- Freshness --------------------------------------------------------------------------------


def test_responses_are_to_be_revalidated_and_say_when_the_data_last_changed(client, corpus):
    response = client.get("/api/people/")

    assert response["Cache-Control"] == "max-age=0, must-revalidate"
    assert parse_http_date(response["Last-Modified"])


def test_if_modified_since_gets_a_304_until_an_editor_changes_something(
    client, corpus, django_capture_on_commit_callbacks
):
    an_hour_ago = time.time() - 3600
    caches[cache.GENERATION_CACHE].set(cache.CHANGED_AT_KEY, an_hour_ago, timeout=None)
    last_modified = client.get("/api/people/aigul-kuspan/")["Last-Modified"]

    unchanged = client.get("/api/people/aigul-kuspan/", HTTP_IF_MODIFIED_SINCE=last_modified)
    with django_capture_on_commit_callbacks(execute=True):
        person = Person.objects.get(slug="aigul-kuspan")
        person.name = "Aigul Kuspan (corrected)"
        person.save()
    changed = client.get("/api/people/aigul-kuspan/", HTTP_IF_MODIFIED_SINCE=last_modified)

    assert last_modified == http_date(an_hour_ago)
    assert unchanged.status_code == 304
    assert changed.status_code == 200
    assert changed.json()["name"] == "Aigul Kuspan (corrected)"
    assert parse_http_date(changed["Last-Modified"]) > parse_http_date(last_modified)


def test_a_page_served_from_the_cache_honours_if_modified_since(
    corpus, settings, django_assert_num_queries
):
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    caches["default"].clear()
    anonymous = Client()
    last_modified = anonymous.get("/api/topics/")["Last-Modified"]

    with django_assert_num_queries(0):
        response = anonymous.get("/api/topics/", HTTP_IF_MODIFIED_SINCE=last_modified)

    assert response.status_code == 304
    caches["default"].clear()


# --- From a browser on another site -----------------------------------------------------------


def test_a_preflight_allows_conditional_requests(client, db):
    response = client.options(
        "/api/events/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match, if-modified-since",
    )

    allowed = {name.strip() for name in response["Access-Control-Allow-Headers"].split(",")}
    assert {"if-none-match", "if-modified-since"} <= allowed


def test_a_browser_app_may_read_the_quota(client, corpus):
    response = client.get("/api/events/", HTTP_ORIGIN=ORIGIN)

    exposed = {name.strip() for name in response["Access-Control-Expose-Headers"].split(",")}
    assert {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} <= exposed
