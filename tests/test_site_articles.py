"""The article list: newest first, full-text search, facets with counts, pagination, bad input."""

import pytest
from django.db.models import F
from pytest_django.asserts import assertContains, assertNotContains

from archive.models import Article
from archive.pagination import ArchivePaginator

from .site_helpers import (
    ARTICLE_0,
    ARTICLE_1,
    ARTICLE_2,
    ARTICLE_3,
    ARTICLE_4,
    add_published_articles,
    heading_texts,
    make_article,
    set_status,
)

URL = "/articles/"


def listed_slugs(response):
    return [article.slug for article in response.context["object_list"]]


def facet(response, name):
    facets = {item["name"]: item["items"] for item in response.context["facets"]}
    return {item["label"]: item["count"] for item in facets[name]}


def test_it_lists_published_articles_newest_first(client, corpus):
    response = client.get(URL)

    assert response.status_code == 200
    assert listed_slugs(response) == [ARTICLE_2, ARTICLE_4, ARTICLE_1, ARTICLE_3, ARTICLE_0]
    assertContains(response, "5 articles")


def test_it_shows_devised_titles_in_square_brackets_and_inferred_dates_as_inferred(client, corpus):
    response = client.get(URL)

    assertContains(
        response,
        "[Ambassador Margulan Baimukhan meets William De Baets, Diplomatic Advisor to the King "
        "of Belgium]",
    )
    assertContains(response, "September 2022 or later")
    assertContains(response, '<span class="badge badge-inferred">inferred</span>', count=2)


def test_it_hides_draft_in_review_and_withdrawn_articles(client, corpus):
    make_article("a-draft", status=Article.Status.DRAFT, title="Secret draft")
    make_article("under-review", status=Article.Status.IN_REVIEW, title="Under review")
    set_status(ARTICLE_1, Article.Status.WITHDRAWN)

    response = client.get(URL)

    assert ARTICLE_1 not in listed_slugs(response)
    assertNotContains(response, "Secret draft")
    assertNotContains(response, "Under review")
    assertContains(response, "4 articles")


def test_search_tolerates_typographic_quotes_and_case(client, corpus):
    response = client.get(URL, {"q": "d'hose"})

    assert listed_slugs(response) == [ARTICLE_1]
    assertContains(response, "1 article matching “d&#x27;hose”")


def test_search_needs_every_word(client, corpus):
    assert listed_slugs(client.get(URL, {"q": "QazVac Kuspan"})) == [ARTICLE_0]
    assert listed_slugs(client.get(URL, {"q": "QazVac Maeterlinck"})) == []


def test_an_empty_search_lists_everything(client, corpus):
    response = client.get(URL, {"q": ""})

    assert response.status_code == 200
    assert len(listed_slugs(response)) == 5


def test_a_search_without_results_says_so(client, corpus):
    response = client.get(URL, {"q": "zeppelin"})

    assert response.status_code == 200
    assertContains(response, "No published article matches this search")


def test_search_does_not_find_drafts(client, corpus):
    make_article("hidden", status=Article.Status.DRAFT, body="Zeppelin over Astana.")

    assert listed_slugs(client.get(URL, {"q": "zeppelin"})) == []


def test_facets_count_the_matching_articles(client, corpus):
    response = client.get(URL)

    assert facet(response, "year") == {2022: 2, 2021: 3}
    assert facet(response, "source") == {"Kazinform": 4}
    assert facet(response, "topic")["Trade and investment"] == 5
    assert facet(response, "topic")["Health and vaccination"] == 3
    assert facet(response, "person")["Kassym-Jomart Tokayev"] == 5
    assert facet(response, "organisation")["Kazinform"] == 4


def test_facets_follow_the_search(client, corpus):
    response = client.get(URL, {"q": "vaccination"})

    assert set(listed_slugs(response)) == {ARTICLE_0, ARTICLE_1, ARTICLE_3}
    assert facet(response, "year") == {2021: 3}
    assert facet(response, "person")["Margulan Baimukhan"] == 2


def test_following_a_facet_gives_the_count_it_promised(client, corpus):
    listing = client.get(URL)
    for name in ("year", "source", "topic", "person", "organisation"):
        facets = {item["name"]: item["items"] for item in listing.context["facets"]}
        for item in facets[name][:3]:
            followed = client.get(URL + item["url"])
            assert followed.status_code == 200
            assert followed.context["paginator"].count == item["count"], (name, item["label"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": "2022"}, {ARTICLE_2, ARTICLE_4}),
        ({"topic": "regional-security"}, {ARTICLE_1}),
        ({"person": "stephanie-dhose"}, {ARTICLE_1}),
        ({"organisation": "osce-parliamentary-assembly"}, {ARTICLE_2, ARTICLE_3}),
        ({"source": "kazinform"}, {ARTICLE_0, ARTICLE_1, ARTICLE_2, ARTICLE_3}),
        ({"place": "astana"}, {ARTICLE_0, ARTICLE_2}),
        ({"date_after": "2021-07-01", "date_before": "2021-12-31"}, {ARTICLE_1, ARTICLE_3}),
        ({"person": "margulan-baimukhan", "q": "QazVac"}, {ARTICLE_1, ARTICLE_3}),
    ],
)
def test_each_filter_narrows_the_list(client, corpus, params, expected):
    response = client.get(URL, params)

    assert response.status_code == 200
    assert set(listed_slugs(response)) == expected


def test_a_selected_facet_is_shown_and_can_be_removed(client, corpus):
    response = client.get(URL, {"topic": "regional-security", "q": "Afghanistan"})

    active = response.context["active_filters"]
    assert [(item["name"], str(item["display"])) for item in active] == [
        ("topic", "Regional and international security")
    ]
    assert active[0]["remove_url"] == "?q=Afghanistan"
    # The search form keeps the facet when the reader searches again.
    assertContains(response, '<input type="hidden" name="topic" value="regional-security">')


def test_it_paginates_twenty_to_a_page(client, corpus):
    add_published_articles(20)

    first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert len(first.context["object_list"]) == 20
    assert len(second.context["object_list"]) == 5
    assertContains(first, "Page 1 of 2")
    assertContains(first, 'href="?page=2"')
    assertContains(second, 'href="?page=1"')


def test_pages_follow_on_in_order_with_no_article_missing_or_repeated(client, corpus, monkeypatch):
    # Pages 2 and 3 count as deep here: their rows are found through their ids first.
    monkeypatch.setattr(ArchivePaginator, "DEEP_OFFSET", 20)
    add_published_articles(45)
    newest_first = list(
        Article.objects.published().order_by(F("date_sort").desc(nulls_last=True), "-id")
    )

    shown = []
    for page in (1, 2, 3):
        shown += client.get(URL, {"page": page}).context["object_list"]

    assert shown == newest_first


def test_pagination_keeps_the_filters(client, corpus):
    add_published_articles(25)

    response = client.get(URL, {"topic": "trade-and-investment"})

    assertContains(response, 'href="?topic=trade-and-investment&amp;page=2"')


@pytest.mark.parametrize("page", ["abc", "99999", "0", "-1"])
def test_a_page_that_does_not_exist_is_a_404_in_the_sites_design(client, corpus, page):
    response = client.get(URL, {"page": page})

    assert response.status_code == 404
    assertContains(response, "Page not found", status_code=404)
    assertContains(response, "Skip to main content", status_code=404)


def test_a_year_without_articles_is_an_empty_result_with_a_message(client, corpus):
    response = client.get(URL, {"year": "1900"})

    assert response.status_code == 200
    assert listed_slugs(response) == []
    assertContains(response, "No published article matches this search")


@pytest.mark.parametrize(
    ("params", "parameter", "message"),
    [
        ({"year": "abc"}, "year", "Enter a year as a whole number, e.g. 2021."),
        ({"year": "10000"}, "year", "less than or equal to 9999"),
        ({"person": "nobody-at-all"}, "person", "No person has the slug “nobody-at-all”."),
        ({"topic": "no-such-topic"}, "topic", "No topic has the slug “no-such-topic”."),
        ({"date_after": "2021-13-45"}, "date_after", "Enter a valid date as YYYY-MM-DD"),
        ({"q": "x" * 5000}, "q", "at most 200 characters"),
    ],
)
def test_invalid_parameters_are_a_400_that_names_them(client, corpus, params, parameter, message):
    response = client.get(URL, params)

    assert response.status_code == 400
    assert listed_slugs(response) == []
    assertContains(response, f"(<code>{parameter}</code>)", status_code=400)
    assertContains(response, message, status_code=400)
    assertContains(response, "No results are shown until the parameters above", status_code=400)


def test_the_page_title_names_the_search(client, corpus):
    response = client.get(URL, {"q": "QazVac"})

    assertContains(response, "<title>Articles matching “QazVac” · Kazakhstan–Belgium")


def test_headings_are_in_order(client, corpus):
    response = client.get(URL)

    assert heading_texts(response, 1) == ["Articles"]
    # The filters come before the results, in reading order as on the screen.
    assert heading_texts(response, 2) == ["Narrow down", "5 articles"]


def test_the_list_costs_a_fixed_number_of_queries(client, corpus, django_assert_num_queries):
    # 1 count, 1 page of articles (with source and dateline place), 1 prefetch of their topics;
    # facets: 1 each for year, source, topic, person and organisation, and 1 for the span of
    # years the archive reaches (where an open-ended date stops).
    with django_assert_num_queries(9):
        client.get(URL)

    add_published_articles(30)
    with django_assert_num_queries(9):
        client.get(URL)


def test_a_filtered_list_adds_only_the_lookup_of_each_chosen_record(
    client, corpus, django_assert_num_queries
):
    # The 9 queries above, plus 1 to look up the topic named by slug, 1 for the records the
    # search's words name (the place Belgium), 1 to rank the texts matching the search, 1 for
    # those linked to the records named without saying the words, and 1 for the passages that
    # matched, of the page's texts only.
    with django_assert_num_queries(14):
        client.get(URL, {"topic": "trade-and-investment", "q": "belgium"})
