"""Statistics: every claim with its hedge, period, quote and source; preferred figures; charts."""

import datetime
import re
from decimal import Decimal

from pytest_django.asserts import assertContains, assertNotContains

from archive.models import Article, Statistic
from archive.website import charts

from .site_helpers import ARTICLE_0, ARTICLE_4, set_status

CUMULATIVE = "/statistics/direct-investment-cumulative/"


def test_the_statistics_page_lists_every_indicator_with_its_claims(client, corpus):
    response = client.get("/statistics/")

    assert response.status_code == 200
    assert len(response.context["object_list"]) == 5
    for claim in (
        "almost 9 billion USD",
        "more than 9 billion USD",
        "9.96 billion USD",
        "419.7 million USD",
        "approximately 70 enterprises",
        "60 senators",
    ):
        assertContains(response, claim)
    assertContains(response, "from Belgium to Kazakhstan")
    assertContains(response, '<span class="badge badge-preferred">preferred figure</span>', count=1)


def test_claims_from_different_sources_stand_side_by_side_with_their_quotes(client, corpus):
    response = client.get(CUMULATIVE)

    assert [statistic.value_label for statistic in response.context["statistics"]] == [
        "almost 9 billion USD",
        "more than 9 billion USD",
        "9.96 billion USD",
    ]
    assertContains(response, '<th scope="row">almost 9 billion USD</th>')
    assertContains(response, "c. 2006 – 22 June 2021")
    assertContains(response, "c. 2006 – 17 October 2021")
    assertContains(response, "2005 – 2021")
    assertContains(response, "“In the past 15 years the volume of capital channeled from Belgium")
    assertContains(response, f'<a href="/articles/{ARTICLE_0}/">')


def test_the_preferred_figure_is_marked_with_the_editors_reason(client, corpus):
    response = client.get(CUMULATIVE)

    assertContains(response, 'class="row-preferred"', count=1)
    assertContains(response, "The latest and fullest of the three totals")


def test_a_chart_is_drawn_as_svg_with_a_text_alternative(client, corpus):
    response = client.get(CUMULATIVE)

    chart = response.context["chart"]
    # In order of the end of their periods: running totals of June, October and all of 2021.
    assert [bar.value_label for bar in chart.bars] == [
        "almost 9 billion USD",
        "more than 9 billion USD",
        "9.96 billion USD",
    ]
    assert [bar.preferred for bar in chart.bars].count(True) == 1
    assertContains(response, '<svg class="chart"')
    assertContains(
        response, 'role="img" aria-labelledby="indicator-chart-title indicator-chart-title-desc"'
    )
    assertContains(response, '<rect class="chart-bar', count=3)
    assertContains(response, "3 bars, one for each figure reported")
    # Taller bars for larger claims: the exact 9.96 billion rises above the two 9 billion ones.
    heights = {bar.value_label: bar.height for bar in chart.bars}
    assert (
        heights["9.96 billion USD"]
        > heights["almost 9 billion USD"]
        == heights["more than 9 billion USD"]
    )


def test_no_chart_for_a_single_figure(client, corpus):
    response = client.get("/statistics/trade-turnover/")

    assert response.context["chart"] is None
    assertNotContains(response, "<svg")
    assertContains(response, "419.7 million USD")


def test_figures_from_unpublished_articles_are_hidden(client, corpus):
    set_status(ARTICLE_4, Article.Status.DRAFT)

    response = client.get(CUMULATIVE)

    assert len(response.context["statistics"]) == 2
    assertNotContains(response, "9.96 billion USD")
    assertNotContains(client.get("/statistics/"), "419.7 million")
    # Its only figure came from that article: the indicator waits for it to be published.
    assert client.get("/statistics/trade-turnover/").status_code == 404


def test_a_deprecated_figure_is_marked_with_the_reason(client, corpus):
    Statistic.objects.filter(qualifier="almost").update(
        rank="deprecated", rank_reason="Rounded, and the period is vague."
    )

    response = client.get(CUMULATIVE)

    assertContains(response, '<span class="badge badge-deprecated">deprecated</span>')
    assertContains(response, "Rounded, and the period is vague.")


def test_an_unknown_indicator_is_a_404(client, corpus):
    assert client.get("/statistics/nothing/").status_code == 404


def test_statistics_pages_cost_a_fixed_number_of_queries(client, corpus, django_assert_num_queries):
    # 1 indicators, 1 how many published figures each has, 1 the figures shown (with source
    # articles and publishers).
    with django_assert_num_queries(3):
        client.get("/statistics/")
    # 1 indicator, 1 its published figures, 1 its corrections.
    with django_assert_num_queries(3):
        client.get(CUMULATIVE)


def test_each_figure_has_the_anchor_its_api_record_links_to(client, corpus):
    from archive.models import Statistic

    statistic = Statistic.objects.get(indicator__slug="trade-turnover")
    path, anchor = statistic.get_absolute_url().split("#")
    response = client.get(path)
    assert f'id="{anchor}"' in response.content.decode()


# --- Charts: time on the x axis, hedges drawn, the preferred figure marked ---------------------


def figure(pk, period, value, qualifier="exact", rank="normal"):
    """An unsaved figure of `value` USD for the `period` (a year), as a chart reads it."""
    year = int(period)
    return Statistic(
        pk=pk,
        value=Decimal(value),
        scale=0,
        unit="USD",
        qualifier=qualifier,
        rank=rank,
        period_edtf=period,
        period_lower=datetime.date(year, 1, 1),
        period_upper=datetime.date(year, 12, 31),
    )


def test_a_chart_puts_each_figure_in_the_year_its_period_ends(client, corpus):
    chart = client.get(CUMULATIVE).context["chart"]

    # The three running totals all end in 2021: one year, three bars side by side.
    assert [(column.label, len(column.bars)) for column in chart.columns] == [("2021", 3)]


def test_a_missing_year_is_a_gap_and_a_long_run_of_them_a_break(corpus):
    chart = charts.bar_chart(
        [figure(1, "2010", 5), figure(2, "2019", 7), figure(3, "2021", 9), figure(4, "2021", 8)],
        source_label=lambda statistic: "",
    )

    assert [(column.label, len(column.bars)) for column in chart.columns] == [
        ("2010", 1),
        ("2011–2018", 0),
        ("2019", 1),
        ("2020", 0),
        ("2021", 2),
    ]
    gap, long_gap = chart.columns[3], chart.columns[1]
    assert (gap.empty_note, gap.is_break) == ("no figure", False)
    assert (long_gap.empty_note, long_gap.is_break) == ("no figures", True)
    # Bars stand left to right in time.
    assert [bar.x for bar in chart.bars] == sorted(bar.x for bar in chart.bars)


def test_a_hedged_figure_is_drawn_hatched_with_a_mark_saying_which_way(client, corpus):
    response = client.get(CUMULATIVE)

    chart = response.context["chart"]
    assert [(bar.value_label, bar.hedge) for bar in chart.bars] == [
        ("almost 9 billion USD", "less"),
        ("more than 9 billion USD", "more"),
        ("9.96 billion USD", "exact"),
    ]
    assertContains(response, 'fill="url(#indicator-chart-title-hatch)"', count=2)
    assertContains(response, 'class="chart-hedge chart-hedge-less"', count=1)
    assertContains(response, 'class="chart-hedge chart-hedge-open"', count=1)
    assertContains(response, 'class="chart-hedge chart-hedge-more"', count=1)
    # The hedge is in the words too: the labels, the key and the text alternative.
    assertContains(response, '<text class="chart-value"', count=3)
    assertContains(response, ">almost 9 billion USD</text>")
    assertContains(response, "Hatched bars are hedged figures", count=2)  # desc and caption
    assertContains(response, "almost 9 billion USD, c. 2006 – 22 June 2021, report of 22 June 2021")


def test_an_approximate_figure_has_a_whisker(corpus):
    chart = charts.bar_chart(
        [figure(1, "2021", 70, qualifier="approximately"), figure(2, "2022", 72)],
        source_label=lambda statistic: "",
    )

    assert [bar.hedge for bar in chart.bars] == ["about", "exact"]
    assert chart.bars[0].hedge_head and not chart.bars[1].hedge_head


def test_the_preferred_figure_stays_marked_on_the_chart(client, corpus):
    response = client.get(CUMULATIVE)

    assert [bar.preferred for bar in response.context["chart"].bars] == [False, False, True]
    assertContains(response, 'class="chart-bar chart-bar-preferred"', count=1)
    assertContains(response, '<text class="chart-note"', count=1)


def test_the_statistics_page_shows_a_small_chart_per_indicator(client, corpus):
    response = client.get("/statistics/")

    assert all(indicator.chart for indicator in response.context["object_list"])
    assertContains(response, '<svg class="chart chart-small"', count=5)
    # Each chart names its own title and patterns: ids stay unique on the page.
    ids = re.findall(r' id="([^"]+)"', response.content.decode())
    assert len(ids) == len(set(ids))
