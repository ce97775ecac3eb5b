"""
What a reader sees of the archive's precision: years that may be other years, hedged figures
drawn as hedged, people counted for what they did.
"""

import re

from playwright.sync_api import expect

from ..site_helpers import ARTICLE_2
from .conftest import screenshot

CUMULATIVE = "/statistics/direct-investment-cumulative/"


def test_a_reader_sees_which_years_are_only_possible_and_why(page):
    page.goto("/articles/")
    facets = page.get_by_role("complementary", name="Narrow down")
    year_2022 = facets.get_by_role("link", name=re.compile(r"^2022 \(2, 1 possibly\)"))
    expect(year_2022).to_be_visible()
    expect(
        facets.get_by_text("“Possibly”: articles whose date is not known to the year")
    ).to_be_visible()
    # The "possibly" part of the count looks different from a certain count.
    possibly = year_2022.locator(".possibly")
    assert possibly.evaluate("element => getComputedStyle(element).fontStyle") == "italic"

    year_2022.click()
    expect(page.get_by_role("heading", level=2, name="2 articles")).to_be_visible()
    badge = page.locator(f'article:has(a[href="/articles/{ARTICLE_2}/"]) .badge-possibly')
    expect(badge).to_have_text("possibly 2022")
    assert badge.evaluate("element => getComputedStyle(element).borderTopStyle") == "dashed"
    expect(page.get_by_text("it may fall in this year or in another")).to_be_visible()
    screenshot(page, "articles-possibly-2022")


def test_a_reader_sees_hedged_figures_drawn_as_hedged_and_the_preferred_one_marked(page):
    page.goto(CUMULATIVE)
    chart = page.locator("svg.chart")
    expect(chart).to_be_visible()

    bars = chart.locator("rect.chart-bar")
    expect(bars).to_have_count(3)
    fills = [bars.nth(index).evaluate("bar => getComputedStyle(bar).fill") for index in range(3)]
    # "almost" and "more than" are hatched (a pattern), the exact preferred figure is solid.
    assert fills[0].startswith("url(") and fills[1].startswith("url("), fills
    assert fills[2].startswith("rgb("), fills
    for mark in ("less", "more"):
        expect(chart.locator(f"path.chart-hedge-{mark}")).to_be_visible()
    expect(chart.locator("text.chart-value", has_text="almost 9 billion USD")).to_be_visible()
    expect(chart.locator("text.chart-value", has_text="more than 9 billion USD")).to_be_visible()
    expect(chart.locator("text.chart-note")).to_have_text("preferred")
    # The x axis is time: the three running totals stand in 2021, side by side.
    expect(chart.locator("text.chart-year")).to_have_text(["2021"])
    expect(page.locator("figcaption", has_text="Hatched bars are hedged figures")).to_be_visible()
    screenshot(page, "indicator-chart")


def test_the_statistics_page_shows_a_small_chart_for_each_indicator(page):
    page.goto("/statistics/")

    sections = page.locator("section.indicator")
    expect(sections).to_have_count(5)
    for index in range(5):
        expect(sections.nth(index).locator("svg.chart-small")).to_be_visible()
    approximately = page.locator("section.indicator", has_text="approximately 70 enterprises")
    expect(approximately.locator("path.chart-hedge-about")).to_be_visible()
    screenshot(page, "statistics-small-charts")


def test_an_author_is_listed_with_what_they_wrote(page):
    page.goto("/people/")

    entry = page.locator("li", has=page.get_by_role("link", name="Tatyana Kudrenok"))
    expect(entry).to_contain_text("wrote 1 article")
    expect(page.get_by_text("mentioned in 0 articles")).to_have_count(0)


def test_a_small_chart_keeps_its_words_readable_on_a_phone(page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/statistics/")

    chart = page.locator("svg.chart-small").first
    expect(chart).to_be_visible()
    # Drawn at its own size (its text as large as on a desktop), the region scrolling instead.
    drawn = chart.evaluate("svg => svg.getBoundingClientRect().width")
    assert drawn == float(chart.get_attribute("width"))
    assert chart.evaluate("svg => svg.parentElement.scrollWidth > svg.parentElement.clientWidth")
    screenshot(page, "statistics-small-charts-360px")
