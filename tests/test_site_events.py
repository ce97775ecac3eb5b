"""The timeline of events and an event's page: honest dates, participants, reports."""

import pytest
from pytest_django.asserts import assertContains

from archive.models import Article

from .site_helpers import ARTICLE_1, ARTICLE_4, heading_texts, make_undated_event, set_status

URL = "/events/"


def timeline(response):
    return [
        (group["year"], [event.slug for event in group["events"]])
        for group in response.context["years"]
    ]


def test_the_timeline_groups_public_events_by_year_in_time_order(client, corpus):
    response = client.get(URL)

    assert response.status_code == 200
    groups = timeline(response)
    assert [year for year, _events in groups] == [1992, 2021, 2022]
    assert groups[0][1] == ["establishment-of-diplomatic-relations"]
    assert heading_texts(response, 2) == ["1992", "2021", "2022"]
    assertContains(response, "15 events")


def test_the_timeline_puts_undated_events_last_under_date_unknown(client, corpus):
    make_undated_event()
    response = client.get(URL)

    assert timeline(response)[-1] == (None, ["undated-talk"])
    assert heading_texts(response, 2)[-1] == "Date unknown"
    assertContains(response, "date unknown")
    assertContains(response, 'href="#year-unknown"')
    assertContains(response, 'id="year-unknown"')


def test_the_timeline_keeps_the_precision_of_each_date(client, corpus):
    response = client.get(URL)

    assertContains(response, '<time datetime="2021-09">September 2021</time>')
    assertContains(response, '<time datetime="2021-10-11">11 October 2021</time>')
    assertContains(response, "on or before 22 June 2021")
    assertContains(response, "September 2022 or later")


def test_the_timeline_says_when_an_event_was_only_planned(client, corpus):
    response = client.get(URL)

    assertContains(response, '<li class="timeline-event timeline-event-planned">')
    assertContains(response, '<span class="badge badge-planned">planned</span>', count=1)


def test_the_timeline_offers_a_jump_to_each_year(client, corpus):
    response = client.get(URL)

    for anchor in ("year-1992", "year-2021", "year-2022"):
        assertContains(response, f'href="#{anchor}"')
        assertContains(response, f'id="{anchor}"')


def test_events_reported_only_by_unpublished_articles_are_hidden(client, corpus):
    set_status(ARTICLE_4, Article.Status.DRAFT)

    slugs = [slug for _year, events in timeline(client.get(URL)) for slug in events]

    assert "thirtieth-anniversary-of-diplomatic-relations" not in slugs
    assert "establishment-of-diplomatic-relations" not in slugs
    # Still reported by another, published article.
    assert "tokayev-official-visit-to-brussels-2021" in slugs


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "planned"}, ["belgian-business-mission-to-kazakhstan-2021"]),
        (
            {"kind": "anniversary"},
            ["open-vld-175th-anniversary", "thirtieth-anniversary-of-diplomatic-relations"],
        ),
        ({"place": "vienna"}, ["trilateral-meeting-of-speakers-vienna-2021"]),
        ({"person": "tim-vandenput"}, ["vassilenko-meets-belgian-parliamentary-delegation"]),
        ({"q": "unama"}, ["kazakhstan-offers-unama-temporary-deployment-in-almaty"]),
    ],
)
def test_the_timeline_can_be_filtered(client, corpus, params, expected):
    response = client.get(URL, params)

    assert response.status_code == 200
    assert [event.slug for event in response.context["object_list"]] == expected


@pytest.mark.parametrize("params", [{"status": "rumoured"}, {"year": "abc"}, {"place": "atlantis"}])
def test_a_bad_timeline_filter_is_a_400_with_the_error(client, corpus, params):
    response = client.get(URL, params)

    assert response.status_code == 400
    assertContains(response, f"(<code>{next(iter(params))}</code>)", status_code=400)


def test_the_timeline_costs_a_fixed_number_of_queries(client, corpus, django_assert_num_queries):
    # 1 count, 1 page of events with their places, 1 overview of every event's date.
    with django_assert_num_queries(3):
        client.get(URL)


def test_an_event_shows_its_date_status_place_participants_and_reports(client, corpus):
    response = client.get("/events/belgian-business-mission-to-kazakhstan-2021/")

    assert response.status_code == 200
    assertContains(response, '<time datetime="2021-11">November 2021</time>')
    assertContains(response, "The report of 16 July 2021 says “autumn 2021”")
    assertContains(
        response, '<span class="badge badge-planned">planned</span> (as the latest report has it)'
    )
    assertContains(response, '<a href="/places/kazakhstan/">Kazakhstan</a>')
    groups = [
        (group["part"], [str(item.participant) for item in group["participants"]])
        for group in response.context["participant_groups"]
    ]
    assert groups == [
        (
            "organiser",
            [
                "Agence wallonne à l'Exportation et aux Investissements étrangers",
                "Flanders Investment & Trade",
            ],
        )
    ]
    reports = response.context["reports"]
    assert len(reports) == 2
    assertContains(
        response,
        "“the upcoming visit of Belgian enterprises to Kazakhstan, planned for autumn 2021",
    )
    assertContains(response, "Reported by 2 articles")


def test_an_event_page_leaves_out_reports_from_unpublished_articles(client, corpus):
    set_status(ARTICLE_1, Article.Status.DRAFT)

    response = client.get("/events/belgian-business-mission-to-kazakhstan-2021/")

    assert len(response.context["reports"]) == 1
    assertContains(response, "Reported by 1 article")


def test_an_event_reported_only_by_an_unpublished_article_is_a_404(client, corpus):
    set_status(ARTICLE_1, Article.Status.DRAFT)

    response = client.get("/events/open-vld-175th-anniversary/")

    assert response.status_code == 404
    assertContains(response, "Page not found", status_code=404)


def test_an_inferred_event_date_shows_its_evidence(client, corpus):
    response = client.get("/events/establishment-of-diplomatic-relations/")

    assertContains(response, "How the date was inferred:")
    assertContains(response, "Thirty years before the anniversary")


def test_an_event_page_costs_a_fixed_number_of_queries(client, corpus, django_assert_num_queries):
    # 1 event with its place, 1 topics, 1 participants (with people and bodies), 1 reports,
    # 1 their articles (with publishers), 1 corrections.
    with django_assert_num_queries(6):
        client.get("/events/vassilenko-meets-belgian-parliamentary-delegation/")
