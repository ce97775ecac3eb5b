"""
Every kind of page of the website in Kazakh, Russian, French and Dutch shows none of the
English of the project's catalogue (locale/<lang>/LC_MESSAGES/django.po): no msgid appears,
as it is, in the text a reader sees or hears (text, title, aria-label, placeholder, alt). What
the database holds (names of records, article texts, quotes, notes) is the curated record,
shown as it is in every language; tests/page_text.py tells it apart by the database's strings.

The catalogues themselves are complete (nothing untranslated or fuzzy), each translation uses
its msgid's placeholders, and each committed .mo is its .po compiled.
"""

import functools
import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

from archive.models import Article

from .page_text import PLACEHOLDER, TAG, Data, as_pattern, visible_text, words
from .site_helpers import (
    ARTICLE_1,
    ARTICLE_2,
    ARTICLE_3,
    ARTICLE_4,
    add_published_articles,
    make_article,
)

LANGUAGES = ["kk", "ru", "fr", "nl"]
LOCALE = Path(settings.BASE_DIR) / "locale"

DRAFT = "a-draft-under-review"
PAGES = {
    "home": "/",
    "articles": "/articles/",
    "articles, page 2": "/articles/?page=2",
    "articles, newest first": "/articles/?ordering=-date",
    "search results": "/articles/?q=belgium&topic=trade-and-investment",
    "search without results": "/articles/?q=zzzyzx",
    "articles with filter errors": "/articles/?year=abc&date_after=2021-13-45",
    "events with a filter error": "/events/?date_after=nonsense",
    "article": f"/articles/{ARTICLE_1}/",
    "article with an open date": f"/articles/{ARTICLE_2}/",
    "article with a devised title": f"/articles/{ARTICLE_3}/",
    "article with an inferred date": f"/articles/{ARTICLE_4}/",
    "editions side by side": f"/articles/{ARTICLE_1}/editions/",
    "preview of a draft": f"/preview/articles/{DRAFT}/",
    "people": "/people/",
    "people by mentions": "/people/?ordering=-articles&country=BE",
    "person": "/people/margulan-baimukhan/",
    "organisations": "/organisations/",
    "organisation": "/organisations/majilis/",
    "places": "/places/",
    "place": "/places/astana/",
    "events": "/events/",
    "event": "/events/belgian-business-mission-to-kazakhstan-2021/",
    "statistics": "/statistics/",
    "indicator": "/statistics/direct-investment-cumulative/",
    "topics": "/topics/",
    "topic": "/topics/trade-and-investment/",
    "network": "/network/",
    "network of one kind of event": "/network/?kind=meeting&year_from=2021",
    "not found": "/no-such-page/",
}
STATUS = {"articles with filter errors": 400, "events with a filter error": 400, "not found": 404}

# msgids that may stand on a page in one language although their translation differs, each
# with its reason: the same word is that language's own. (msgids translated as they are, such
# as "BibTeX" or the Dutch "Status", are passed over by themselves.)
EXEMPT = {
    "fr": {
        "Comment": "French: « Comment la date a été déduite » (how a date was inferred)",
        "direction": "French: « direction ou service » (a kind of organisation)",
        "International": "French: « International (sans pays) » (the country filter)",
    },
    "nl": {"Link": "Dutch: « volg de link om te verwijderen » (a selected facet)"},
}


@functools.cache
def catalogue(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@functools.cache
def english_finder(language):
    """
    The catalogue's English that a page in `language` should not show: one expression for
    all of it, and each msgid with its own, to name what was found.
    """
    patterns = {}
    exempt = {msgid.casefold() for msgid in EXEMPT.get(language, {})}
    entries = [entry for entry in catalogue(language) if not entry.obsolete and entry.msgid]
    # One msgid may have several entries (contexts, plurals): the words are the language's own
    # if any of them translates it as it is (French "0 million" but "millions" as a label).
    translations = {}
    for entry in entries:
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            translations.setdefault(msgid, set()).update(text.casefold() for text in texts)
    for entry in entries:
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            # Translated as it is, but for the case: the Dutch "september" for "September".
            if msgid.casefold() in translations[msgid] or msgid.casefold() in exempt:
                continue
            # A msgid of placeholders alone ("%(first)s–%(last)s") has no words to find.
            if re.search(r"[^\W\d_]", PLACEHOLDER.sub("", TAG.sub("", msgid))):
                patterns[msgid] = as_pattern(msgid)
    ordered = sorted(patterns.items(), key=lambda item: -len(item[1]))
    each = [(msgid, words(pattern)) for msgid, pattern in ordered]
    return words("|".join(pattern for _msgid, pattern in ordered)), each


def english_on(html, language, data):
    """{msgid: [(the words seen, the piece of page they are in)]} for the English shown."""
    whole, each = english_finder(language)
    msgids = {msgid for msgid, _pattern in each}
    found = {}
    for piece in visible_text(html, language):
        text = data.masked(piece, msgids)
        for match in whole.finditer(text):
            seen = match.group()
            matching = [msgid for msgid, pattern in each if pattern.fullmatch(seen)]
            found.setdefault(seen if seen in matching else matching[0], []).append((seen, piece))
    return found


@pytest.fixture
def every_kind_of_page(corpus, editor):
    """The corpus with what some pages need: two more editions of an article, a second page
    of articles and a draft in review, which an editor previews."""
    first = Article.objects.get(slug=ARTICLE_1)
    for slug, title, body, language in [
        ("perspektivy", "Перспективы сотрудничества", "Посол встретился со спикером.", "ru"),
        ("perspektivalary", "Ынтымақтастық перспективалары", "Елші спикермен кездесті.", "kk"),
    ]:
        make_article(
            slug, title=title, body=body, raw_text=body, language=language, edition_of=first
        )
    add_published_articles(21)
    make_article(DRAFT, status=Article.Status.IN_REVIEW)
    staff = Client()
    staff.force_login(editor)
    return staff


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_no_page_shows_the_catalogues_english(client, every_kind_of_page, name, language):
    path = f"/{language}{PAGES[name]}"
    reader = every_kind_of_page if name.startswith("preview") else client

    response = reader.get(path)

    assert response.status_code == STATUS.get(name, 200), path
    found = english_on(response.content.decode(), language, Data())
    assert found == {}, f"The {name} page in {language} ({path}) shows, in English:\n" + "\n".join(
        f"  {msgid!r}, as {seen[0][0]!r} in {seen[0][1][:200]!r}"
        for msgid, seen in sorted(found.items())
    )


def test_describing_the_api_leaves_the_website_filters_their_labels(client, corpus):
    # The schema describes the same FilterSets; describing them once froze their choice
    # filters' labels as bare field names ("Kind", "Status") on every page after.
    assert client.get("/api/schema/").status_code == 200

    for language in ("kk", "fr"):
        response = client.get(f"/{language}/events/")
        pieces = visible_text(response.content.decode(), language)
        assert not {"Kind", "Status"} & {piece.rstrip(" :") for piece in pieces}, language


def placeholders(text):
    return set(PLACEHOLDER.findall(text.replace("%%", "")))


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_is_complete_and_keeps_its_placeholders(language):
    po = catalogue(language)
    mismatched = []
    for entry in po.translated_entries():
        if entry.msgid_plural:
            # A singular may spell its number out ("one article"): each form uses some of the
            # msgid's placeholders, and none it lacks (a KeyError, a 500, on the page).
            allowed = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
            wrong = any(not placeholders(form) <= allowed for form in entry.msgstr_plural.values())
        else:
            wrong = placeholders(entry.msgstr) != placeholders(entry.msgid)
        if wrong:
            mismatched.append(entry.msgid)

    assert [entry.msgid for entry in po.untranslated_entries()] == [], f"{language}: untranslated"
    assert [entry.msgid for entry in po.fuzzy_entries()] == [], f"{language}: fuzzy"
    assert mismatched == [], f"{language}: placeholders differ from the msgid's"
    assert po.percent_translated() == 100


def compiled(path):
    """What Django reads from a .mo: its messages, its header and its plural rule."""
    with open(path, "rb") as file:
        translations = gettext.GNUTranslations(file)
    # msgfmt leaves the header's POT-Creation-Date out; nothing reads it.
    header = {key: value for key, value in translations._info.items() if key != "pot-creation-date"}
    messages = {key: value for key, value in translations._catalog.items() if key != ""}
    return messages, header, [translations.plural(number) for number in range(200)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_committed_mo_is_its_po_compiled(language, tmp_path):
    fresh = tmp_path / "django.mo"
    catalogue(language).save_as_mofile(str(fresh))

    committed = compiled(LOCALE / language / "LC_MESSAGES" / "django.mo")

    assert committed[0], "the committed catalogue is empty"
    assert committed == compiled(fresh), (
        f"locale/{language}/LC_MESSAGES/django.mo is not its django.po compiled: run "
        "`python manage.py compilemessages` and commit the .mo"
    )
