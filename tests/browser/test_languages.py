"""
The website in Kazakh, Russian, French and Dutch as a reader's browser shows it (English is
checked by test_accessibility.py and test_valid_html.py): every kind of page without an axe
violation on a desktop and on a 360 px phone, valid HTML for the Nu checker, nothing wider
than a phone's screen whatever the length of a language's words (nor a hidden skip link
grown into sight); the language menu keeps the record the reader is on; and an editor can
work in the admin in Kazakh.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User
from django.utils import translation
from playwright.sync_api import expect

from archive.models import Article
from archive.roles import EDITORS

from ..site_helpers import ARTICLE_1, ARTICLE_2, ARTICLE_3, make_article
from .conftest import ARTIFACTS, screenshot
from .test_accessibility import ERROR_PAGES, MAIN_PAGES, WCAG_TAGS, describe
from .test_valid_html import nu_findings

LANGUAGES = ["kk", "ru", "fr", "nl"]
EDITIONS = f"/articles/{ARTICLE_1}/editions/"
PAGES = {
    **MAIN_PAGES,
    "article-devised": f"/articles/{ARTICLE_3}/",
    "article-open-date": f"/articles/{ARTICLE_2}/",
    "editions": EDITIONS,
}
PHONE = {"width": 360, "height": 740}
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": PHONE}


def add_editions():
    """A Russian and a Kazakh edition of ARTICLE_1, so that it has its editions page."""
    first = Article.objects.get(slug=ARTICLE_1)
    for slug, title, body, language in [
        ("perspektivy", "Перспективы расширения сотрудничества", "Посол встретился.", "ru"),
        ("perspektivalary", "Ынтымақтастықты кеңейту перспективалары", "Елші кездесті.", "kk"),
    ]:
        make_article(
            slug, title=title, body=body, raw_text=body, language=language, edition_of=first
        )


@pytest.fixture
def editions(site):
    add_editions()
    return site


@pytest.fixture(scope="module")
def axe():
    return Axe()


def visit(page, site, language, path):
    if path in ERROR_PAGES:  # a 404 and a 400, on purpose
        page.watch.allow(f"{site}/{language}{path}")
    page.goto(f"/{language}{path}")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_kind_of_page_has_no_accessibility_violation(page, axe, editions, language, width):
    page.set_viewport_size(WIDTHS[width])
    failures = {}
    for name, path in PAGES.items():
        visit(page, editions, language, path)

        expect(page.locator("html")).to_have_attribute("lang", language)
        violations = axe.run(
            page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}
        ).response["violations"]
        if violations:
            failures[f"/{language}{path}"] = describe(violations)
        screenshot(page, f"{language}-{name}-{width}")

    assert failures == {}, "\n\n".join(f"{path}:\n{text}" for path, text in failures.items())


# The first elements reaching past the screen's right edge (not inside a box that scrolls or
# clips them), with their first words: what made the page too wide.
OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    const contained = (element) => {
        let box = element.parentElement;
        for (; box && box !== document.body; box = box.parentElement) {
            if (getComputedStyle(box).overflowX !== "visible") return true;
        }
        return false;
    };
    return [...document.querySelectorAll("body *")]
        .filter((element) => element.getBoundingClientRect().right > width + 1)
        .filter((element) => !contained(element))
        .slice(0, 5)
        .map((element) => `<${element.tagName.toLowerCase()} class="${element.className}">: `
            + (element.textContent || "").trim().slice(0, 60));
}"""


# Skip links in sight before they have the focus (a long one wraps and grows downwards).
PEEKING_SKIP_LINKS = """() => [...document.querySelectorAll(".skip-link")]
    .filter((link) => link !== document.activeElement && link.getBoundingClientRect().bottom > 0)
    .map((link) => link.textContent)"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_is_wider_than_a_phone_or_peeks_out_in_any_language(page, editions, language):
    page.set_viewport_size(PHONE)
    wide, peeking = {}, {}
    for name, path in PAGES.items():
        visit(page, editions, language, path)
        if found := page.evaluate(PEEKING_SKIP_LINKS):
            peeking[f"/{language}{path}"] = found
        for state in ("folded", "unfolded"):
            if state == "unfolded":
                for button in page.locator("button.disclosure").all():
                    button.click()
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > PHONE["width"]:
                wide[f"/{language}{path} ({state})"] = (scroll_width, page.evaluate(OVERFLOWING))
                screenshot(page, f"{language}-{name}-360px-{state}-too-wide")

    assert wide == {}, "\n".join(
        f"{path}: {width} px wide; {elements}" for path, (width, elements) in wide.items()
    )
    assert peeking == {}, f"skip links showing before they have the focus: {peeking}"


def test_every_kind_of_page_is_valid_html_in_every_language(client, corpus):
    add_editions()
    folder = ARTIFACTS / "html-languages"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for language in LANGUAGES:
        for name, path in PAGES.items():
            response = client.get(f"/{language}{path}")
            target = folder / f"{language}-{name}.html"
            target.write_bytes(response.content)
            files.append(target)

    errors, returncode = nu_findings(files)

    assert errors == [], "\n".join(errors)
    assert returncode == 0


def test_the_language_menu_keeps_the_article_and_the_search(page, site):
    page.goto(f"/articles/{ARTICLE_1}/")
    title = page.locator("h1").inner_text()

    page.locator("nav.languages").get_by_role("link", name="Русский").click()

    expect(page).to_have_url(f"{site}/ru/articles/{ARTICLE_1}/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("h1")).to_have_text(title)  # the record as curated, in every language
    expect(page.locator("nav.languages [aria-current=true]")).to_have_text("Русский")

    page.goto("/kk/articles/?q=belgium&topic=trade-and-investment")
    page.locator("nav.languages").get_by_role("link", name="Nederlands").click()

    expect(page).to_have_url(f"{site}/nl/articles/?q=belgium&topic=trade-and-investment")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator(".summary mark").first).to_be_visible()


def in_kazakh(text):
    """`text` (lazy or a msgid) in Kazakh, failing if the catalogues have no Kazakh for it."""
    with translation.override("kk"):
        kazakh = str(text)
    with translation.override("en"):
        assert kazakh != str(text), f"no Kazakh for {text!r}"
    return kazakh


def test_an_editor_works_in_the_admin_in_kazakh(page, site):
    editor = User.objects.create_user("ed", password="ed-password", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    article = Article.objects.get(slug=ARTICLE_1)
    page.watch.allow(f"{site}/favicon.ico")  # the admin names no icon of its own
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", "ed-password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")

    page.select_option("#admin-language", "kk")
    with page.expect_navigation():
        page.locator("form.admin-language button[type=submit]").click()

    expect(page).to_have_url(f"{site}/admin/")
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    articles = in_kazakh(Article._meta.verbose_name_plural)
    expect(
        page.get_by_role("link", name=re.compile(f"^{re.escape(articles)}$", re.I))
    ).to_be_visible()
    expect(page.locator("#admin-language")).to_have_value("kk")
    screenshot(page, "admin-kk-index")

    page.goto(f"/admin/archive/article/{article.pk}/change/")

    expect(page.locator("html")).to_have_attribute("lang", "kk")
    title = in_kazakh(Article._meta.get_field("title").verbose_name)
    expect(page.locator("label[for=id_title]")).to_have_text(
        re.compile(f"^{re.escape(title)}:?$", re.I)
    )
    expect(page.locator("#id_title")).to_have_value(article.title)  # the record as curated
    screenshot(page, "admin-kk-article")


def test_on_a_phone_the_language_menu_waits_behind_the_menu_button(page, site):
    # The first screen of a phone is the page's own; the languages unfold with the menu.
    page.set_viewport_size(PHONE)
    page.goto(f"/articles/{ARTICLE_1}/")
    languages = page.locator("nav.languages")
    expect(languages).to_be_hidden()

    page.get_by_role("button", name="Menu").click()
    languages.get_by_role("link", name="Қазақша").click()

    expect(page).to_have_url(f"{site}/kk/articles/{ARTICLE_1}/")
    expect(page.locator("html")).to_have_attribute("lang", "kk")
