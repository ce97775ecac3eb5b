"""
Reading a news feed (RSS or Atom) as a list of pages an editor may import.

A feed is read for its items' titles, links and dates, as the feed gives them; nothing is
imported from the feed itself. The editor ticks the items to import, and each is then fetched
and imported as a web page (webpages.import_url), so that its original is the page and not the
feed's summary. An item whose link is already an article's original address is marked as in
the archive and not ticked; one whose text is already in the archive under another address is
found as a duplicate when it is imported, like any text.

feedparser reads the feed from its bytes only: it is never given an address, so it fetches
nothing on its own (the safe fetcher does: fetching.py).
"""

from dataclasses import dataclass

import feedparser
from django.utils.translation import gettext as _

from archive.models import Article

from .fetching import fetch


class NotAFeed(Exception):
    """Bytes that are not an RSS or Atom feed; the message says why."""


@dataclass
class FeedItem:
    """One item as the feed lists it."""

    title: str
    link: str
    published: str  # as the feed gives it
    article: Article | None = None  # already in the archive at this address

    @property
    def in_archive(self):
        return self.article is not None


@dataclass
class Feed:
    title: str
    items: list


def read_feed(data):
    """The feed's title and items; raises NotAFeed for anything but an RSS or Atom feed."""
    parsed = feedparser.parse(data)
    if not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        raise NotAFeed(
            _("not a feed: neither RSS nor Atom (%s)") % reason
            if reason
            else _("not a feed: neither RSS nor Atom")
        )
    items = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        if not link.lower().startswith(("http://", "https://")):
            continue  # nothing a page could be fetched from
        items.append(
            FeedItem(
                title=" ".join((entry.get("title") or "").split()),
                link=link,
                published=entry.get("published") or entry.get("updated") or "",
            )
        )
    mark_known(items)
    return Feed(" ".join((parsed.feed.get("title") or "").split()), items)


def mark_known(items):
    """Set each item's `article` when an article already holds its link as its original URL."""
    links = {item.link for item in items}
    known = {
        article.original_url: article
        for article in Article.objects.filter(original_url__in=links).order_by("-pk")
    }
    for item in items:
        item.article = known.get(item.link)


def fetch_feed(url):
    """The feed at `url`, fetched safely; raises FetchError or NotAFeed."""
    return read_feed(fetch(url, media_types=None).data)
