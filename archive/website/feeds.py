"""
RSS and Atom feeds of the published articles, newest first.

A feed item's publication date is given only when the archive knows the day and did not infer
it: a month, a season or an inferred year is not turned into an invented day. Every item has
an `updated` date (the record's last change), which Atom requires.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from ..models import Article
from .citations import date_parts
from .linking import paragraphs

FEED_LENGTH = 50


class ArticleFeed(Feed):
    title = _("Kazakhstan–Belgium Relations Archive: articles")
    description = _("The latest published articles in the Kazakhstan–Belgium Relations Archive.")
    link = reverse_lazy("archive:article_list")

    def items(self):
        return (
            Article.objects.published()
            .for_list()
            .prefetch_related("authorships__person")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.display_title

    def item_description(self, item):
        # Feed readers show a description as HTML (Atom says so: type="html"), so the text is
        # escaped here: markup in an article stays words on the reader's screen too.
        parts = paragraphs(item.body)
        return escape(parts[0]) if parts else ""

    def item_pubdate(self, item):
        parts = date_parts(item.date_edtf)
        if item.date_is_inferred or not parts or len(parts) < 3:
            return None
        moment = datetime.datetime.combine(
            datetime.date(*parts), item.published_time or datetime.time(0, 0)
        )
        return timezone.make_aware(moment, datetime.UTC)

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        names = [authorship.person.name for authorship in item.authorships.all()]
        return ", ".join(names) or None

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description
