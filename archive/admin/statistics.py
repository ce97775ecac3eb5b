"""Indicators and the figures (statistics) drawn from articles for them."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from archive.models import Indicator, Statistic

from .corrections import CorrectionAdminMixin
from .history import HistoryAdmin
from .inlines import IndicatorStatisticInline
from .translations import InOtherLanguagesAdmin


@admin.register(Indicator)
class IndicatorAdmin(InOtherLanguagesAdmin, CorrectionAdminMixin, HistoryAdmin):
    list_display = ["name", "slug", "statistic_count"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [IndicatorStatisticInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(statistic_count=Count("statistics"))
            .order_by(*self.opts.ordering)  # see entities.PersonAdmin.get_queryset
        )

    @admin.display(description=_("figures"), ordering="statistic_count")
    def statistic_count(self, obj):
        return obj.statistic_count


# --- People and organisations -----------------------------------------------------------------


@admin.register(Statistic)
class StatisticAdmin(CorrectionAdminMixin, HistoryAdmin):
    list_display = ["indicator", "value_label", "period_label", "rank", "article"]
    list_filter = ["indicator", "qualifier", "rank", "unit"]
    list_select_related = ["indicator", "article"]
    search_fields = ["indicator__name", "quote", "unit"]
    autocomplete_fields = ["indicator", "article"]
    readonly_fields = ["period_lower", "period_upper"]
    fields = [
        "indicator",
        ("qualifier", "value", "scale", "unit"),
        ("period_edtf", "period_lower", "period_upper"),
        ("direction", "country_a", "country_b"),
        ("article", "quote"),
        ("rank", "rank_reason"),
    ]

    @admin.display(description=_("value"), ordering="value")
    def value_label(self, obj):
        return obj.value_label

    @admin.display(description=_("period"), ordering="period_upper")
    def period_label(self, obj):
        return obj.period_label
