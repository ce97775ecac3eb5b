"""
The sitemap: every public page, built from the same visibility rules as the pages.

`/sitemap.xml` is an index (sitemaps.org) of one section per kind of record
(`/sitemap-articles.xml`, `/sitemap-people.xml`, ...), each at most `URLS_PER_PAGE` addresses a
page, further pages at `?p=2`, `?p=3`: Django's own `index` and `sitemap` views. Each page is
listed in each of the five languages, with its versions in the others as hreflang alternates.
A single document for the whole archive took 13 s and 7.9 MB at 20,000 articles.

Each answer is kept in the page cache until the data changes (the archive's generation, see
`archive/cache.py`), keyed by what the answer depends on only: the section, the page number, the
scheme and the host. Any other query string is ignored, so junk parameters are answered from the
cache and cannot make the server build a section again.
"""

import functools
import hashlib
from collections.abc import Sequence

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse

from .. import cache
from ..models import Article, Event, Indicator, Organisation, Person, Place, Topic

# sitemaps.org allows 50,000; 10,000 keeps a page under 2 MB and quick to build.
URLS_PER_PAGE = 10_000


class InEachLanguage(Sequence):
    """
    The (record, language) pairs of a section, read a page at a time. Django's own i18n
    sitemap lists every record of the section in memory before it takes a page.
    """

    def __init__(self, items, languages):
        self.items = items
        self.languages = languages

    def __len__(self):
        count = len(self.items) if isinstance(self.items, list) else self.items.count()
        return count * len(self.languages)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        per_item = len(self.languages)
        first, last = start // per_item, -(-stop // per_item)
        pairs = [(item, language) for item in self.items[first:last] for language in self.languages]
        offset = first * per_item
        return pairs[start - offset : stop - offset]


class PagedSitemap(Sitemap):
    """
    A section: pages of at most `URLS_PER_PAGE` addresses, each page in every language with its
    alternates in the others (hreflang), English as the default.
    """

    i18n = True
    alternates = True
    x_default = True

    @property
    def limit(self):
        return URLS_PER_PAGE

    @property
    def paginator(self):
        return Paginator(InEachLanguage(self.items(), self._languages()), self.limit)


class ArchiveSitemap(PagedSitemap):
    """A section of records, dated by their latest change."""

    changefreq = "monthly"

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # One aggregate, where Django's default would load every record of the section.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ArticleSitemap(ArchiveSitemap):
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("pk")


class EventSitemap(ArchiveSitemap):
    def items(self):
        return Event.objects.public().only("slug", "updated_at").order_by("pk")


class EntitySitemap(ArchiveSitemap):
    """People, organisations and places, but not those only drafts rest on."""

    model = None

    def items(self):
        return self.model.objects.public().only("slug", "updated_at").order_by("pk")


class PersonSitemap(EntitySitemap):
    model = Person


class OrganisationSitemap(EntitySitemap):
    model = Organisation


class PlaceSitemap(EntitySitemap):
    model = Place


class VocabularySitemap(PagedSitemap):
    changefreq = "monthly"
    model = None

    def items(self):
        return self.model.objects.public().only("slug").order_by("pk")


class TopicSitemap(VocabularySitemap):
    model = Topic


class IndicatorSitemap(VocabularySitemap):
    model = Indicator


class PageSitemap(PagedSitemap):
    """The home page and the lists."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return [
            "archive:home",
            "archive:article_list",
            "archive:person_list",
            "archive:organisation_list",
            "archive:place_list",
            "archive:event_list",
            "archive:network",
            "archive:indicator_list",
            "archive:topic_list",
        ]

    def location(self, item):
        return reverse(item)


class DatasetSitemap(Sitemap):
    """
    The archive as data: the VoID description of its RDF and the dump it describes. A sitemap
    index may list only sitemaps, so they are a section of their own, where a crawler that
    reads sitemaps finds them (one address each, in no language).
    """

    changefreq = "daily"
    limit = URLS_PER_PAGE

    def items(self):
        return ["void", "rdf_dump"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "events": EventSitemap,
    "people": PersonSitemap,
    "organisations": OrganisationSitemap,
    "places": PlaceSitemap,
    "topics": TopicSitemap,
    "statistics": IndicatorSitemap,
    "datasets": DatasetSitemap,
}


# --- The views, kept until the data changes ---------------------------------------------------


def kept_until_the_data_changes(view):
    """
    The view's 200 answers kept in the page cache for `CACHE_MIDDLEWARE_SECONDS` within the
    current generation, keyed by section, page, scheme and host only (see the module notes).
    """

    @functools.wraps(view)
    def kept(request, section=None):
        seconds = settings.CACHE_MIDDLEWARE_SECONDS
        try:
            # The index has one page whatever `p` says; a section's page is a number.
            page = int(request.GET.get("p", 1)) if section is not None else 1
        except ValueError:
            page = None  # Django's view answers 404 without building anything
        if seconds <= 0 or page is None:
            return view(request, section)
        parts = (view.__name__, section, page, request.scheme, request.get_host())
        digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
        key = f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}sitemap.{cache.generation()}.{digest}"
        store = caches[settings.CACHE_MIDDLEWARE_ALIAS]
        response = store.get(key)
        if response is None:
            response = view(request, section)
            if response.status_code == 200:
                response.render()
                store.set(key, response, seconds)
        return response

    return kept


@kept_until_the_data_changes
def index(request, section=None):
    """The sitemap index: a link to every page of every section."""
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap_section")


@kept_until_the_data_changes
def section(request, section):
    """One page of one section (`?p=`), at most `URLS_PER_PAGE` addresses."""
    return sitemap_views.sitemap(request, SITEMAPS, section=section)
