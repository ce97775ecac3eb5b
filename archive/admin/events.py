"""Events, with their participants and the articles that report them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from archive.models import Event, EventParticipant, EventReport

from .corrections import CorrectionAdminMixin
from .history import HistoryAdmin
from .inlines import EventParticipantInline, EventReportInline
from .merge import MergeActionMixin
from .translations import InOtherLanguagesAdmin


@admin.register(Event)
class EventAdmin(InOtherLanguagesAdmin, CorrectionAdminMixin, MergeActionMixin, HistoryAdmin):
    list_display = ["title", "date_label", "kind", "status", "place"]
    list_filter = ["kind", "status", "topics", "date_is_inferred"]
    list_select_related = ["place"]
    search_fields = ["title", "description", "slug", "=wikidata_id"]
    date_hierarchy = "date_sort"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["place"]
    filter_horizontal = ["topics"]
    readonly_fields = ["date_lower", "date_upper"]
    inlines = [EventParticipantInline, EventReportInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    ("kind", "status"),
                    "place",
                    "description",
                    "topics",
                    "wikidata_id",
                ]
            },
        ),
        (
            _("Date"),
            {
                "fields": [
                    ("date_edtf", "date_is_inferred"),
                    "date_note",
                    ("date_lower", "date_upper"),
                ]
            },
        ),
    ]

    @admin.display(description=_("date"), ordering="date_sort")
    def date_label(self, obj):
        return obj.date_label


@admin.register(EventParticipant)
class EventParticipantAdmin(CorrectionAdminMixin, HistoryAdmin):
    list_display = ["event", "participant", "part"]
    list_filter = ["part"]
    list_select_related = ["event", "person", "organisation"]
    search_fields = ["event__title", "person__name", "organisation__name"]
    autocomplete_fields = ["event", "person", "organisation"]


@admin.register(EventReport)
class EventReportAdmin(CorrectionAdminMixin, HistoryAdmin):
    list_display = ["event", "article", "quote"]
    list_select_related = ["event", "article"]
    search_fields = ["event__title", "article__title", "quote"]
    autocomplete_fields = ["event", "article"]
