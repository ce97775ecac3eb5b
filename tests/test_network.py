"""
Who meets whom (archive/network.py): the /network/ page, each person's and body's neighbours,
and /api/network/ as JSON and as GEXF.
"""

import re
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive import cache, network
from archive.filtersets import NetworkFilterSet
from archive.models import (
    Article,
    Event,
    EventParticipant,
    EventReport,
    Organisation,
    OrganisationMention,
    Person,
    PersonMention,
)
from archive.website import network_drawing

from .site_helpers import make_article

GEXF = "{http://gexf.net/1.3}"
QUOTE = "Kazakhstan and Belgium met again"


def person(slug):
    name = slug.replace("-", " ").title()
    return Person.objects.create(slug=slug, name=name, sort_name=name)


def body(slug):
    return Organisation.objects.create(slug=slug, name=slug.replace("-", " ").title(), kind="other")


def event(slug, *, members=(), reported_by=None, date_edtf="2021-10-17", kind="meeting"):
    """An event that `reported_by` (an article; a new published one by default) reports."""
    record = Event.objects.create(title=f"Event {slug}", slug=slug, kind=kind, date_edtf=date_edtf)
    article = reported_by or make_article(f"report-of-{slug}", date_edtf=date_edtf)
    EventReport.objects.create(event=record, article=article, quote=QUOTE)
    for member in members:
        field = "person" if isinstance(member, Person) else "organisation"
        EventParticipant.objects.create(event=record, **{field: member})
    return record


def article_naming(slug, *records, status=Article.Status.PUBLISHED, date_edtf="2021-06-22"):
    article = make_article(slug, status=status, date_edtf=date_edtf)
    for record in records:
        if isinstance(record, Person):
            PersonMention.objects.create(article=article, person=record)
        else:
            OrganisationMention.objects.create(article=article, organisation=record)
    return article


def built(**params):
    filterset = NetworkFilterSet(params, queryset=Event.objects.public())
    assert filterset.is_valid(), filterset.errors
    return network.build(filterset.qs, filterset.articles_in_period())


def pairs(graph):
    """Each pair's latest events and articles, by slug."""
    return {
        (edge.source.slug, edge.target.slug): (
            [link.slug for link in edge.events],
            [link.slug for link in edge.articles],
        )
        for edge in graph.edges
    }


@pytest.fixture
def ambassador_and_speaker(empty_archive):
    """Two people who met twice, a body at one of the meetings, and an article naming two."""
    ambassador, speaker, senate = person("ambassador"), person("speaker"), body("senate")
    event("first-meeting", members=[ambassador, speaker, senate])
    event("second-meeting", members=[ambassador, speaker], date_edtf="2023-03")
    article_naming("a-report", ambassador, senate, date_edtf="2022-05-02")
    return ambassador, speaker, senate


# --- The network ------------------------------------------------------------------------------


def test_it_links_those_who_took_part_in_an_event_together_and_those_an_article_names(
    ambassador_and_speaker,
):
    graph = built()

    assert pairs(graph) == {
        ("ambassador", "speaker"): (["second-meeting", "first-meeting"], []),
        ("senate", "ambassador"): (["first-meeting"], ["a-report"]),
        ("senate", "speaker"): (["first-meeting"], []),
    }
    by_pair = {(edge.source.slug, edge.target.slug): edge for edge in graph.edges}
    assert by_pair[("ambassador", "speaker")].event_count == 2
    assert by_pair[("ambassador", "speaker")].weight == 2
    assert by_pair[("senate", "ambassador")].article_count == 1
    assert by_pair[("ambassador", "speaker")].kind == "event"
    assert [node.id for node in graph.nodes] == [
        "people/ambassador",
        "organisations/senate",
        "people/speaker",
    ]


def test_an_article_alone_makes_a_lighter_link(empty_archive):
    first, second = person("first"), person("second")
    article_naming("naming-both", first, second)

    (edge,) = built().edges

    assert edge.kind == "article"
    assert [link.slug for link in edge.articles] == ["naming-both"]
    assert edge.events == []


def test_a_pair_counts_every_link_and_keeps_only_the_latest_few(empty_archive):
    first, second, body_ = person("first"), person("second"), body("body")
    for year in range(2015, 2020):
        event(f"meeting-{year}", members=[first, second, body_], date_edtf=str(year))
        article_naming(f"naming-{year}", first, second, body_, date_edtf=f"{year}-06")

    edges = {(edge.source.slug, edge.target.slug): edge for edge in built().edges}

    for edge in edges.values():
        assert (edge.event_count, edge.article_count, edge.weight) == (5, 5, 10)
        assert [link.slug for link in edge.events] == [
            "meeting-2019",
            "meeting-2018",
            "meeting-2017",
        ][: network.EXAMPLES]
        assert [link.slug for link in edge.articles] == [
            "naming-2019",
            "naming-2018",
            "naming-2017",
        ][: network.EXAMPLES]
    assert edges[("first", "second")].more_events == 5 - network.EXAMPLES


def test_drafts_withdrawn_articles_and_events_no_published_article_reports_never_link(
    empty_archive,
):
    first, second, third = person("first"), person("second"), person("third")
    for status in (Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.WITHDRAWN):
        article_naming(f"a-{status}", first, second, status=status)
        draft = make_article(f"report-{status}", status=status)
        event(f"event-{status}", members=[first, third], reported_by=draft)
    Event.objects.create(title="Unreported", slug="unreported", kind="meeting")
    EventParticipant.objects.create(event=Event.objects.get(slug="unreported"), person=second)
    EventParticipant.objects.create(event=Event.objects.get(slug="unreported"), person=third)

    assert built().edges == []


def test_the_years_choose_events_and_articles_that_may_fall_in_them(ambassador_and_speaker):
    # The first meeting is in 2021, the article in 2022, the second meeting in March 2023.
    assert set(pairs(built(year_from="2022"))) == {
        ("ambassador", "speaker"),
        ("senate", "ambassador"),
    }
    assert pairs(built(year_to="2021")) == {
        ("ambassador", "speaker"): (["first-meeting"], []),
        ("senate", "ambassador"): (["first-meeting"], []),
        ("senate", "speaker"): (["first-meeting"], []),
    }
    assert pairs(built(year_from="2024")) == {}


def test_a_fuzzy_date_may_fall_in_the_years_unless_they_must_contain_it(empty_archive):
    first, second = person("first"), person("second")
    event("somewhen", members=[first, second], date_edtf="2021/2023")

    assert len(built(year_from="2022", year_to="2022").edges) == 1
    assert built(year_from="2022", year_to="2022", date_mode="within").edges == []
    assert len(built(year_from="2021", year_to="2023", date_mode="within").edges) == 1


def test_a_kind_of_event_keeps_its_events_and_leaves_the_articles_out(ambassador_and_speaker):
    _ambassador, speaker, senate = ambassador_and_speaker
    event("a-visit", members=[speaker, senate], kind="visit")

    assert pairs(built(kind="visit")) == {("senate", "speaker"): (["a-visit"], [])}
    assert set(pairs(built(kind="meeting"))) == {
        ("ambassador", "speaker"),
        ("senate", "ambassador"),
        ("senate", "speaker"),
    }
    assert all(not edge.articles for edge in built(kind="meeting").edges)


def test_it_is_built_in_two_queries_whatever_its_size(
    ambassador_and_speaker, django_assert_num_queries
):
    events, articles = Event.objects.public(), Article.objects.published()
    # 1 the pairs of participants with their counts and latest events, 1 the pairs of people
    # and bodies named together with their counts and latest articles
    with django_assert_num_queries(2):
        small = network.build(events, articles)
    people = [person(f"delegate-{number}") for number in range(12)]
    for number in range(6):
        event(f"session-{number}", members=people[number:], date_edtf="2022")
        article_naming(f"naming-{number}", *people[: number + 2])
    with django_assert_num_queries(2):
        large = network.build(events, articles)
    assert len(large.edges) > 10 * len(small.edges)
    assert max(edge.event_count for edge in large.edges) == 6  # the last delegates, at each
    assert max(len(edge.events) for edge in large.edges) == network.EXAMPLES


# --- The drawing ------------------------------------------------------------------------------


def test_the_drawing_is_the_same_for_the_same_records(ambassador_and_speaker, client):
    first = client.get("/network/").content.decode()
    second = client.get("/network/").content.decode()
    figure = re.compile(r'<figure class="network-figure".*?</figure>', re.S)

    assert figure.search(first).group(0) == figure.search(second).group(0)
    drawing = network_drawing.drawing(built())
    assert [(drawn.node.id, drawn.x, drawn.y) for drawn in drawing.nodes] == [
        ("organisations/senate", 425.0, 235.0),
        ("people/ambassador", 589.5, 520.0),
        ("people/speaker", 260.5, 520.0),
    ]


def test_a_shared_event_is_a_solid_line_and_articles_alone_a_dashed_one(empty_archive, client):
    first, second, third = person("first"), person("second"), person("third")
    event("meeting", members=[first, second])
    article_naming("naming", second, third)

    page = client.get("/network/").content.decode()

    assert page.count('class="network-edge"') == 1
    assert page.count('class="network-edge network-edge-articles"') == 1
    assert page.count("<circle") == 3  # a person is a circle, a body a square
    assert 'href="/people/first/"' in page


def test_only_the_most_linked_are_drawn_and_the_page_says_how_many_are_not(empty_archive, client):
    delegates = [person(f"delegate-{number:02}") for number in range(40)]
    event("plenary", members=delegates)
    chief = person("chief")
    event("small-meeting", members=[chief, delegates[0]])

    drawing = network_drawing.drawing(built())
    page = client.get("/network/").content.decode()

    assert len(drawing.nodes) == network_drawing.MOST_NODES_DRAWN
    assert drawing.nodes_left_out == 41 - network_drawing.MOST_NODES_DRAWN
    assert (
        "The 11 less strongly linked people and bodies and 346 links are not drawn" in page
    )  # 781 − 30 × 29 / 2
    assert "781 linked pairs" in page  # 40 × 39 / 2 + 1, all in the table, a page at a time
    assert client.get("/network/?page=16").status_code == 200


# --- The page ---------------------------------------------------------------------------------


def test_the_page_lists_every_pair_with_the_events_and_articles_linking_it(
    ambassador_and_speaker, client
):
    page = client.get("/network/").content.decode()

    assert "3 linked pairs" in page
    assert "2 events together" in page
    assert 'href="/events/first-meeting/"' in page
    assert 'href="/articles/a-report/"' in page
    assert "(17 October 2021)" in page


def test_a_person_and_a_body_link_to_everything_that_links_them(ambassador_and_speaker, client):
    page = client.get("/network/?year_to=2022").content.decode()

    # The lists choose one person and one body, and the same years as the network.
    assert (
        'href="/events/?date_before=2022-12-31&amp;organisation=senate&amp;person=ambassador"'
        in page
    )
    assert (
        'href="/articles/?date_before=2022-12-31&amp;organisation=senate&amp;person=ambassador"'
        in page
    )
    # Two people cannot be chosen together: their count links nowhere.
    assert "person=speaker&amp;organisation" not in page
    assert "organisation=senate&amp;person=speaker" in page


@pytest.mark.parametrize(
    "query", ["", "year_from=2022", "year_to=2021", "year_from=2022&year_to=2022&date_mode=within"]
)
def test_the_list_a_pair_links_to_has_as_many_records_as_it_counts(
    ambassador_and_speaker, client, query
):
    event("third-meeting", members=ambassador_and_speaker, date_edtf="2021/2023")
    article_naming("another-report", *ambassador_and_speaker, date_edtf="2022?")

    edges = client.get(f"/api/network/?{query}").json()["edges"]

    linked = [edge for edge in edges if edge["events"]["url"] or edge["articles"]["url"]]
    assert linked
    for edge in linked:
        for links in (edge["events"], edge["articles"]):
            if links["url"]:
                assert client.get(links["url"]).json()["count"] == links["count"]


def test_the_page_refuses_a_backwards_span_of_years(ambassador_and_speaker, client):
    response = client.get("/network/?year_from=2023&year_to=2021")

    assert response.status_code == 400
    assert "year_from (2023) is later than year_to (2021)" in response.content.decode()


@pytest.mark.parametrize("language", ["", "/kk", "/ru", "/fr", "/nl"])
def test_the_page_answers_in_every_language(corpus, client, language):
    response = client.get(f"{language}/network/")

    assert response.status_code == 200
    assert 'class="network-drawing"' in response.content.decode()


def test_the_page_costs_the_same_queries_whatever_the_size(
    ambassador_and_speaker, client, django_assert_max_num_queries
):
    # 1 the span of the events' years, 1 of the articles' (for the year filters), 1 the pairs
    # of participants, 1 the pairs of people and bodies named together (both remembered until
    # the archive changes, where the cache is on), 1 the latest events of the page's pairs,
    # 1 their latest articles
    with django_assert_max_num_queries(6):
        assert client.get("/network/?year_from=2021").status_code == 200
    with CaptureQueriesContext(connection) as small:
        client.get("/network/")
    people = [person(f"delegate-{number}") for number in range(20)]
    for number in range(5):
        event(f"session-{number}", members=people[number:])
        article_naming(f"naming-{number}", *people[: number + 3])
    with CaptureQueriesContext(connection) as large:
        assert "25 linked pairs" not in client.get("/network/?page=2").content.decode()
    assert len(large.captured_queries) == len(small.captured_queries) == 4


# --- A person's and a body's neighbours ---------------------------------------------------------


def test_a_persons_page_lists_whom_they_met_and_at_which_events(ambassador_and_speaker, client):
    page = client.get("/people/ambassador/").content.decode()

    met = page[page.index('id="met-heading"') :]
    assert met.index('href="/people/speaker/"') < met.index('href="/organisations/senate/"')
    assert 'href="/events/second-meeting/"' in met


def test_a_persons_page_shows_the_latest_few_events_shared_and_links_to_the_rest(
    ambassador_and_speaker, client
):
    ambassador, speaker, senate = ambassador_and_speaker
    for year in range(2015, 2020):
        event(f"meeting-{year}", members=[ambassador, speaker, senate], date_edtf=str(year))

    met = client.get("/people/ambassador/").content.decode()
    met = met[met.index('id="met-heading"') : met.index("</section>", met.index("met-heading"))]

    assert met.count('href="/events/') == 2 * network.EXAMPLES + 1
    assert 'href="/events/second-meeting/"' in met  # the latest, in 2023
    assert 'href="/events/meeting-2015/"' not in met
    # 7 met with the speaker (4 more), 6 with the senate (3 more), listed there
    assert "And 4 more." in met
    assert '<a href="/events/?organisation=senate&amp;person=ambassador">And 3 more.</a>' in met


def test_whom_a_record_met_is_one_query(ambassador_and_speaker, django_assert_num_queries):
    ambassador, _speaker, senate = ambassador_and_speaker

    with django_assert_num_queries(1):
        met = network.neighbours_of(person=ambassador)
    assert [(edge.target.slug, edge.event_count) for edge in met] == [
        ("speaker", 2),
        ("senate", 1),
    ]
    assert [event.slug for event in met[0].events] == ["second-meeting", "first-meeting"]
    with django_assert_num_queries(1):
        assert [edge.target.slug for edge in network.neighbours_of(organisation=senate)] == [
            "ambassador",
            "speaker",
        ]


def test_a_draft_reported_event_is_nobodys_meeting(empty_archive, client):
    first, second = person("first"), person("second")
    event("public-one", members=[first])
    draft = make_article("draft-report", status=Article.Status.DRAFT)
    event("secret-one", members=[first, second], reported_by=draft)

    assert network.neighbours_of(person=first) == []


# --- The API ----------------------------------------------------------------------------------


def test_the_api_gives_the_network_as_json(ambassador_and_speaker, client):
    response = client.get("/api/network/?year_to=2021&kind=meeting")

    assert response.status_code == 200
    data = response.json()
    # Equally linked, so by name.
    assert [node["id"] for node in data["nodes"]] == [
        "people/ambassador",
        "organisations/senate",
        "people/speaker",
    ]
    assert data["nodes"][0] == {
        "id": "people/ambassador",
        "label": "Ambassador",
        "kind": "person",
        "neighbours": 2,
        "strength": 2,
        "url": "http://testserver/api/people/ambassador/",
        "web_url": "http://testserver/people/ambassador/",
    }
    edges = {(edge["source"], edge["target"]): edge for edge in data["edges"]}
    assert edges[("organisations/senate", "people/speaker")] == {
        "source": "organisations/senate",
        "target": "people/speaker",
        "weight": 1,
        "kind": "event",
        "events": {
            "count": 1,
            "latest": [
                {
                    "slug": "first-meeting",
                    "title": "Event first-meeting",
                    "date_edtf": "2021-10-17",
                    "url": "http://testserver/api/events/first-meeting/",
                    "web_url": "http://testserver/events/first-meeting/",
                    "status": "took_place",
                }
            ],
            "url": "http://testserver/api/events/"
            "?date_before=2021-12-31&kind=meeting&organisation=senate&person=speaker",
            "web_url": "http://testserver/events/"
            "?date_before=2021-12-31&kind=meeting&organisation=senate&person=speaker",
        },
        "articles": {"count": 0, "latest": [], "url": None, "web_url": None},
    }
    two_people = edges[("people/ambassador", "people/speaker")]
    assert two_people["events"]["count"] == 1
    assert two_people["events"]["url"] is None


def test_the_api_gives_the_network_as_gexf(ambassador_and_speaker, client):
    response = client.get("/api/network/?format=gexf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/gexf+xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{GEXF}gexf"
    assert root.get("version") == "1.3"
    graph = root.find(f"{GEXF}graph")
    assert graph.get("defaultedgetype") == "undirected"
    nodes = {node.get("id"): node.get("label") for node in graph.iter(f"{GEXF}node")}
    assert nodes == {
        "people/ambassador": "Ambassador",
        "people/speaker": "Speaker",
        "organisations/senate": "Senate",
    }
    edges = {
        (edge.get("source"), edge.get("target")): float(edge.get("weight"))
        for edge in graph.iter(f"{GEXF}edge")
    }
    assert edges == {
        ("people/ambassador", "people/speaker"): 2.0,
        ("organisations/senate", "people/ambassador"): 2.0,
        ("organisations/senate", "people/speaker"): 1.0,
    }
    assert set(edges) <= {(a, b) for a in nodes for b in nodes}
    declared = {
        (attributes.get("class"), attribute.get("id"))
        for attributes in graph.iter(f"{GEXF}attributes")
        for attribute in attributes
    }
    used = {
        (element.tag.removeprefix(GEXF), value.get("for"))
        for element in [*graph.iter(f"{GEXF}node"), *graph.iter(f"{GEXF}edge")]
        for value in element.iter(f"{GEXF}attvalue")
    }
    assert used <= declared


def test_options_asked_for_as_gexf_answer_in_json(ambassador_and_speaker, client):
    response = client.options("/api/network/?format=gexf&kind=agreement")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["name"]


@pytest.mark.parametrize(
    "query",
    [
        "year_from=abc",
        "year_from=2023&year_to=2021",
        "year_to=0",
        "kind=party",
        "date_mode=sometimes",
        "colour=red",
        "format=graphml",
    ],
)
def test_the_api_refuses_a_bad_filter_with_a_problem(ambassador_and_speaker, client, query):
    response = client.get(f"/api/network/?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("/api/problems/invalid-parameters/")


def test_the_api_costs_the_same_queries_whatever_the_size(
    ambassador_and_speaker, client, django_assert_max_num_queries
):
    # 2 the network's pairs and their counts, 2 the latest events and articles of the pairs
    # given, 1 the span of the events' years, 1 of the articles' (the pairs and spans are
    # remembered until the archive changes, where the cache is on)
    with django_assert_max_num_queries(6):
        assert client.get("/api/network/?year_from=2021").status_code == 200
    with CaptureQueriesContext(connection) as small:
        client.get("/api/network/?format=gexf")
    people = [person(f"delegate-{number}") for number in range(20)]
    for number in range(5):
        event(f"session-{number}", members=people[number:])
        article_naming(f"naming-{number}", *people[: number + 3])
    with CaptureQueriesContext(connection) as large:
        client.get("/api/network/?format=gexf")
    assert len(large.captured_queries) == len(small.captured_queries) == 4


def test_the_network_is_remembered_until_the_archive_changes(
    ambassador_and_speaker, client, settings, django_assert_max_num_queries
):
    settings.AGGREGATE_CACHE_SECONDS = 60
    client.get("/network/?year_from=2021")
    # The pairs' order and counts, the page's examples and the span of years are remembered.
    with django_assert_max_num_queries(0):
        assert client.get("/network/?year_from=2021&page=1").status_code == 200
    # Another page, or the API's answer, asks only for the latest events and articles of its
    # own pairs.
    with django_assert_max_num_queries(2):
        assert client.get("/api/network/?year_from=2021&limit=2").status_code == 200
    event("third-meeting", members=[person("newcomer"), ambassador_and_speaker[0]])
    cache.renew_generation()  # as a committed change does (archive/signals.py)
    assert "4 linked pairs" in client.get("/network/?year_from=2021").content.decode()


def test_the_api_gives_the_heaviest_edges_up_to_its_limit_and_how_many_there_are(
    ambassador_and_speaker, client
):
    data = client.get("/api/network/?limit=1").json()

    # The heaviest two pairs weigh 2 each: by name, the ambassador and the speaker first.
    assert [(edge["source"], edge["target"]) for edge in data["edges"]] == [
        ("people/ambassador", "people/speaker")
    ]
    assert data["edges_total"] == 3
    # Only the nodes the edges given touch, their strength over every pair.
    assert [(node["id"], node["strength"]) for node in data["nodes"]] == [
        ("people/ambassador", 4),
        ("people/speaker", 3),
    ]
    assert len(client.get("/api/network/").json()["edges"]) == 3


@pytest.mark.parametrize("limit", ["0", "5001", "-1", "ten", "2.5"])
def test_the_api_refuses_a_limit_it_cannot_give_naming_the_most(
    ambassador_and_speaker, client, limit
):
    response = client.get(f"/api/network/?limit={limit}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "limit: Give a whole number from 1 to 5000" in response.json()["detail"]


def test_the_least_weight_keeps_the_strong_core(ambassador_and_speaker, client):
    data = client.get("/api/network/?min_weight=2").json()

    assert [(edge["source"], edge["target"]) for edge in data["edges"]] == [
        ("people/ambassador", "people/speaker"),
        ("organisations/senate", "people/ambassador"),
    ]
    assert data["edges_total"] == 2
    page = client.get("/network/?min_weight=2").content.decode()
    assert "2 linked pairs" in page
    assert 'name="min_weight"' in page
    assert client.get("/network/?min_weight=0").status_code == 400
    assert client.get("/api/network/?min_weight=abc").status_code == 400


def test_the_pages_of_the_table_follow_on_without_overlap(empty_archive, client):
    delegates = [person(f"delegate-{number:02}") for number in range(9)]
    event("plenary", members=delegates)
    event("small-meeting", members=delegates[:3])

    def listed(page):
        body = client.get(f"/network/?page={page}").content.decode()
        return re.findall(
            r'<th scope="row"><a href="/people/([^/]+)/">.*?href="/people/([^/]+)/"', body, re.S
        )

    pairs_listed = listed(1) + listed(2)
    assert len(pairs_listed) == len(set(pairs_listed)) == 36  # 9 × 8 / 2
    # The 3 pairs who met twice first, then the rest by name.
    assert pairs_listed[:3] == [
        ("delegate-00", "delegate-01"),
        ("delegate-00", "delegate-02"),
        ("delegate-01", "delegate-02"),
    ]
