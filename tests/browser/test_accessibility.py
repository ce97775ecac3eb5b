"""
An automated accessibility check (axe-core: WCAG 2.2 A and AA rules and its best practices) on
every kind of public page, on a desktop and on a 360 px phone: no violation of any impact, minor
ones included. On the phone the pages are checked with the menu and the filters folded (as a
reader first sees them) and again unfolded.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from archive import history
from archive.models import Article
from archive.website import timeline

from ..site_helpers import ARTICLE_1, ARTICLE_4
from .conftest import screenshot

MAIN_PAGES = {
    "home": "/",
    "articles": "/articles/",
    "search": "/articles/?q=belgium&topic=trade-and-investment",
    "search-newest": "/articles/?q=belgium&ordering=-date",
    "bad-filter": "/articles/?year=abc",
    "article": f"/articles/{ARTICLE_1}/",
    "article-inferred": f"/articles/{ARTICLE_4}/",
    "articles-related": f"/articles/?similar_to={ARTICLE_1}",
    "people": "/people/",
    "people-by-mentions": "/people/?ordering=-articles&country=BE",
    "person": "/people/margulan-baimukhan/",
    "organisations": "/organisations/",
    "organisations-by-name": "/organisations/?ordering=name",
    "organisation": "/organisations/majilis/",
    "places": "/places/",
    "place": "/places/astana/",
    "timeline": "/events/",
    "event": "/events/belgian-business-mission-to-kazakhstan-2021/",
    "statistics": "/statistics/",
    "indicator": "/statistics/direct-investment-cumulative/",
    "topics": "/topics/",
    "topic": "/topics/trade-and-investment/",
    "network": "/network/",
    "network-filtered": "/network/?year_from=2021&year_to=2021&kind=meeting",
    "network-bad-filter": "/network/?year_from=2023&year_to=2021",
    "not-found": "/no-such-page/",
}
# A 404 and 400s, on purpose.
ERROR_PAGES = {"/no-such-page/", "/articles/?year=abc", "/network/?year_from=2023&year_to=2021"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def axe():
    return Axe()


def corrected_article_versions():
    """An article saved twice with a correction between: its versions' pages, by name."""
    article = Article.objects.get(slug=ARTICLE_1)
    old = history.snapshot([article], "As first published")
    article.body += "\n\nA sentence added by a correction."
    article.save()
    article.corrections.create(reason="A sentence was missing.", changed="text")
    new = history.snapshot([article], "Corrected")
    return {
        "article-versions": f"/articles/{ARTICLE_1}/versions/",
        "article-version-old": f"/articles/{ARTICLE_1}/versions/{old.pk}/",
        "article-version-current": f"/articles/{ARTICLE_1}/versions/{new.pk}/",
        "article-with-versions": f"/articles/{ARTICLE_1}/",
    }


def describe(violations):
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['impact']}: {violation['id']} ({violation['help']}) at {targets}")
    return "\n".join(lines)


def violations_on(page, axe, site, paths, suffix="", unfold=False):
    failures = {}
    for name, path in paths.items():
        if path in ERROR_PAGES:
            page.watch.allow(site + path)
        page.goto(path)
        if unfold:
            for button in page.locator("button.disclosure").all():
                button.click()
        violations = axe.run(
            page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}
        ).response["violations"]
        if violations:
            failures[path] = describe(violations)
        screenshot(page, f"{name}{suffix}")
    return failures


def report(failures):
    return "\n\n".join(f"{path}:\n{text}" for path, text in failures.items())


def test_every_kind_of_page_has_no_accessibility_violation(page, axe, site):
    failures = violations_on(page, axe, site, MAIN_PAGES)
    assert failures == {}, report(failures)


def test_every_kind_of_page_has_none_on_a_phone_either(page, axe, site):
    page.set_viewport_size({"width": 360, "height": 740})
    failures = violations_on(page, axe, site, MAIN_PAGES, suffix="-360px")
    assert failures == {}, report(failures)


def test_the_unfolded_menu_and_filters_have_none_on_a_phone(page, axe, site):
    page.set_viewport_size({"width": 360, "height": 740})
    paths = {name: MAIN_PAGES[name] for name in ("search", "people", "timeline")}
    failures = violations_on(page, axe, site, paths, suffix="-360px-unfolded", unfold=True)
    assert failures == {}, report(failures)


def test_an_articles_versions_have_none_on_a_desktop_or_a_phone(page, axe, site):
    paths = corrected_article_versions()
    failures = violations_on(page, axe, site, paths)
    page.set_viewport_size({"width": 360, "height": 800})
    failures |= violations_on(page, axe, site, paths, suffix="-360px")
    assert failures == {}, report(failures)


def test_the_events_overview_counted_by_month_has_none_either(page, axe, site, monkeypatch):
    monkeypatch.setattr(timeline, "MOST_EVENTS_DRAWN", 5)  # the seed corpus has 15 events
    paths = {"timeline-counted": MAIN_PAGES["timeline"]}
    failures = violations_on(page, axe, site, paths)
    assert page.locator(".timeline-chart .timeline-bar").count() > 0
    page.set_viewport_size({"width": 360, "height": 740})
    failures |= violations_on(page, axe, site, paths, suffix="-360px")
    assert failures == {}, report(failures)
