"""
The pieces the FilterSets share: free-text search (`q`), the date filters and their modes,
ordering, countries, and related records chosen by slug. The rules for dates are in
archive/years.py, which the year facets follow too.
"""

import datetime
import functools

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import BaseCSVField
from drf_spectacular.utils import extend_schema_field

from .. import search, years
from ..identifiers import SCHEMES
from ..models import Article, Event, Indicator, Organisation, Person, Place, Topic

MIN_YEAR, MAX_YEAR = 1, 9999
DATE_FORMAT_MESSAGE = _("Enter a valid date as YYYY-MM-DD, e.g. 2021-10-01.")


class SearchFilterSet(django_filters.FilterSet):
    """Adds `q`, a free-text search through archive.search."""

    q = django_filters.CharFilter(
        method="filter_search",
        max_length=search.MAX_QUERY_LENGTH,
        label=_("Search"),
        help_text=_("Words to look for; case, accents and quotation marks do not matter."),
    )
    search_function = staticmethod(search.filter_by_terms)

    def filter_search(self, queryset, name, value):
        return self.search_function(queryset, value)


class DateRangeFormMixin:
    """Refuses a `date_after` later than `date_before`, naming both."""

    def clean(self):
        cleaned_data = super().clean()
        after, before = cleaned_data.get("date_after"), cleaned_data.get("date_before")
        if after and before and after > before:
            self.add_error(
                "date_after",
                ValidationError(
                    _(
                        "date_after (%(after)s) is later than date_before (%(before)s): "
                        "no date can be both."
                    ),
                    code="invalid_range",
                    params={"after": after.isoformat(), "before": before.isoformat()},
                ),
            )
        return cleaned_data


class YearSpanFormMixin:
    """Refuses a `year_from` later than `year_to`, naming both."""

    def clean(self):
        cleaned_data = super().clean()
        first, last = cleaned_data.get("year_from"), cleaned_data.get("year_to")
        if first is not None and last is not None and first > last:
            self.add_error(
                "year_from",
                ValidationError(
                    _("year_from (%(first)s) is later than year_to (%(last)s): no year is both."),
                    code="invalid_range",
                    params={"first": first, "last": last},
                ),
            )
        return cleaned_data


@extend_schema_field(
    {
        "type": "integer",
        "minimum": MIN_YEAR,
        "maximum": MAX_YEAR,
        "description": (
            "A year, as a whole number (e.g. 2021): records whose date may fall in it. A date "
            "open at one end (“September 2022 or later”) reaches no year beyond those the "
            "archive's records of its kind reach."
        ),
    }
)
class YearFilter(django_filters.NumberFilter):
    """A year is a whole number: "2021.5" is refused, not read as 2021."""

    field_class = forms.IntegerField


@extend_schema_field(
    {
        "type": "integer",
        "minimum": MIN_YEAR,
        "maximum": MAX_YEAR,
        "description": (
            "A year, as a whole number (e.g. 2021): one end of a span of years. A date open at "
            "one end reaches no year beyond those the archive's records of its kind reach."
        ),
    }
)
class YearBoundFilter(YearFilter):
    """The first or the last year of a span (`year_from`, `year_to`)."""


@extend_schema_field(
    {
        "type": "integer",
        "minimum": 1,
        "description": "A whole number from 1: only the pairs at least this heavy.",
    }
)
class WeightFilter(django_filters.NumberFilter):
    """The least weight of a pair in the network: a whole number from 1."""

    field_class = forms.IntegerField


@extend_schema_field(
    {
        "type": "string",
        "enum": sorted(countries.countries),
        "description": "An ISO 3166-1 alpha-2 country code, e.g. `KZ` or `BE`.",
    }
)
class CountryFilter(django_filters.ChoiceFilter):
    """
    A country by its code. The schema lists the codes here, as drf-spectacular does not read
    choices given as django-countries' lazy list.
    """

    def __init__(self, **kwargs):
        super().__init__(choices=countries, **kwargs)


class IdentifierQueryField(forms.CharField):
    """An identifier exactly as the API gives it (no address, no spaces), check digit and all."""

    def __init__(self, *, scheme, **kwargs):
        self.scheme = scheme
        super().__init__(max_length=40, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value:
            self.scheme.validate(value)


class IdentifierFilter(django_filters.CharFilter):
    """The record with this identifier in another archive or authority file (`?wikidata=Q31`)."""

    field_class = IdentifierQueryField

    def __init__(self, field_name, scheme, **kwargs):
        self.identifier_scheme = scheme = SCHEMES[scheme]
        kwargs.setdefault(
            "help_text",
            format_lazy(
                _(
                    "Its {scheme} identifier as the API gives it, e.g. {example}; a malformed "
                    "one is an error."
                ),
                scheme=scheme.label,
                example=scheme.example,
            ),
        )
        super().__init__(field_name=field_name, label=scheme.label, scheme=scheme, **kwargs)


class DateMode(models.TextChoices):
    OVERLAPS = "overlaps", _("may fall in the period (overlaps it)")
    WITHIN = "within", _("certainly falls within the period")


class DatedFilterSet(django_filters.FilterSet):
    """
    Adds `date_after`, `date_before` and `year` over a record's date bounds, and `date_mode`,
    how they match: `overlaps` (the default) or `within`. A `date_after` later than
    `date_before` is refused: it can match nothing, so it is surely a mistake.
    """

    date_after = django_filters.DateFilter(
        method="filter_date_after",
        label=_("On or after"),
        help_text=_("YYYY-MM-DD: records whose date may fall on or after this day."),
        error_messages={"invalid": DATE_FORMAT_MESSAGE},
    )
    date_before = django_filters.DateFilter(
        method="filter_date_before",
        label=_("On or before"),
        help_text=_(
            "YYYY-MM-DD: records whose date may fall on or before this day (not earlier than "
            "date_after)."
        ),
        error_messages={"invalid": DATE_FORMAT_MESSAGE},
    )
    year = YearFilter(
        method="filter_year",
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        label=_("Year"),
        help_text=_("Records whose date may fall in this year."),
        error_messages={"invalid": _("Enter a year as a whole number, e.g. 2021.")},
    )
    date_mode = django_filters.ChoiceFilter(
        method="filter_date_mode",
        choices=DateMode.choices,
        label=_("Dates match"),
        help_text=_(
            "How date_after, date_before and year match a record's date: `overlaps` (the "
            "default) when it may fall in the period, `within` when it certainly does (an "
            "uncertain date such as 2021 is not within 2021-06-01 to 2021-12-31)."
        ),
    )
    lower_field, upper_field = "date_lower", "date_upper"

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (DateRangeFormMixin, form_class), {})

    @functools.cached_property
    def span(self):
        """The years the records this list draws from reach (archive/years.py)."""
        return years.archive_span(self.queryset, self.lower_field, self.upper_field)

    def in_period(self, start, end):
        """The condition `date_mode` asks for, over [start, end] (None: open)."""
        if self.form.cleaned_data.get("date_mode") == DateMode.WITHIN:
            return years.dates_within(self.lower_field, self.upper_field, start, end)
        return self.span.dates_overlapping(self.lower_field, self.upper_field, start, end)

    def filter_date_after(self, queryset, name, value):
        return queryset.filter(self.in_period(value, None))

    def filter_date_before(self, queryset, name, value):
        return queryset.filter(self.in_period(None, value))

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(
            self.in_period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        )

    def filter_date_mode(self, queryset, name, value):
        return queryset  # read by the date filters above


class OrderingField(BaseCSVField):
    """Comma-separated field names, none of them empty ("date,,title" is a mistake)."""

    def clean(self, value):
        cleaned = super().clean(value)
        if cleaned and not all(cleaned):
            raise ValidationError(
                _("One of the comma-separated names is empty: remove the extra comma."),
                code="invalid_choice",
            )
        return cleaned


class ArchiveOrderingFilter(django_filters.OrderingFilter):
    """
    `ordering=` over the named fields, `-` for descending, several comma-separated
    (`ordering=-date,title`: the newest first, then by title). Undated records go last either
    way (the database's own habit differs), and ties are broken by id so that pages never
    drift. An unknown field is a form error, not silently ignored.

    A name may also order by an expression (`expressions`), for a sort key the model does not
    store (a figure's period sorts by its start, or its end when only that is known), and
    stand for another (`aliases`), for an old name clients may still send.
    """

    base_field_class = OrderingField

    def __init__(self, *args, expressions=None, aliases=None, **kwargs):
        self.expressions = expressions or {}
        self.aliases = aliases or {}
        super().__init__(*args, **kwargs)

    def build_choices(self, fields, labels):
        choices = super().build_choices(fields, labels)
        for alias in self.aliases:
            choices += [(alias, alias), (f"-{alias}", f"{alias} (descending)")]
        return choices

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        name = param.lstrip("-")
        name = self.aliases.get(name, name)
        field = self.expressions.get(name) or F(self.param_map[name])
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*(self.get_ordering_value(param) for param in value), "pk")


def ordering_filter(expressions=None, aliases=None, **fields):
    """`fields` maps each public name to the model field it orders by."""
    dated = "date" in fields
    return ArchiveOrderingFilter(
        fields=[(field, name) for name, field in fields.items()],
        expressions=expressions,
        aliases=aliases,
        label=_("Order by"),
        help_text=(
            _(
                "A field name; prefix it with - to reverse. Several, comma-separated, e.g. "
                "`-date,title`. `date` orders by each record's `sort` day (in its date or "
                "period), undated records last."
            )
            if dated
            else _("A field name; prefix it with - to reverse. Several, comma-separated.")
        ),
    )


def published_article_count(mention_model, mentioned_field):
    """
    How many published articles mention the record, as a subquery per record: what the
    website's lists show beside each name, so `ordering=-articles` puts the most-named first.
    """
    mentions = (
        mention_model.objects.filter(
            **{mentioned_field: OuterRef("pk")},
            article__in=Article.objects.published().order_by().values("pk"),
        )
        .order_by()
        .values(mentioned_field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(mentions), 0)


def unknown_slug_message(model):
    return format_lazy(_("No {kind} has the slug “%(value)s”."), kind=model._meta.verbose_name)


# A real slug of each kind from the curated corpus, for the API's documentation.
SLUG_EXAMPLES = {
    Article: "kazakhstan-and-belgium-mark-the-30th-anniversary-of-diplomatic-relations",
    Event: "tokayev-official-visit-to-brussels-2021",
    Indicator: "trade-turnover",
    Organisation: "majilis",
    Person: "margulan-baimukhan",
    Place: "astana",
    Topic: "diplomatic-relations",
}


def slug_help_text(label, example):
    return format_lazy(
        _("{label}, given by its slug (the last part of its address), e.g. `{example}`."),
        label=label,
        example=example,
    )


def slug_filter(
    model,
    field_name,
    label,
    queryset=None,
    filter_class=django_filters.ModelChoiceFilter,
    example=None,
    help_label=None,
    **kwargs,
):
    """
    A related record chosen by its slug. `help_label` names it in the help text when the
    form's label says more (the API's documentation keeps its wording).
    """
    example = example or SLUG_EXAMPLES[model]
    slug_filter = filter_class(
        # A record only drafts rest on is as unknown here as a slug never used.
        queryset=model.objects.public() if queryset is None else queryset,
        to_field_name="slug",
        field_name=field_name,
        label=label,
        help_text=slug_help_text(help_label or label, example),
        error_messages={"invalid_choice": unknown_slug_message(model)},
        **kwargs,
    )
    slug_filter.example = example  # the API's schema shows it (archive/api/schema.py)
    return slug_filter


class LinkedSlugFilter(django_filters.ModelChoiceFilter):
    """
    Records linked to the chosen one through a many-to-many or reverse relation. Matched as a
    subquery of ids rather than through a join, so that a record linked twice is listed once
    without DISTINCT over the whole list: a list ordered by date can stop at its page.
    """

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.filter(pk__in=linked_ids(qs.model, self.field_name, value))


def linked_ids(model, path, value):
    """
    The ids of `model`'s records linked to `value` along `path` (a many-to-many field, or a
    reverse relation and a field of the related rows), read from the linking rows alone,
    without reading the records themselves.
    """
    first, _, rest = path.partition("__")
    field = model._meta.get_field(first)
    if field.many_to_many and field.concrete and not rest:
        links = field.remote_field.through.objects.filter(**{field.m2m_reverse_field_name(): value})
        return links.order_by().values(field.m2m_field_name())
    if field.one_to_many and rest:
        # Only public rows link: a role drawn from a draft is no link yet.
        links = field.related_model.objects.public().filter(**{rest: value})
        return links.order_by().values(field.field.attname)
    return model._base_manager.filter(**{path: value}).order_by().values("pk")


def linked_slug_filter(model, field_name, label, **kwargs):
    return slug_filter(model, field_name, label, filter_class=LinkedSlugFilter, **kwargs)
