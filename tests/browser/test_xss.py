"""
Hostile text rendered inert in a real browser (see tests/hostile_records.py for the payloads).

The pages are opened with the Content Security Policy switched off (`bypass_csp`), so that the
escaping is proved on its own: were a payload to become markup, its script would run and open a
dialog. On every page that shows one of the records: no dialog opens while the page loads and
while the pointer moves over and clicks the hostile text; the DOM holds no element the payloads
would inject, no event-handler attribute, no script other than JSON-LD data and no
`javascript:` link; the hostile text is there, as text; and each JSON-LD block parses, whole.
The feeds' descriptions, which readers display as HTML, are rendered the same way.
"""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from ..hostile_records import HANDLER, JAVASCRIPT_URL, SCRIPT, make_hostile_records
from .conftest import PageWatch, screenshot

# What the payloads would leave in the DOM had they become markup.
FIND_INJECTIONS = """() => {
  const problems = [];
  for (const script of document.querySelectorAll("script")) {
    const isData = script.type === "application/ld+json";
    const isOwnFile = script.src && new URL(script.src).origin === location.origin;
    if (!isData && !isOwnFile) problems.push("script element: " + script.outerHTML.slice(0, 80));
  }
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith("on")) {
        problems.push(`${element.tagName} has ${attribute.name}`);
      }
      const isAddress = ["href", "src", "action", "formaction", "xlink:href"].includes(
        attribute.name);
      if (isAddress && /^\\s*(javascript|vbscript|data):/i.test(attribute.value)) {
        problems.push(`${element.tagName} ${attribute.name}=${attribute.value}`);
      }
    }
  }
  for (const element of document.querySelectorAll(".xss-injected")) {
    problems.push("injected " + element.tagName);
  }
  return problems;
}"""

PARSE_JSON_LD = """() => Array.from(
  document.querySelectorAll('script[type="application/ld+json"]'),
  (block) => JSON.parse(block.textContent),
)"""


@pytest.fixture
def hostile(site):
    return make_hostile_records()


@pytest.fixture
def unguarded_page(browser, site):
    """A tab with the Content Security Policy bypassed, recording every dialog it opens."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=site, bypass_csp=True
    )
    tab = context.new_page()
    tab.dialogs = []

    def record_dialog(dialog):
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", record_dialog)
    watch = PageWatch()
    tab.on("pageerror", watch.on_page_error)
    tab.on("response", watch.on_response)
    tab.watch = watch
    yield tab
    context.close()
    assert tab.dialogs == [], f"dialogs opened: {tab.dialogs}"
    assert watch.problems == [], "\n".join(watch.problems)


def assert_inert(page, where):
    problems = page.evaluate(FIND_INJECTIONS)
    assert problems == [], f"{where}: {problems}"
    assert page.dialogs == [], f"{where}: dialogs opened: {page.dialogs}"


# Where the hostile text shows: the innermost visible elements holding a payload's words.
HOSTILE_TEXT_SPOTS = """() => {
  const spots = [];
  for (const element of document.body.querySelectorAll("*")) {
    const own = Array.from(element.childNodes)
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent)
      .join("");
    if (!/onmouseover|xss:/.test(own)) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    spots.push({
      x: box.left + window.scrollX + Math.min(box.width / 2, 40),
      y: box.top + window.scrollY + box.height / 2,
    });
  }
  return spots.slice(0, 8);
}"""


def touch_hostile_text(page):
    """Move the pointer over, and click, whatever shows the payloads; follow no link away."""
    spots = page.evaluate(HOSTILE_TEXT_SPOTS)
    for spot in spots:
        page.evaluate("([x, y]) => window.scrollTo(x - 100, y - 100)", [spot["x"], spot["y"]])
        x, y = page.evaluate(
            "([x, y]) => [x - window.scrollX, y - window.scrollY]", [spot["x"], spot["y"]]
        )
        page.mouse.move(x, y)
        under_pointer_leads_away = page.evaluate(
            """([x, y]) => {
              const hit = document.elementFromPoint(x, y);
              return !hit || hit.closest("a, button, form, label, summary") !== null;
            }""",
            [x, y],
        )
        if not under_pointer_leads_away:
            page.mouse.click(x, y)
    return len(spots)


def json_ld_names(hostile):
    """The name each record page's JSON-LD must carry, exactly as stored."""
    return {
        hostile.person.get_absolute_url(): hostile.person.name,
        hostile.organisation.get_absolute_url(): hostile.organisation.name,
        hostile.place.get_absolute_url(): hostile.place.name,
        hostile.event.get_absolute_url(): hostile.event.title,
        hostile.indicator.get_absolute_url(): hostile.indicator.name,
    }


def test_hostile_text_is_inert_on_every_page_that_shows_it(unguarded_page, hostile):
    page = unguarded_page
    names = json_ld_names(hostile)
    for path, shown in hostile.pages().items():
        page.goto(path)
        assert_inert(page, path)
        body_text = page.locator("body").inner_text()
        assert shown.strip() in body_text, f"{path} does not show {shown!r} as text"
        assert touch_hostile_text(page) > 0, path
        assert_inert(page, path)
        # Each JSON-LD block is read whole: a `</script>` inside would have cut it short.
        blocks = page.evaluate(PARSE_JSON_LD)
        if path in names:
            (data,) = blocks
            name = data["@graph"][0]["name"] if "@graph" in data else data["name"]
            assert name == names[path], path
    screenshot(page, "xss-topic")


def test_an_articles_hostile_text_reads_back_exactly(unguarded_page, hostile):
    page = unguarded_page
    article = hostile.article
    page.goto(article.get_absolute_url())

    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    assert page.title().startswith(article.title)
    assert page.locator('meta[property="og:title"]').get_attribute("content") == article.title
    # The mention in the body is one link, around the whole name, payload and all.
    mention = page.locator(".article-body a.mention-person")
    expect(mention).to_have_text(hostile.person.name)
    expect(mention).to_have_attribute("href", hostile.person.get_absolute_url())
    # The original address is shown, but not as a link.
    original = page.locator("dt:has-text('Original address') + dd")
    expect(original).to_have_text(JAVASCRIPT_URL)
    assert original.locator("a").count() == 0
    assert page.locator("a[href*='javascript' i]").count() == 0

    (data,) = page.evaluate(PARSE_JSON_LD)
    assert data["headline"] == article.title
    assert data["dateline"] == article.dateline
    assert data["publisher"]["name"] == hostile.organisation.name
    assert [person["name"] for person in data["author"]] == [hostile.person.name]
    screenshot(page, "xss-article")

    mention.hover()
    mention.click()
    expect(page).to_have_url(re.compile(f"{hostile.person.get_absolute_url()}$"))
    assert_inert(page, "the person's page")


REFLECTED = [
    # (list, parameter, what the reader typed)
    ("/articles/", "q", SCRIPT),  # search results: the query in the title, heading and box
    ("/articles/", "q", HANDLER),
    ("/people/", "q", HANDLER),
    ("/articles/", "date_after", HANDLER),  # a 400: not a date, shown back in its box
    ("/articles/", "person", SCRIPT),  # a 400 naming the slug it could not find
]


def test_what_a_reader_typed_is_shown_back_inert(unguarded_page, hostile):
    page = unguarded_page
    for path, name, typed in REFLECTED:
        response = page.goto(f"{path}?{urlencode({name: typed})}")
        assert response.status in (200, 400)
        assert_inert(page, f"{path} {name}")
        box = page.locator(f".filter-form [name={name}]")
        if box.count():
            assert box.input_value() == typed
        else:
            expect(page.get_by_role("alert")).to_contain_text(typed)
        touch_hostile_text(page)
        assert_inert(page, f"{path} {name}")
    # The 400s were asked for.
    page.watch.problems = [problem for problem in page.watch.problems if "400 for" not in problem]


def feed_descriptions(page, path):
    """(title, description as a feed reader gets it) of each item of an RSS or Atom feed."""
    response = page.request.get(path)
    assert response.ok
    root = ET.fromstring(response.body())
    atom = "{http://www.w3.org/2005/Atom}"
    if root.tag == "rss":
        return [
            (item.findtext("title"), item.findtext("description")) for item in root.iter("item")
        ]
    return [
        (entry.findtext(f"{atom}title"), entry.findtext(f"{atom}summary"))
        for entry in root.iter(f"{atom}entry")
    ]


@pytest.mark.parametrize("path", ["/feeds/articles/", "/feeds/articles/atom/"])
def test_a_feed_readers_view_of_the_article_is_inert(unguarded_page, hostile, path):
    page = unguarded_page
    items = dict(feed_descriptions(page, path))
    description = items[hostile.article.title]  # the title comes out exactly as stored

    # A feed reader shows the description as HTML: render it as one would.
    page.set_content(f"<!doctype html><title>feed item</title><div>{description}</div>")

    assert_inert(page, path)
    assert SCRIPT in page.locator("div").inner_text()
    touch_hostile_text(page)
    assert_inert(page, path)


def test_under_the_real_policy_the_pages_need_nothing_blocked(page, hostile):
    """With the policy on, as readers get it: no violation is even attempted."""
    violations = []

    def note_violation(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", note_violation)
    for path in [
        hostile.article.get_absolute_url(),
        hostile.person.get_absolute_url(),
        hostile.event.get_absolute_url(),
        hostile.indicator.get_absolute_url(),
        "/articles/?q=envoy",
    ]:
        page.goto(path)
    assert violations == []
