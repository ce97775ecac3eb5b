"""The sitemap: an index of sections per kind of record, paged, and kept until the data changes."""

import xml.etree.ElementTree as ET
from datetime import datetime

import pytest
from django.core.cache import caches

from archive.models import Article, Person
from archive.website import sitemaps

from .site_helpers import (
    ARTICLE_1,
    SITEMAP,
    add_published_articles,
    make_article,
    sitemap_index,
    sitemap_locations,
)

LANGUAGE_PREFIXES = ["", "/kk", "/ru", "/fr", "/nl"]
XHTML = "{http://www.w3.org/1999/xhtml}"

SECTIONS = [
    "pages",
    "articles",
    "events",
    "people",
    "organisations",
    "places",
    "topics",
    "statistics",
    "datasets",
]


def section_urls(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    return [element.text for element in root.iter(f"{SITEMAP}loc")]


@pytest.fixture
def page_cache(settings):
    """The page cache switched on, as in production, and empty."""
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_the_sitemap_is_an_index_of_one_section_per_kind_of_record(client, corpus):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert ET.fromstring(response.content).tag == f"{SITEMAP}sitemapindex"
    assert sitemap_index(client) == [
        f"http://testserver/sitemap-{section}.xml" for section in SECTIONS
    ]
    assert section_urls(client, "/sitemap-people.xml") == [
        f"http://testserver{prefix}{person.get_absolute_url()}"
        for person in Person.objects.order_by("pk")
        for prefix in LANGUAGE_PREFIXES
    ]


def test_each_address_names_its_versions_in_the_other_languages(client, corpus):
    root = ET.fromstring(client.get("/sitemap-articles.xml").content)
    entries = list(root.iter(f"{SITEMAP}url"))
    article = Article.objects.published().order_by("pk").first()
    path = article.get_absolute_url()
    versions = {prefix: f"http://testserver{prefix}{path}" for prefix in LANGUAGE_PREFIXES}

    for entry in entries[: len(LANGUAGE_PREFIXES)]:
        assert entry.findtext(f"{SITEMAP}loc") in versions.values()
        alternates = {link.get("hreflang"): link.get("href") for link in entry.iter(f"{XHTML}link")}
        assert alternates == {
            "en": versions[""],
            "kk": versions["/kk"],
            "ru": versions["/ru"],
            "fr": versions["/fr"],
            "nl": versions["/nl"],
            "x-default": versions[""],
        }


def test_a_section_is_dated_by_its_latest_change(client, corpus):
    latest = Article.objects.published().latest("updated_at").updated_at

    root = ET.fromstring(client.get("/sitemap.xml").content)

    lastmods = {
        entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod")
        for entry in root.iter(f"{SITEMAP}sitemap")
    }
    assert datetime.fromisoformat(lastmods["http://testserver/sitemap-articles.xml"]) == latest
    assert lastmods["http://testserver/sitemap-topics.xml"] is None  # topics carry no date


def test_a_section_is_paged_at_its_limit(client, corpus, monkeypatch):
    add_published_articles(3)  # 8 published articles, 40 addresses in five languages
    # 12 a page: pages end part-way through an article's five versions.
    monkeypatch.setattr(sitemaps, "URLS_PER_PAGE", 12)

    pages = [page for page in sitemap_index(client) if "/sitemap-articles.xml" in page]
    listed = [section_urls(client, page.removeprefix("http://testserver")) for page in pages]

    assert pages == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
        "http://testserver/sitemap-articles.xml?p=3",
        "http://testserver/sitemap-articles.xml?p=4",
    ]
    assert [len(urls) for urls in listed] == [12, 12, 12, 4]
    assert [url for urls in listed for url in urls] == [
        f"http://testserver{prefix}{article.get_absolute_url()}"
        for article in Article.objects.published().order_by("pk")
        for prefix in LANGUAGE_PREFIXES
    ]
    assert client.get("/sitemap-articles.xml?p=5").status_code == 404


def test_no_section_holds_more_than_ten_thousand_addresses():
    for sitemap in sitemaps.SITEMAPS.values():
        assert sitemap().limit == 10_000


def test_drafts_are_never_listed(client, corpus):
    make_article("a-draft-in-the-making", status=Article.Status.DRAFT)

    locations = sitemap_locations(client)

    assert "http://testserver/articles/a-draft-in-the-making/" not in locations
    assert f"http://testserver/articles/{ARTICLE_1}/" in locations


def test_an_unknown_section_or_page_is_a_404(client, corpus):
    assert client.get("/sitemap-secrets.xml").status_code == 404
    assert client.get("/sitemap-articles.xml?p=two").status_code == 404
    assert client.get("/sitemap-articles.xml?p=0").status_code == 404


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-articles.xml"])
def test_junk_query_strings_are_answered_from_the_cache(
    page_cache, client, corpus, path, django_assert_num_queries
):
    first = client.get(path)

    for junk in ("utm_source=x", "a=1&b=2", "p=1&nonce=93817", "nonce=55512"):
        with django_assert_num_queries(0):
            again = client.get(f"{path}?{junk}")
        assert again.status_code == 200
        assert again.content == first.content


def test_each_page_of_a_section_is_kept_on_its_own(
    page_cache, client, corpus, monkeypatch, django_assert_num_queries
):
    add_published_articles(3)
    monkeypatch.setattr(sitemaps, "URLS_PER_PAGE", 3)
    first, second = client.get("/sitemap-articles.xml"), client.get("/sitemap-articles.xml?p=2")

    with django_assert_num_queries(0):
        assert client.get("/sitemap-articles.xml?p=2&x=1").content == second.content
        assert client.get("/sitemap-articles.xml?x=1").content == first.content
    assert first.content != second.content


def test_a_kept_section_is_dropped_when_an_article_is_published(
    page_cache, client, corpus, django_capture_on_commit_callbacks
):
    client.get("/sitemap-articles.xml")
    with django_capture_on_commit_callbacks(execute=True):
        make_article("news-just-published")

    assert "http://testserver/articles/news-just-published/" in section_urls(
        client, "/sitemap-articles.xml?junk=1"
    )
