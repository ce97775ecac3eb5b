"""
Every query the models own: what the public may see, and how lists and detail pages are
shaped. The one place a visibility rule is written; the website, the API, the feeds and the
exports call these rather than filtering on an article's status themselves.

The model modules import their managers from here, so this module reaches the models it needs
through Django's app registry (`archive_model`) when a query is built, never by import.
"""

import operator
from functools import reduce

from django.apps import apps
from django.db import models
from django.db.models import Q

from .base import ArticleStatus

__all__ = (
    "ArticleManager",
    "ArticleQuerySet",
    "EventManager",
    "EventQuerySet",
    "FactQuerySet",
    "NaturalKeyManager",
    "ParticipantQuerySet",
    "RecordQuerySet",
    "SlugManager",
    "article_is_published",
    "article_is_unpublished",
    "records_resting_on",
    "reported_publicly",
)


def archive_model(name):
    return apps.get_model("archive", name)


def article_is_published(path=""):
    """
    The condition that the article at `path` is published: "" for articles themselves,
    "article__" for the rows that rest on one, "reports__article__" for events.
    """
    return Q(**{f"{path}status": ArticleStatus.PUBLISHED})


def article_is_unpublished(path=""):
    """The condition that the article at `path` is not (or not yet, or no longer) published."""
    unpublished = [status for status in ArticleStatus if status != ArticleStatus.PUBLISHED]
    return Q(**{f"{path}status__in": unpublished})


class NaturalKeyManager(models.Manager):
    """Lets fixtures refer to records by slug (natural keys) rather than by database id."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class RecordQuerySet(models.QuerySet):
    """For the records that facts point at: people, organisations, places, topics, indicators."""

    def public(self):
        """
        The records the public may see: all but those that only unpublished articles rest on.
        A person named only in a draft, a body holding only a draft's role, a topic filed only
        on a draft stay unseen until the draft is published. A record nothing rests on yet
        (entered by an editor ahead of any article) is public, as any record always was.
        """
        # As sets of ids, each found once per query, rather than as an EXISTS for each record:
        # SQLite would run each EXISTS from every published article, not from the record's rows.
        on_public, on_drafts = [], []
        for rows, field, is_public, is_unpublished in records_resting_on(self.model):
            pointing = rows.filter(**{f"{field}__isnull": False}).order_by()
            on_public.append(Q(pk__in=pointing.filter(is_public).values(field)))
            on_drafts.append(Q(pk__in=pointing.filter(is_unpublished).values(field)))
        return self.filter(reduce(operator.or_, on_public) | ~reduce(operator.or_, on_drafts))


SlugManager = NaturalKeyManager.from_queryset(RecordQuerySet, "SlugManager")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of what the public may see."""
        return self.filter(article_is_published())

    def for_list(self):
        return self.select_related("source", "dateline_place").prefetch_related("topics")

    def editions_of(self, article):
        """
        The other editions of `article`'s report among these articles (the published ones, for
        the public), the first edition first, then by language: one query.
        """
        first = article.edition_of_id or article.pk
        return (
            self.filter(Q(pk=first) | Q(edition_of_id=first))
            .exclude(pk=article.pk)
            .order_by(models.F("edition_of").asc(nulls_first=True), "language", "pk")
        )

    def for_detail(self):
        # One query per kind of related row, with the record it names joined in.
        return self.select_related("source", "relayed_from", "dateline_place").prefetch_related(
            "topics",
            *(
                models.Prefetch(rows, archive_model(model).objects.select_related(record))
                for rows, model, record in (
                    ("authorships", "Authorship", "person"),
                    ("person_mentions", "PersonMention", "person"),
                    ("organisation_mentions", "OrganisationMention", "organisation"),
                    ("place_mentions", "PlaceMention", "place"),
                )
            ),
        )


ArticleManager = NaturalKeyManager.from_queryset(ArticleQuerySet, "ArticleManager")


class FactQuerySet(models.QuerySet):
    """
    For the rows that rest on one article: authorships, mentions, roles, reports of events
    and figures.
    """

    def public(self):
        """The facts whose source article is published: a draft's facts stay unseen too."""
        return self.filter(article_is_published("article__"))


class EventQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("place")

    def for_detail(self):
        return self.select_related("place").prefetch_related(
            "topics",
            "participants__person",
            "participants__organisation",
            "reports__article",
        )

    def public(self):
        """Events reported by at least one published article."""
        # EXISTS rather than a join and DISTINCT: no duplicate rows to remove, and a list
        # ordered by date can stop at its page instead of de-duplicating every event first.
        return self.filter(reported_publicly("pk"))


EventManager = NaturalKeyManager.from_queryset(EventQuerySet, "EventManager")


def reported_publicly(event_field):
    """
    A condition on the rows of a query: the event at their `event_field` ("pk" for events,
    "event" for rows that point to one) is reported by at least one published article. As an
    EXISTS for each row, not as `event__in=Event.objects.public()`, which makes the database
    list every public event first.
    """
    return models.Exists(
        archive_model("EventReport").objects.filter(
            article_is_published("article__"), event=models.OuterRef(event_field)
        )
    )


class ParticipantQuerySet(models.QuerySet):
    def public(self):
        """Participations in events that a published article reports."""
        return self.filter(reported_publicly("event"))


def records_resting_on(model):
    """
    What rests on a record of `model` (a person, organisation, place, topic or indicator), as
    (rows, the field of theirs that points at the record, the condition that makes a row rest
    on a published article, the condition that makes it rest on an unpublished one): the one
    list of links that `RecordQuerySet.public()` follows. A row may be both (an event reported
    by a draft and by a published article) or neither (an event no article reports yet).
    """

    def rows(name):
        return archive_model(name).objects.all()

    from_article = (article_is_published("article__"), article_is_unpublished("article__"))
    article = (article_is_published(), article_is_unpublished())
    in_event = (
        Q(reported_publicly("event")),
        article_is_unpublished("event__reports__article__"),
    )
    event = (Q(reported_publicly("pk")), article_is_unpublished("reports__article__"))
    links = {
        "person": [
            (rows("PersonMention"), "person", *from_article),
            (rows("Authorship"), "person", *from_article),
            (rows("Role"), "person", *from_article),
            (rows("EventParticipant"), "person", *in_event),
        ],
        "organisation": [
            (rows("OrganisationMention"), "organisation", *from_article),
            (rows("Role"), "organisation", *from_article),
            (rows("EventParticipant"), "organisation", *in_event),
            (rows("Article"), "source", *article),
            (rows("Article"), "relayed_from", *article),
        ],
        "place": [
            (rows("PlaceMention"), "place", *from_article),
            (rows("Article"), "dateline_place", *article),
            (rows("Event"), "place", *event),
        ],
        "topic": [
            (archive_model("Article").topics.through.objects.all(), "topic", *from_article),
            (archive_model("Event").topics.through.objects.all(), "topic", *in_event),
        ],
        "indicator": [(rows("Statistic"), "indicator", *from_article)],
    }
    return links[model._meta.model_name]
