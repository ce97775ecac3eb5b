"""Errors in the site's design: 404 and 500 pages, and bad parameters never turning into a 500."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from archive.website import pages

LISTS = ["/articles/", "/events/", "/people/", "/organisations/", "/places/"]
BAD_PARAMETERS = [
    {"page": "abc"},
    {"page": "99999"},
    {"page": "1" * 40},
    {"year": "9999"},
    {"year": "abc"},
    {"year": "-5"},
    {"q": "x" * 5000},
    {"q": "\x00"},
    {"q": "'; DROP TABLE archive_article; --"},
    {"person": "no-such-person"},
    {"organisation": "../../etc/passwd"},
    {"kind": "<script>"},
    {"country": "ZZ"},
    {"date_after": "yesterday"},
    {"date_before": "2021-02-30"},
]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("params", BAD_PARAMETERS)
def test_bad_parameters_are_never_a_server_error(client, corpus, path, params):
    response = client.get(path, params)

    assert response.status_code in (200, 400, 404)
    assertNotContains(response, "Traceback", status_code=response.status_code)
    assertNotContains(response, "<script>", status_code=response.status_code)


def test_a_missing_page_is_a_404_in_the_sites_design(client, corpus):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assertContains(response, "<h1>Page not found</h1>", status_code=404)
    assertContains(response, 'id="site-nav" aria-label="Main">', status_code=404)
    assertContains(response, '<meta name="robots" content="noindex">', status_code=404)


def test_a_server_error_shows_the_500_page_without_details_or_database(
    client, corpus, monkeypatch, django_assert_num_queries
):
    def broken(*args, **kwargs):
        raise RuntimeError("secret detail of the failure")

    monkeypatch.setattr(pages.HomeView, "get", broken)
    client.raise_request_exception = False

    with django_assert_num_queries(0):
        response = client.get("/")

    assert response.status_code == 500
    assertContains(response, "Something went wrong on our side", status_code=500)
    assertContains(response, "Skip to main content", status_code=500)
    assertNotContains(response, "secret detail", status_code=500)
    assertNotContains(response, "RuntimeError", status_code=500)
