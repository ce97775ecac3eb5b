"""
The editors' admin: every record of the archive, curated by people who are not programmers.

Editors work from the parent record: an article carries its authors, mentions, roles, events
and statistics as inlines; an event its participants and reports; a person their aliases and
roles. Originals and their provenance are read-only once saved.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.models import Version

from archive import workflow
from archive.importing.importer import (
    ImportReport,
    import_chunks,
    import_one,
    max_file_bytes,
    too_large,
)
from archive.importing.names import NameIndex
from archive.importing.suggest import suggest_for_article
from archive.importing.uploads import uploads_over_limit
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
    StatusChange,
    Suggestion,
    Topic,
)

from .history import HistoryAdmin
from .merge import MergeActionMixin

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
class TopicAdmin(HistoryAdmin):
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
class PlaceAdmin(MergeActionMixin, HistoryAdmin):
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
class IndicatorAdmin(HistoryAdmin):
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
class PersonAdmin(MergeActionMixin, HistoryAdmin):
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
class OrganisationAdmin(MergeActionMixin, HistoryAdmin):
    list_display = ["name", "acronym", "kind", "country", "parent"]
    list_filter = ["kind", "country"]
    list_select_related = ["parent"]
    search_fields = ["name", "acronym", "aliases__name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [OrganisationAliasInline]
    fields = ["name", "acronym", "slug", "kind", "country", "parent", "description", "wikidata_id"]


@admin.register(Role)
class RoleAdmin(HistoryAdmin):
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


class StatusChangeInline(admin.TabularInline):
    """The article's workflow log: read-only, newest first."""

    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "from_status", "to_status", "changed_by", "note"]
    readonly_fields = fields
    verbose_name_plural = _("status history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Press texts"),
        required=False,
    )
    text = forms.CharField(
        label=_("Or paste a text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 100}),
    )
    name = forms.CharField(
        label=_("Name for the pasted text"),
        required=False,
        max_length=200,
        help_text=_("Kept as the original's file name, e.g. the source's page name."),
    )
    dry_run = forms.BooleanField(label=_("Only show what would be imported"), required=False)

    def __init__(self, *args, uploads_over_limit=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Files the upload dropped on the way in (archive/importing/uploads.py).
        self.uploads_over_limit = list(uploads_over_limit)
        self.fields["files"].help_text = _(
            "One or more .txt files, UTF-8, each at most %(mib)s MiB."
        ) % {"mib": f"{max_file_bytes() / 2**20:g}"}

    def clean_files(self):
        if self.uploads_over_limit:
            names = ", ".join(f"“{name}”" for name in self.uploads_over_limit)
            raise forms.ValidationError(
                _("%(names)s not uploaded, %(reason)s. Nothing was imported.")
                % {"names": names, "reason": too_large(max_file_bytes())}
            )
        return self.cleaned_data["files"]

    def clean(self):
        cleaned = super().clean()
        nothing_sent = not self.uploads_over_limit and not cleaned.get("files")
        if nothing_sent and not (cleaned.get("text") or "").strip():
            raise forms.ValidationError(_("Choose at least one file, or paste a text."))
        return cleaned


class ArticleAdminForm(forms.ModelForm):
    """The status field offers only the steps the workflow allows this editor."""

    user = None
    # A URL typed without a scheme is taken as https (Django 6's default).
    original_url = forms.URLField(
        label=_("original URL"), max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is None:
            return
        current = self.instance.status if self.instance.pk else Article.Status.DRAFT
        allowed = [current, *workflow.allowed_statuses(self.user, current)]
        if not self.instance.pk:
            allowed = [Article.Status.DRAFT, Article.Status.IN_REVIEW]
        status.choices = [
            (value, label) for value, label in Article.Status.choices if value in allowed
        ]

    def clean_status(self):
        new = self.cleaned_data["status"]
        if self.instance.pk and new != self.instance.status:
            try:
                workflow.check_step(
                    Article(status=self.instance.status, title=self.data.get("title", "")),
                    new,
                    self.user,
                )
            except (workflow.WorkflowError, PermissionDenied) as error:
                raise forms.ValidationError(str(error)) from error
        return new


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):
    form = ArticleAdminForm
    change_list_template = "admin/archive/article/change_list.html"
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
    actions = ["suggest_links", "submit_for_review", "return_to_draft", "publish", "unpublish"]
    save_on_top = True
    inlines = [
        AuthorshipInline,
        PersonMentionInline,
        OrganisationMentionInline,
        PlaceMentionInline,
        ArticleRoleInline,
        ArticleEventReportInline,
        ArticleStatisticInline,
        StatusChangeInline,
    ]
    fieldsets = [
        (None, {"fields": ["title", "title_is_devised", "slug", "status", "suggested_links"]}),
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

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_readonly_fields(self, request, obj=None):
        readonly = ["date_lower", "date_upper", "suggested_links"]
        if obj is not None:
            # The original is kept as received: once saved it is never edited.
            readonly += self.PROVENANCE_FIELDS
        return readonly

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="{}_{}_import".format(*info),
            ),
            path(
                "<path:object_id>/suggest/",
                self.admin_site.admin_view(self.suggest_view),
                name="{}_{}_suggest".format(*info),
            ),
            *super().get_urls(),
        ]

    # --- Display ---

    @admin.display(description=_("title"), ordering="title")
    def display_title(self, obj):
        return obj.display_title or format_html(
            "<em>{}</em>", _("untitled: %s") % (obj.original_filename or obj.slug)
        )

    @admin.display(description=_("date"), ordering="date_sort")
    def date_label(self, obj):
        return obj.date_label

    @admin.display(description=_("suggested links"))
    def suggested_links(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        pending = obj.suggestions.filter(status=Suggestion.Status.PENDING).count()
        review = reverse("admin:archive_suggestion_changelist") + (
            f"?article__id__exact={obj.pk}&status__exact=pending"
        )
        again = reverse("admin:archive_article_suggest", args=(obj.pk,))
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            review,
            ngettext("%d suggestion waiting", "%d suggestions waiting", pending) % pending,
            again,
            _("Look for links again"),
        )

    # --- Saving: the workflow log, and suggestions for an edited text ---

    def save_model(self, request, obj, form, change):
        old = Article.objects.filter(pk=obj.pk).values("status", "body").first() if change else None
        super().save_model(request, obj, form, change)
        if old is None:
            workflow.log_step(obj, "", obj.status, request.user, _("Added in the admin"))
        elif old["status"] != obj.status:
            workflow.log_step(obj, old["status"], obj.status, request.user)
        if old is not None and old["body"] != obj.body:
            suggest_for_article(obj)

    # --- Reverting must not publish or unpublish behind the workflow's back ---

    def _check_status_of_version(self, request, version):
        restored = version.field_dict.get("status")
        current = (
            Article.objects.filter(pk=version.object_id).values_list("status", flat=True).first()
        )
        changes_publication = restored != current and workflow.needs_publish_permission(
            current or "", restored
        )
        if changes_publication and not workflow.can_publish(request.user):
            raise PermissionDenied(
                _("Only publishers may restore a version with another publication status.")
            )
        return current, restored

    def _revert_with_log(self, request, version, view, *args):
        current, restored = self._check_status_of_version(request, version)
        response = view(request, *args)
        if request.method == "POST" and response.status_code == 302 and current != restored:
            article = Article.objects.get(pk=version.object_id)
            workflow.log_step(
                article, current or "", article.status, request.user, _("Restored from the history")
            )
        return response

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = Version.objects.filter(pk=version_id).first()
        if version is None:
            return super().revision_view(request, object_id, version_id, extra_context)
        return self._revert_with_log(
            request, version, super().revision_view, object_id, version_id, extra_context
        )

    def recover_view(self, request, version_id, extra_context=None):
        version = Version.objects.filter(pk=version_id).first()
        if version is None:
            return super().recover_view(request, version_id, extra_context)
        return self._revert_with_log(
            request, version, super().recover_view, version_id, extra_context
        )

    # --- Actions ---

    @admin.action(description=_("Look for links (people, bodies, places, topics) again"))
    def suggest_links(self, request, queryset):
        index = NameIndex.build()
        count = sum(len(suggest_for_article(article, index=index)) for article in queryset)
        self.message_user(
            request,
            ngettext("%d new suggestion.", "%d new suggestions.", count) % count,
            messages.SUCCESS,
        )

    def _step(self, request, queryset, status, done_message):
        done, refused = 0, []
        for article in queryset:
            try:
                workflow.change_status(article, status, request.user)
                done += 1
            except (workflow.WorkflowError, PermissionDenied) as error:
                refused.append(str(error))
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for reason in refused[:10]:
            self.message_user(request, reason, messages.WARNING)

    @admin.action(description=_("Submit the selected articles for review"))
    def submit_for_review(self, request, queryset):
        self._step(
            request,
            queryset,
            Article.Status.IN_REVIEW,
            lambda n: (
                ngettext("%d article submitted for review.", "%d articles submitted for review.", n)
                % n
            ),
        )

    @admin.action(description=_("Return the selected articles to draft"))
    def return_to_draft(self, request, queryset):
        self._step(
            request,
            queryset,
            Article.Status.DRAFT,
            lambda n: (
                ngettext("%d article returned to draft.", "%d articles returned to draft.", n) % n
            ),
        )

    @admin.action(description=_("Publish the selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        self._step(
            request,
            queryset,
            Article.Status.PUBLISHED,
            lambda n: ngettext("%d article published.", "%d articles published.", n) % n,
        )

    @admin.action(description=_("Withdraw the selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._step(
            request,
            queryset,
            Article.Status.WITHDRAWN,
            lambda n: ngettext("%d article withdrawn.", "%d articles withdrawn.", n) % n,
        )

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    # --- Views: import, and looking for links again ---

    def suggest_view(self, request, object_id):
        article = self.get_object(request, object_id)
        if article is None or not self.has_change_permission(request, article):
            raise PermissionDenied
        if request.method != "POST":
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "object": article,
                "title": _("Look for links again"),
            }
            return TemplateResponse(request, "admin/archive/article/suggest_confirm.html", context)
        created = suggest_for_article(article)
        self.message_user(
            request,
            ngettext("%d new suggestion.", "%d new suggestions.", len(created)) % len(created),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:archive_suggestion_changelist")
            + f"?article__id__exact={article.pk}&status__exact=pending"
        )

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(
            request.POST if request.method == "POST" else None,
            request.FILES or None,
            uploads_over_limit=uploads_over_limit(request),
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import press texts"),
            "form": form,
        }
        if request.method == "POST" and form.is_valid():
            report, index = ImportReport(), NameIndex.build()
            dry_run = form.cleaned_data["dry_run"]
            for upload in form.cleaned_data["files"]:
                report.results.append(
                    import_chunks(
                        upload.chunks(),
                        upload.name,
                        user=request.user,
                        dry_run=dry_run,
                        index=index,
                    )
                )
            if form.cleaned_data["text"].strip():
                name = form.cleaned_data["name"].strip() or _("pasted text")
                data = form.cleaned_data["text"].encode("utf-8")
                report.results.append(
                    import_one(data, name, user=request.user, dry_run=dry_run, index=index)
                )
            context.update(
                {"report": report, "dry_run": dry_run, "summary": report.summary(dry_run)}
            )
            return TemplateResponse(request, "admin/archive/article/import_summary.html", context)
        return TemplateResponse(
            request,
            "admin/archive/article/import.html",
            context,
            status=400 if request.method == "POST" else 200,
        )


@admin.register(Authorship)
class AuthorshipAdmin(HistoryAdmin):
    list_display = ["byline", "person", "article", "position"]
    list_select_related = ["person", "article"]
    search_fields = ["byline", "person__name", "article__title"]
    autocomplete_fields = ["article", "person"]


class MentionAdmin(HistoryAdmin):
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
class EventAdmin(MergeActionMixin, HistoryAdmin):
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
class EventParticipantAdmin(HistoryAdmin):
    list_display = ["event", "participant", "part"]
    list_filter = ["part"]
    list_select_related = ["event", "person", "organisation"]
    search_fields = ["event__title", "person__name", "organisation__name"]
    autocomplete_fields = ["event", "person", "organisation"]


@admin.register(EventReport)
class EventReportAdmin(HistoryAdmin):
    list_display = ["event", "article", "quote"]
    list_select_related = ["event", "article"]
    search_fields = ["event__title", "article__title", "quote"]
    autocomplete_fields = ["event", "article"]


@admin.register(Statistic)
class StatisticAdmin(HistoryAdmin):
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
class PersonAliasAdmin(HistoryAdmin):
    list_display = ["name", "person", "language", "script", "note"]
    list_filter = ["language", "script"]
    list_select_related = ["person"]
    search_fields = ["name", "person__name"]
    autocomplete_fields = ["person"]


@admin.register(OrganisationAlias)
class OrganisationAliasAdmin(HistoryAdmin):
    list_display = ["name", "organisation", "language", "script", "note"]
    list_filter = ["language", "script"]
    list_select_related = ["organisation"]
    search_fields = ["name", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(PlaceAlias)
class PlaceAliasAdmin(HistoryAdmin):
    list_display = ["name", "place", "language", "script", "note"]
    list_filter = ["language", "script"]
    list_select_related = ["place"]
    search_fields = ["name", "place__name"]
    autocomplete_fields = ["place"]
