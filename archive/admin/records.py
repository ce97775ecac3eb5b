"""
The editors' admin: every record of the archive, curated by people who are not programmers.

Editors work from the parent record: an article carries its authors, mentions, roles, events
and statistics as inlines; an event its participants and reports; a person their aliases and
roles. Originals and their provenance are read-only once saved.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.models import (
    Article,
    Authorship,
    Event,
    EventParticipant,
    EventReport,
    Indicator,
    Organisation,
    OrganisationAlias,
    OrganisationMention,
    Person,
    PersonAlias,
    PersonMention,
    Place,
    PlaceAlias,
    PlaceMention,
    Role,
    Statistic,
    Topic,
)

# --- Form helpers -----------------------------------------------------------------------------


class LinesField(forms.CharField):
    """A list of strings edited as one per line, for surface forms."""

    widget = forms.Textarea(attrs={"rows": 2, "cols": 40})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        value = super().to_python(value)
        return [line.strip() for line in value.splitlines() if line.strip()]


class MentionForm(forms.ModelForm):
    surface_forms = LinesField(
        label=_("surface forms"),
        required=False,
        help_text=_("The exact words the article uses, one per line."),
    )


# --- Inlines ----------------------------------------------------------------------------------


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 0


class OrganisationAliasInline(admin.TabularInline):
    model = OrganisationAlias
    extra = 0


class PlaceAliasInline(admin.TabularInline):
    model = PlaceAlias
    extra = 0


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 0
    autocomplete_fields = ["person"]


class PersonMentionInline(admin.TabularInline):
    model = PersonMention
    form = MentionForm
    extra = 0
    autocomplete_fields = ["person"]


class OrganisationMentionInline(admin.TabularInline):
    model = OrganisationMention
    form = MentionForm
    extra = 0
    autocomplete_fields = ["organisation"]


class PlaceMentionInline(admin.TabularInline):
    model = PlaceMention
    form = MentionForm
    extra = 0
    autocomplete_fields = ["place"]


class ArticleRoleInline(admin.StackedInline):
    model = Role
    extra = 0
    autocomplete_fields = ["person", "organisation"]
    fields = [
        ("person", "title", "organisation"),
        "quote",
        ("date_edtf", "date_is_inferred"),
        "date_note",
    ]
    verbose_name_plural = _("roles reported in this article")


class PersonRoleInline(admin.StackedInline):
    model = Role
    extra = 0
    autocomplete_fields = ["organisation", "article"]
    fields = [
        ("title", "organisation"),
        ("article", "date_edtf", "date_is_inferred"),
        "quote",
        "date_note",
    ]
    verbose_name_plural = _("roles")


class ArticleEventReportInline(admin.StackedInline):
    model = EventReport
    extra = 0
    autocomplete_fields = ["event"]
    fields = ["event", "quote"]
    verbose_name_plural = _("events reported in this article")


class EventReportInline(admin.StackedInline):
    model = EventReport
    extra = 0
    autocomplete_fields = ["article"]
    fields = ["article", "quote"]


class EventParticipantInline(admin.TabularInline):
    model = EventParticipant
    extra = 0
    autocomplete_fields = ["person", "organisation"]


class ArticleStatisticInline(admin.StackedInline):
    model = Statistic
    extra = 0
    autocomplete_fields = ["indicator"]
    fields = [
        "indicator",
        ("qualifier", "value", "scale", "unit"),
        ("period_edtf", "direction", "country_a", "country_b"),
        "quote",
        ("rank", "rank_reason"),
    ]
    verbose_name_plural = _("statistics drawn from this article")


class IndicatorStatisticInline(admin.TabularInline):
    model = Statistic
    extra = 0
    autocomplete_fields = ["article"]
    fields = ["qualifier", "value", "scale", "unit", "period_edtf", "article", "rank"]
    show_change_link = True


# --- Vocabulary and places --------------------------------------------------------------------


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
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


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "alias_list"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "aliases__name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PlaceAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description=_("aliases"))
    def alias_list(self, obj):
        return ", ".join(alias.name for alias in obj.aliases.all())


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "statistic_count"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [IndicatorStatisticInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(statistic_count=Count("statistics"))

    @admin.display(description=_("figures"), ordering="statistic_count")
    def statistic_count(self, obj):
        return obj.statistic_count


# --- People and organisations -----------------------------------------------------------------


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "sort_name", "country", "alias_list", "mention_count"]
    list_filter = ["country"]
    search_fields = ["name", "sort_name", "aliases__name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonAliasInline, PersonRoleInline]
    fields = ["name", "sort_name", "slug", "country", "description", "wikidata_id"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("aliases")
            .annotate(mention_count=Count("mentions", distinct=True))
        )

    @admin.display(description=_("aliases"))
    def alias_list(self, obj):
        return ", ".join(alias.name for alias in obj.aliases.all())

    @admin.display(description=_("articles"), ordering="mention_count")
    def mention_count(self, obj):
        return obj.mention_count


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country", "parent"]
    list_filter = ["kind", "country"]
    list_select_related = ["parent"]
    search_fields = ["name", "acronym", "aliases__name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [OrganisationAliasInline]
    fields = ["name", "acronym", "slug", "kind", "country", "parent", "description", "wikidata_id"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
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


# --- Articles ---------------------------------------------------------------------------------


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["display_title", "date_label", "source", "dateline_place", "status"]
    list_filter = [
        "status",
        "source",
        "topics",
        "date_is_inferred",
        "title_is_devised",
        "language",
    ]
    list_select_related = ["source", "dateline_place"]
    search_fields = ["title", "body", "slug", "original_filename"]
    date_hierarchy = "date_sort"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["dateline_place", "source", "relayed_from"]
    filter_horizontal = ["topics"]
    actions = ["publish", "unpublish"]
    save_on_top = True
    inlines = [
        AuthorshipInline,
        PersonMentionInline,
        OrganisationMentionInline,
        PlaceMentionInline,
        ArticleRoleInline,
        ArticleEventReportInline,
        ArticleStatisticInline,
    ]
    fieldsets = [
        (None, {"fields": ["title", "title_is_devised", "slug", "status"]}),
        (
            _("Date"),
            {
                "fields": [
                    ("date_edtf", "date_is_inferred", "published_time"),
                    "date_note",
                    ("date_lower", "date_upper"),
                ]
            },
        ),
        (
            _("Source"),
            {
                "fields": [
                    ("dateline", "dateline_place"),
                    ("source", "relayed_from"),
                    "attribution",
                    ("language", "original_url"),
                    "source_tags",
                ]
            },
        ),
        (_("Text"), {"fields": ["body", "topics", "editorial_note"]}),
        (
            _("Original and provenance"),
            {
                "classes": ["collapse"],
                "fields": ["raw_text", ("original_filename", "raw_sha256", "imported_at")],
            },
        ),
    ]
    PROVENANCE_FIELDS = ["raw_text", "original_filename", "raw_sha256", "imported_at"]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["date_lower", "date_upper"]
        if obj is not None:
            # The original is kept as received: once saved it is never edited.
            readonly += self.PROVENANCE_FIELDS
        if not request.user.has_perm("archive.publish_article"):
            readonly.append("status")
        return readonly

    @admin.display(description=_("title"), ordering="title")
    def display_title(self, obj):
        return obj.display_title

    @admin.display(description=_("date"), ordering="date_sort")
    def date_label(self, obj):
        return obj.date_label

    @admin.action(description=_("Publish the selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        count = queryset.exclude(status=Article.Status.PUBLISHED).update(
            status=Article.Status.PUBLISHED
        )
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Withdraw the selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = queryset.filter(status=Article.Status.PUBLISHED).update(
            status=Article.Status.WITHDRAWN
        )
        self.message_user(
            request,
            ngettext("%d article withdrawn.", "%d articles withdrawn.", count) % count,
            messages.SUCCESS,
        )

    def has_publish_permission(self, request):
        return request.user.has_perm("archive.publish_article")


@admin.register(Authorship)
class AuthorshipAdmin(admin.ModelAdmin):
    list_display = ["byline", "person", "article", "position"]
    list_select_related = ["person", "article"]
    search_fields = ["byline", "person__name", "article__title"]
    autocomplete_fields = ["article", "person"]


class MentionAdmin(admin.ModelAdmin):
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


# --- Events and statistics --------------------------------------------------------------------


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "date_label", "kind", "status", "place"]
    list_filter = ["kind", "status", "topics", "date_is_inferred"]
    list_select_related = ["place"]
    search_fields = ["title", "description", "slug"]
    date_hierarchy = "date_sort"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["place"]
    filter_horizontal = ["topics"]
    readonly_fields = ["date_lower", "date_upper"]
    inlines = [EventParticipantInline, EventReportInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", ("kind", "status"), "place", "description", "topics"]}),
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
class EventParticipantAdmin(admin.ModelAdmin):
    list_display = ["event", "participant", "part"]
    list_filter = ["part"]
    list_select_related = ["event", "person", "organisation"]
    search_fields = ["event__title", "person__name", "organisation__name"]
    autocomplete_fields = ["event", "person", "organisation"]


@admin.register(EventReport)
class EventReportAdmin(admin.ModelAdmin):
    list_display = ["event", "article", "quote"]
    list_select_related = ["event", "article"]
    search_fields = ["event__title", "article__title", "quote"]
    autocomplete_fields = ["event", "article"]


@admin.register(Statistic)
class StatisticAdmin(admin.ModelAdmin):
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


@admin.register(PersonAlias)
class PersonAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "person", "language", "script", "note"]
    list_filter = ["language", "script"]
    list_select_related = ["person"]
    search_fields = ["name", "person__name"]
    autocomplete_fields = ["person"]


@admin.register(OrganisationAlias)
class OrganisationAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "language", "script", "note"]
    list_filter = ["language", "script"]
    list_select_related = ["organisation"]
    search_fields = ["name", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(PlaceAlias)
class PlaceAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "place", "language", "script", "note"]
    list_filter = ["language", "script"]
    list_select_related = ["place"]
    search_fields = ["name", "place__name"]
    autocomplete_fields = ["place"]
