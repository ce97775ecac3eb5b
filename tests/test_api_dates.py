"""
Dates a client can sort and filter by: every dated record shows the day the API sorts it by,
`ordering` takes several keys, statistics' periods answer to the same names as other dates,
and a date filter can ask for what may fall in a period or what certainly does.
"""

import pytest

from .site_helpers import make_undated_event


def results(client, url, **params):
    response = client.get(url, {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def sort_days(records, member="date"):
    return [record[member]["sort"] for record in records]


def in_order(days, descending=False):
    """Dated first, in order; the undated (None) last, whichever the direction."""
    dated = [day for day in days if day is not None]
    return days == sorted(dated, reverse=descending) + [None] * (len(days) - len(dated))


# --- The key the API sorts by -----------------------------------------------------------------


def test_a_date_shows_the_day_it_sorts_by(client, corpus):
    # "[2022-09..]": September 2022 or later sorts on its first possible day; "[..2021-06-22]",
    # on or before, has only its last one.
    article = client.get(
        "/api/articles/inter-parliamentary-diplomacy-btw-kazakhstan-and-belgium-discussed/"
    ).json()
    event = client.get("/api/events/inter-parliamentary-groups-videoconference-2021/").json()

    assert article["date"]["sort"] == "2022-09-01"
    assert event["date"]["edtf"] == "[..2021-06-22]"
    assert event["date"]["sort"] == "2021-06-22"


@pytest.mark.parametrize("path", ["/api/articles/", "/api/events/"])
def test_ordering_by_date_follows_the_sort_day_shown_with_the_undated_last(client, corpus, path):
    make_undated_event()

    ascending = sort_days(results(client, path, ordering="date"))
    descending = sort_days(results(client, path, ordering="-date"))

    assert in_order(ascending)
    assert in_order(descending, descending=True)
    assert None in sort_days(results(client, "/api/events/"))


def test_a_roles_date_shows_its_sort_day_too(client, corpus):
    roles = client.get("/api/people/margulan-baimukhan/").json()["roles"]

    assert roles
    assert all(role["date"]["sort"] == role["date"]["lower"] for role in roles)


def test_a_figures_period_shows_the_day_it_sorts_by(client, corpus):
    figures = results(client, "/api/statistics/", ordering="date")

    assert in_order(sort_days(figures, "period"))
    assert figures[0]["period"] == {
        "edtf": "2005/2021",
        "lower": "2005-01-01",
        "upper": "2021-12-31",
        "sort": "2005-01-01",
        "label": figures[0]["period"]["label"],
    }


# --- Several keys in one parameter ------------------------------------------------------------


def test_ordering_takes_several_comma_separated_keys(client, corpus):
    events = results(client, "/api/events/", ordering="kind,-date")

    keys = [(event["kind"], event["date"]["sort"]) for event in events]
    kinds = [kind for kind, _day in keys]
    assert kinds == sorted(kinds)
    for kind in set(kinds):
        assert in_order([day for k, day in keys if k == kind], descending=True)


def test_the_schema_documents_several_keys_and_the_sort_day(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    ordering = next(
        parameter
        for parameter in schema["paths"]["/api/articles/"]["get"]["parameters"]
        if parameter["name"] == "ordering"
    )

    assert "comma-separated" in ordering["description"]
    assert "-date,title" in ordering["description"]


# --- Statistics use the same names ------------------------------------------------------------


def test_statistics_order_by_date_like_every_dated_record(client, corpus):
    by_date = [figure["slug"] for figure in results(client, "/api/statistics/", ordering="-date")]
    by_period = [
        figure["slug"] for figure in results(client, "/api/statistics/", ordering="-period")
    ]

    assert by_date == by_period  # the name the schema gave before still works


def test_statistics_filter_their_period_with_the_same_date_parameters(client, corpus):
    in_2022 = results(client, "/api/statistics/", year=2022)
    from_2022 = results(client, "/api/statistics/", date_after="2022-01-01")

    assert [figure["period"]["edtf"] for figure in in_2022] == ["2022"]
    assert [figure["period"]["edtf"] for figure in from_2022] == ["2022"]


# --- Overlaps, or certainly within -------------------------------------------------------------


def edtfs(client, url, **params):
    return sorted(record["date"]["edtf"] for record in results(client, url, **params))


def test_by_default_a_date_filter_matches_what_may_fall_in_the_period(client, corpus):
    default = edtfs(client, "/api/events/", date_after="2021-10-01", date_before="2021-10-31")
    overlaps = edtfs(
        client,
        "/api/events/",
        date_after="2021-10-01",
        date_before="2021-10-31",
        date_mode="overlaps",
    )

    # "[..2021-10-17]" may fall in October; "2021" may too; so may the open-ended ones before.
    assert default == overlaps
    assert "2021" in default
    assert "[..2021-10-17]" in default


def test_within_matches_only_what_certainly_falls_in_the_period(client, corpus):
    within = edtfs(
        client,
        "/api/events/",
        date_after="2021-10-01",
        date_before="2021-10-31",
        date_mode="within",
    )

    assert within == ["2021-10", "2021-10-11"]


def test_within_a_year_leaves_out_what_is_only_possibly_in_it(client, corpus):
    may_be = edtfs(client, "/api/events/", year=2021)
    certainly = edtfs(client, "/api/events/", year=2021, date_mode="within")

    assert "[..2021-07-16]" in may_be  # on or before: possibly in 2021, possibly earlier
    assert "[..2021-07-16]" not in certainly
    assert "2021" in certainly and "2021-11" in certainly
    assert set(certainly) < set(may_be)


def test_within_works_on_one_side_alone(client, corpus):
    after = edtfs(client, "/api/articles/", date_after="2022-01-01", date_mode="within")
    before = edtfs(client, "/api/events/", date_before="2021-06-30", date_mode="within")

    assert after == ["2022", "[2022-09..]"]
    assert before == ["1992", "[..2021-06-22]"]


def test_statistics_periods_can_be_certainly_within_too(client, corpus):
    within = results(client, "/api/statistics/", year=2021, date_mode="within")

    assert sorted(figure["period"]["edtf"] for figure in within) == ["2021", "2021", "2021-10-17"]


def test_an_unknown_date_mode_is_refused_by_name(client, corpus):
    response = client.get("/api/articles/", {"date_mode": "roughly"})

    assert response.status_code == 400
    assert [item["name"] for item in response.json()["invalid_params"]] == ["date_mode"]
