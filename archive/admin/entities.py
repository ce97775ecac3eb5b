"""
The named records (people, organisations, places) and their aliases.

The three are curated alike: found by any of their names, merged when they are duplicates,
corrected with a reason once public. `NamedRecordAdmin` and `AliasAdmin` say that once; each
record's admin adds only what it has of its own.
"""

from django.contrib import admin
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from archive import gazetteer
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

# The query parameter naming the gazetteer entry an editor chose for a place.
GAZETTEER_PARAMETER = "gazetteer"


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
    """
    Coordinates come from the gazetteer only when an editor chooses an entry: its link opens
    the form again with the entry's values filled in (`?gazetteer=<GeoNames id>`), and nothing
    is stored until the editor saves.
    """

    list_display = ["name", "kind", "country", "alias_list", "on_the_map"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "aliases__name", "slug", "=wikidata_id", "=geonames_id"]
    inlines = [PlaceAliasInline]
    readonly_fields = ["gazetteer_suggestions"]
    fields = [
        "name",
        "slug",
        "kind",
        "country",
        "description",
        ("wikidata_id", "geonames_id"),
        "gazetteer_suggestions",
        ("latitude", "longitude"),
        "coordinates_source",
    ]

    @admin.display(description=_("on the map"), boolean=True)
    def on_the_map(self, obj):
        return obj.has_coordinates

    def chosen_entry(self, request, obj=None):
        """The gazetteer entry the editor chose, if they may change the place."""
        if request.method != "GET" or not self.has_change_permission(request, obj):
            return None
        if obj is None and not self.has_add_permission(request):
            return None
        return gazetteer.entry(request.GET.get(GAZETTEER_PARAMETER))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Only the form shown is filled: the edit token (archive/concurrency.py) stays the one
        # of the record as stored, so the editor's save is theirs, not another editor's change.
        chosen = self.chosen_entry(request, obj)
        if chosen is not None:
            form = context["adminform"].form
            form.initial.update(
                {name: value for name, value in chosen.form_values().items() if name in form.fields}
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        # Only an editor who may save the place is offered entries to choose.
        if obj is None or not self.has_change_permission(request, obj):
            fields = [field for field in fields if field != "gazetteer_suggestions"]
        return fields

    @admin.display(description=_("gazetteer suggestions"))
    def gazetteer_suggestions(self, obj):
        names = [obj.name, *(alias.name for alias in obj.aliases.all())]
        entries = gazetteer.suggestions(names, obj.country.code if obj.country else "")
        return render_to_string(
            "admin/archive/place/gazetteer_suggestions.html",
            {"entries": entries, "parameter": GAZETTEER_PARAMETER},
        )


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
