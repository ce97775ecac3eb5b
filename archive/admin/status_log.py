"""The workflow log across all articles, read-only: every change of status, who made it and why."""

from django.contrib import admin

from archive.models import StatusChange


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    """The workflow log across all articles; read-only."""

    list_display = ["changed_at", "article", "from_status", "to_status", "changed_by", "note"]
    list_filter = ["to_status", "changed_by"]
    list_select_related = ["article", "changed_by"]
    search_fields = ["article__title", "note"]
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
