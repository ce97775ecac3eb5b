"""
The statistics pages: every indicator with its figures side by side, and each indicator's
page with all its figures and a chart. (`/statistics/` lists indicators; the API's
`/api/statistics/` lists figures: the URLs stay as published.)
"""

from django.db.models import F, Prefetch
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from ..models import Indicator, Statistic
from . import charts, structured_data
from .linked_data import LinkedDataMixin
from .queries import figure_counts, ids_in_any, public_statistics

FIGURES_PER_INDICATOR = 10  # preferred and most recent figures shown on the statistics page


def figure_source_label(statistic):
    """Short words for a figure's source under a chart bar; the table beside names it fully."""
    article = statistic.article
    if article.date_is_inferred:
        return _("report of [%(date)s]") % {"date": article.date_label}
    return _("report of %(date)s") % {"date": article.date_label}


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
            figures = Statistic.objects.public().filter(indicator=indicator)
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


class IndicatorDetailView(LinkedDataMixin, DetailView):
    """One measure: every claim about it side by side, the preferred one marked, and a chart."""

    template_name = "archive/indicator_detail.html"
    queryset = Indicator.objects.public().prefetch_related(
        Prefetch("statistics", queryset=public_statistics(), to_attr="public_statistics"),
        "corrections",
    )

    def describe(self, indicator, url):
        return structured_data.indicator(indicator, url, indicator.public_statistics)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        statistics = self.object.public_statistics
        context.update(
            statistics=statistics,
            corrections=list(self.object.corrections.all()),
            chart=charts.bar_chart(statistics, source_label=figure_source_label),
            structured_data=self.page_description(self.object),
        )
        return context
