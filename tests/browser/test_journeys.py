"""What a reader does: search, read an article, follow a person and come back, use the timeline."""

import re

from playwright.sync_api import expect

from ..site_helpers import ARTICLE_1
from .conftest import screenshot


def test_a_reader_searches_reads_an_article_follows_a_person_and_comes_back(page, site):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kazakhstan–Belgium Relations Archive"
    )
    screenshot(page, "home")

    # Straight quote typed by the reader, typographic quote in the text.
    page.get_by_label("Search the articles").fill("D'Hose")
    page.get_by_label("Search the articles").press("Enter")
    expect(page).to_have_url(re.compile(r"/articles/\?q=D%27Hose$"))
    expect(
        page.get_by_role("heading", level=2, name=re.compile("1 article matching"))
    ).to_be_visible()
    screenshot(page, "search-results")

    page.get_by_role(
        "link", name="Prospects of expanding cooperation with Kazakhstan discussed"
    ).click()
    expect(page).to_have_url(f"{site}/articles/{ARTICLE_1}/")
    title = (
        "Prospects of expanding cooperation with Kazakhstan discussed with Belgian Senate’s Speaker"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    screenshot(page, "article")

    # The person's name in the body is a link to their page.
    page.locator(".article-body").get_by_role("link", name="Stephanie D’Hose").click()
    expect(page).to_have_url(f"{site}/people/stephanie-dhose/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stephanie D’Hose")
    expect(page.get_by_text("as of 17 October 2021").first).to_be_visible()
    screenshot(page, "person")

    page.go_back()
    expect(page).to_have_url(f"{site}/articles/{ARTICLE_1}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_a_reader_narrows_the_articles_with_facets(page):
    page.goto("/articles/")
    expect(page.get_by_role("heading", level=2, name="5 articles")).to_be_visible()

    facets = page.get_by_role("complementary", name="Narrow down")
    facets.get_by_role("link", name=re.compile(r"^Regional and international security")).click()
    expect(page.get_by_role("heading", level=2, name="1 article")).to_be_visible()

    page.get_by_role("link", name="remove filter Topic").click()
    expect(page.get_by_role("heading", level=2, name="5 articles")).to_be_visible()


def test_a_reader_uses_the_timeline(page, site):
    page.goto("/events/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Timeline of events")
    screenshot(page, "timeline")

    page.get_by_role("navigation", name="Years on this timeline").get_by_role(
        "link", name="2022"
    ).click()
    expect(page).to_have_url(f"{site}/events/#year-2022")
    year_2022 = page.get_by_role("region", name="2022")
    expect(year_2022).to_be_in_viewport()
    expect(year_2022.get_by_role("link", name=re.compile("30th anniversary"))).to_be_visible()

    page.get_by_label("Status").select_option("planned")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("1 event", exact=True)).to_be_visible()
    # The overview's bar names the same event with its date: ask for the list's link.
    page.get_by_role(
        "link", name="Business mission of Belgian entrepreneurs to Kazakhstan", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Business mission of Belgian entrepreneurs to Kazakhstan"
    )
    expect(page.locator(".badge-planned")).to_have_text("planned")


def test_a_wrong_filter_shows_the_reader_what_to_correct(page, site):
    page.watch.allow(f"{site}/articles/?year=abc")  # a 400 is the right answer here

    page.goto("/articles/?year=abc")

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Some of the search parameters could not be used")
    expect(alert).to_contain_text("Year")
    expect(page.get_by_label("Year")).to_have_attribute("aria-invalid", "true")


def test_a_keyboard_user_can_skip_to_the_content(page):
    page.goto("/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_the_pages_fit_a_360_pixel_phone(page, site):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in (
        "/",
        "/articles/",
        f"/articles/{ARTICLE_1}/",
        "/events/",
        "/statistics/direct-investment-cumulative/",
    ):
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"
    screenshot(page, "statistics-phone")


def test_an_article_prints_without_navigation(page):
    page.goto(f"/articles/{ARTICLE_1}/")
    page.emulate_media(media="print")

    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.locator(".site-search")).to_be_hidden()
    expect(page.get_by_role("heading", name="Cite this article")).to_be_visible()
    expect(page.locator(".article-body")).to_be_visible()
