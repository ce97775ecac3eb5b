"""
The named records (people, organisations, places) and their aliases.

The three are curated alike: found by any of their names, merged when they are duplicates,
corrected with a reason once public. `NamedRecordAdmin` and `AliasAdmin` say that once; each
record's admin adds only what it has of its own.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from archive.models import (
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Place,
    PlaceAlias,
)

from .corrections import CorrectionAdminMixin
from .forms import AliasForm
from .history import HistoryAdmin
from .inlines import OrganisationAliasInline, PersonAliasInline, PersonRoleInline, PlaceAliasInline
from .merge import MergeActionMixin
from .translations import InOtherLanguagesAdmin


class NamedRecordAdmin(InOtherLanguagesAdmin, CorrectionAdminMixin, MergeActionMixin, HistoryAdmin):
    """A record with a name, a slug made from it, and aliases (listed when the list shows them)."""

    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if "alias_list" in self.list_display:
            queryset = queryset.prefetch_related("aliases")
        return queryset

    @admin.display(description=_("aliases"))
    def alias_list(self, obj):
        return ", ".join(alias.name for alias in obj.aliases.all())


@admin.register(Person)
class PersonAdmin(NamedRecordAdmin):
    list_display = ["name", "sort_name", "country", "alias_list", "mention_count"]
    list_filter = ["country"]
    search_fields = [
        "name",
        "sort_name",
        "aliases__name",
        "slug",
        "description",
        "=wikidata_id",
        "=viaf_id",
        "=isni",
        "=orcid",
    ]
    inlines = [PersonAliasInline, PersonRoleInline]
    fields = [
        "name",
        "sort_name",
        "slug",
        "country",
        "description",
        ("wikidata_id", "viaf_id"),
        ("isni", "orcid"),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(mention_count=Count("mentions", distinct=True))
            # A count groups the rows, and Django leaves the model's ordering out of grouped
            # queries: the autocompletes, which have no ordering of their own, would page
            # through people in no order at all.
            .order_by(*self.opts.ordering)
        )

    @admin.display(description=_("articles"), ordering="mention_count")
    def mention_count(self, obj):
        return obj.mention_count


@admin.register(Organisation)
class OrganisationAdmin(NamedRecordAdmin):
    list_display = ["name", "acronym", "kind", "country", "parent"]
    list_filter = ["kind", "country"]
    list_select_related = ["parent"]
    search_fields = [
        "name",
        "acronym",
        "aliases__name",
        "slug",
        "description",
        "=wikidata_id",
        "=viaf_id",
        "=isni",
    ]
    autocomplete_fields = ["parent"]
    inlines = [OrganisationAliasInline]
    fields = [
        "name",
        "acronym",
        "slug",
        "kind",
        "country",
        "parent",
        "description",
        ("wikidata_id", "viaf_id", "isni"),
    ]


@admin.register(Place)
class PlaceAdmin(NamedRecordAdmin):
    list_display = ["name", "kind", "country", "alias_list"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "aliases__name", "slug", "=wikidata_id", "=geonames_id"]
    inlines = [PlaceAliasInline]


class AliasAdmin(CorrectionAdminMixin, HistoryAdmin):
    """Another name of a record; `owner` names the field of the record it belongs to."""

    owner = None
    form = AliasForm
    list_filter = ["origin", "language", "script"]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.list_display = ["name", cls.owner, "language", "script", "origin", "basis", "note"]
        cls.list_select_related = [cls.owner]
        cls.search_fields = ["name", f"{cls.owner}__name"]
        cls.autocomplete_fields = [cls.owner]


@admin.register(PersonAlias)
class PersonAliasAdmin(AliasAdmin):
    owner = "person"


@admin.register(OrganisationAlias)
class OrganisationAliasAdmin(AliasAdmin):
    owner = "organisation"


@admin.register(PlaceAlias)
class PlaceAliasAdmin(AliasAdmin):
    owner = "place"
