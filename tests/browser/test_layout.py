"""
What a reader sees on a 360 px phone and what a keyboard user reaches: content on the first
screen (a compact header, the navigation behind "Menu", the filters behind "Filters" with the
number in use), an article's title before its topics, filters a few key presses from the top,
and a wide chart or table that says it scrolls sideways.
"""

import pytest
from playwright.sync_api import expect

from archive.website import timeline

from ..site_helpers import ARTICLE_1
from .conftest import SCREENSHOTS, PageWatch, screenshot

PHONE = {"width": 360, "height": 740}
SEARCH = "/articles/?q=belgium&topic=trade-and-investment"
INDICATOR = "/statistics/direct-investment-cumulative/"


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def main_nav(page):
    return page.get_by_role("navigation", name="Main")


def top_of(locator):
    return locator.bounding_box()["y"]


def test_the_first_screen_of_a_phone_shows_search_results(phone):
    phone.goto(SEARCH)

    first_result = phone.locator(".summary").first
    assert top_of(first_result) < PHONE["height"] / 2
    expect(first_result.locator("mark").first).to_be_visible()
    assert phone.locator(".site-header").bounding_box()["height"] <= 80
    expect(main_nav(phone).get_by_role("link", name="Events")).to_be_hidden()
    expect(phone.get_by_role("heading", name="Narrow down")).to_be_hidden()
    screenshot(phone, "layout-search-360px")


def test_the_menu_button_opens_and_closes_the_navigation(phone):
    phone.goto("/")
    menu = phone.get_by_role("button", name="Menu")

    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(main_nav(phone).get_by_role("link", name="Events")).to_be_visible()
    expect(phone.get_by_role("searchbox", name="Search the articles")).to_be_visible()
    menu.click()
    expect(main_nav(phone).get_by_role("link", name="Events")).to_be_hidden()


def test_the_filters_button_says_how_many_are_in_use_and_opens_them(phone):
    phone.goto(SEARCH)
    button = phone.get_by_role("button", name="Filters 2 in use")

    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    facets = phone.get_by_role("complementary", name="Narrow down")
    expect(facets).to_be_visible()
    facets.get_by_role("link", name="2021 (3)").click()
    expect(phone.get_by_role("button", name="Filters 3 in use")).to_be_visible()


def test_on_a_desktop_nothing_is_folded(page):
    page.goto(SEARCH)

    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.locator("button.filters-toggle")).to_be_hidden()
    expect(main_nav(page).get_by_role("link", name="Events")).to_be_visible()
    expect(page.get_by_role("complementary", name="Narrow down")).to_be_visible()


def test_without_script_a_phone_shows_everything(browser, site):
    context = browser.new_context(viewport=PHONE, base_url=site, java_script_enabled=False)
    tab = context.new_page()
    watch = PageWatch()
    tab.on("response", watch.on_response)
    try:
        tab.goto(SEARCH)
        expect(main_nav(tab).get_by_role("link", name="Events")).to_be_visible()
        expect(tab.get_by_role("heading", name="Narrow down")).to_be_visible()
        expect(tab.locator("button.disclosure").first).to_be_hidden()
    finally:
        context.close()
    assert watch.problems == []


def test_an_article_on_a_phone_starts_with_its_title(phone):
    phone.goto(f"/articles/{ARTICLE_1}/")

    title = phone.get_by_role("heading", level=1)
    topics = phone.get_by_role("list", name="Topics")
    assert top_of(title) < top_of(topics)
    assert top_of(title) < 120
    screenshot(phone, "layout-article-360px")


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE])
@pytest.mark.parametrize("path", ["/articles/", "/people/", "/events/"])
def test_a_keyboard_reaches_the_filters_in_four_presses(page, viewport, path):
    page.set_viewport_size(viewport)
    page.goto(path)

    presses = ["Tab", "Tab", "Enter", "Tab"]
    for key in presses:
        page.keyboard.press(key)

    focused = page.evaluate(
        "() => [document.activeElement.closest('#filters') !== null,"
        " document.activeElement.tagName, document.activeElement.name || '']"
    )
    on_a_phone = viewport == PHONE
    # On a phone the first stop is the Filters button; on a desktop, the search field.
    assert focused == [True, "BUTTON", ""] if on_a_phone else focused == [True, "INPUT", "q"]


def test_a_wide_chart_and_table_say_they_scroll_on_a_phone(phone):
    phone.goto(INDICATOR)

    for box in (phone.locator(".chart-scroll"), phone.locator(".table-scroll")):
        assert box.evaluate("box => box.scrollWidth > box.clientWidth")
        hint = box.locator("xpath=preceding-sibling::p[@class='scroll-hint'][1]")
        expect(hint).to_be_visible()
        expect(hint).to_have_text("Scroll sideways to see all of it.")
        shadows = box.evaluate("box => getComputedStyle(box).backgroundImage")
        assert shadows.count("gradient") == 4
    screenshot(phone, "layout-indicator-360px")


def test_a_table_that_fits_gives_no_hint(page):
    page.goto(INDICATOR)

    expect(page.locator(".scroll-hint").first).to_be_hidden()


@pytest.mark.parametrize("counted", [False, True], ids=["drawn", "counted"])
def test_the_events_overview_fits_a_phone_and_its_words_stay_legible(phone, monkeypatch, counted):
    if counted:
        monkeypatch.setattr(timeline, "MOST_EVENTS_DRAWN", 5)
    phone.goto("/events/")

    chart = phone.locator(".timeline-chart")
    box = chart.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    sizes = phone.locator(".timeline-chart text").evaluate_all(
        "texts => texts.map(text => text.getBoundingClientRect().height)"
    )
    assert min(sizes) >= 11  # CSS pixels: the drawing is scaled down to the phone's width
    assert (phone.locator(".timeline-chart .timeline-bar").count() > 0) == counted
    phone.locator(".timeline-figure").screenshot(
        path=str(SCREENSHOTS / f"timeline-overview-{'counted' if counted else 'drawn'}-360px.png")
    )


def test_the_network_drawing_scrolls_on_a_phone_and_its_names_stay_legible(phone):
    phone.goto("/network/")

    box = phone.locator(".network-figure .chart-scroll")
    region = box.bounding_box()
    assert region["x"] >= 0 and region["x"] + region["width"] <= PHONE["width"]
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    expect(box.locator("xpath=preceding-sibling::p[@class='scroll-hint'][1]")).to_be_visible()
    # The names' size on the screen: the drawing is scaled to the width it is given.
    shown_size = phone.locator(".network-drawing").evaluate(
        "svg => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width"
        " * parseFloat(getComputedStyle(svg.querySelector('text')).fontSize)"
    )
    assert shown_size >= 11  # CSS pixels
    phone.locator(".network-figure").screenshot(path=str(SCREENSHOTS / "network-drawing-360px.png"))
