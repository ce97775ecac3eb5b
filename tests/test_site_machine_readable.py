"""Feeds, the sitemap, robots.txt, and the structured data (JSON-LD, OpenGraph) on pages."""

import xml.etree.ElementTree as ET

from archive.models import Article

from .site_helpers import (
    ARTICLE_0,
    ARTICLE_1,
    ARTICLE_2,
    ARTICLE_3,
    ARTICLE_4,
    make_article,
    read_page,
    set_status,
    sitemap_locations,
)

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(client):
    response = client.get("/feeds/articles/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).findall("./channel/item")


def test_the_rss_feed_lists_published_articles_newest_first(client, corpus):
    items = rss_items(client)

    assert [item.findtext("link").rsplit("/", 2)[-2] for item in items] == [
        ARTICLE_2,
        ARTICLE_4,
        ARTICLE_1,
        ARTICLE_3,
        ARTICLE_0,
    ]
    titles = [item.findtext("title") for item in items]
    assert titles[1].startswith("[Kazakhstan and Belgium mark the 30th anniversary")


def test_a_feed_gives_a_publication_date_only_when_the_day_is_known(client, corpus):
    dates = {
        item.findtext("link").rsplit("/", 2)[-2]: item.findtext("pubDate")
        for item in rss_items(client)
    }

    assert dates[ARTICLE_0] == "Tue, 22 Jun 2021 17:44:00 +0000"
    assert dates[ARTICLE_1] == "Sun, 17 Oct 2021 00:00:00 +0000"
    assert dates[ARTICLE_2] is None  # inferred, "September 2022 or later"
    assert dates[ARTICLE_4] is None  # inferred year


def test_the_feed_leaves_out_unpublished_articles(client, corpus):
    set_status(ARTICLE_1, Article.Status.DRAFT)
    make_article("secret", status=Article.Status.DRAFT)

    links = [item.findtext("link") for item in rss_items(client)]

    assert len(links) == 4
    assert not any(ARTICLE_1 in link or "secret" in link for link in links)


def test_the_atom_feed_gives_every_entry_an_updated_date(client, corpus):
    response = client.get("/feeds/articles/atom/")

    assert response["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(response.content).findall(f"{ATOM}entry")
    assert len(entries) == 5
    assert all(entry.find(f"{ATOM}updated") is not None for entry in entries)
    published = [entry.find(f"{ATOM}published") for entry in entries]
    assert sum(element is not None for element in published) == 3


def test_feeds_cost_a_fixed_number_of_queries(client, corpus, django_assert_num_queries):
    # 1 articles, 1 topics, 2 authorships and their people.
    with django_assert_num_queries(4):
        client.get("/feeds/articles/")


def test_the_sitemap_lists_every_public_page(client, corpus):
    locations = sitemap_locations(client)

    for path in (
        "/",
        "/articles/",
        "/events/",
        "/statistics/",
        "/network/",
        f"/articles/{ARTICLE_0}/",
        "/people/aigul-kuspan/",
        "/organisations/majilis/",
        "/places/astana/",
        "/events/open-vld-175th-anniversary/",
        "/statistics/trade-turnover/",
        "/topics/trade-and-investment/",
    ):
        for prefix in ("", "/kk", "/ru", "/fr", "/nl"):
            assert f"http://testserver{prefix}{path}" in locations, (prefix, path)
    # Each page in five languages; and once each, the RDF dump and its VoID description.
    assert len([location for location in locations if "/articles/" in location]) == 6 * 5
    assert len(locations) == (9 + 5 + 15 + 15 + 30 + 7 + 10 + 5) * 5 + 2


def test_the_sitemap_leaves_out_unpublished_articles_and_the_events_they_alone_report(
    client, corpus
):
    set_status(ARTICLE_1, Article.Status.DRAFT)

    locations = sitemap_locations(client)

    assert f"http://testserver/articles/{ARTICLE_1}/" not in locations
    assert "http://testserver/events/open-vld-175th-anniversary/" not in locations


def test_robots_txt_points_at_the_sitemap_and_away_from_the_admin(client, corpus):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def json_ld(client, path):
    [data] = read_page(client.get(path)).json_ld
    return data


def test_an_article_carries_news_article_json_ld_with_its_dateline(client, corpus):
    data = json_ld(client, f"/articles/{ARTICLE_0}/")

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Kazakhstani, Belgian MPs keen to strengthen bilateral cooperation"
    assert data["datePublished"] == "2021-06-22"
    assert data["dateline"] == "NUR-SULTAN. KAZINFORM –"
    assert data["publisher"]["name"] == "Kazinform"
    assert data["author"] == [
        {
            "@type": "Person",
            "@id": "http://testserver/people/tatyana-kudrenok/",
            "name": "Tatyana Kudrenok",
        }
    ]
    assert {
        "@type": "Person",
        "@id": "http://testserver/people/aigul-kuspan/",
        "name": "Aigul Kuspan",
    } in data["mentions"]


def test_an_inferred_date_is_not_given_as_a_publication_date(client, corpus):
    data = json_ld(client, f"/articles/{ARTICLE_4}/")

    assert "datePublished" not in data
    assert data["temporalCoverage"] == "2022"
    assert data["headline"].startswith("[")
    assert "Date inferred by the archive" in data["description"]


def test_json_ld_cannot_be_broken_out_of(client, corpus):
    make_article("breakout", title='</script><script>alert("x")</script>')

    response = client.get("/articles/breakout/")
    content = response.content.decode()

    assert '<script>alert("x")' not in content
    assert "\\u003C/script\\u003E" in content
    assert (
        json_ld(client, "/articles/breakout/")["headline"] == '</script><script>alert("x")</script>'
    )


def test_a_person_carries_their_dated_roles_as_schema_org_roles(client, corpus):
    data = json_ld(client, "/people/stephanie-dhose/")

    assert data["@type"] == "Person"
    assert "Ms D’Hose" in data["alternateName"]
    role = next(item for item in data["memberOf"] if item["roleName"] == "Speaker")
    assert role["@type"] == "Role"
    assert role["memberOf"]["name"] == "Belgian Senate"
    assert role["description"] == "as of 17 October 2021"
    assert role["subjectOf"]["@id"] == f"http://testserver/articles/{ARTICLE_1}/"


def test_an_organisation_carries_its_parent_and_sub_bodies(client, corpus):
    data = json_ld(client, "/organisations/majilis/")

    assert data["@type"] == "Organization"
    assert data["parentOrganization"]["name"] == "Parliament of the Republic of Kazakhstan"
    assert len(data["subOrganization"]) == 2


def test_an_event_carries_its_place_attendees_and_reports(client, corpus):
    data = json_ld(client, "/events/belgian-business-mission-to-kazakhstan-2021/")

    assert data["@type"] == "Event"
    assert data["startDate"] == "2021-11"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["name"] == "Kazakhstan"
    assert len(data["subjectOf"]) == 2


def test_figures_are_schema_org_observations(client, corpus):
    data = json_ld(client, "/statistics/direct-investment-cumulative/")

    variable, *observations = data["@graph"]
    assert variable["@type"] == "StatisticalVariable"
    assert len(observations) == 3
    preferred = next(item for item in observations if item["description"] == "9.96 billion USD")
    assert preferred["@type"] == "Observation"
    assert preferred["value"] == 9960000000.0
    assert preferred["unitText"] == "USD"
    assert preferred["observationPeriod"] == "2005/2021"


def test_detail_pages_carry_opengraph_tags(client, corpus):
    meta = read_page(client.get(f"/articles/{ARTICLE_3}/")).meta

    assert meta["og:type"] == "article"
    assert meta["og:title"].startswith("[Ambassador Margulan Baimukhan")
    assert meta["og:url"] == f"http://testserver/articles/{ARTICLE_3}/"
    assert meta["article:published_time"] == "2021-07-16"
    assert read_page(client.get("/people/aigul-kuspan/")).meta["og:type"] == "profile"
