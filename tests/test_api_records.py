"""The API's other records: people, organisations, places, topics, events, figures, indicators."""

import csv
import io

import pytest

from .problems import problem_of, refused_parameters
from .site_helpers import make_undated_event
from .unpublished import make_draft_with_facts

DHOSE_ARTICLE = (
    "prospects-of-expanding-cooperation-with-kazakhstan-discussed-with-belgian-senates-speaker"
)
ANNIVERSARY = "kazakhstan-and-belgium-mark-the-30th-anniversary-of-diplomatic-relations"


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def slugs(client, url, **params):
    return [item["slug"] for item in get(client, url, page_size=100, **params)["results"]]


# --- People -----------------------------------------------------------------------------------


def test_people_are_listed_by_sort_name_with_their_aliases(client, corpus):
    people = get(client, "/api/people/", page_size=100)

    assert people["count"] == 15
    names = [person["name"] for person in people["results"]]
    assert names[:2] == ["Margulan Baimukhan", "William De Baets"]  # Baimukhan, De Baets, …
    baimukhan = people["results"][0]
    assert baimukhan["country"] == {"code": "KZ", "name": "Kazakhstan"}
    assert "M.Baimukhan" in baimukhan["aliases"]
    assert baimukhan["web_url"] == "http://testserver/people/margulan-baimukhan/"


def test_a_persons_detail_gives_dated_roles_events_and_articles(client, corpus):
    person = get(client, "/api/people/margulan-baimukhan/")

    assert {(role["title"], role["date"]["label"]) for role in person["roles"]} >= {
        ("Ambassador of Kazakhstan to Belgium", "as of 17 October 2021"),
        ("Ambassador of Kazakhstan", "as of 16 July 2021"),
    }
    assert all(role["quote"] for role in person["roles"])
    assert {"event": "baimukhan-dhose-meeting-2021", "part": "participant"} in [
        {"event": item["event"]["slug"], "part": item["part"]} for item in person["events"]
    ]
    assert DHOSE_ARTICLE in [article["slug"] for article in person["articles"]]
    assert {
        "name": "M.Baimukhan",
        "language": None,
        "script": None,
        "note": None,
        "origin": "text",
        "basis": None,
    } in person["aliases"]


def test_a_persons_detail_shows_nothing_from_a_draft(client, corpus):
    make_draft_with_facts()

    person = get(client, "/api/people/margulan-baimukhan/")

    assert "Secret envoy" not in [role["title"] for role in person["roles"]]
    assert "secret-talks-in-vienna" not in [article["slug"] for article in person["articles"]]
    assert "secret-talks-in-vienna-2021" not in [item["event"]["slug"] for item in person["events"]]


def test_people_q_searches_names_and_aliases_whatever_the_quotes(client, corpus):
    assert slugs(client, "/api/people/", q="d'hose") == ["stephanie-dhose"]
    assert slugs(client, "/api/people/", q="M.Baimukhan") == ["margulan-baimukhan"]


def test_people_filter_by_organisation_and_country(client, corpus):
    assert "margulan-baimukhan" in slugs(
        client, "/api/people/", organisation="republic-of-kazakhstan"
    )
    assert slugs(client, "/api/people/", organisation="kazakhstan-mfa") == ["roman-vassilenko"]
    belgians = slugs(client, "/api/people/", country="BE")
    assert "stephanie-dhose" in belgians and "aigul-kuspan" not in belgians
    assert slugs(client, "/api/people/", country="BE", q="de croo") == ["alexander-de-croo"]
    assert slugs(client, "/api/people/", country="KZ", q="de croo") == []


def test_people_order_by_name_descending(client, corpus):
    names = [p["name"] for p in get(client, "/api/people/", ordering="-name")["results"]]

    assert names[:2] == ["Roman Vassilenko", "Tim Vandenput"]


# --- Organisations ----------------------------------------------------------------------------


def test_organisations_filter_by_q_kind_country_and_parent(client, corpus):
    assert slugs(client, "/api/organisations/", q="awex") == ["awex"]
    assert slugs(client, "/api/organisations/", parent="majilis") == [
        "majilis-committee-on-international-relations-defence-and-security",
        "majilis-kazakhstan-belgium-friendship-group",
    ]
    chambers = slugs(client, "/api/organisations/", kind="chamber", country="BE")
    assert chambers == ["belgian-chamber-of-representatives", "belgian-senate"]
    assert "osce" in slugs(client, "/api/organisations/", international="true")
    assert "osce" not in slugs(client, "/api/organisations/", international="false")
    refused = client.get("/api/organisations/", {"international": "perhaps"})
    assert refused.status_code == 400 and list(refused_parameters(refused)) == ["international"]


def test_an_organisations_detail_gives_parent_children_and_roles_held_there(client, corpus):
    majilis = get(client, "/api/organisations/majilis/")

    assert majilis["parent"]["slug"] == "parliament-of-kazakhstan"
    assert len(majilis["children"]) == 2
    assert majilis["country"] == {"code": "KZ", "name": "Kazakhstan"}
    osce = get(client, "/api/organisations/osce/")
    assert osce["country"] is None  # international


def test_an_organisations_detail_shows_nothing_from_a_draft(client, corpus):
    make_draft_with_facts()

    osce = get(client, "/api/organisations/osce/")
    kazinform = get(client, "/api/organisations/kazinform/")

    assert "Secret envoy" not in [role["title"] for role in osce["roles"]]
    assert "secret-talks-in-vienna" not in [a["slug"] for a in kazinform["published_articles"]]
    assert len(kazinform["published_articles"]) == 4


# --- Places and topics ------------------------------------------------------------------------


def test_places_filter_by_kind_and_country(client, corpus):
    assert slugs(client, "/api/places/", kind="country") == ["afghanistan", "belgium", "kazakhstan"]
    assert slugs(client, "/api/places/", country="KZ", kind="city") == ["almaty", "astana"]
    assert slugs(client, "/api/places/", q="nur-sultan") == ["astana"]  # a former name


def test_a_places_detail_gives_its_articles_and_events_but_no_draft(client, corpus):
    make_draft_with_facts()

    vienna = get(client, "/api/places/vienna/")

    assert vienna["datelined_articles"] == []  # only the draft is datelined Vienna
    assert [a["slug"] for a in vienna["articles"]] == [DHOSE_ARTICLE]
    assert [e["slug"] for e in vienna["events"]] == ["trilateral-meeting-of-speakers-vienna-2021"]


def test_a_topics_detail_lists_its_published_articles_and_public_events(client, corpus):
    make_draft_with_facts()

    topic = get(client, "/api/topics/regional-security/")

    assert [a["slug"] for a in topic["articles"]] == [DHOSE_ARTICLE]
    assert [e["slug"] for e in topic["events"]] == [
        "baimukhan-dhose-meeting-2021",
        "kazakhstan-offers-unama-temporary-deployment-in-almaty",
    ]


# --- Events -----------------------------------------------------------------------------------


def test_events_list_only_those_a_published_article_reports(client, corpus):
    make_draft_with_facts()

    events = slugs(client, "/api/events/")

    assert len(events) == 15
    assert "secret-talks-in-vienna-2021" not in events
    assert client.get("/api/events/secret-talks-in-vienna-2021/").status_code == 404


def test_an_events_detail_gives_participants_with_their_part_and_published_reports(client, corpus):
    make_draft_with_facts()

    event = get(client, "/api/events/trilateral-meeting-of-speakers-vienna-2021/")

    assert event["date"]["label"] == "September 2021"
    assert {"part", "person", "organisation"} == set(event["participants"][0])
    assert {(p["person"] or p["organisation"])["slug"] for p in event["participants"]} == {
        "nurlan-nigmatulin",
        "majilis",
        "belgian-senate",
        "belgian-chamber-of-representatives",
    }
    assert [r["article"]["slug"] for r in event["reports"]] == [DHOSE_ARTICLE]  # not the draft
    assert "Vienna" in event["reports"][0]["quote"]


def test_participants_keep_their_part(client, corpus):
    visit = get(client, "/api/events/tokayev-official-visit-to-brussels-2021/")

    parts = {p["person"]["slug"]: p["part"] for p in visit["participants"]}
    assert parts == {
        "kassym-jomart-tokayev": "head_of_delegation",
        "king-philippe": "host",
        "alexander-de-croo": "host",
    }
    assert all(p["organisation"] is None for p in visit["participants"])


def test_a_mission_reported_twice_keeps_both_reports_with_their_words(client, corpus):
    mission = get(client, "/api/events/belgian-business-mission-to-kazakhstan-2021/")

    quotes = [report["quote"] for report in mission["reports"]]
    assert len(quotes) == 2
    assert any("autumn 2021" in quote for quote in quotes)
    assert any("November 2021" in quote for quote in quotes)
    assert mission["status"] == "planned"


OPEN_START_2021_EVENTS = {  # "on or before" a day of 2021: they may have been any time before
    "inter-parliamentary-groups-videoconference-2021",
    "baimukhan-de-baets-meeting-2021",
    "askar-shakirov-elected-osce-pa-vice-chairman",
    "baimukhan-dhose-meeting-2021",
    "stephanie-dhose-appointed-senate-speaker",
}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # Titles and descriptions; a straight apostrophe finds the typographic one.
        (
            {"q": "d'hose"},
            {
                "baimukhan-dhose-meeting-2021",
                "stephanie-dhose-appointed-senate-speaker",
                "open-vld-175th-anniversary",
                "trilateral-meeting-of-speakers-vienna-2021",
            },
        ),
        (
            {"kind": "anniversary"},
            {"open-vld-175th-anniversary", "thirtieth-anniversary-of-diplomatic-relations"},
        ),
        ({"status": "planned"}, {"belgian-business-mission-to-kazakhstan-2021"}),
        ({"place": "vienna"}, {"trilateral-meeting-of-speakers-vienna-2021"}),
        ({"person": "nurlan-nigmatulin"}, {"trilateral-meeting-of-speakers-vienna-2021"}),
        ({"organisation": "awex"}, {"belgian-business-mission-to-kazakhstan-2021"}),
        ({"year": 1992}, {"establishment-of-diplomatic-relations", *OPEN_START_2021_EVENTS}),
        ({"year": 1992, "kind": "agreement"}, {"establishment-of-diplomatic-relations"}),
        (
            {"date_after": "2022-06-01"},
            {
                "vassilenko-meets-belgian-parliamentary-delegation",
                "thirtieth-anniversary-of-diplomatic-relations",
            },
        ),
        (
            {"date_before": "1999-12-31"},
            {"establishment-of-diplomatic-relations", *OPEN_START_2021_EVENTS},
        ),
        (
            {"year": 2021, "place": "brussels", "kind": "visit"},
            {"tokayev-official-visit-to-brussels-2021"},
        ),
        (
            {"date_after": "2021-10-01", "date_before": "2021-10-31", "kind": "meeting"},
            {
                "pcc-kazakhstan-eu-18th-meeting",
                "foreign-affairs-committee-chairs-meeting-2021",
                "baimukhan-dhose-meeting-2021",
            },
        ),
    ],
)
def test_event_filters(client, corpus, params, expected):
    assert set(slugs(client, "/api/events/", **params)) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "picnic"}, "kind"),
        ({"status": "rumoured"}, "status"),
        ({"date_after": "2021-02-30"}, "date_after"),
        ({"year": "0"}, "year"),
        ({"ordering": "-colour"}, "ordering"),
    ],
)
def test_a_bad_event_filter_is_a_400_naming_it(client, corpus, params, field):
    response = client.get("/api/events/", params)

    assert response.status_code == 400
    assert list(refused_parameters(response)) == [field]


@pytest.mark.parametrize(
    ("params", "field"), [({"place": "atlantis"}, "place"), ({"person": "nobody"}, "person")]
)
def test_an_event_filter_naming_no_record_is_a_404_naming_it(client, corpus, params, field):
    response = client.get("/api/events/", params)

    assert response.status_code == 404
    assert list(refused_parameters(response, "not-found")) == [field]


def test_events_order_by_date_with_the_undated_last(client, corpus):
    make_undated_event()
    ascending = slugs(client, "/api/events/", ordering="date")

    assert ascending[0] == "establishment-of-diplomatic-relations"
    assert ascending[-1] == "undated-talk"
    assert slugs(client, "/api/events/", ordering="-date")[-1] == ascending[-1]


# --- Statistics and indicators ----------------------------------------------------------------


def test_statistics_keep_value_scale_qualifier_period_and_source(client, corpus):
    statistic = get(client, "/api/statistics/3/")

    assert statistic["slug"] == "3"
    assert statistic["url"] == "http://testserver/api/statistics/3/"
    assert statistic["web_url"] == (
        "http://testserver/statistics/direct-investment-cumulative/#statistic-3"
    )
    assert (statistic["value"], statistic["scale"], statistic["absolute_value"]) == (
        "9",
        9,
        "9000000000",
    )
    assert statistic["qualifier"] == "almost"
    assert statistic["value_label"] == "almost 9 billion USD"
    assert statistic["period"]["edtf"] == "2006~/2021-06-22"
    assert statistic["direction"] == "from_to"
    assert (statistic["country_a"]["code"], statistic["country_b"]["code"]) == ("BE", "KZ")
    assert statistic["quote"].endswith("has reached almost $9 billion")
    assert statistic["article"]["slug"] == (
        "kazakhstani-belgian-mps-keen-to-strengthen-bilateral-cooperation"
    )


def test_statistics_from_drafts_are_hidden(client, corpus):
    draft = make_draft_with_facts()
    secret = draft.statistics.get()

    assert get(client, "/api/statistics/", page_size=100)["count"] == 7
    assert client.get(f"/api/statistics/{secret.pk}/").status_code == 404
    turnover = get(client, "/api/indicators/trade-turnover/")
    assert [s["value"] for s in turnover["statistics"]] == ["419.7"]


def test_a_statistic_key_that_is_not_a_number_is_a_404(client, corpus):
    assert client.get("/api/statistics/nine-billion/").status_code == 404


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"indicator": "direct-investment-cumulative"}, {"3", "4", "5"}),
        ({"article": ANNIVERSARY}, {"1", "2", "5", "6"}),
        ({"year": 2022}, {"6"}),
        ({"year": 2005}, {"5"}),  # only the exact 2005–2021 figure covers 2005
        ({"unit": "usd"}, {"1", "2", "3", "4", "5"}),
        ({"qualifier": "approximately"}, {"6"}),
        ({"rank": "preferred"}, {"5"}),
        ({"indicator": "direct-investment-cumulative", "qualifier": "exact"}, {"5"}),
    ],
)
def test_statistic_filters(client, corpus, params, expected):
    assert set(slugs(client, "/api/statistics/", **params)) == expected


def test_an_indicators_detail_shows_the_claims_side_by_side(client, corpus):
    indicator = get(client, "/api/indicators/direct-investment-cumulative/")

    claims = [(s["qualifier"], s["value"], s["period"]["edtf"]) for s in indicator["statistics"]]
    assert claims == [
        ("almost", "9", "2006~/2021-06-22"),
        ("more_than", "9", "2006~/2021-10-17"),
        ("exact", "9.96", "2005/2021"),
    ]
    assert {s["rank"] for s in indicator["statistics"]} == {"normal", "preferred"}


# --- Every list: CSV, pages, queries ----------------------------------------------------------

LISTS = {
    # path: (rows in the seed corpus, queries for any page size, what they are)
    "/api/articles/": (5, 3, "count, page, topics"),
    "/api/people/": (15, 3, "count, page, aliases"),
    "/api/organisations/": (30, 3, "count, page (with parent), aliases"),
    "/api/places/": (7, 3, "count, page, aliases"),
    "/api/topics/": (10, 2, "count, page"),
    "/api/events/": (15, 3, "count, page (with place), topics"),
    "/api/statistics/": (7, 2, "count, page (with indicator and article)"),
    "/api/indicators/": (5, 2, "count, page"),
}


@pytest.mark.parametrize("path", LISTS)
def test_every_list_comes_as_csv_with_one_row_a_record(client, corpus, path):
    response = client.get(path, {"format": "csv", "page_size": 100})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == LISTS[path][0]
    assert all(row["slug"] and row["url"].startswith("http://testserver/api/") for row in rows)


@pytest.mark.parametrize("path", LISTS)
def test_every_list_makes_the_same_queries_for_1_or_100_rows(
    client, corpus, django_assert_num_queries, path
):
    rows, queries, _which = LISTS[path]
    for page_size in (1, 100):
        with django_assert_num_queries(queries):
            body = client.get(path, {"page_size": page_size}).json()
        assert len(body["results"]) == min(rows, page_size)


DETAILS = {
    # path: queries, what they are (a list a detail embeds is fetched up to 20, and counted)
    "/api/people/margulan-baimukhan/": (
        11,
        "person, aliases, roles (joined), participations (joined), articles, authored, "
        "corrections; counts of roles, participations, articles, authored",
    ),
    "/api/organisations/majilis/": (
        13,
        "organisation (with parent), aliases, children, roles, participations, articles, "
        "articles published, corrections; counts of the five lists",
    ),
    "/api/places/brussels/": (
        9,
        "place, aliases, events, articles, datelined articles, corrections; counts of the "
        "three lists",
    ),
    "/api/topics/trade-and-investment/": (5, "topic, articles, events; their counts"),
    "/api/events/baimukhan-dhose-meeting-2021/": (
        7,
        "event, topics, participants, reports, corrections; counts of participants, reports",
    ),
    "/api/statistics/5/": (1, "statistic (with indicator and article)"),
    "/api/indicators/direct-investment-cumulative/": (
        4,
        "indicator, statistics (joined), corrections; count of statistics",
    ),
}


@pytest.mark.parametrize("path", DETAILS)
def test_every_detail_makes_a_fixed_number_of_queries(
    client, corpus, django_assert_num_queries, path
):
    with django_assert_num_queries(DETAILS[path][0]):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/people/nobody/",
        "/api/organisations/acme/",
        "/api/places/atlantis/",
        "/api/topics/gossip/",
        "/api/events/no-such-event/",
        "/api/statistics/999/",
        "/api/indicators/happiness/",
    ],
)
def test_every_unknown_key_is_a_404(client, corpus, path):
    response = client.get(path)

    assert response.status_code == 404
    assert problem_of(response, "not-found")["detail"].startswith("No ")


ORDERINGS = {
    "/api/people/": ["name", "country", "updated"],
    "/api/organisations/": ["name", "acronym", "kind", "country", "updated"],
    "/api/places/": ["name", "kind", "country"],
    "/api/topics/": ["name"],
    "/api/indicators/": ["name"],
    "/api/events/": ["date", "title", "kind", "status"],
    "/api/statistics/": ["indicator", "date", "period", "unit", "rank"],
    "/api/articles/": ["date", "title", "updated"],
}


@pytest.mark.parametrize(
    ("path", "field"), [(path, field) for path, fields in ORDERINGS.items() for field in fields]
)
def test_every_list_orders_both_ways_by_its_fields(client, corpus, path, field):
    ascending = slugs(client, path, ordering=field)
    descending = slugs(client, path, ordering=f"-{field}")

    assert sorted(ascending) == sorted(descending) == sorted(slugs(client, path))


@pytest.mark.parametrize("path", ["/api/organisations/", "/api/places/", "/api/topics/"])
def test_name_ordering_sorts_by_name(client, corpus, path):
    names = [r["name"] for r in get(client, path, ordering="-name", page_size=100)["results"]]

    assert names == sorted(names, reverse=True)


def test_topics_and_indicators_can_be_searched(client, corpus):
    assert slugs(client, "/api/topics/", q="vaccination") == ["health-and-vaccination"]
    assert slugs(client, "/api/indicators/", q="senate") == ["belgian-senate-seats"]
