"""The home page: what the archive is, the latest articles, key figures and events."""

from pytest_django.asserts import assertContains, assertNotContains

from archive.models import Article

from .site_helpers import (
    ARTICLE_2,
    ARTICLE_4,
    add_published_articles,
    make_undated_event,
    set_status,
)


def test_the_home_page_says_what_the_archive_is_and_shows_the_latest_articles(client, corpus):
    response = client.get("/")

    assert response.status_code == 200
    assertContains(response, '<h1 id="intro-heading">Kazakhstan–Belgium Relations Archive</h1>')
    assertContains(response, "5 articles · 15 events · 15 people · 30 organisations")
    assert [article.slug for article in response.context["latest_articles"]][:2] == [
        ARTICLE_2,
        ARTICLE_4,
    ]


def test_key_figures_show_the_preferred_or_latest_figure_of_each_indicator(client, corpus):
    response = client.get("/")

    figures = {
        item["indicator"].slug: item["figure"].value_label
        for item in response.context["key_figures"]
    }
    assert figures["trade-turnover"] == "419.7 million USD"
    assert figures["direct-investment-cumulative"] == "9.96 billion USD"  # the preferred one
    assertContains(response, "2 other reports of this figure")


def test_the_home_page_shows_planned_and_latest_events(client, corpus):
    make_undated_event()
    response = client.get("/")

    assert [event.slug for event in response.context["planned_events"]] == [
        "belgian-business-mission-to-kazakhstan-2021"
    ]
    latest = [event.slug for event in response.context["latest_events"]]
    assert latest[0] == "vassilenko-meets-belgian-parliamentary-delegation"
    assert "undated-talk" not in latest  # no date: not "latest"


def test_the_home_page_shows_only_what_is_public(client, corpus):
    set_status(ARTICLE_4, Article.Status.DRAFT)

    response = client.get("/")

    assertContains(response, "4 articles · 13 events")
    assertNotContains(response, "419.7 million USD")


def test_the_home_page_costs_a_fixed_number_of_queries(client, corpus, django_assert_num_queries):
    # 1 latest articles, 1 their topics, 1 indicators, 1 their figures, 2 event lists,
    # 4 counts (articles, events, people, organisations).
    with django_assert_num_queries(10):
        client.get("/")
    add_published_articles(10)
    with django_assert_num_queries(10):
        client.get("/")
