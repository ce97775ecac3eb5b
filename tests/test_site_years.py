"""
Years on the website and in the API: one rule for the `year` filter and the year facets
(archive/years.py). A facet's count is what its link returns; a date that may fall in several
years is "possibly" in each; an open end reaches no year past the archive's latest.
"""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from .site_helpers import ARTICLE_2, ARTICLE_4, make_article

URL = "/articles/"


def year_facet(response):
    facets = {item["name"]: item["items"] for item in response.context["facets"]}
    return facets["year"]


def counts(response):
    return {item["label"]: (item["count"], item["possibly"]) for item in year_facet(response)}


def listed_slugs(response):
    return [record.slug for record in response.context["object_list"]]


SEARCHES = [
    {},
    {"q": "energy"},
    {"q": "belgium"},
    {"q": "vaccination"},
    {"topic": "trade-and-investment"},
    {"person": "margulan-baimukhan"},
    {"source": "kazinform"},
]


def assert_every_year_facet_gives_its_count(client, params):
    listing = client.get(URL, params)
    assert listing.status_code == 200
    for item in year_facet(listing):
        followed = client.get(URL + item["url"])
        assert followed.status_code == 200
        assert followed.context["paginator"].count == item["count"], (params, item["label"])


@pytest.mark.parametrize("params", SEARCHES)
def test_it_counts_each_year_as_its_link_returns(client, corpus, params):
    assert_every_year_facet_gives_its_count(client, params)


@pytest.mark.parametrize("params", SEARCHES)
def test_it_still_counts_each_year_as_its_link_returns_when_or_later_spans_years(
    client, corpus, params
):
    # A later article stretches the archive to 2024: "September 2022 or later" may now fall
    # in 2022, 2023 or 2024, and each of those years counts it.
    make_article("a-report-of-2024", date_edtf="2024-03-02", title="Energy and trade in 2024")
    assert_every_year_facet_gives_its_count(client, params)


def test_every_year_the_filter_finds_articles_in_is_offered_with_that_count(client, corpus):
    make_article("a-report-of-2024", date_edtf="2024-03-02")
    make_article("a-report-before-2019", date_edtf="[..2019-05-01]")

    offered = {year: count for year, (count, _possibly) in counts(client.get(URL)).items()}
    found = {}
    for year in range(2010, 2031):
        count = client.get(URL, {"year": str(year)}).context["paginator"].count
        if count:
            found[year] = count

    assert found == offered
    # The open start reaches back to the earliest year of the archive (2019), no further.
    assert min(offered) == 2019


def test_an_open_end_reaches_the_latest_year_of_the_archive_and_no_further(client, corpus):
    make_article("a-report-of-2024", date_edtf="2024-03-02")

    facet = counts(client.get(URL))
    assert facet[2024] == (2, 1)
    assert facet[2023] == (1, 1)  # only "September 2022 or later"
    assert 2025 not in facet
    assert listed_slugs(client.get(URL, {"year": "2023"})) == [ARTICLE_2]
    assert listed_slugs(client.get(URL, {"year": "2025"})) == []
    assert listed_slugs(client.get(URL, {"date_after": "2025-01-01"})) == []


def test_an_open_end_is_not_counted_past_the_latest_article(client, corpus):
    # The latest article of the corpus is of 2022: "September 2022 or later" stops there.
    assert counts(client.get(URL)) == {2022: (2, 1), 2021: (3, 0)}
    assert listed_slugs(client.get(URL, {"year": "2023"})) == []
    assert listed_slugs(client.get(URL, {"year": "9999"})) == []


def test_the_api_follows_the_same_rule(client, corpus):
    make_article("a-report-of-2024", date_edtf="2024-03-02")

    def api_slugs(**params):
        return [item["slug"] for item in client.get("/api/articles/", params).json()["results"]]

    assert api_slugs(year=2023) == [ARTICLE_2]
    assert api_slugs(year=2025) == []


def test_it_marks_a_date_that_may_fall_in_another_year_as_possibly_in_this_one(client, corpus):
    response = client.get(URL, {"year": "2022"})

    assert set(listed_slugs(response)) == {ARTICLE_2, ARTICLE_4}
    marked = {record.slug: record.possibly_in_year for record in response.context["object_list"]}
    assert marked == {ARTICLE_2: 2022, ARTICLE_4: None}
    assertContains(response, '<span class="badge badge-possibly">possibly 2022</span>', count=1)
    assertContains(response, "it may fall in this year or in another")


def test_the_year_facet_says_how_many_are_only_possibly_in_each_year(client, corpus):
    response = client.get(URL)

    assertContains(response, '<span class="possibly">1 possibly</span>', count=1)
    assertContains(response, "“Possibly”: articles whose date is not known to the year")


def test_a_list_without_uncertain_years_shows_no_explanation(client, corpus):
    response = client.get(URL, {"year": "2021"})

    assertNotContains(response, "badge-possibly")
    assertNotContains(response, "it may fall in this year or in another")


def test_the_timeline_marks_events_known_only_as_on_or_before_a_day(client, corpus):
    response = client.get("/events/", {"year": "2021"})

    marked = {event.slug: event.possibly_in_year for event in response.context["object_list"]}
    assert marked["baimukhan-dhose-meeting-2021"] == 2021  # on or before 17 October 2021
    assert marked["tokayev-official-visit-to-brussels-2021"] is None  # November 2021
    assertContains(response, "it may fall in this year or in another")


@pytest.mark.parametrize("params", SEARCHES)
def test_with_date_mode_within_each_year_counts_only_what_is_certainly_in_it(
    client, corpus, params
):
    make_article("a-report-of-2024", date_edtf="2024-03-02", title="Energy and trade in 2024")
    within = {**params, "date_mode": "within"}

    assert_every_year_facet_gives_its_count(client, within)
    assert all(possibly == 0 for _count, possibly in counts(client.get(URL, within)).values())
    # "September 2022 or later" is certainly in no one year: 2023 holds nothing certain.
    assert 2023 not in counts(client.get(URL, within))
