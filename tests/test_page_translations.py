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
import importlib
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

from archive.models import Article

from .page_text import MASK, PLACEHOLDER, TAG, Data, as_pattern, visible_text, words
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

# Strings the code marks in a form (a context, a plural, a new text) that the committed
# catalogue does not have yet: pages show their English until the next makemessages and its
# translation. Each is passed over only while the catalogue lacks the entry the code uses, so
# the exemption ends by itself; `test_every_pending_string_is_still_pending` says when to
# remove one. As (context, msgid, plural).
MONTHS = "January February March April May June July August September October November December"
HEDGES = ("approximately", "almost", "more than", "less than", "at least", "at most")
PENDING = [
    *[("month in a day's date: 17 October 2021", month, None) for month in MONTHS.split()],
    *[("a hedged figure", f"{hedge} %(figure)s", None) for hedge in HEDGES],
    ("after a number: 5 thousand", "thousand", "thousand"),
    ("after a number: 5 million", "million", "million"),
    ("after a number: 9.96 billion", "billion", "billion"),
    (None, "Language", None),
    (None, "Language of the text", None),
    (None, "Other edition", "Other editions"),
    (None, "Read the editions side by side", None),
    (None, "The editions side by side", None),
    (None, "Editions of “%(title)s”", None),
    (
        None,
        "The same report as its source published it in several languages. Each edition is "
        "shown verbatim, as the archive holds it; none is a translation made by the archive.",
        None,
    ),
]

# Product bugs, reported: labels that stay in one language for the life of the process,
# whatever the page's. Each is a whole piece of page (a label), passed over here and shown by
# `test_a_known_untranslated_label_is_still_there` on the page named, which fails once the
# label is translated: then remove it here.
FROZEN_LABELS = {
    # drf-spectacular, describing the API (/api/schema/, and this suite's schema checks at the
    # first response of a run), reads `.field` of every choice filter (archive/api/schema.py,
    # resolve_filter_field). django-filter keeps that form field on the class's own filter, so
    # from then on every FilterSet copies a field made without a label, and Django shows the
    # filter's name instead.
    "Kind": "/events/",
    "Status": "/events/",
    # The sort orders are class attributes made with gettext, not gettext_lazy
    # (archive/website/entities.py, events.py, topics.py): in the language active when the
    # module is first imported, the first visitor's in production.
    "By kind": "/organisations/",
    "By name": "/people/",
    "Most mentioned first": "/places/",
    "Most articles first": "/topics/",
    "Oldest first": "/events/",
    "Newest first": "/events/",
}
# Imported now, at collection, while no language is active: the sort orders above are then in
# English in every run, whichever test asks for a page first.
importlib.import_module(settings.ROOT_URLCONF)


@functools.cache
def catalogue(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def has_entry(language, context, msgid):
    entry = catalogue(language).find(msgid, msgctxt=context or False)
    return entry is not None and not entry.obsolete


@functools.cache
def english_finder(language):
    """
    The catalogue's English that a page in `language` should not show: one expression for
    all of it, and each msgid with its own, to name what was found.
    """
    patterns = {}
    exempt = {msgid.casefold() for msgid in EXEMPT.get(language, {})}
    for entry in catalogue(language):
        if entry.obsolete or not entry.msgid:
            continue
        if entry.msgid_plural:
            translations = {text.casefold() for text in entry.msgstr_plural.values()}
            forms = [entry.msgid, entry.msgid_plural]
        else:
            translations, forms = {entry.msgstr.casefold()}, [entry.msgid]
        for msgid in forms:
            # Translated as it is, but for the case: the Dutch "september" for "September".
            if msgid.casefold() in translations or msgid.casefold() in exempt:
                continue
            # A msgid of placeholders alone ("%(first)s–%(last)s") has no words to find.
            if re.search(r"[^\W\d_]", PLACEHOLDER.sub("", TAG.sub("", msgid))):
                patterns[msgid] = as_pattern(msgid)
    ordered = sorted(patterns.items(), key=lambda item: -len(item[1]))
    each = [(msgid, words(pattern)) for msgid, pattern in ordered]
    return words("|".join(pattern for _msgid, pattern in ordered)), each


@functools.cache
def pending_english(language):
    """The English of the PENDING entries this language's catalogue lacks, as one expression."""
    texts = [
        text
        for context, msgid, plural in PENDING
        if not has_entry(language, context, msgid)
        for text in (msgid, plural)
        if text
    ]
    return words("|".join(as_pattern(text) for text in sorted(texts, key=len, reverse=True)))


def english_on(html, language, data):
    """{msgid: [(the words seen, the piece of page they are in)]} for the English shown."""
    whole, each = english_finder(language)
    msgids = {msgid for msgid, _pattern in each}
    found = {}
    for piece in visible_text(html, language):
        if piece.rstrip(" :") in FROZEN_LABELS:
            continue
        text = pending_english(language).sub(MASK, data.masked(piece, msgids))
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


@pytest.mark.parametrize("label", FROZEN_LABELS)
def test_a_known_untranslated_label_is_still_there(client, corpus, label):
    client.get("/api/schema/")

    pieces = visible_text(client.get(f"/kk{FROZEN_LABELS[label]}").content.decode(), "kk")

    assert label in [piece.rstrip(" :") for piece in pieces], (
        f"{label!r} is translated now on /kk{FROZEN_LABELS[label]}: remove it from FROZEN_LABELS"
    )


def test_every_pending_string_is_still_pending():
    done = [
        (context, msgid)
        for context, msgid, _plural in PENDING
        if all(has_entry(language, context, msgid) for language in LANGUAGES)
    ]
    assert done == [], f"Every catalogue has these now; remove them from PENDING: {done}"


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
