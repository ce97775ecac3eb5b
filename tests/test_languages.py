"""
The five interface languages: the website's language is its URL's, the API's follows
Accept-Language, the admin's follows the editor; every page offers itself in the others.
"""

import re

import pytest
from django.conf import settings
from django.core.cache import caches

from .site_helpers import ARTICLE_1

LANGUAGES = ["en", "kk", "ru", "fr", "nl"]
PREFIXES = {"en": "", "kk": "/kk", "ru": "/ru", "fr": "/fr", "nl": "/nl"}
ENDONYMS = {
    "en": "English",
    "kk": "Қазақша",
    "ru": "Русский",
    "fr": "Français",
    "nl": "Nederlands",
}


def html_language(response):
    return re.search(r'<html lang="([\w-]+)"', response.content.decode()).group(1)


def language_menu(response):
    return re.search(
        r'<nav class="languages[^"]*"[^>]*>(.*?)</nav>', response.content.decode(), re.S
    ).group(1)


def switcher(response):
    """The language menu's links, as {language: (path, marked as current)}."""
    menu = language_menu(response)
    return {
        code: (path, bool(current))
        for path, code, current in re.findall(
            r'<a href="([^"]+)" hreflang="([\w-]+)" lang="[\w-]+"( aria-current="true")?>',
            menu,
        )
    }


def alternates(response):
    return dict(
        re.findall(
            r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">',
            response.content.decode(),
        )
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_its_own_address_and_says_so(client, corpus, language):
    response = client.get(f"{PREFIXES[language]}/articles/{ARTICLE_1}/")

    assert response.status_code == 200
    assert html_language(response) == language
    assert response["Content-Language"] == language


def test_an_english_address_stays_english_whatever_the_browser_or_cookie_asks(client, corpus):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    response = client.get("/articles/", HTTP_ACCEPT_LANGUAGE="kk,ru;q=0.8")

    assert html_language(response) == "en"
    # One address, one language: nothing for a shared cache to tell apart.
    assert "Accept-Language" not in response.get("Vary", "")


def test_the_switcher_keeps_the_record_and_the_query(client, corpus):
    path = "/ru/articles/?q=belgium&topic=trade-and-investment&page=1"
    response = client.get(path)

    assert switcher(response) == {
        language: (
            f"{PREFIXES[language]}/articles/?q=belgium&amp;topic=trade-and-investment&amp;page=1",
            language == "ru",
        )
        for language in LANGUAGES
    }
    names = re.findall(
        r'lang="([\w-]+)"(?: aria-current="true")?>([^<]+)</a>', language_menu(response)
    )
    assert dict(names) == ENDONYMS


@pytest.mark.parametrize(
    "path",
    [
        f"/articles/{ARTICLE_1}/",
        "/people/margulan-baimukhan/",
        "/organisations/majilis/",
        "/places/brussels/",
        "/events/belgian-business-mission-to-kazakhstan-2021/",
        "/statistics/direct-investment-cumulative/",
        "/topics/trade-and-investment/",
        "/",
    ],
)
def test_every_version_of_a_record_links_to_the_others_with_hreflang(client, corpus, path):
    for language in LANGUAGES:
        response = client.get(f"{PREFIXES[language]}{path}")

        assert response.status_code == 200
        assert alternates(response) == {
            **{code: f"http://testserver{PREFIXES[code]}{path}" for code in LANGUAGES},
            "x-default": f"http://testserver{path}",
        }
        for code, (target, _current) in switcher(response).items():
            assert client.get(target).status_code == 200, (language, code, target)


def test_a_missing_page_offers_each_language_home(client, corpus):
    response = client.get("/fr/no-such-page/")

    assert response.status_code == 404
    assert html_language(response) == "fr"
    assert switcher(response) == {
        language: (f"{PREFIXES[language]}/", language == "fr") for language in LANGUAGES
    }


@pytest.mark.parametrize("path", ["/kk/robots.txt", "/ru/sitemap.xml", "/fr/api/articles/"])
def test_addresses_that_have_one_language_have_no_prefixed_twin(client, corpus, path):
    assert client.get(path).status_code == 404


def test_the_api_follows_accept_language_and_says_it_varies_on_it(client, corpus):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"  # a program sends none; ignored

    russian = client.get("/api/articles/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.5")
    unknown = client.get("/api/articles/", HTTP_ACCEPT_LANGUAGE="de, *;q=0.1")
    plain = client.get("/api/articles/")

    assert russian["Content-Language"] == "ru"
    assert unknown["Content-Language"] == "en"
    assert plain["Content-Language"] == "en"
    assert "Accept-Language" in russian["Vary"]


def test_an_editor_chooses_the_admin_language_and_keeps_it(editor_client):
    admin = f"/{settings.ADMIN_URL}"
    page = editor_client.get(admin, HTTP_ACCEPT_LANGUAGE="fr")
    assert html_language(page) == "fr"  # the browser's, until the editor chooses
    assert 'action="/i18n/setlang/"' in page.content.decode()

    chosen = editor_client.post("/i18n/setlang/", {"language": "kk", "next": admin})

    assert chosen.status_code == 302
    assert chosen["Location"] == admin
    assert html_language(editor_client.get(admin, HTTP_ACCEPT_LANGUAGE="fr")) == "kk"
    # The website keeps to its addresses: the editor's choice does not follow them there.
    assert html_language(editor_client.get("/articles/")) == "en"


def test_the_language_choice_refuses_to_send_the_editor_elsewhere(editor_client):
    response = editor_client.post(
        "/i18n/setlang/", {"language": "ru", "next": "https://attacker.example/"}
    )

    assert response.status_code == 302
    assert not response["Location"].startswith("https://attacker.example")


def test_each_language_is_kept_apart_in_the_page_cache(client, corpus, settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    caches["default"].clear()
    try:
        english = client.get("/people/")
        russian = client.get("/ru/people/")
        again = client.get("/people/")
    finally:
        caches["default"].clear()

    assert html_language(english) == html_language(again) == "en"
    assert html_language(russian) == "ru"


@pytest.mark.parametrize(
    ("language", "claim", "period"),
    [
        ("en", "almost 9 billion USD", "c. 2006 – 22 June 2021"),
        ("ru", "почти 9 млрд USD", "прибл. 2006 – 22 июня 2021"),
        ("kk", "9 млрд USD мөлшеріне жуық", "шамамен 2006 – 2021 жылғы 22 маусым"),
        ("fr", "près de 9 milliards USD", "2006 environ – 22 juin 2021"),
        ("nl", "bijna 9 miljard USD", "ca. 2006 – 22 juni 2021"),
    ],
)
def test_the_api_words_figures_and_dates_in_the_language_asked_for(
    client, corpus, language, claim, period
):
    response = client.get(
        "/api/statistics/?indicator=direct-investment-cumulative", HTTP_ACCEPT_LANGUAGE=language
    )

    figure = response.json()["results"][0]
    assert (figure["value_label"], figure["period"]["label"]) == (claim, period)
    assert figure["value"] == "9"  # the data itself is the same in every language


@pytest.mark.parametrize(
    ("prefix", "decimal"), [("", "9.96"), ("/ru", "9,96"), ("/kk", "9,96"), ("/fr", "9,96")]
)
def test_pages_write_numbers_as_the_language_does(client, corpus, prefix, decimal):
    from archive.models import Statistic

    figure = Statistic.objects.filter(value="9.96").first()
    assert figure is not None, "the corpus's 9.96 billion figure"

    page = client.get(f"{prefix}{figure.indicator.get_absolute_url()}").content.decode()

    assert f"{decimal} " in page
