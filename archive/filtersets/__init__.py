"""
One FilterSet per model, shared by the website and the API, so a filter means the same thing
everywhere. Related records are chosen by slug; an unknown slug or a malformed date is a form
error (a 400 in the API) naming the parameter, never an empty result.

Dates filter on the bounds the archive derives from each EDTF date, and honestly: by default
(`date_mode=overlaps`) a record matches `date_after=2021-10-01` if it *may* fall on or after
that day (its latest possible date does), and `year=2021` if its possible span overlaps 2021.
An open side reaches as far as the archive's own span of years, by the rule in archive/years.py
that the year facets follow too. With `date_mode=within`, only records *certainly* in the
period match: "2021" is within 2021 but not within 2021-06-01 to 2021-12-31, and an open or
unknown side is never certainly anywhere.
"""

import datetime

import django_filters
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .. import search, years
from ..models import (
    Article,
    Event,
    Indicator,
    Organisation,
    OrganisationMention,
    Person,
    PersonMention,
    Place,
    PlaceMention,
    RelatedArticle,
    Statistic,
    Topic,
)
from .base import (
    MAX_YEAR,
    MIN_YEAR,
    CountryFilter,
    DatedFilterSet,
    DateMode,
    IdentifierFilter,
    SearchFilterSet,
    WeightFilter,
    YearBoundFilter,
    YearSpanFormMixin,
    linked_ids,
    linked_slug_filter,
    ordering_filter,
    published_article_count,
    slug_filter,
)

__all__ = (
    "ArticleFilterSet",
    "DateMode",
    "EventFilterSet",
    "IndicatorFilterSet",
    "NetworkFilterSet",
    "OrganisationFilterSet",
    "PersonFilterSet",
    "PlaceFilterSet",
    "StatisticFilterSet",
    "TopicFilterSet",
    "linked_ids",
)


class ArticleFilterSet(SearchFilterSet, DatedFilterSet):
    # A person's page lists what they wrote and what mentions them: two filters, and labels
    # that tell them apart.
    person = linked_slug_filter(Person, "people", _("Person mentioned"))
    organisation = linked_slug_filter(Organisation, "organisations", _("Organisation mentioned"))
    topic = linked_slug_filter(Topic, "topics", _("Topic"))
    source = slug_filter(Organisation, "source", _("Source (publisher)"), example="kazinform")
    place = slug_filter(Place, None, _("Place (dateline or mentioned)"), method="filter_place")
    author = linked_slug_filter(
        Person,
        "authors",
        _("Written by"),
        help_label=pgettext_lazy("the record a filter chooses", "Author"),
        example="tatyana-kudrenok",
    )
    event = linked_slug_filter(
        Event, "event_reports__event", _("Event reported"), example="baimukhan-dhose-meeting-2021"
    )
    # Before `ordering`: an order asked for replaces "the most related first".
    similar_to = slug_filter(
        Article,
        None,
        _("Related to"),
        queryset=Article.objects.published(),
        help_label=_("Article"),
        method="filter_similar_to",
    )
    ordering = ordering_filter(date="date_sort", title="title", updated="updated_at")
    search_function = staticmethod(search.search_articles)

    class Meta:
        model = Article
        fields = []

    def filter_similar_to(self, queryset, name, value: Article):
        """The reports most related to `value` (archive/related/), the most related first."""
        theirs = RelatedArticle.objects.filter(article=value)
        score = theirs.filter(related=OuterRef("pk")).values("score")
        return (
            queryset.filter(pk__in=theirs.values("related"))
            .annotate(relatedness=Subquery(score))
            .order_by("-relatedness", "pk")
        )

    def filter_place(self, queryset, name, value: Place):
        mentioned = linked_ids(Article, "places", value)
        return queryset.filter(Q(dateline_place=value) | Q(pk__in=mentioned))


class EventFilterSet(SearchFilterSet, DatedFilterSet):
    person = linked_slug_filter(Person, "participants__person", _("Participant"))
    organisation = linked_slug_filter(
        Organisation, "participants__organisation", _("Participating organisation")
    )
    kind = django_filters.ChoiceFilter(field_name="kind", choices=Event.Kind.choices)
    status = django_filters.ChoiceFilter(
        field_name="status",
        choices=Event.Status.choices,
        help_text=_("Whether it took place, is planned or was announced, by its latest report."),
    )
    place = slug_filter(Place, "place", _("Place"))
    topic = linked_slug_filter(Topic, "topics", _("Topic"))
    wikidata = IdentifierFilter("wikidata_id", "wikidata")
    ordering = ordering_filter(date="date_sort", title="title", kind="kind", status="status")
    search_function = staticmethod(search.search_events)

    class Meta:
        model = Event
        fields = []


# The day a figure sorts by: its period's start, or its end when only that is known (as
# DatedRecord.date_sort is for the other records); the API shows it as `period.sort`.
STATISTIC_SORT_DAY = Coalesce("period_lower", "period_upper")


class StatisticFilterSet(DatedFilterSet):
    indicator = slug_filter(Indicator, "indicator", _("Indicator"))
    article = slug_filter(
        Article, "article", _("Source article"), queryset=Article.objects.published()
    )
    unit = django_filters.CharFilter(field_name="unit", lookup_expr="iexact", max_length=50)
    qualifier = django_filters.ChoiceFilter(
        field_name="qualifier", choices=Statistic.Qualifier.choices
    )
    rank = django_filters.ChoiceFilter(field_name="rank", choices=Statistic.Rank.choices)
    # `date`, as for every dated record; `period`, which the schema listed before, still works.
    ordering = ordering_filter(
        expressions={"date": STATISTIC_SORT_DAY},
        aliases={"period": "date"},
        indicator="indicator__name",
        date="period_lower",
        unit="unit",
        rank="rank",
    )
    lower_field, upper_field = "period_lower", "period_upper"

    class Meta:
        model = Statistic
        fields = []


class PersonFilterSet(SearchFilterSet):
    organisation = linked_slug_filter(Organisation, "roles__organisation", _("Holds a role at"))
    country = CountryFilter(field_name="country")
    wikidata = IdentifierFilter("wikidata_id", "wikidata")
    viaf = IdentifierFilter("viaf_id", "viaf")
    isni = IdentifierFilter("isni", "isni")
    orcid = IdentifierFilter("orcid", "orcid")
    ordering = ordering_filter(
        name="sort_name",
        country="country",
        updated="updated_at",
        articles="article_count",
        expressions={"articles": published_article_count(PersonMention, "person")},
    )
    search_function = staticmethod(search.search_people)

    class Meta:
        model = Person
        fields = []


class OrganisationFilterSet(SearchFilterSet):
    kind = django_filters.ChoiceFilter(field_name="kind", choices=Organisation.Kind.choices)
    country = CountryFilter(field_name="country")
    # A choice rather than a BooleanFilter, whose field quietly reads any other word as "either".
    international = django_filters.ChoiceFilter(
        choices=[("true", _("yes")), ("false", _("no"))],
        method="filter_international",
        label=_("International (no country)"),
    )
    parent = slug_filter(Organisation, "parent", _("Part of"), example="parliament-of-kazakhstan")
    wikidata = IdentifierFilter("wikidata_id", "wikidata")
    viaf = IdentifierFilter("viaf_id", "viaf")
    isni = IdentifierFilter("isni", "isni")
    ordering = ordering_filter(
        name="name",
        acronym="acronym",
        kind="kind",
        country="country",
        updated="updated_at",
        articles="article_count",
        expressions={"articles": published_article_count(OrganisationMention, "organisation")},
    )
    search_function = staticmethod(search.search_organisations)

    class Meta:
        model = Organisation
        fields = []

    def filter_international(self, queryset, name, value):
        if value == "true":
            return queryset.filter(country="")
        return queryset.exclude(country="")


class PlaceFilterSet(SearchFilterSet):
    kind = django_filters.ChoiceFilter(field_name="kind", choices=Place.Kind.choices)
    country = CountryFilter(field_name="country")
    wikidata = IdentifierFilter("wikidata_id", "wikidata")
    geonames = IdentifierFilter("geonames_id", "geonames")
    ordering = ordering_filter(
        name="name",
        kind="kind",
        country="country",
        articles="article_count",
        expressions={"articles": published_article_count(PlaceMention, "place")},
    )
    search_function = staticmethod(search.search_places)

    class Meta:
        model = Place
        fields = []


class TopicFilterSet(SearchFilterSet):
    ordering = ordering_filter(
        name="name",
        articles="article_count",
        expressions={"articles": published_article_count(Article.topics.through, "topic")},
    )
    search_function = staticmethod(search.search_topics)

    class Meta:
        model = Topic
        fields = []


class IndicatorFilterSet(SearchFilterSet):
    ordering = ordering_filter(name="name")
    search_function = staticmethod(search.search_indicators)

    class Meta:
        model = Indicator
        fields = []


class NetworkFilterSet(DatedFilterSet):
    """
    The events that link people and bodies in the network (archive/network.py): by a span of
    years and by kind of event. The years match as every date filter does (archive/years.py):
    by default an event whose date *may* fall in the span, with `date_mode=within` only those
    certainly in it. The articles that name people together are filtered by the same years
    (`articles_in_period`); a kind of event leaves them out, as a text has no kind.
    `min_weight` keeps only the pairs linked by at least that many events and articles: it
    chooses pairs, not events, so the network reads it (archive/network.py), not `qs`.
    """

    # The span of years replaces the day range and the single year of the other dated lists.
    date_after = date_before = year = None
    year_from = YearBoundFilter(
        method="filter_year_from",
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        label=_("From the year"),
        help_text=_("Events and articles whose date may fall in this year or later."),
        error_messages={"invalid": _("Enter a year as a whole number, e.g. 2021.")},
    )
    year_to = YearBoundFilter(
        method="filter_year_to",
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        label=_("To the year"),
        help_text=_(
            "Events and articles whose date may fall in this year or earlier (not before "
            "year_from)."
        ),
        error_messages={"invalid": _("Enter a year as a whole number, e.g. 2021.")},
    )
    kind = django_filters.ChoiceFilter(
        field_name="kind",
        choices=Event.Kind.choices,
        label=_("Kind of event"),
        help_text=_("Only the links made by events of this kind (articles are then left out)."),
    )
    date_mode = django_filters.ChoiceFilter(
        method="filter_date_mode",
        choices=DateMode.choices,
        label=_("Dates match"),
        help_text=_(
            "How year_from and year_to match a date: `overlaps` (the default) when it may fall "
            "in the span, `within` when it certainly does."
        ),
    )
    min_weight = WeightFilter(
        method="filter_min_weight",
        min_value=1,
        label=_("At least this many links"),
        help_text=_(
            "Only the pairs linked by at least this many events and articles together (1, the "
            "default, keeps every pair)."
        ),
        error_messages={"invalid": _("Enter a whole number, e.g. 3.")},
    )

    class Meta:
        model = Event
        fields = []

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (YearSpanFormMixin, form_class), {})

    def chosen(self, name):
        """A filter's cleaned value; None when no filter is given at all (an unbound form)."""
        return self.form.cleaned_data.get(name) if self.is_bound else None

    def period(self):
        """The first and last day of the chosen span of years, None for an open side."""
        first, last = self.chosen("year_from"), self.chosen("year_to")
        return (
            datetime.date(int(first), 1, 1) if first is not None else None,
            datetime.date(int(last), 12, 31) if last is not None else None,
        )

    def list_filters(self):
        """
        The filters of the event and article lists (EventFilterSet, ArticleFilterSet) that
        choose what these do: a span of years is the days from its first 1 January to its last
        31 December, which those lists match by the same rules, and over the same records.
        """
        start, end = self.period()
        chosen = {
            "date_after": start,
            "date_before": end,
            "date_mode": self.chosen("date_mode"),
            "kind": self.chosen("kind"),
        }
        return {name: str(value) for name, value in chosen.items() if value}

    def filter_year_from(self, queryset, name, value):
        return queryset.filter(self.in_period(self.period()[0], None))

    def filter_year_to(self, queryset, name, value):
        return queryset.filter(self.in_period(None, self.period()[1]))

    def filter_min_weight(self, queryset, name, value):
        return queryset  # a pair's weight is counted by the network, not by an event

    def articles_in_period(self):
        """The published articles whose date matches the span of years, as the events do."""
        if self.chosen("kind"):
            return Article.objects.none()
        articles = Article.objects.published()
        start, end = self.period()
        if start is None and end is None:
            return articles
        if self.chosen("date_mode") == DateMode.WITHIN:
            return articles.filter(years.dates_within("date_lower", "date_upper", start, end))
        span = years.archive_span(articles)
        return articles.filter(span.dates_overlapping("date_lower", "date_upper", start, end))
