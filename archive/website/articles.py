"""
The public website: browse, search and read the archive.

Only published articles are public (`Article.objects.published()`), and so only the facts
drawn from them: events reported by a published article (`Event.objects.public()`), roles and
figures whose source is published. Lists filter through the FilterSets the API uses, so a
parameter means the same thing on both faces; a parameter the FilterSet rejects (an unknown
slug, a malformed date, an overlong query) is a 400 page that shows the reader the error.
Every page costs a fixed number of queries, whatever the number of rows shown.
"""

from datetime import date
from itertools import groupby

from django.db.models import Count, F, Prefetch, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractYear
from django.forms import NumberInput, TextInput
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView
from django_countries import countries

from . import cache, charts, citations, search, structured_data, years
from .filtersets import (
    ArticleFilterSet,
    DateMode,
    EventFilterSet,
    OrganisationFilterSet,
    PersonFilterSet,
    PlaceFilterSet,
    TopicFilterSet,
    linked_ids,
)
from .linking import LinkTarget, link_paragraphs
from .models import (
    Article,
    Authorship,
    Event,
    EventParticipant,
    EventReport,
    Indicator,
    Organisation,
    OrganisationMention,
    Person,
    PersonMention,
    Place,
    PlaceMention,
    Role,
    Statistic,
    Topic,
    reported_publicly,
)
from .pagination import ArchivePaginator

PUBLISHED = Article.Status.PUBLISHED
RELATED_LIMIT = 20  # articles shown on a person's, body's or place's page before "see all"
FACET_LIMIT = 10  # people and organisations offered as facets: the most frequent
FIGURES_PER_INDICATOR = 10  # preferred and most recent figures shown on the statistics page


def public_statistics():
    """Figures whose source article is published, with what their claim line shows."""
    return Statistic.objects.filter(article__status=PUBLISHED).select_related(
        "indicator", "article__source"
    )


def public_roles():
    return Role.objects.filter(article__status=PUBLISHED).select_related(
        "person", "organisation", "article"
    )


def statistic_source_label(statistic):
    """Short words for a figure's source under a chart bar; the table beside names it fully."""
    article = statistic.article
    if article.date_is_inferred:
        return _("report of [%(date)s]") % {"date": article.date_label}
    return _("report of %(date)s") % {"date": article.date_label}


def absolute(request):
    return request.build_absolute_uri


# --- Lists ------------------------------------------------------------------------------------


class FilteredListView(ListView):
    """
    A list narrowed by the model's shared FilterSet. Invalid parameters give a 400 page with
    the form errors and no results, never a silently ignored filter.
    """

    filterset_class = None
    paginator_class = ArchivePaginator
    sort_orders = ()  # (ordering value, label) pairs offered to the reader, the default first

    def get(self, request, *args, **kwargs):
        self.filterset = self.filterset_class(
            request.GET or None, queryset=self.get_queryset(), request=request
        )
        self.filter_is_valid = not self.filterset.is_bound or self.filterset.is_valid()
        if self.filter_is_valid:
            self.object_list = self.filterset.qs
        else:
            self.object_list = self.filterset.queryset.none()
        context = self.get_context_data()
        return self.render_to_response(context, status=200 if self.filter_is_valid else 400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        for field in form.fields.values():
            if isinstance(field.widget, NumberInput):
                # A number input cannot show back what the reader typed when it is not a
                # number ("abc"); a text input can. Its pattern asks phones for digits and
                # lets the browser say at once that only digits will do.
                field.widget = TextInput(attrs={"pattern": "[0-9]*"})
        context["filterset"] = self.filterset
        context["form"] = form
        context["filter_errors"] = [
            {"name": name, "label": form.fields[name].label or name, "errors": errors}
            for name, errors in (form.errors.items() if self.filterset.is_bound else [])
        ]
        context["is_filtered"] = self.filterset.is_bound and any(
            value for name, value in self.request.GET.items() if name != "page"
        )
        year = form.cleaned_data.get("year") if self.filterset.is_bound else None
        if self.filter_is_valid and year is not None:
            # Those whose date may also fall in another year are marked "possibly" in this one.
            records = years.mark_possible_year(
                list(context["object_list"]),
                int(year),
                self.filterset.lower_field,
                self.filterset.upper_field,
            )
            context["object_list"] = records
            context["possible_year"] = (
                int(year) if any(r.possibly_in_year for r in records) else None
            )
        if "country" in form.fields:
            form.fields["country"].widget.choices = self.country_choices()
        context["sort_options"] = sort_options(self.request, self.sort_orders)
        # What the "Filters" button counts on a phone: each filter in use, the search included.
        context["active_filter_count"] = sum(
            1
            for name, value in self.request.GET.items()
            if value and name in form.fields and name != "ordering"
        )
        return context

    def country_choices(self):
        """
        The country filter's menu: only the countries the list's records have (remembered
        until the archive changes), and the one chosen, if any. The filter itself still
        accepts every ISO code, so a link with another one gives an empty list, not an error.
        """
        occurring = cache.remember(
            f"countries-{self.filterset_class.__name__}",
            lambda: sorted(
                set(
                    self.get_queryset()
                    .order_by()
                    .exclude(country="")
                    .values_list("country", flat=True)
                    .distinct()
                )
            ),
        )
        chosen = self.request.GET.get("country", "")
        codes = set(occurring) | ({chosen} if chosen in countries else set())
        return [
            ("", "---------"),
            *sorted(((code, countries.name(code)) for code in codes), key=lambda pair: pair[1]),
        ]


def sort_options(request, options):
    """
    The ways a list can be sorted, as links that keep the current filters: `options` are
    (ordering value, label) pairs, the first being the list's default order (no parameter).
    """
    current = request.GET.get("ordering", "")
    links = []
    for index, (value, label) in enumerate(options):
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("ordering", None)
        if index:
            params["ordering"] = value
        encoded = params.urlencode()
        links.append(
            {
                "label": label,
                "url": f"?{encoded}" if encoded else "?",
                "selected": current == value or (not index and not current),
            }
        )
    return links


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
    Every year a matching record may fall in, with how many do (and how many only possibly),
    counted by the rule the `year` filter follows (archive/years.py), so that following a
    facet shows exactly the number it promised; `within`: only the records certainly in a
    year, as `date_mode=within` filters. 1 query: the records grouped by the years of their
    bounds, spread over the years in Python.
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
        "person": _("Person"),
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


class ArticleListView(FilteredListView):
    """
    All published articles, newest first, searchable and narrowed by facets. A search shows
    each text's best-matching passage with the matched words marked, best matches first
    unless the reader sorts by date.
    """

    filterset_class = ArticleFilterSet
    paginate_by = 20
    template_name = "archive/article_list.html"

    def get(self, request, *args, **kwargs):
        self.search_query = request.GET.get("q", "")
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.published().for_list()

    def with_passages(self, articles):
        """
        The page's articles, each with `search_snippet`: 1 query for the page's rows alone
        (in the page's own query, the database could make a passage for every match it sorts).
        """
        articles = list(articles)
        if not articles:  # also what a query with no words finds (archive.search)
            return articles
        passages = dict(
            search.with_snippets(
                Article.objects.filter(pk__in=[article.pk for article in articles]),
                self.search_query,
            ).values_list("pk", "search_snippet")
        )
        for article in articles:
            article.search_snippet = passages.get(article.pk)
        return articles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        searching = self.search_query.strip() and self.filter_is_valid
        # Too many matches to rank (archive.search.RANK_LIMIT): they come newest first.
        context["too_many_to_rank"] = bool(
            searching
            and not self.request.GET.get("ordering")
            and not search.is_ranked(self.object_list)
        )
        if searching:
            context["object_list"] = self.with_passages(context["object_list"])
            orders = [("", _("Relevance")), ("-date", _("Newest first"))]
        else:
            orders = [("-date", _("Newest first"))]
        context["sort_options"] = sort_options(self.request, [*orders, ("date", _("Oldest first"))])
        form = self.filterset.form
        active = []
        if self.filter_is_valid and self.filterset.is_bound:
            for name in ("person", "organisation", "topic", "source", "place", "year"):
                value = form.cleaned_data.get(name)
                if value not in (None, ""):
                    active.append(
                        {
                            "name": name,
                            "label": form.fields[name].label,
                            "value": self.request.GET.get(name),
                            "display": int(value) if name == "year" else value,
                            "remove_url": toggle_url(self.request, name, self.request.GET[name]),
                        }
                    )
        context["active_filters"] = active
        context["facets"] = (
            article_facets(
                self.request,
                self.object_list,
                self.filterset.span,
                within=self.filterset.is_bound
                and self.filterset.form.cleaned_data.get("date_mode") == DateMode.WITHIN,
            )
            if self.filter_is_valid
            else []
        )
        context["query"] = self.request.GET.get("q", "") if self.filter_is_valid else ""
        return context


class MentionCountsMixin:
    """
    Gives each record of the page `article_count`: the published articles that mention it,
    counted for the page's records only (1 query). Counted for every record in the archive
    before the page picks its few, it took a second at 5,000 people.
    """

    mention_model = None  # the mention rows, with a foreign key named `mentioned_field`
    mentioned_field = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = list(context["object_list"])
        # The published articles as a list of ids rather than a join on their status, so that
        # the database starts from the page's records, not from every published article.
        counts = grouped_count(
            self.mention_model.objects.filter(
                **{f"{self.mentioned_field}__in": [record.pk for record in records]},
                article__in=Article.objects.published().order_by().values("pk"),
            ),
            self.mentioned_field,
        )
        for record in records:
            record.article_count = counts.get(record.pk, 0)
        context["object_list"] = records
        return context


class PersonListView(MentionCountsMixin, FilteredListView):
    """People by surname, each with the published articles they wrote and that mention them."""

    filterset_class = PersonFilterSet
    paginate_by = 50
    template_name = "archive/person_list.html"
    mention_model, mentioned_field = PersonMention, "person"
    sort_orders = (("name", _("By name")), ("-articles", _("Most mentioned first")))

    def get_queryset(self):
        return Person.objects.public().order_by("sort_name", "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = context["object_list"]
        written = grouped_count(
            Authorship.objects.filter(
                person__in=[record.pk for record in records],
                article__in=Article.objects.published().order_by().values("pk"),
            ),
            "person",
        )
        for record in records:
            record.written_count = written.get(record.pk, 0)
        return context


class OrganisationListView(MentionCountsMixin, FilteredListView):
    """Bodies grouped by kind, each with its country and the body it sits inside."""

    filterset_class = OrganisationFilterSet
    paginate_by = 100
    template_name = "archive/organisation_list.html"
    mention_model, mentioned_field = OrganisationMention, "organisation"
    sort_orders = (
        ("", _("By kind")),
        ("name", _("By name")),
        ("-articles", _("Most mentioned first")),
    )

    def get_queryset(self):
        return Organisation.objects.public().select_related("parent").order_by("kind", "name", "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kinds = dict(Organisation.Kind.choices)
        if self.request.GET.get("ordering") and self.filter_is_valid:
            # Sorted otherwise than by kind: one list, each body saying its kind.
            records = context["object_list"]
            context["groups"] = [{"kind": None, "organisations": records}] if records else []
            return context
        context["groups"] = [
            {"kind": kinds.get(kind, kind), "organisations": list(items)}
            for kind, items in groupby(context["object_list"], key=lambda item: item.kind)
        ]
        return context


class PlaceListView(MentionCountsMixin, FilteredListView):
    filterset_class = PlaceFilterSet
    paginate_by = 100
    template_name = "archive/place_list.html"
    mention_model, mentioned_field = PlaceMention, "place"
    sort_orders = (("name", _("By name")), ("-articles", _("Most mentioned first")))

    def get_queryset(self):
        return Place.objects.public().order_by("name", "id")


class EventListView(FilteredListView):
    """
    The timeline: public events in time order, grouped by year. Each keeps the precision its
    sources give (a month stays a month) and says when it was only planned or announced;
    events with no known date come last.
    """

    filterset_class = EventFilterSet
    paginate_by = 100
    template_name = "archive/event_list.html"
    sort_orders = (("date", _("Oldest first")), ("-date", _("Newest first")))

    def get_queryset(self):
        return Event.objects.public().for_list().order_by(F("date_sort").asc(nulls_last=True), "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = [
            {"year": year, "events": list(items)}
            for year, items in groupby(
                context["object_list"],
                key=lambda event: event.date_sort.year if event.date_sort else None,
            )
        ]
        return context


def grouped_count(rows, field):
    """{value of `field`: number of rows}."""
    return dict(
        rows.order_by().values(field).annotate(count=Count("pk")).values_list(field, "count")
    )


def figure_counts():
    """How many published figures each indicator has, {indicator id: count}; remembered."""
    return cache.remember(
        "figures-per-indicator",
        lambda: grouped_count(Statistic.objects.filter(article__status=PUBLISHED), "indicator"),
    )


def ids_in_any(querysets):
    """
    A subquery of the ids found by any of the querysets (each selecting one column of ids,
    and each possibly sliced on its own), for `pk__in`. Combined with OR, the databases check
    every row of the table against each part; as one UNION, each part walks its own index
    and the database can start from the few ids found. (The ORM's union() refuses sliced parts
    on SQLite, which needs them wrapped as below.)
    """
    parts, params = [], []
    for number, queryset in enumerate(querysets):
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS part_{number}")
        params.extend(part_params)
    return RawSQL(" UNION ".join(parts), params)


class IndicatorListView(ListView):
    """
    Every indicator with the figures reported for it, side by side: all of them while there
    are few, otherwise the preferred ones and the most recent (FIGURES_PER_INDICATOR of each)
    with a link to the indicator's page, which lists them all.
    """

    template_name = "archive/indicator_list.html"
    queryset = Indicator.objects.public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indicators = list(context["object_list"])
        counts = figure_counts()
        choices = []
        for indicator in indicators:
            figures = Statistic.objects.filter(indicator=indicator, article__status=PUBLISHED)
            preferred = figures.filter(rank=Statistic.Rank.PREFERRED).order_by("period_upper")
            latest = figures.order_by(F("period_upper").desc(nulls_last=True), "-pk")
            choices += [
                preferred.values("pk")[:FIGURES_PER_INDICATOR],
                latest.values("pk")[:FIGURES_PER_INDICATOR],
            ]
        by_indicator = {}
        if indicators:
            for statistic in public_statistics().filter(pk__in=ids_in_any(choices)):
                by_indicator.setdefault(statistic.indicator_id, []).append(statistic)
        for indicator in indicators:
            indicator.public_statistics = by_indicator.get(indicator.pk, [])
            indicator.figure_count = counts.get(indicator.pk, 0)
            indicator.chart = charts.bar_chart(indicator.public_statistics, compact=True)
        context["object_list"] = indicators
        return context


class TopicListView(FilteredListView):
    """
    Every topic with how many published articles and public events it has: one grouped count
    each, over the links. (Both counts as joins in one query would multiply every article
    link by every event link of a topic.) By name, or the most written about first.
    """

    filterset_class = TopicFilterSet
    template_name = "archive/topic_list.html"
    queryset = Topic.objects.public()
    sort_orders = (("name", _("By name")), ("-articles", _("Most articles first")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article_counts = cache.remember(
            "articles-per-topic",
            lambda: grouped_count(
                Article.topics.through.objects.filter(article__status=PUBLISHED), "topic"
            ),
        )
        event_counts = cache.remember(
            "events-per-topic",
            lambda: grouped_count(
                Event.topics.through.objects.filter(reported_publicly("event")), "topic"
            ),
        )
        for topic in context["object_list"]:
            topic.article_count = article_counts.get(topic.pk, 0)
            topic.event_count = event_counts.get(topic.pk, 0)
        return context


# --- Home -------------------------------------------------------------------------------------


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
            Statistic.objects.filter(article__status=PUBLISHED)
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


class HomeView(TemplateView):
    template_name = "archive/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_articles"] = Article.objects.published().for_list()[:5]
        summary = key_figures()
        figures = Statistic.objects.select_related("indicator", "article__source").in_bulk(
            [figure for _, figure, _ in summary]
        )
        context["key_figures"] = [
            {"indicator": figures[figure].indicator, "figure": figures[figure], "others": rivals}
            for _, figure, rivals in summary
            if figure in figures
        ]
        events = Event.objects.public().for_list()
        context["latest_events"] = events.filter(
            status=Event.Status.TOOK_PLACE, date_sort__isnull=False
        )[:5]
        context["planned_events"] = events.filter(
            status__in=[Event.Status.PLANNED, Event.Status.ANNOUNCED]
        ).order_by(F("date_sort").asc(nulls_last=True), "id")[:5]
        context["counts"] = archive_counts()
        return context


# --- Articles ---------------------------------------------------------------------------------


class ArticleDetailView(DetailView):
    """An article, its body linked to the records it mentions, and the facts drawn from it."""

    template_name = "archive/article_detail.html"

    def visible_articles(self):
        return Article.objects.published()

    def get_queryset(self):
        return (
            self.visible_articles()
            .for_detail()
            .prefetch_related(
                Prefetch(
                    "event_reports", queryset=EventReport.objects.select_related("event__place")
                ),
                Prefetch(
                    "statistics",
                    queryset=Statistic.objects.select_related("indicator"),
                    to_attr="drawn_statistics",
                ),
                Prefetch(
                    "roles",
                    queryset=Role.objects.select_related("organisation"),
                    to_attr="stated_roles",
                ),
                "corrections",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        url = absolute(self.request)
        person_mentions = list(article.person_mentions.all())
        organisation_mentions = list(article.organisation_mentions.all())
        place_mentions = list(article.place_mentions.all())
        mentions = (
            [
                (m.surface_forms, LinkTarget(m.person.get_absolute_url(), "person", m.person.name))
                for m in person_mentions
            ]
            + [
                (
                    m.surface_forms,
                    LinkTarget(
                        m.organisation.get_absolute_url(), "organisation", m.organisation.name
                    ),
                )
                for m in organisation_mentions
            ]
            + [
                (m.surface_forms, LinkTarget(m.place.get_absolute_url(), "place", m.place.name))
                for m in place_mentions
            ]
        )
        roles_by_person = {}
        for role in article.stated_roles:
            roles_by_person.setdefault(role.person_id, []).append(role)
        older, newer = self.neighbours(article)
        corrections = list(article.corrections.all())
        context.update(
            paragraphs=link_paragraphs(article.body, mentions),
            people=[
                {"person": m.person, "roles": roles_by_person.get(m.person_id, [])}
                for m in person_mentions
            ],
            organisations=[m.organisation for m in organisation_mentions],
            places=[m.place for m in place_mentions],
            event_reports=list(article.event_reports.all()),
            statistics=article.drawn_statistics,
            newer=newer,
            older=older,
            citation=citations.citation_text(article, url(article.get_absolute_url())),
            corrections=corrections,
            structured_data=structured_data.news_article(
                article, url, person_mentions, organisation_mentions, place_mentions, corrections
            ),
        )
        return context

    @staticmethod
    def neighbours(article):
        """
        The published articles just before and just after this one in time, (older, newer),
        in one query: each is a subquery that walks the date index and stops at one row.
        """
        if article.date_sort is None:
            return None, None
        published = Article.objects.published()
        day, pk = article.date_sort, article.pk
        # The range on date_sort alone lets the database start its index walk at this article.
        newer = published.filter(
            Q(date_sort__gte=day), Q(date_sort__gt=day) | Q(pk__gt=pk)
        ).order_by("date_sort", "pk")
        older = published.filter(
            Q(date_sort__lte=day), Q(date_sort__lt=day) | Q(pk__lt=pk)
        ).order_by("-date_sort", "-pk")
        found = published.filter(
            Q(pk=Subquery(newer.values("pk")[:1])) | Q(pk=Subquery(older.values("pk")[:1]))
        ).only("slug", "title", "title_is_devised", "date_edtf", "date_sort")
        before = [item for item in found if (item.date_sort, item.pk) < (day, pk)]
        after = [item for item in found if (item.date_sort, item.pk) > (day, pk)]
        return (before[0] if before else None), (after[0] if after else None)


class PreviewMixin:
    """
    A page as the public would see it once the article is published, for the staff who may
    view articles: marked as a preview, never kept by any cache, never indexed. Everyone else
    gets the 404 the public page gives for an unpublished record, so drafts never leak. A
    record that is already public has nothing to preview: its public page is shown instead.
    A view using this says what the public sees (`public_queryset`) and names the public
    page (`public_view`).
    """

    public_view = None

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_active and user.is_staff and user.has_perm("archive.view_article")):
            raise Http404
        if self.public_queryset().filter(slug=kwargs["slug"]).exists():
            return redirect(self.public_view, slug=kwargs["slug"])
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)  # Cache-Control: ..., no-store, private
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = {"status": self.preview_status()}
        return context


class ArticlePreviewView(PreviewMixin, ArticleDetailView):
    """
    A draft or an article in review, exactly as its public page will be, with the events
    that only unpublished articles report so far marked as not yet public and linked to
    their own preview.
    """

    public_view = "archive:article_detail"

    def public_queryset(self):
        return super().visible_articles()

    def visible_articles(self):
        return Article.objects.all()

    def preview_status(self):
        return self.object.get_status_display()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reported = [report.event_id for report in context["event_reports"]]
        context["events_not_yet_public"] = set(reported) - set(
            Event.objects.public().filter(pk__in=reported).values_list("pk", flat=True)
        )
        return context


class ArticleCitationView(View):
    """`cite.bib` and `cite.json` (CSL-JSON): the article's reference for reference managers."""

    format = None  # "bibtex" or "csl-json"

    def get(self, request, slug):
        article = get_object_or_404(
            Article.objects.published()
            .select_related("source", "relayed_from", "dateline_place")
            .prefetch_related("authorships__person"),
            slug=slug,
        )
        url = request.build_absolute_uri(article.get_absolute_url())
        if self.format == "bibtex":
            response = HttpResponse(
                citations.bibtex(article, url), content_type="application/x-bibtex; charset=utf-8"
            )
            filename = f"{article.slug}.bib"
        else:
            response = JsonResponse(
                citations.csl_json(article, url),
                safe=False,
                json_dumps_params={"ensure_ascii": False, "indent": 2},
                content_type="application/vnd.citationstyles.csl+json; charset=utf-8",
            )
            filename = f"{article.slug}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


# --- People, organisations, places ------------------------------------------------------------


def limited(queryset, limit=RELATED_LIMIT):
    """Up to `limit` rows and whether there are more, in one query."""
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


class PersonDetailView(DetailView):
    """A person: dated roles with their sources, articles, events and the people seen with them."""

    template_name = "archive/person_detail.html"
    queryset = Person.objects.public().prefetch_related("aliases", "corrections")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        roles = list(
            public_roles()
            .filter(person=person)
            .order_by(F("date_sort").asc(nulls_last=True), "organisation__name", "id")
        )
        articles, more_articles = limited(
            Article.objects.published()
            .filter(
                pk__in=ids_in_any(
                    [linked_ids(Article, "people", person), linked_ids(Article, "authors", person)]
                )
            )
            .for_list()
        )
        participations, more_events = limited(
            EventParticipant.objects.filter(reported_publicly("event"), person=person)
            .select_related("event__place")
            .order_by(F("event__date_sort").asc(nulls_last=True), "event__id")
        )
        # Over this person's own articles only, found through the links as above.
        written, mentioned = (
            linked_ids(Article, "authors", person),
            linked_ids(Article, "people", person),
        )
        article_counts = (
            Article.objects.published()
            .filter(pk__in=ids_in_any([written, mentioned]))
            .aggregate(
                written=Count("pk", filter=Q(pk__in=written)),
                mentioned=Count("pk", filter=Q(pk__in=mentioned)),
            )
        )
        # From this person's own mentions outwards, rather than from every person inwards.
        their_articles = PersonMention.objects.filter(person=person).values("article")
        seen_with = (
            Person.objects.filter(
                mentions__article__in=their_articles, mentions__article__status=PUBLISHED
            )
            .exclude(pk=person.pk)
            .annotate(shared=Count("mentions__article", distinct=True))
            .order_by("-shared", "sort_name")[:8]
        )
        context.update(
            roles=roles,
            articles=articles,
            more_articles=more_articles,
            article_counts=article_counts,
            participations=participations,
            more_events=more_events,
            seen_with=seen_with,
            corrections=list(person.corrections.all()),
            structured_data=structured_data.person(person, absolute(self.request), roles),
        )
        return context


class OrganisationDetailView(DetailView):
    """A body: where it sits, what sits inside it, who holds roles there, articles, events."""

    template_name = "archive/organisation_detail.html"
    queryset = (
        Organisation.objects.public()
        .select_related("parent__parent__parent")
        .prefetch_related("aliases", "corrections")
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        children = list(organisation.children.public().order_by("name", "id"))
        articles, more_articles = limited(
            Article.objects.published()
            .filter(
                pk__in=ids_in_any(
                    [
                        linked_ids(Article, "organisations", organisation),
                        Article.objects.filter(source=organisation).order_by().values("pk"),
                        Article.objects.filter(relayed_from=organisation).order_by().values("pk"),
                    ]
                )
            )
            .for_list()
        )
        participations, more_events = limited(
            EventParticipant.objects.filter(reported_publicly("event"), organisation=organisation)
            .select_related("event__place")
            .order_by(F("event__date_sort").asc(nulls_last=True), "event__id")
        )
        context.update(
            ancestors=list(reversed(organisation.ancestors())),
            children=children,
            roles=public_roles()
            .filter(organisation=organisation)
            .order_by("person__sort_name", F("date_sort").asc(nulls_last=True), "id"),
            articles=articles,
            more_articles=more_articles,
            participations=participations,
            more_events=more_events,
            corrections=list(organisation.corrections.all()),
            structured_data=structured_data.organisation(
                organisation, absolute(self.request), children
            ),
        )
        return context


class PlaceDetailView(DetailView):
    template_name = "archive/place_detail.html"
    queryset = Place.objects.public().prefetch_related("aliases", "corrections")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        place = self.object
        articles, more_articles = limited(
            Article.objects.published()
            .filter(
                pk__in=ids_in_any(
                    [
                        linked_ids(Article, "places", place),
                        Article.objects.filter(dateline_place=place).order_by().values("pk"),
                    ]
                )
            )
            .for_list()
        )
        events, more_events = limited(Event.objects.public().for_list().filter(place=place))
        context.update(
            articles=articles,
            more_articles=more_articles,
            events=events,
            more_events=more_events,
            corrections=list(place.corrections.all()),
            structured_data=structured_data.place(place, absolute(self.request)),
        )
        return context


# --- Events, statistics, topics ---------------------------------------------------------------


class EventDetailView(DetailView):
    template_name = "archive/event_detail.html"

    def visible_events(self):
        return Event.objects.public()

    def shows_report(self, report):
        return report.article.is_public

    def get_queryset(self):
        return (
            self.visible_events()
            .select_related("place")
            .prefetch_related(
                "topics",
                Prefetch(
                    "participants",
                    queryset=EventParticipant.objects.select_related("person", "organisation"),
                ),
                Prefetch(
                    "reports__article",
                    queryset=Article.objects.select_related("source"),
                ),
                "corrections",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        participants = list(event.participants.all())
        reports = [report for report in event.reports.all() if self.shows_report(report)]
        parts = dict(EventParticipant.Part.choices)
        context.update(
            participant_groups=[
                {"part": parts.get(part, part), "participants": list(items)}
                for part, items in groupby(
                    sorted(participants, key=lambda item: list(parts).index(item.part)),
                    key=lambda item: item.part,
                )
            ],
            reports=reports,
            corrections=list(event.corrections.all()),
            structured_data=structured_data.event(
                event, absolute(self.request), participants, reports
            ),
        )
        return context


class EventPreviewView(PreviewMixin, EventDetailView):
    """An event that only unpublished articles report so far, as its public page will be."""

    public_view = "archive:event_detail"

    def public_queryset(self):
        return super().visible_events()

    def visible_events(self):
        return Event.objects.all()

    def shows_report(self, report):
        return True

    def preview_status(self):
        return _("reported only by unpublished articles")


class IndicatorDetailView(DetailView):
    """One measure: every claim about it side by side, the preferred one marked, and a chart."""

    template_name = "archive/indicator_detail.html"
    queryset = Indicator.objects.public().prefetch_related(
        Prefetch("statistics", queryset=public_statistics(), to_attr="public_statistics"),
        "corrections",
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        statistics = self.object.public_statistics
        context.update(
            statistics=statistics,
            corrections=list(self.object.corrections.all()),
            chart=charts.bar_chart(statistics, source_label=statistic_source_label),
            structured_data=structured_data.indicator(
                self.object, absolute(self.request), statistics
            ),
        )
        return context


class TopicDetailView(DetailView):
    template_name = "archive/topic_detail.html"
    queryset = Topic.objects.public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic = self.object
        articles, more_articles = limited(
            Article.objects.published()
            .for_list()
            .filter(pk__in=linked_ids(Article, "topics", topic))
        )
        events, more_events = limited(
            Event.objects.public().for_list().filter(pk__in=linked_ids(Event, "topics", topic))
        )
        context.update(
            articles=articles,
            more_articles=more_articles,
            events=events,
            more_events=more_events,
        )
        return context


# --- Machine-readable pages -------------------------------------------------------------------


def robots_txt(request):
    """Tells crawlers where the sitemap is, and keeps them out of the editors' admin."""
    lines = [
        "User-agent: *",
        "Disallow: " + reverse("admin:index"),
        "",
        "Sitemap: " + request.build_absolute_uri(reverse("archive:sitemap")),
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
