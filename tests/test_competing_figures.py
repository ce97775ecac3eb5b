"""
Competing figures: rival claims about one thing (same indicator, same direction, overlapping
periods), between which the editors choose. A series over time is not a conflict.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from archive.models import Statistic

DATA_QUALITY = reverse("admin:data_quality")


def trade_figure(corpus_figure, period, value="400", **fields):
    """Another figure for the corpus's trade turnover (2021, between KZ and BE)."""
    values = {
        "indicator": corpus_figure.indicator,
        "value": Decimal(value),
        "scale": 6,
        "unit": "USD",
        "period_edtf": period,
        "direction": corpus_figure.direction,
        "country_a": corpus_figure.country_a,
        "country_b": corpus_figure.country_b,
        "article": corpus_figure.article,
        "quote": corpus_figure.quote,
    }
    values.update(fields)
    return Statistic.objects.create(**values)


@pytest.fixture
def turnover_2021(corpus):
    return Statistic.objects.get(indicator__slug="trade-turnover")


def competing_lines(response):
    (check,) = [c for c in response.context["checks"] if str(c["title"]).startswith("Competing")]
    return check["lines"]


def test_it_does_not_list_a_series_over_time_as_competing(editor_client, turnover_2021):
    trade_figure(turnover_2021, "2023")
    trade_figure(turnover_2021, "2019/2020")

    assert competing_lines(editor_client.get(DATA_QUALITY)) == []


def test_it_lists_figures_whose_periods_overlap(editor_client, turnover_2021):
    rival = trade_figure(turnover_2021, "2021-06")
    trade_figure(turnover_2021, "2023")

    (line,) = competing_lines(editor_client.get(DATA_QUALITY))

    assert line["problem"] == "2 competing figures, none preferred"
    assert {other["record"] for other in line["others"]} == {turnover_2021, rival}


def test_a_figure_with_an_unknown_period_competes_with_any(editor_client, turnover_2021):
    trade_figure(turnover_2021, "")
    trade_figure(turnover_2021, "2023")

    (line,) = competing_lines(editor_client.get(DATA_QUALITY))

    assert line["problem"] == "3 competing figures, none preferred"


def test_figures_in_opposite_directions_do_not_compete(editor_client, corpus):
    annual = Statistic.objects.get(indicator__slug="direct-investment-annual")  # BE → KZ, 2021
    trade_figure(annual, "2021", direction="from_to", country_a="KZ", country_b="BE")

    assert competing_lines(editor_client.get(DATA_QUALITY)) == []


def test_the_home_page_shows_the_latest_of_a_series_without_calling_it_a_rival(
    client, turnover_2021
):
    trade_figure(turnover_2021, "2023", value="512.3")

    response = client.get("/")

    (item,) = [
        i for i in response.context["key_figures"] if i["indicator"].slug == "trade-turnover"
    ]
    assert item["figure"].value_label == "512.3 million USD"
    assert item["others"] == 0
    assertNotContains(response, "1 other report of this figure")


def test_the_home_page_counts_only_rivals_of_the_figure_it_shows(client, turnover_2021):
    trade_figure(turnover_2021, "2019")
    trade_figure(turnover_2021, "2021", value="420", qualifier="approximately")

    response = client.get("/")

    (item,) = [
        i for i in response.context["key_figures"] if i["indicator"].slug == "trade-turnover"
    ]
    assert item["others"] == 1
    assertContains(response, "1 other report of this figure")


def test_a_preferred_figure_of_an_earlier_period_does_not_hide_the_latest(client, turnover_2021):
    turnover_2021.rank = Statistic.Rank.PREFERRED
    turnover_2021.rank_reason = "The embassy's own figure."
    turnover_2021.save()
    trade_figure(turnover_2021, "2023", value="512.3")

    response = client.get("/")

    (item,) = [
        i for i in response.context["key_figures"] if i["indicator"].slug == "trade-turnover"
    ]
    assert item["figure"].value_label == "512.3 million USD"
