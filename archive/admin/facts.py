"""
Facts drawn from texts, each tied to the article that attests it: roles, authorships and the
mentions of people, organisations and places (with the exact words the article uses).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from archive.models import Authorship, OrganisationMention, PersonMention, PlaceMention, Role

from .corrections import CorrectionAdminMixin
from .forms import MentionForm
from .history import HistoryAdmin


@admin.register(Role)
class RoleAdmin(CorrectionAdminMixin, HistoryAdmin):
    list_display = ["person", "title", "organisation", "date_label", "article"]
    list_filter = ["organisation__kind", "date_is_inferred"]
    list_select_related = ["person", "organisation", "article"]
    search_fields = [
        "person__name",
        "person__aliases__name",
        "title",
        "organisation__name",
        "organisation__acronym",
        "quote",
    ]
    autocomplete_fields = ["person", "organisation", "article"]
    readonly_fields = ["date_lower", "date_upper"]
    fields = [
        ("person", "title", "organisation"),
        ("article", "quote"),
        ("date_edtf", "date_is_inferred"),
        "date_note",
        ("date_lower", "date_upper"),
    ]

    @admin.display(description=_("date"), ordering="date_sort")
    def date_label(self, obj):
        return obj.date_label


@admin.register(Authorship)
class AuthorshipAdmin(CorrectionAdminMixin, HistoryAdmin):
    list_display = ["byline", "person", "article", "position"]
    list_select_related = ["person", "article"]
    search_fields = ["byline", "person__name", "article__title"]
    autocomplete_fields = ["article", "person"]


class MentionAdmin(CorrectionAdminMixin, HistoryAdmin):
    form = MentionForm
    autocomplete_fields = ["article"]
    list_display = ["__str__", "forms"]
    list_select_related = ["article"]

    @admin.display(description=_("surface forms"))
    def forms(self, obj):
        return ", ".join(obj.surface_forms)


@admin.register(PersonMention)
class PersonMentionAdmin(MentionAdmin):
    autocomplete_fields = ["article", "person"]
    list_select_related = ["article", "person"]
    search_fields = ["person__name", "person__aliases__name", "article__title"]


@admin.register(OrganisationMention)
class OrganisationMentionAdmin(MentionAdmin):
    autocomplete_fields = ["article", "organisation"]
    list_select_related = ["article", "organisation"]
    list_filter = ["organisation__kind"]
    search_fields = ["organisation__name", "organisation__aliases__name", "article__title"]


@admin.register(PlaceMention)
class PlaceMentionAdmin(MentionAdmin):
    autocomplete_fields = ["article", "place"]
    list_select_related = ["article", "place"]
    search_fields = ["place__name", "place__aliases__name", "article__title"]
