"""Every public page: ready for a strict Content Security Policy, and accessible in structure."""

import itertools

import pytest

from .site_helpers import ARTICLE_0, ARTICLE_4, read_page

PAGES = [
    "/",
    "/articles/",
    "/articles/?q=belgium&topic=trade-and-investment",
    "/articles/?year=abc",
    f"/articles/{ARTICLE_0}/",
    f"/articles/{ARTICLE_4}/",
    "/people/",
    "/people/margulan-baimukhan/",
    "/organisations/",
    "/organisations/majilis/",
    "/places/",
    "/places/brussels/",
    "/events/",
    "/events/belgian-business-mission-to-kazakhstan-2021/",
    "/statistics/",
    "/statistics/direct-investment-cumulative/",
    "/topics/",
    "/topics/trade-and-investment/",
    "/no-such-page/",
]


@pytest.mark.parametrize("path", PAGES)
def test_the_page_is_ready_for_a_strict_content_security_policy(client, corpus, path):
    page = read_page(client.get(path))

    # No inline script: only data (JSON-LD) and the site's own script file.
    assert [
        kind
        for kind, source in zip(page.scripts, page.script_sources, strict=True)
        if kind != "application/ld+json" and source != "/static/js/site.js"
    ] == []
    assert page.inline_styles == []
    assert page.style_elements == 0
    assert page.handlers == []
    assert page.external == []


@pytest.mark.parametrize("path", PAGES)
def test_the_page_has_one_h1_and_headings_that_do_not_skip_levels(client, corpus, path):
    levels = [level for level, _text in read_page(client.get(path)).headings]

    assert levels.count(1) == 1
    assert levels[0] == 1
    for previous, current in itertools.pairwise(levels):
        assert current <= previous + 1, levels


@pytest.mark.parametrize("path", PAGES)
def test_the_page_has_a_skip_link_to_its_main_content(client, corpus, path):
    content = client.get(path).content.decode()

    assert '<a class="skip-link" href="#main">' in content
    assert '<main id="main"' in content
