"""
The overview that opens the events page (archive/website/timeline.py): every date drawn over
the time it may cover and no more, planned events marked, undated ones counted as not drawn,
the page's filters applied, and counts instead of marks when there are many events.
"""

import datetime
import re
import xml.etree.ElementTree as ElementTree

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from archive import dates
from archive.models import Article, Event, EventReport
from archive.website import timeline
from archive.website.timeline import (
    MONTH_WIDTH,
    NARROWEST_MARK,
    PLOT_LEFT,
    PLOT_RIGHT,
    x_of,
)

from .site_helpers import ARTICLE_1, ARTICLE_4, make_undated_event, set_status

URL = "/events/"
WHOLE_ROW = PLOT_RIGHT - PLOT_LEFT


def overview_of(response):
    return response.context["overview"]


def marks_by_slug(overview):
    """{event slug: [its marks, one per year row]}."""
    found = {}
    for row in overview.rows:
        for mark in row.marks:
            found.setdefault(mark.href.strip("/").split("/")[-1], []).append((row.year, mark))
    return found


def the_svg(response):
    html = response.content.decode()
    return re.search(r'<svg class="chart timeline-chart".*?</svg>', html, re.S).group(0)


def make_event(slug, edtf, status=Event.Status.TOOK_PLACE, kind="meeting", article=ARTICLE_1):
    event = Event.objects.create(
        title=f"Event {slug}", slug=slug, kind=kind, status=status, date_edtf=edtf
    )
    EventReport.objects.create(
        event=event,
        article=Article.objects.get(slug=article),
        quote="The Belgian Senate has 60 senators",
    )
    return event


def row(edtf, status="took_place", slug="an-event"):
    """An event as the overview reads it from `values()`."""
    bounds = dates.edtf_bounds(edtf)
    return {
        "title": f"Event {slug}",
        "href": f"/events/{slug}/",
        "date_edtf": edtf,
        "date_lower": bounds.lower,
        "date_upper": bounds.upper,
        "status": status,
    }


def link(**params):
    return "?" + "&".join(f"{name}={value}" for name, value in params.items())


# --- On the seed corpus ------------------------------------------------------------------------


def test_the_events_page_opens_with_an_overview_of_every_event(client, corpus):
    response = client.get(URL)

    overview = overview_of(response)
    assert not overview.summarised
    assert (overview.drawn, overview.undrawn) == (15, 0)
    assert [row.label for row in overview.rows] == ["1992", "1993–2020", "2021", "2022"]
    assert len(marks_by_slug(overview)) == 15
    assertContains(response, 'aria-labelledby="timeline-overview"')
    assertContains(response, 'aria-describedby="timeline-overview-caption"')
    assertContains(response, "15 events, each drawn over the time its date may cover")
    assertContains(response, "The list below gives every event in full.")


def test_a_day_is_a_narrow_mark_inside_its_month(client, corpus):
    overview = overview_of(client.get(URL))

    [(year, mark)] = marks_by_slug(overview)["pcc-kazakhstan-eu-18th-meeting"]  # 2021-10-11
    assert year == 2021
    assert mark.width == NARROWEST_MARK
    october = PLOT_LEFT + 9 * MONTH_WIDTH
    assert october < mark.x < mark.x + mark.width < october + MONTH_WIDTH


def test_a_month_spans_the_whole_month_and_no_more(client, corpus):
    overview = overview_of(client.get(URL))

    [(year, mark)] = marks_by_slug(overview)["trilateral-meeting-of-speakers-vienna-2021"]
    assert year == 2021
    assert (mark.x, mark.width) == (PLOT_LEFT + 8 * MONTH_WIDTH, MONTH_WIDTH)  # September


def test_a_year_spans_its_whole_row(client, corpus):
    overview = overview_of(client.get(URL))

    [(year, mark)] = marks_by_slug(overview)["open-vld-175th-anniversary"]
    assert (year, mark.x, mark.width) == (2021, PLOT_LEFT, WHOLE_ROW)


def test_an_open_side_is_an_arrow_from_the_bound_that_is_known(client, corpus):
    marks = marks_by_slug(overview_of(client.get(URL)))

    [(_year, before)] = marks["baimukhan-dhose-meeting-2021"]  # on or before 17 October 2021
    assert before.width == NARROWEST_MARK
    assert before.x < x_of(datetime.date(2021, 10, 17)) < before.x + before.width
    assert before.open_before and not before.open_after
    assert "on or before 17 October 2021" in before.name
    [(_year, after)] = marks["vassilenko-meets-belgian-parliamentary-delegation"]  # 2022-09..
    assert after.open_after and not after.open_before
    assert after.x < x_of(datetime.date(2022, 9, 1)) < after.x + after.width


def test_a_planned_event_is_drawn_hollow_and_said_to_be_planned(client, corpus):
    response = client.get(URL)

    [(_year, mark)] = marks_by_slug(overview_of(response))[
        "belgian-business-mission-to-kazakhstan-2021"
    ]
    assert mark.not_yet_held
    assert (
        mark.name
        == "Business mission of Belgian entrepreneurs to Kazakhstan, November 2021, planned"
    )
    assertContains(response, 'class="timeline-mark timeline-mark-planned"', count=2)  # and key
    assertContains(response, f'aria-label="{mark.name}"')
    assertContains(response, "planned or announced: not known to have taken place")


def test_the_overview_is_well_formed_svg(client, corpus):
    svg = ElementTree.fromstring(the_svg(client.get(URL)))

    assert svg.get("viewBox") == f"0 0 640 {svg.get('height')}"
    links = [element for element in svg.iter("a") if element.get("href", "").startswith("/")]
    assert len(links) == 15
    assert all(element.get("aria-label") for element in links)


def test_an_undated_event_is_counted_as_not_drawn(client, corpus):
    make_undated_event()

    response = client.get(URL)

    overview = overview_of(response)
    assert (overview.drawn, overview.undrawn) == (15, 1)
    assert "undated-talk" not in marks_by_slug(overview)
    assertContains(response, "One event has no known date and is not drawn.")


@pytest.mark.parametrize(
    ("params", "slugs", "years"),
    [
        (
            {"kind": "anniversary"},
            {"open-vld-175th-anniversary", "thirtieth-anniversary-of-diplomatic-relations"},
            ["2021", "2022"],
        ),
        ({"status": "planned"}, {"belgian-business-mission-to-kazakhstan-2021"}, ["2021"]),
        (
            {"year": "2022"},
            {
                "thirtieth-anniversary-of-diplomatic-relations",
                "vassilenko-meets-belgian-parliamentary-delegation",
            },
            ["2022"],
        ),
    ],
)
def test_the_overview_shows_only_the_events_the_filters_select(
    client, corpus, params, slugs, years
):
    overview = overview_of(client.get(URL, params))

    assert set(marks_by_slug(overview)) == slugs
    assert [row.label for row in overview.rows] == years


def test_the_overview_draws_every_filtered_event_not_only_this_page(client, corpus, monkeypatch):
    monkeypatch.setattr("archive.website.events.EventListView.paginate_by", 5)

    response = client.get(URL)

    assert len(response.context["object_list"]) == 5
    assert overview_of(response).drawn == 15


def test_a_years_link_keeps_the_pages_filters(client, corpus):
    response = client.get(URL, {"kind": "anniversary", "page": "1"})

    assertContains(response, 'href="?kind=anniversary&amp;year=2021"')


def test_events_reported_only_by_drafts_are_not_drawn(client, corpus):
    set_status(ARTICLE_4, Article.Status.DRAFT)

    response = client.get(URL)

    slugs = set(marks_by_slug(overview_of(response)))
    assert "thirtieth-anniversary-of-diplomatic-relations" not in slugs
    assert "establishment-of-diplomatic-relations" not in slugs
    assert "tokayev-official-visit-to-brussels-2021" in slugs
    assertNotContains(response, "/events/establishment-of-diplomatic-relations/")


def test_no_overview_when_no_event_matches(client, corpus):
    response = client.get(URL, {"q": "no such event anywhere"})

    assert response.context["overview"] is None
    assertNotContains(response, "timeline-chart")


def test_month_and_year_names_follow_the_pages_language(client, corpus):
    response = client.get(f"/ru{URL}")

    svg = the_svg(response)
    assert ">Янв</text>" in svg and ">Jan</text>" not in svg
    assert ">2021</text>" in svg


# --- Events made in tests: fuzzy dates, spans ---------------------------------------------------


def test_a_season_spans_its_months(client, corpus):
    make_event("autumn-talks", "2021-23")

    [(_year, mark)] = marks_by_slug(overview_of(client.get(URL)))["autumn-talks"]

    assert (mark.x, mark.width) == (PLOT_LEFT + 8 * MONTH_WIDTH, 3 * MONTH_WIDTH)  # Sep to Nov


@pytest.mark.parametrize(("edtf", "words"), [("2021?", "2021 (uncertain)"), ("2021~", "c. 2021")])
def test_an_uncertain_or_approximate_year_is_drawn_lighter_over_the_whole_year(
    client, corpus, edtf, words
):
    make_event("maybe-talks", edtf)

    response = client.get(URL)

    [(_year, mark)] = marks_by_slug(overview_of(response))["maybe-talks"]
    assert (mark.x, mark.width, mark.fuzzy) == (PLOT_LEFT, WHOLE_ROW, True)
    assert mark.name == f"Event maybe-talks, {words}"
    assertContains(response, "timeline-mark-took_place timeline-mark-fuzzy")
    assertContains(response, "approximate or uncertain date")


def test_a_span_is_drawn_in_every_year_it_covers_and_linked_once(client, corpus):
    make_event("long-talks", "2019-06/2020-03")

    response = client.get(URL)

    marks = marks_by_slug(overview_of(response))["long-talks"]
    assert [(year, mark.first) for year, mark in marks] == [(2019, True), (2020, False)]
    (_y, first), (_y2, second) = marks
    assert (first.x, first.x + first.width) == (PLOT_LEFT + 5 * MONTH_WIDTH, PLOT_RIGHT)
    assert (second.x, second.x + second.width) == (PLOT_LEFT, PLOT_LEFT + 3 * MONTH_WIDTH)
    assertContains(response, 'href="/events/long-talks/"', count=2)  # the overview and the list


def test_an_announced_event_is_marked_like_a_planned_one(client, corpus):
    make_event("offered-talks", "2021-12", status=Event.Status.ANNOUNCED)

    response = client.get(URL)

    [(_year, mark)] = marks_by_slug(overview_of(response))["offered-talks"]
    assert mark.not_yet_held and mark.name.endswith(", announced")
    assertContains(response, 'class="timeline-mark timeline-mark-announced"')


# --- Many events: counted, not drawn one by one -------------------------------------------------


def test_stacked_marks_stay_apart():
    rows = [row("2021-06"), row("2021-06-15"), row("2021-07"), row("2021")]
    overview = timeline.overview(rows, link)

    marks = overview.rows[0].marks
    for one in marks:
        for other in marks:
            if one is not other and one.lane == other.lane:
                assert one.x + one.width < other.x or other.x + other.width < one.x
    assert len({mark.lane for mark in marks}) == 3  # June and its day overlap; so does 2021


def test_beyond_the_threshold_events_are_counted_per_month():
    rows = [row("2021-09-05")] * 9_000 + [row("2021-09", "planned")] * 500
    rows += [row("2021")] * 300 + [row("[..2022-03-01]")] * 200 + [row("")] * 7

    overview = timeline.overview(rows, link)

    assert overview.summarised
    assert (overview.drawn, overview.undrawn) == (10_000, 7)
    assert [row.label for row in overview.rows] == ["2021", "2022"]
    [september] = overview.rows[0].bars
    assert (september.count, september.planned) == (9_500, 500)
    assert september.href == "?date_after=2021-09-01&date_before=2021-09-30&date_mode=within"
    assert september.name == "September 2021: 9500 events, 500 of them planned or announced"
    assert [row.broad_count for row in overview.rows] == [300, 200]
    assert overview.height < 300  # bounded by the years, not by the events


def test_too_many_marks_stacked_in_one_year_are_counted_instead():
    rows = [row("2021", slug=f"event-{number}") for number in range(timeline.MOST_LANES + 1)]

    assert timeline.overview(rows, link).summarised
    assert not timeline.overview(rows[:-1], link).summarised


def test_a_months_count_links_to_exactly_the_events_it_counts(client, corpus, monkeypatch):
    monkeypatch.setattr(timeline, "MOST_EVENTS_DRAWN", 5)

    response = client.get(URL)

    overview = overview_of(response)
    assert overview.summarised and overview.drawn == 15
    bars = {bar.name: bar for row in overview.rows for bar in row.bars}
    november = bars["November 2021: 2 events, 1 of them planned or announced"]
    listed = client.get(URL + november.href).context["object_list"]
    assert {event.slug for event in listed} == {
        "belgian-business-mission-to-kazakhstan-2021",
        "tokayev-official-visit-to-brussels-2021",
    }
    ElementTree.fromstring(the_svg(response))


@pytest.mark.parametrize("extra_events", [0, 30])
def test_the_overview_costs_one_query_however_many_events(
    client, corpus, monkeypatch, django_assert_max_num_queries, extra_events
):
    monkeypatch.setattr(timeline, "MOST_EVENTS_DRAWN", 20)  # 45 events are then counted
    for number in range(extra_events):
        make_event(f"extra-{number}", f"2020-{number % 12 + 1:02d}")

    # 1 count, 1 page of events with their places, 1 overview of every event's date.
    with django_assert_max_num_queries(3):
        response = client.get(URL)
    assert overview_of(response).summarised == bool(extra_events)


@pytest.mark.parametrize(
    "params", [{"q": "meeting"}, {"person": "tim-vandenput"}, {"kind": "meeting", "year": "2021"}]
)
def test_the_counted_overview_counts_the_events_the_list_lists(client, corpus, monkeypatch, params):
    monkeypatch.setattr(timeline, "MOST_EVENTS_DRAWN", 0)

    response = client.get(URL, params)

    overview = overview_of(response)
    assert overview.summarised
    assert overview.drawn + overview.undrawn == response.context["paginator"].count > 0
