"""
The figures: indicators (what is measured) and statistics (one figure as one source gives it).
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext, pgettext_lazy
from django_countries.fields import CountryField

from .. import dates
from ..fields import NormalisedCharField, NormalisedTextField
from .base import NaturalKeyBySlug, QuotedFromArticle
from .querysets import FactQuerySet, SlugManager
from .texts import Article
from .translations import translatable

__all__ = (
    "Indicator",
    "Statistic",
)


@translatable("name", "description")
class Indicator(NaturalKeyBySlug, models.Model):
    """
    A measure that figures are reported for, e.g. "trade turnover between Kazakhstan and
    Belgium". Claims from different sources about the same measure hang off one indicator, so
    they can be shown side by side.
    """

    name = NormalisedCharField(_("name"), max_length=300, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = NormalisedTextField(_("definition"), blank=True)

    objects = SlugManager()

    class Meta:
        ordering = ("name",)
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("archive:indicator_detail", kwargs={"slug": self.slug})


# A hedge with the figure it qualifies, as a phrase for translators: some languages put the
# hedge after the figure, with the figure inflected ("9 млрд USD-ге жуық").
HEDGED_FIGURES = {
    "approximately": pgettext_lazy("a hedged figure", "approximately %(figure)s"),
    "almost": pgettext_lazy("a hedged figure", "almost %(figure)s"),
    "more_than": pgettext_lazy("a hedged figure", "more than %(figure)s"),
    "less_than": pgettext_lazy("a hedged figure", "less than %(figure)s"),
    "at_least": pgettext_lazy("a hedged figure", "at least %(figure)s"),
    "at_most": pgettext_lazy("a hedged figure", "at most %(figure)s"),
}


def number_words(value):
    """A stated value as the reader writes numbers: "9.96" in English, "9,96" in Russian."""
    return f"{value.normalize():f}".replace(".", get_format("DECIMAL_SEPARATOR"))


def scale_word(scale, value):
    """
    "thousand", "million" or "billion" as it follows `value` in the reader's language (French
    "1,5 milliard" but "9,96 milliards"); "" for units. The whole part of the value chooses the
    plural form: translators of languages whose fractions take a form of their own (Russian)
    use the abbreviation, which does not change.
    """
    count = int(value)
    if scale == 3:
        return npgettext("after a number: 5 thousand", "thousand", "thousand", count)
    if scale == 6:
        return npgettext("after a number: 5 million", "million", "million", count)
    if scale == 9:
        return npgettext("after a number: 9.96 billion", "billion", "billion", count)
    return ""


class Statistic(QuotedFromArticle):
    """
    One figure as one source reports it. The hedge is part of the claim: "almost $9 billion",
    "more than 9 billion" and "9.96 billion during 2005-2021" are three claims with their own
    value, qualifier and period, never merged into one. When sources disagree about the same
    measure an editor ranks them (preferred / normal / deprecated, as Wikidata does) and
    writes down why.

    `value` is kept as the source states it, with its scale (9.96 and "billion"), so that
    nothing is rounded on the way in; `absolute_value` gives the full number.
    """

    class Scale(models.IntegerChoices):
        UNITS = 0, _("units")
        THOUSAND = 3, _("thousand")
        MILLION = 6, _("million")
        BILLION = 9, _("billion")

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exactly")
        APPROXIMATELY = "approximately", _("approximately")
        ALMOST = "almost", _("almost")
        MORE_THAN = "more_than", _("more than")
        LESS_THAN = "less_than", _("less than")
        AT_LEAST = "at_least", _("at least")
        AT_MOST = "at_most", _("at most")

    class Direction(models.TextChoices):
        FROM_TO = "from_to", _("from the first country to the second")
        BETWEEN = "between", _("between the two countries")
        WITHIN = "within", _("in the first country")

    class Rank(models.TextChoices):
        PREFERRED = "preferred", _("preferred")
        NORMAL = "normal", _("normal")
        DEPRECATED = "deprecated", _("deprecated")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="statistics", verbose_name=_("indicator")
    )
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6)
    scale = models.PositiveSmallIntegerField(_("scale"), choices=Scale, default=Scale.UNITS)
    unit = NormalisedCharField(
        _("unit or currency"),
        max_length=50,
        help_text=_("ISO 4217 code for money (USD), otherwise a plural noun (enterprises)."),
    )
    qualifier = models.CharField(
        _("qualifier"), max_length=20, choices=Qualifier, default=Qualifier.EXACT
    )
    period_edtf = models.CharField(
        _("period (EDTF)"),
        max_length=100,
        blank=True,
        validators=[dates.validate_edtf],
        help_text=_("What the figure covers: 2021, 2005/2021; a single date for “as of”."),
    )
    period_lower = models.DateField(_("period start"), null=True, editable=False)
    period_upper = models.DateField(_("period end"), null=True, editable=False, db_index=True)
    direction = models.CharField(_("direction"), max_length=20, choices=Direction, blank=True)
    country_a = CountryField(_("first country"), blank=True)
    country_b = CountryField(_("second country"), blank=True)
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="statistics", verbose_name=_("source")
    )
    rank = models.CharField(_("rank"), max_length=20, choices=Rank, default=Rank.NORMAL)
    rank_reason = NormalisedTextField(
        _("reason for the rank"),
        blank=True,
        help_text=_("Required when the figure is preferred or deprecated."),
    )

    objects = FactQuerySet.as_manager()

    class Meta:
        ordering = ("indicator__name", F("period_upper").asc(nulls_last=True), "id")
        verbose_name = _("statistic")
        verbose_name_plural = _("statistics")
        # An indicator's latest figures, and its preferred (or deprecated) ones, straight from
        # an index: the statistics page and the home page's key figures pick them per indicator.
        indexes = [
            models.Index(fields=["indicator", "period_upper", "id"], name="statistic_latest_idx"),
            models.Index(fields=["indicator", "rank", "period_upper"], name="statistic_rank_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_lower__lte=F("period_upper")),
                name="%(app_label)s_%(class)s_period_bounds_ordered",
            ),
            models.CheckConstraint(
                condition=Q(rank="normal") | ~Q(rank_reason=""),
                name="%(app_label)s_%(class)s_rank_has_reason",
                violation_error_message=_("Say why this figure is preferred or deprecated."),
            ),
            models.CheckConstraint(
                condition=Q(direction="") | ~Q(country_a=""),
                name="%(app_label)s_%(class)s_direction_has_country",
                violation_error_message=_("A direction needs its first country."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value_label}"

    def save(self, *args, **kwargs):
        bounds = dates.edtf_bounds(self.period_edtf)
        self.period_lower, self.period_upper = bounds.lower, bounds.upper
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """A figure has no page of its own: it is shown on its indicator's page, by this anchor."""
        return f"{self.indicator.get_absolute_url()}#statistic-{self.pk}"

    @property
    def period_sort(self):
        """The day a figure sorts by: its period's start, or its end when only that is known."""
        return self.period_lower or self.period_upper

    @property
    def absolute_value(self):
        return self.value * (Decimal(10) ** self.scale)

    @property
    def value_label(self):
        """The claim as words, in the reader's language: "almost 9.96 billion USD"."""
        figure = " ".join(
            part
            for part in (number_words(self.value), scale_word(self.scale, self.value), self.unit)
            if part
        )
        if self.qualifier == self.Qualifier.EXACT:
            return figure
        return HEDGED_FIGURES[self.qualifier] % {"figure": figure}

    @property
    def period_label(self):
        return dates.edtf_label(self.period_edtf)

    @property
    def measured(self):
        """What the figure measures: its indicator and direction ("between" has no order)."""
        countries = (str(self.country_a), str(self.country_b))
        if self.direction == self.Direction.BETWEEN:
            countries = tuple(sorted(countries))
        return (self.indicator_id, self.direction, *countries)

    def competes_with(self, other):
        """
        Whether two figures are rival claims about one thing, between which editors choose:
        the same indicator and direction over overlapping periods (a bound that is open or
        unknown overlaps anything). Figures of one indicator for different periods are a
        series, not a conflict.
        """
        return (
            self.pk != other.pk
            and self.measured == other.measured
            and (
                self.period_lower is None
                or other.period_upper is None
                or self.period_lower <= other.period_upper
            )
            and (
                self.period_upper is None
                or other.period_lower is None
                or other.period_lower <= self.period_upper
            )
        )

    @staticmethod
    def competing_groups(statistics):
        """
        The figures grouped with their rivals, and the rivals of their rivals (a figure with
        none is a group of its own), each group in the order of the periods' start. Per measure,
        sorted by start, a figure joins the group when it competes with the member whose period
        reaches furthest: O(n log n), however many figures an indicator has.
        """
        by_measure = {}
        for statistic in statistics:
            by_measure.setdefault(statistic.measured, []).append(statistic)
        groups = []
        for figures in by_measure.values():
            figures.sort(key=lambda s: (s.period_lower is not None, s.period_lower or date.min))
            reach = None
            for statistic in figures:
                if reach is not None and statistic.competes_with(reach):
                    groups[-1].append(statistic)
                else:
                    groups.append([statistic])
                    reach = statistic
                if reach.period_upper is not None and (
                    statistic.period_upper is None or statistic.period_upper > reach.period_upper
                ):
                    reach = statistic
        return groups

    def clean(self):
        super().clean()
        if self.rank != self.Rank.NORMAL and not self.rank_reason.strip():
            raise ValidationError({"rank_reason": _("Say why this figure is ranked so.")})
        if self.direction in (self.Direction.FROM_TO, self.Direction.BETWEEN) and not (
            self.country_a and self.country_b
        ):
            raise ValidationError({"country_b": _("This direction needs both countries.")})
