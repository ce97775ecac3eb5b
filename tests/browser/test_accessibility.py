"""An automated accessibility check (axe-core, WCAG 2.2 A and AA rules) on the main pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from ..site_helpers import ARTICLE_1, ARTICLE_4
from .conftest import screenshot

MAIN_PAGES = {
    "home": "/",
    "articles": "/articles/",
    "search": "/articles/?q=belgium&topic=trade-and-investment",
    "article": f"/articles/{ARTICLE_1}/",
    "article-inferred": f"/articles/{ARTICLE_4}/",
    "people": "/people/",
    "person": "/people/margulan-baimukhan/",
    "organisations": "/organisations/",
    "organisation": "/organisations/majilis/",
    "place": "/places/astana/",
    "timeline": "/events/",
    "event": "/events/belgian-business-mission-to-kazakhstan-2021/",
    "statistics": "/statistics/",
    "indicator": "/statistics/direct-investment-cumulative/",
    "topic": "/topics/trade-and-investment/",
}
BLOCKING = {"serious", "critical"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def axe():
    return Axe()


def describe(violations):
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['impact']}: {violation['id']} ({violation['help']}) at {targets}")
    return "\n".join(lines)


def test_the_main_pages_have_no_serious_accessibility_violations(page, axe):
    failures = {}
    for name, path in MAIN_PAGES.items():
        page.goto(path)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        blocking = [item for item in results.response["violations"] if item["impact"] in BLOCKING]
        if blocking:
            failures[path] = describe(blocking)
        screenshot(page, name)
    assert failures == {}, "\n\n".join(f"{path}:\n{text}" for path, text in failures.items())


def test_the_main_pages_pass_on_a_phone_too(page, axe):
    page.set_viewport_size({"width": 360, "height": 740})
    failures = {}
    for name in ("home", "article", "timeline", "indicator"):
        page.goto(MAIN_PAGES[name])
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        blocking = [item for item in results.response["violations"] if item["impact"] in BLOCKING]
        if blocking:
            failures[name] = describe(blocking)
        screenshot(page, f"{name}-360px")
    assert failures == {}, "\n\n".join(f"{name}:\n{text}" for name, text in failures.items())
