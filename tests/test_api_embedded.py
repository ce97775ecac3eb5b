"""
A detail embeds at most 20 records of a list that grows with the archive (an indicator's
figures, a topic's articles), with how many there are and the API list of them all.
"""

import io

import pytest
from django.core.management import call_command

from archive.api.serializers import EMBEDDED_LIMIT
from archive.models import Indicator, Statistic

# The lists each kind of detail embeds.
EMBEDDED = {
    "people": ("roles", "events", "articles", "authored_articles"),
    "organisations": ("children", "roles", "events", "articles", "published_articles"),
    "places": ("events", "articles", "datelined_articles"),
    "topics": ("articles", "events"),
    "events": ("participants", "reports"),
    "indicators": ("statistics",),
}


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def slug_of(item):
    for key in ("article", "event"):
        if isinstance(item.get(key), dict):
            return item[key]["slug"]
    return item["slug"]


def test_an_indicator_embeds_20_of_its_figures_with_their_count_and_list(client, corpus):
    indicator = Indicator.objects.get(slug="direct-investment-cumulative")
    figure = indicator.statistics.first()
    values = {
        field.attname: getattr(figure, field.attname)
        for field in Statistic._meta.concrete_fields
        if not field.primary_key
    }
    Statistic.objects.bulk_create(Statistic(**values) for _ in range(30))  # reported 31 times
    total = Statistic.objects.public().filter(indicator=indicator).count()

    detail = get(client, f"/api/indicators/{indicator.slug}/")

    assert total > EMBEDDED_LIMIT
    assert len(detail["statistics"]) == EMBEDDED_LIMIT
    assert detail["statistics_count"] == total
    assert detail["statistics_url"] == (
        f"http://testserver/api/statistics/?indicator={indicator.slug}"
    )
    assert get(client, detail["statistics_url"])["count"] == total


# Lists whose sample is the first page of the linked list (the others are ordered as the
# record's own page shows them: a person's events by event, an event's reports by date).
SAME_ORDER = {
    "people.articles",
    "people.authored_articles",
    "organisations.children",
    "organisations.articles",
    "organisations.published_articles",
    "places.events",
    "topics.articles",
    "topics.events",
    "indicators.statistics",
}


@pytest.mark.django_db
def test_every_embedded_list_is_bounded_counted_and_linked(client, empty_archive):
    call_command("generate_corpus", articles=200, seed=7, stdout=io.StringIO())
    bounded = set()

    for list_name, fields in EMBEDDED.items():
        for item in get(client, f"/api/{list_name}/?page_size=100")["results"][:8]:
            detail = get(client, item["url"])
            for field in fields:
                where = (item["url"], field)
                sample, count = detail[field], detail[f"{field}_count"]
                assert len(sample) == min(count, EMBEDDED_LIMIT), where
                if count > EMBEDDED_LIMIT:
                    bounded.add(f"{list_name}.{field}")
                if f"{field}_url" not in detail:
                    continue  # roles, participants, a place's articles: no API list of them
                linked = get(client, f"{detail[f'{field}_url']}&page_size={EMBEDDED_LIMIT}")
                assert linked["count"] == count, where
                if f"{list_name}.{field}" in SAME_ORDER:
                    assert [slug_of(x) for x in sample] == [
                        slug_of(x) for x in linked["results"]
                    ], where

    # The archive was large enough for the bounds to matter.
    assert {"topics.articles", "indicators.statistics", "organisations.articles"} <= bounded


def test_articles_filter_by_author_and_by_event_reported(client, corpus):
    by_author = get(client, "/api/articles/?author=tatyana-kudrenok")["results"]
    reporting = get(client, "/api/articles/?event=baimukhan-dhose-meeting-2021")["results"]

    assert [article["slug"] for article in by_author] == [
        "kazakhstani-belgian-mps-keen-to-strengthen-bilateral-cooperation"
    ]
    assert [article["slug"] for article in reporting] == [
        report["article"]["slug"]
        for report in get(client, "/api/events/baimukhan-dhose-meeting-2021/")["reports"]
    ]
