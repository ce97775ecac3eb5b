"""The sitemap: every public page, built from the same visibility rules as the pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Event, Indicator, Organisation, Person, Place, Topic


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Article.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class EventSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Event.objects.public().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class EntitySitemap(Sitemap):
    """People, organisations and places, but those only drafts rest on."""

    changefreq = "monthly"
    model = None

    def items(self):
        return self.model.objects.public().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class PersonSitemap(EntitySitemap):
    model = Person


class OrganisationSitemap(EntitySitemap):
    model = Organisation


class PlaceSitemap(EntitySitemap):
    model = Place


class VocabularySitemap(Sitemap):
    changefreq = "monthly"
    model = None

    def items(self):
        return self.model.objects.public().order_by("pk")


class TopicSitemap(VocabularySitemap):
    model = Topic


class IndicatorSitemap(VocabularySitemap):
    model = Indicator


class PageSitemap(Sitemap):
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
            "archive:indicator_list",
            "archive:topic_list",
        ]

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
}
