"""Statistics: every claim with its hedge, period, quote and source; preferred figures; charts."""

from pytest_django.asserts import assertContains, assertNotContains

from archive.models import Article, Statistic

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
