"""
The queries and counts behind the website's pages, kept beside the views so that a view reads
as what it shows. Visibility is the models' (`Article.objects.published()`, `.public()`); each
helper says how many queries it costs, and the counts every visitor shares are remembered
until the archive changes (archive/cache.py).
"""

from datetime import date
from itertools import groupby

from django.db.models import Count, Q, Subquery
from django.db.models.expressions import RawSQL

from .. import cache
from ..filtersets import linked_ids
from ..models import Article, Event, Organisation, Person, PersonMention, Role, Statistic

RELATED_LIMIT = 20  # articles shown on a person's, body's or place's page before "see all"


def published_ids():
    """
    The published articles' ids, as a subquery for `article__in` where a page asks about the
    rows of a few records (one person's mentions, the topic links of a page of topics). A
    subquery rather than `.public()`'s join on the article's status, so the database starts from
    the few rows asked about rather than from every published article.
    """
    return Article.objects.published().order_by().values("pk")


def public_statistics():
    """Figures whose source article is published, with what their claim line shows."""
    return Statistic.objects.public().select_related("indicator", "article__source")


def public_roles():
    return Role.objects.public().select_related("person", "organisation", "article")


def grouped_count(rows, field):
    """{value of `field`: number of rows}."""
    return dict(
        rows.order_by().values(field).annotate(count=Count("pk")).values_list(field, "count")
    )


def figure_counts():
    """How many published figures each indicator has, {indicator id: count}; remembered."""
    return cache.remember(
        "figures-per-indicator",
        lambda: grouped_count(Statistic.objects.public(), "indicator"),
    )


def ids_in_any(querysets):
    """
    A subquery of the ids found by any of the querysets (each selecting one column of ids,
    and each possibly sliced on its own), for `pk__in`. Combined with OR, the databases check
    every row of the table against each part; as one UNION, each part walks its own index
    and the database can start from the few ids found. Raw SQL because the ORM's union()
    refuses sliced parts on SQLite, which needs them wrapped as below.
    """
    parts, params = [], []
    for number, queryset in enumerate(querysets):
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS part_{number}")
        params.extend(part_params)
    return RawSQL(" UNION ".join(parts), params)


def limited(queryset, limit=RELATED_LIMIT):
    """Up to `limit` rows and whether there are more, in one query."""
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


def person_article_counts(person):
    """
    How many published articles `person` wrote and how many mention them, {"written": n,
    "mentioned": n} (1 query, over this person's own articles, found through the links).
    """
    written = linked_ids(Article, "authors", person)
    mentioned = linked_ids(Article, "people", person)
    return (
        Article.objects.published()
        .filter(pk__in=ids_in_any([written, mentioned]))
        .aggregate(
            written=Count("pk", filter=Q(pk__in=written)),
            mentioned=Count("pk", filter=Q(pk__in=mentioned)),
        )
    )


def seen_with(person, limit=8):
    """
    The people most often mentioned in the same published articles as `person` (1 query):
    from this person's own mentions outwards, rather than from every person inwards.
    """
    their_articles = PersonMention.objects.filter(person=person, article__in=published_ids())
    return (
        Person.objects.filter(mentions__article__in=their_articles.values("article"))
        .exclude(pk=person.pk)
        .annotate(shared=Count("mentions__article", distinct=True))
        .order_by("-shared", "sort_name")[:limit]
    )


def article_neighbours(article):
    """
    The published articles just before and just after this one in time, (older, newer),
    in one query: each is a subquery that walks the date index and stops at one row.
    """
    if article.date_sort is None:
        return None, None
    published = Article.objects.published()
    day, pk = article.date_sort, article.pk
    # The range on date_sort alone lets the database start its index walk at this article.
    newer = published.filter(Q(date_sort__gte=day), Q(date_sort__gt=day) | Q(pk__gt=pk)).order_by(
        "date_sort", "pk"
    )
    older = published.filter(Q(date_sort__lte=day), Q(date_sort__lt=day) | Q(pk__lt=pk)).order_by(
        "-date_sort", "-pk"
    )
    found = published.filter(
        Q(pk=Subquery(newer.values("pk")[:1])) | Q(pk=Subquery(older.values("pk")[:1]))
    ).only("slug", "title", "title_is_devised", "date_edtf", "date_sort")
    before = [item for item in found if (item.date_sort, item.pk) < (day, pk)]
    after = [item for item in found if (item.date_sort, item.pk) > (day, pk)]
    return (before[0] if before else None), (after[0] if after else None)


def key_figure(statistics):
    """
    The figure to show first of one indicator's figures, and its rivals (the other reports
    of the same thing, `Statistic.competes_with`): the most recent figure that is not
    deprecated (by the period it covers, then its source's date), else the most recent; but
    if the editors preferred one of its rivals, that one (the earliest, if several). A figure
    for another period is not a rival: a series over time is not a conflict.
    """
    latest = max(
        statistics,
        key=lambda s: (
            s.rank != Statistic.Rank.DEPRECATED,
            s.period_upper or date.min,
            s.article.date_sort or date.min,
            s.pk,
        ),
    )
    preferred = [
        s
        for s in statistics
        if s.rank == Statistic.Rank.PREFERRED and (s is latest or s.competes_with(latest))
    ]
    shown = (
        min(preferred, key=lambda s: (s.period_upper or date.max, s.pk)) if preferred else latest
    )
    return shown, [s for s in statistics if s.competes_with(shown)]


def key_figures():
    """
    For each indicator with a published figure: the figure to show first (`key_figure`) and
    how many other reports of the same thing there are, as (indicator id, figure id, number
    of rivals), in the indicators' order. 1 query over the published figures' periods and
    ranks; remembered until the archive changes.
    """

    def compute():
        figures = (
            Statistic.objects.public()
            .select_related("article")
            .only(
                "indicator_id",
                "rank",
                "period_lower",
                "period_upper",
                "direction",
                "country_a",
                "country_b",
                "article__date_sort",
            )
            .order_by("indicator__name", "indicator_id", "pk")
        )
        summary = []
        for indicator, statistics in groupby(figures, key=lambda s: s.indicator_id):
            shown, rivals = key_figure(list(statistics))
            summary.append((indicator, shown.pk, len(rivals)))
        return summary

    return cache.remember("key-figures-and-rivals", compute)


def archive_counts():
    """How many articles, events, people and organisations the public can see (4 counts)."""
    return cache.remember(
        "archive-counts",
        lambda: {
            "articles": Article.objects.published().count(),
            "events": Event.objects.public().count(),
            "people": Person.objects.public().count(),
            "organisations": Organisation.objects.public().count(),
        },
    )
