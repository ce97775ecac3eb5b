"""The API's articles: list, detail, every filter, ordering, pages, CSV, visibility, queries."""

import csv
import io

import pytest

from archive.models import Article, Topic

from .problems import problem_of, refused_parameters
from .unpublished import make_draft_with_facts

ARTICLES = "/api/articles/"
KUSPAN = "kazakhstani-belgian-mps-keen-to-strengthen-bilateral-cooperation"  # 2021-06-22
DHOSE = "prospects-of-expanding-cooperation-with-kazakhstan-discussed-with-belgian-senates-speaker"
# 2021-07-16, with a devised title:
DE_BAETS = (
    "ambassador-margulan-baimukhan-meets-william-de-baets-diplomatic-advisor-to-the-king-of-belgium"
)
ASTANA = "inter-parliamentary-diplomacy-btw-kazakhstan-and-belgium-discussed"  # [2022-09..]
ANNIVERSARY = "kazakhstan-and-belgium-mark-the-30th-anniversary-of-diplomatic-relations"  # 2022


def slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def test_it_lists_published_articles_in_drfs_paginated_shape(client, corpus):
    response = client.get(ARTICLES)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 5
    # Newest first; the undated-but-inferred 2022 texts lead.
    assert [item["slug"] for item in body["results"]] == [
        ASTANA,
        ANNIVERSARY,
        DHOSE,
        DE_BAETS,
        KUSPAN,
    ]


def test_each_article_links_its_api_detail_and_its_web_page(client, corpus):
    item = client.get(ARTICLES, {"q": "Kuspan"}).json()["results"][0]

    assert item["url"] == f"http://testserver/api/articles/{KUSPAN}/"
    assert item["web_url"] == f"http://testserver/articles/{KUSPAN}/"
    assert item["source"] == {
        "slug": "kazinform",
        "name": "Kazinform",
        "acronym": None,
        "url": "http://testserver/api/organisations/kazinform/",
    }
    assert item["dateline_place"]["slug"] == "astana"
    assert item["published_time"] == "17:44:00"


def test_a_devised_title_is_flagged_and_bracketed(client, corpus):
    item = client.get(f"{ARTICLES}{DE_BAETS}/").json()

    assert item["title_is_devised"] is True
    assert item["display_title"] == f"[{item['title']}]"


def test_dates_come_as_edtf_with_bounds_label_and_evidence(client, corpus):
    astana = client.get(f"{ARTICLES}{ASTANA}/").json()
    kuspan = client.get(f"{ARTICLES}{KUSPAN}/").json()

    assert astana["date"]["edtf"] == "[2022-09..]"
    assert astana["date"]["lower"] == "2022-09-01"
    assert astana["date"]["upper"] is None
    assert astana["date"]["label"] == "September 2022 or later"
    assert astana["date"]["inferred"] is True
    assert "ASTANA" in astana["date"]["note"]
    assert kuspan["date"] == {
        "edtf": "2021-06-22",
        "lower": "2021-06-22",
        "upper": "2021-06-22",
        "sort": "2021-06-22",
        "label": "22 June 2021",
        "inferred": False,
        "note": None,
    }


def test_article_detail_gives_its_text_original_and_mentions(client, corpus):
    article = client.get(f"{ARTICLES}{KUSPAN}/").json()

    assert article["body"].startswith("Inter-parliamentary groups")
    assert "Go to the main site" in article["raw_text"]  # the original, verbatim
    assert article["authors"] == [
        {
            "person": {
                "slug": "tatyana-kudrenok",
                "name": "Tatyana Kudrenok",
                "url": "http://testserver/api/people/tatyana-kudrenok/",
            },
            "byline": "Kudrenok Tatyana",
        }
    ]
    kuspan = next(m for m in article["people"] if m["person"]["slug"] == "aigul-kuspan")
    assert "Ms Kuspan" in kuspan["surface_forms"]
    assert "majilis" in [m["organisation"]["slug"] for m in article["organisations"]]
    assert all(set(m) == {"place", "surface_forms"} for m in article["places"])


def test_article_detail_gives_the_roles_events_and_figures_it_sources(client, corpus):
    article = client.get(f"{ARTICLES}{DHOSE}/").json()

    ambassador = [r for r in article["roles"] if r["person"]["slug"] == "margulan-baimukhan"]
    assert ambassador[0]["title"] == "Ambassador of Kazakhstan to Belgium"
    assert ambassador[0]["quote"] in article["body"]
    assert ambassador[0]["date"]["label"] == "as of 17 October 2021"
    meeting = next(
        e for e in article["events"] if e["event"]["slug"] == "baimukhan-dhose-meeting-2021"
    )
    assert meeting["quote"] in article["body"]
    investment = next(
        s for s in article["statistics"] if s["indicator"]["slug"] == "direct-investment-cumulative"
    )
    assert (investment["qualifier"], investment["value"], investment["unit"]) == (
        "more_than",
        "9",
        "USD",
    )
    assert investment["value_label"] == "more than 9 billion USD"


def test_it_hides_draft_articles_from_the_list_the_detail_and_every_filter(client, corpus):
    make_draft_with_facts()

    assert "secret-talks-in-vienna" not in slugs(client.get(ARTICLES, {"page_size": 100}))
    assert client.get(f"{ARTICLES}secret-talks-in-vienna/").status_code == 404
    assert slugs(client.get(ARTICLES, {"q": "secret talks"})) == []
    assert slugs(client.get(ARTICLES, {"place": "vienna"})) == [DHOSE]  # it names Vienna too


@pytest.mark.parametrize("status", [Article.Status.IN_REVIEW, Article.Status.WITHDRAWN])
def test_it_hides_articles_in_review_or_withdrawn(client, corpus, status):
    Article.objects.filter(slug=KUSPAN).update(status=status)

    assert KUSPAN not in slugs(client.get(ARTICLES))
    assert client.get(f"{ARTICLES}{KUSPAN}/").status_code == 404


def test_an_unknown_slug_is_a_404_with_a_message(client, corpus):
    response = client.get(f"{ARTICLES}no-such-article/")

    assert response.status_code == 404
    detail = problem_of(response, "not-found")["detail"]
    assert detail == "No article has the slug “no-such-article”."


# --- Filters ----------------------------------------------------------------------------------


def test_q_searches_title_and_body_whatever_the_quotes_and_case(client, corpus):
    assert slugs(client.get(ARTICLES, {"q": "d'hose"})) == [DHOSE]
    assert slugs(client.get(ARTICLES, {"q": "REGISTERING qazvac"})) == [KUSPAN]
    assert slugs(client.get(ARTICLES, {"q": "«hearing state»"})) == [DE_BAETS]


def test_date_after_and_before_filter_on_the_date_bounds(client, corpus):
    # An open-ended "[2022-09..]" may fall after any day; "2022" may fall after 2022-06-01.
    assert slugs(client.get(ARTICLES, {"date_after": "2022-06-01"})) == [ASTANA, ANNIVERSARY]
    assert slugs(client.get(ARTICLES, {"date_before": "2021-07-16"})) == [DE_BAETS, KUSPAN]
    assert slugs(
        client.get(ARTICLES, {"date_after": "2021-07-01", "date_before": "2021-12-31"})
    ) == [DHOSE, DE_BAETS]


def test_year_finds_articles_whose_date_may_fall_in_it(client, corpus):
    assert slugs(client.get(ARTICLES, {"year": 2021})) == [DHOSE, DE_BAETS, KUSPAN]
    assert slugs(client.get(ARTICLES, {"year": 2022})) == [ASTANA, ANNIVERSARY]
    assert slugs(client.get(ARTICLES, {"year": 2019})) == []


def test_person_filter_finds_articles_naming_them(client, corpus):
    assert slugs(client.get(ARTICLES, {"person": "stephanie-dhose"})) == [DHOSE]


def test_organisation_filter_finds_articles_naming_it(client, corpus):
    assert slugs(client.get(ARTICLES, {"organisation": "open-vld"})) == [DHOSE]


def test_topic_filter_finds_articles_filed_under_it(client, corpus):
    assert slugs(client.get(ARTICLES, {"topic": "regional-security"})) == [DHOSE]


def test_source_filter_finds_articles_by_their_publisher(client, corpus):
    assert ANNIVERSARY not in slugs(client.get(ARTICLES, {"source": "kazinform"}))
    assert len(slugs(client.get(ARTICLES, {"source": "kazinform"}))) == 4


def test_place_filter_finds_datelined_and_mentioned_articles(client, corpus):
    brussels = slugs(client.get(ARTICLES, {"place": "brussels"}))

    assert DHOSE in brussels and DE_BAETS in brussels  # datelined BRUSSELS
    assert ANNIVERSARY in brussels  # "official visit to Brussels" in the text


def test_filters_combine(client, corpus):
    both = {"person": "margulan-baimukhan", "year": 2021}
    assert slugs(client.get(ARTICLES, both)) == [DHOSE, DE_BAETS]
    assert slugs(client.get(ARTICLES, {**both, "q": "De Baets"})) == [DE_BAETS]
    assert slugs(client.get(ARTICLES, {**both, "topic": "regional-security"})) == [DHOSE]
    assert slugs(client.get(ARTICLES, {**both, "date_before": "2021-06-30"})) == []


@pytest.mark.parametrize(
    ("parameter", "value", "message"),
    [
        ("date_after", "2021-13-01", "Enter a valid date as YYYY-MM-DD, e.g. 2021-10-01."),
        ("date_before", "yesterday", "Enter a valid date as YYYY-MM-DD, e.g. 2021-10-01."),
        ("year", "twenty", "Enter a year as a whole number, e.g. 2021."),
        (
            "ordering",
            "colour",
            "Select a valid choice. colour is not one of the available choices.",
        ),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, corpus, parameter, value, message):
    response = client.get(ARTICLES, {parameter: value})

    assert response.status_code == 400
    assert refused_parameters(response) == {parameter: [message]}


@pytest.mark.parametrize(
    ("parameter", "value", "message"),
    [
        ("person", "nobody", "No person has the slug “nobody”."),
        ("organisation", "acme", "No organisation has the slug “acme”."),
        ("topic", "gossip", "No topic has the slug “gossip”."),
        ("source", "the-times", "No organisation has the slug “the-times”."),
        ("place", "atlantis", "No place has the slug “atlantis”."),
    ],
)
def test_a_filter_naming_no_record_is_a_404_naming_it(client, corpus, parameter, value, message):
    response = client.get(ARTICLES, {parameter: value})

    assert response.status_code == 404
    assert problem_of(response, "not-found")["detail"] == message
    assert refused_parameters(response, "not-found") == {parameter: [message]}


def test_a_draft_articles_slug_is_refused_as_unknown_in_the_statistics_filter(client, corpus):
    draft = make_draft_with_facts()

    response = client.get("/api/statistics/", {"article": draft.slug})

    message = f"No article has the slug “{draft.slug}”."
    assert response.status_code == 404
    assert problem_of(response, "not-found")["detail"] == message
    assert refused_parameters(response, "not-found") == {"article": [message]}


# --- Ordering and pages -----------------------------------------------------------------------


def test_ordering_by_date_title_and_update(client, corpus):
    assert slugs(client.get(ARTICLES, {"ordering": "date"})) == [
        KUSPAN,
        DE_BAETS,
        DHOSE,
        ANNIVERSARY,
        ASTANA,
    ]
    titles = [a["title"] for a in client.get(ARTICLES, {"ordering": "-title"}).json()["results"]]
    assert titles == sorted(titles, reverse=True)
    assert len(slugs(client.get(ARTICLES, {"ordering": "-updated"}))) == 5


def test_undated_articles_sort_last_both_ways(client, corpus):
    Article.objects.filter(slug=KUSPAN).update(
        date_edtf="", date_lower=None, date_upper=None, date_sort=None
    )

    assert slugs(client.get(ARTICLES, {"ordering": "date"}))[-1] == KUSPAN
    assert slugs(client.get(ARTICLES, {"ordering": "-date"}))[-1] == KUSPAN


def test_page_size_pages_and_links_the_next_page(client, corpus):
    first = client.get(ARTICLES, {"page_size": 2})
    second = client.get(first.json()["next"])
    last = client.get(ARTICLES, {"page_size": 2, "page": 3})

    assert len(first.json()["results"]) == 2
    assert first["Link"] == f'<{first.json()["next"]}>; rel="next"'
    assert len(second.json()["results"]) == 2
    assert 'rel="prev"' in second["Link"] and 'rel="next"' in second["Link"]
    assert last.json()["next"] is None and len(last.json()["results"]) == 1


def test_a_page_holds_up_to_100(client, corpus):
    Topic.objects.bulk_create(
        Topic(name=f"Extra topic {number}", slug=f"extra-topic-{number}") for number in range(95)
    )

    response = client.get("/api/topics/", {"page_size": 100})

    assert response.json()["count"] == 105
    assert len(response.json()["results"]) == 100


@pytest.mark.parametrize("page_size", ["0", "-5", "ten", "2.5", "101", "1000"])
def test_a_page_size_that_is_not_a_whole_number_from_1_to_100_is_a_400(client, corpus, page_size):
    response = client.get(ARTICLES, {"page_size": page_size})

    assert response.status_code == 400
    assert refused_parameters(response) == {
        "page_size": [
            "Give a whole number from 1 to 100 (the most a page holds), or “all” with "
            "format=csv for every row at once."
        ]
    }


def test_an_ordering_with_an_empty_name_is_a_400(client, corpus):
    response = client.get(ARTICLES, {"ordering": "title,"})

    assert response.status_code == 400
    assert list(refused_parameters(response)) == ["ordering"]


def test_orderings_combine(client, corpus):
    assert slugs(client.get(ARTICLES, {"ordering": "-date,title"}))[:2] == [ASTANA, ANNIVERSARY]


def test_a_page_past_the_end_is_a_404(client, corpus):
    response = client.get(ARTICLES, {"page": 9})

    assert response.status_code == 404
    assert problem_of(response, "page-not-found")["detail"] == (
        "Page 9 does not exist: there is 1 page."
    )


# --- CSV --------------------------------------------------------------------------------------


def read_csv(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_list_comes_as_csv_with_format_csv(client, corpus):
    rows = read_csv(client.get(ARTICLES, {"format": "csv"}))

    assert [row["slug"] for row in rows] == [ASTANA, ANNIVERSARY, DHOSE, DE_BAETS, KUSPAN]
    kuspan = rows[-1]
    assert kuspan["url"] == f"http://testserver/api/articles/{KUSPAN}/"  # JSON, not ?format=csv
    assert kuspan["source"] == "kazinform"
    assert kuspan["date_edtf"] == "2021-06-22"
    assert kuspan["date_label"] == "22 June 2021"
    assert kuspan["title_is_devised"] == "false"
    assert kuspan["topics"].split("; ")[:2] == ["culture-and-education", "health-and-vaccination"]
    assert rows[1]["source"] == ""  # the anniversary text names no publisher


def test_the_list_comes_as_csv_with_accept_text_csv_and_keeps_the_filters(client, corpus):
    rows = read_csv(client.get(ARTICLES, {"person": "margulan-baimukhan"}, HTTP_ACCEPT="text/csv"))

    assert [row["slug"] for row in rows] == [DHOSE, DE_BAETS]


def test_csv_pages_like_the_json_and_links_the_next_page(client, corpus):
    response = client.get(ARTICLES, {"format": "csv", "page_size": 2})

    assert len(read_csv(response)) == 2
    assert 'rel="next"' in response["Link"]


def test_an_empty_csv_page_still_has_its_header(client, corpus):
    response = client.get(ARTICLES, {"format": "csv", "year": 1900})

    assert response.content.decode().splitlines()[0].startswith("url,web_url,slug,title,")
    assert read_csv(response) == []


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, corpus):
    Article.objects.filter(slug=KUSPAN).update(
        title='=HYPERLINK("http://evil.example","click")', dateline="@SUM(A1:A2)"
    )

    row = read_csv(client.get(ARTICLES, {"format": "csv", "q": "Kuspan"}))[0]

    assert row["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["dateline"] == "'@SUM(A1:A2)"


def test_a_bad_parameter_in_a_csv_request_is_answered_in_json(client, corpus):
    response = client.get(ARTICLES, {"format": "csv", "date_after": "yesterday"})

    assert response.status_code == 400
    assert refused_parameters(response) == {
        "date_after": ["Enter a valid date as YYYY-MM-DD, e.g. 2021-10-01."]
    }


# --- Queries ----------------------------------------------------------------------------------


def test_the_list_makes_the_same_few_queries_for_1_or_100_rows(
    client, corpus, django_assert_num_queries
):
    # 1 count, 1 page (with source and dateline place joined), 1 prefetch of topics.
    with django_assert_num_queries(3):
        client.get(ARTICLES, {"page_size": 1})
    with django_assert_num_queries(3):
        client.get(ARTICLES, {"page_size": 100})
    with django_assert_num_queries(3):
        client.get(ARTICLES, {"page_size": 100, "format": "csv"})


def test_the_detail_makes_a_fixed_number_of_queries(client, corpus, django_assert_num_queries):
    # 1 article (with source, relay, dateline place); prefetches, each with the records it
    # names joined in: topics, authorships, person mentions, organisation mentions, place
    # mentions, roles, event reports, statistics, corrections; its other editions.
    with django_assert_num_queries(11):
        client.get(f"{ARTICLES}{KUSPAN}/")
    # The same with no author.
    with django_assert_num_queries(11):
        client.get(f"{ARTICLES}{DHOSE}/")
