"""Topics: the archive's vocabulary, each listed with how many articles and events it tags."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from archive.models import Topic

from .history import HistoryAdmin
from .translations import InOtherLanguagesAdmin


@admin.register(Topic)
class TopicAdmin(InOtherLanguagesAdmin, HistoryAdmin):
    list_display = ["name", "slug", "article_count", "event_count"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                article_count=Count("articles", distinct=True),
                event_count=Count("events", distinct=True),
            )
        )

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    @admin.display(description=_("events"), ordering="event_count")
    def event_count(self, obj):
        return obj.event_count
