"""
The article list's facets: the years, sources, topics, people and organisations of the
articles matching the current filters, each with how many there are and a link that adds (or
removes) it. The years are counted by the rule the `year` filter follows (archive/years.py),
so that following a facet shows exactly the number it promised.
"""

from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from .. import cache, years
from ..models import Article, OrganisationMention, PersonMention

FACET_LIMIT = 10  # people and organisations offered as facets: the most frequent


def toggle_url(request, name, value):
    """The current query string with filter `name` set to `value`, or unset if it was."""
    params = request.GET.copy()
    params.pop("page", None)
    if params.get(name) == str(value):
        params.pop(name)
    else:
        params[name] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def facet_items(request, name, rows, value_key, label_key):
    selected = request.GET.get(name)
    return [
        {
            "value": row[value_key],
            "label": row[label_key],
            "count": row["count"],
            "possibly": row.get("possibly", 0),
            "selected": str(row[value_key]) == selected,
            "url": toggle_url(request, name, row[value_key]),
        }
        for row in rows
        if row[value_key] is not None
    ]


def year_facet_rows(
    queryset, span, lower_field="date_lower", upper_field="date_upper", *, within=False
):
    """
    Every year a matching record may fall in, with how many do (and how many only possibly);
    `within`: only the records certainly in a year, as `date_mode=within` filters. 1 query:
    the records grouped by the years of their bounds, spread over the years in Python.
    """
    groups = (
        queryset.order_by()
        .values(lower_year=ExtractYear(lower_field), upper_year=ExtractYear(upper_field))
        .annotate(count=Count("pk"))
        .values_list("lower_year", "upper_year", "count")
    )
    return years.year_counts(groups, span, within=within)


def article_facet_rows(queryset, span, *, within=False):
    """
    The facets' values and counts over the articles matching `queryset`, as plain rows:
    1 query for the years (spread over the archive's `span` of years), 1 grouped count each
    for source, topic, person and organisation, each counting link rows whose article is
    among the matching ones (the links are unique per article, so no DISTINCT is needed).
    Remembered until the archive changes: the counts are the same for every page of the list
    and every visitor.
    """
    matching = queryset.order_by().values("pk")

    def grouped(rows, prefix, limit=None):
        rows = (
            rows.values(value=F(f"{prefix}__slug"), label=F(f"{prefix}__name"))
            .annotate(count=Count("pk"))
            .order_by("-count", "label")
        )
        return list(rows[:limit] if limit else rows)

    def compute():
        return {
            "year": year_facet_rows(Article.objects.filter(pk__in=matching), span, within=within),
            "source": grouped(
                Article.objects.filter(pk__in=matching, source__isnull=False), "source"
            ),
            "topic": grouped(Article.topics.through.objects.filter(article__in=matching), "topic"),
            "person": grouped(
                PersonMention.objects.filter(article__in=matching), "person", FACET_LIMIT
            ),
            "organisation": grouped(
                OrganisationMention.objects.filter(article__in=matching),
                "organisation",
                FACET_LIMIT,
            ),
        }

    name = "article-facets-within" if within else "article-facets"
    return cache.remember_for_query(name, compute, matching)


def article_facets(request, queryset, span, *, within=False):
    """The facets over the articles matching the current filters, with links to follow."""
    rows = article_facet_rows(queryset, span, within=within)
    labels = {
        "year": _("Year"),
        "source": _("Source"),
        "topic": _("Topic"),
        "person": _("Person mentioned"),
        "organisation": _("Organisation"),
    }
    facets = []
    for name, label in labels.items():
        if name == "year":
            items = facet_items(request, name, rows[name], "year", "year")
        else:
            items = facet_items(request, name, rows[name], "value", "label")
        has_possibly = any(item["possibly"] for item in items)
        facets.append({"name": name, "label": label, "items": items, "has_possibly": has_possibly})
    return facets
