"""
The editors' admin: every record of the archive, curated by people who are not programmers.

Editors work from the parent record: an article carries its authors, mentions, roles, events
and statistics as inlines; an event its participants and reports; a person their aliases and
roles. Originals and their provenance are read-only once saved.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive import concurrency, workflow
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
from archive.text import normalise_text

from .corrections import CorrectionAdminMixin
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
        value = normalise_text(super().to_python(value))
        return [line.strip() for line in value.splitlines() if line.strip()]


class MentionForm(forms.ModelForm):
    surface_forms = LinesField(
        label=_("surface forms"),
        required=False,
        help_text=_("The exact words the article uses, one per line."),
    )


# --- Inlines ----------------------------------------------------------------------------------


class AliasInlineFormSet(forms.BaseInlineFormSet):
    """
    Saving a renamed record has just kept its old name as an alias (NamedEntity.save); an
    editor who typed that name as a new alias in the same form gets that one alias, with what
    they wrote, rather than a refusal.
    """

    def save_new(self, form, commit=True):
        kept = self.model._default_manager.filter(
            **{self.fk.name: self.instance, "name": form.instance.name}
        ).first()
        if kept is not None:
            form.instance.pk = kept.pk
            form.instance._state.adding = False
        return super().save_new(form, commit)


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    formset = AliasInlineFormSet
    extra = 0


class OrganisationAliasInline(admin.TabularInline):
    model = OrganisationAlias
    formset = AliasInlineFormSet
    extra = 0


class PlaceAliasInline(admin.TabularInline):
    model = PlaceAlias
    formset = AliasInlineFormSet
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
class PlaceAdmin(CorrectionAdminMixin, MergeActionMixin, HistoryAdmin):
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
class IndicatorAdmin(CorrectionAdminMixin, HistoryAdmin):
    list_display = ["name", "slug", "statistic_count"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [IndicatorStatisticInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(statistic_count=Count("statistics"))
            .order_by(*self.opts.ordering)  # see PersonAdmin.get_queryset
        )

    @admin.display(description=_("figures"), ordering="statistic_count")
    def statistic_count(self, obj):
        return obj.statistic_count


# --- People and organisations -----------------------------------------------------------------


@admin.register(Person)
class PersonAdmin(CorrectionAdminMixin, MergeActionMixin, HistoryAdmin):
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
            # A count groups the rows, and Django leaves the model's ordering out of grouped
            # queries: the autocompletes, which have no ordering of their own, would page
            # through people in no order at all.
            .order_by(*self.opts.ordering)
        )

    @admin.display(description=_("aliases"))
    def alias_list(self, obj):
        return ", ".join(alias.name for alias in obj.aliases.all())

    @admin.display(description=_("articles"), ordering="mention_count")
    def mention_count(self, obj):
        return obj.mention_count


@admin.register(Organisation)
class OrganisationAdmin(CorrectionAdminMixin, MergeActionMixin, HistoryAdmin):
    list_display = ["name", "acronym", "kind", "country", "parent"]
    list_filter = ["kind", "country"]
    list_select_related = ["parent"]
    search_fields = ["name", "acronym", "aliases__name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [OrganisationAliasInline]
    fields = ["name", "acronym", "slug", "kind", "country", "parent", "description", "wikidata_id"]


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
    status_note = forms.CharField(
        label=_("note for the status log"),
        max_length=300,
        required=False,
        help_text=_("Why the status changes (why withdrawn, say); kept in the status history."),
    )

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is None:
            return
        current = self.current_status()
        allowed = workflow.allowed_statuses(self.user, current)
        if current != workflow.NEW:
            allowed.append(current)
        status.choices = [
            (value, label) for value, label in Article.Status.choices if value in allowed
        ]

    def current_status(self):
        return self.instance.status if self.instance.pk else workflow.NEW

    def clean_status(self):
        new, current = self.cleaned_data["status"], self.current_status()
        if new != current:
            try:
                workflow.check_step(
                    Article(status=current, title=self.data.get("title", "")), new, self.user
                )
            except (workflow.WorkflowError, PermissionDenied) as error:
                raise forms.ValidationError(str(error)) from error
        return new

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status_note", "").strip()
            and "status" in self.fields
            and cleaned.get("status") == self.current_status()
        ):
            self.add_error(
                "status_note",
                _("The note goes with a change of status: change the status, or leave it empty."),
            )
        return cleaned


class StatusNoteForm(forms.Form):
    """The note asked for before a bulk change of status."""

    note = forms.CharField(
        label=_("Note for the status log"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"size": 80}),
        help_text=_(
            "Why the status changes (why withdrawn, say); kept in each article's status history."
        ),
    )


@admin.register(Article)
class ArticleAdmin(CorrectionAdminMixin, HistoryAdmin):
    form = ArticleAdminForm
    change_list_template = "admin/archive/article/change_list.html"
    list_display = ["display_title", "date_label", "source", "dateline_place", "status", "preview"]
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
        (
            None,
            {
                "fields": [
                    "title",
                    "title_is_devised",
                    "slug",
                    ("status", "status_note"),
                    "suggested_links",
                ]
            },
        ),
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
        if getattr(request, "restoring_from_history", False):
            # The status is the restored one, already checked and logged by the history.
            readonly.append("status")
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if getattr(request, "restoring_from_history", False):
            name, options = fieldsets[0]
            fields = [
                "status" if row == ("status", "status_note") else row for row in options["fields"]
            ]
            fieldsets = [(name, {**options, "fields": fields}), *fieldsets[1:]]
        return fieldsets

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

    @admin.display(description=_("preview"))
    def preview(self, obj):
        url = reverse("archive:article_preview", args=[obj.slug])
        return format_html('<a href="{}">{}</a>', url, _("Preview"))

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
        note = form.cleaned_data.get("status_note", "")
        if old is None:
            workflow.log_step(
                obj, workflow.NEW, obj.status, request.user, note or _("Added in the admin")
            )
        elif old["status"] != obj.status:
            workflow.log_step(obj, old["status"], obj.status, request.user, note)
        if old is not None and old["body"] != obj.body:
            suggest_for_article(obj)

    # --- Deleting a published article takes it off the site: a publisher's step ---

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if not workflow.can_publish(request.user) and any(
            article.status == Article.Status.PUBLISHED for article in objs
        ):
            perms_needed.add(_("published articles (only publishers may take them off the site)"))
        return deleted, counts, perms_needed, protected

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
        """
        Asks for a note on a confirmation page first, then takes the step for each article.

        The confirmation page carries a token of each article as it showed it: if any changed
        since (or the page sent none), nothing is changed and the page says which and by whom.
        """
        form = StatusNoteForm(request.POST if "confirm" in request.POST else None)
        if not form.is_valid():
            return self._step_confirmation(request, queryset, status, form)
        with transaction.atomic():
            articles = list(
                concurrency.lock(Article, queryset.values_list("pk", flat=True)).values()
            )
            changed = concurrency.stale_records(
                articles, concurrency.read_tokens(request.POST.getlist(concurrency.TOKEN_FIELD))
            )
            if changed:
                return self._step_confirmation(request, queryset, status, form, changed=changed)
            done, refused = 0, []
            for article in articles:
                try:
                    workflow.change_status(article, status, request.user, form.cleaned_data["note"])
                    done += 1
                except (workflow.WorkflowError, PermissionDenied) as error:
                    refused.append(str(error))
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for reason in refused[:10]:
            self.message_user(request, reason, messages.WARNING)
        return None

    def _step_confirmation(self, request, queryset, status, form, changed=()):
        rows = []
        for article in queryset:
            try:
                workflow.check_step(article, status, request.user)
                refusal = ""
            except (workflow.WorkflowError, PermissionDenied) as error:
                refusal = str(error)
            rows.append(
                {
                    "article": article,
                    "refusal": refusal,
                    "token": concurrency.record_token(article),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": ngettext(
                "Move %(count)d article to “%(status)s”?",
                "Move %(count)d articles to “%(status)s”?",
                len(rows),
            )
            % {"count": len(rows), "status": Article.Status(status).label},
            "rows": rows,
            "allowed_count": sum(1 for row in rows if not row["refusal"]),
            "form": form,
            "action": request.POST.get("action", ""),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "changed": concurrency.describe(changed),
        }
        return TemplateResponse(
            request,
            "admin/archive/article/status_confirm.html",
            context,
            status=409 if changed else 200,
        )

    @admin.action(description=_("Submit the selected articles for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        return self._step(
            request,
            queryset,
            Article.Status.IN_REVIEW,
            lambda n: (
                ngettext("%d article submitted for review.", "%d articles submitted for review.", n)
                % n
            ),
        )

    @admin.action(description=_("Return the selected articles to draft"), permissions=["change"])
    def return_to_draft(self, request, queryset):
        return self._step(
            request,
            queryset,
            Article.Status.DRAFT,
            lambda n: (
                ngettext("%d article returned to draft.", "%d articles returned to draft.", n) % n
            ),
        )

    @admin.action(description=_("Publish the selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        return self._step(
            request,
            queryset,
            Article.Status.PUBLISHED,
            lambda n: ngettext("%d article published.", "%d articles published.", n) % n,
        )

    @admin.action(description=_("Withdraw the selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        return self._step(
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


# --- Events and statistics --------------------------------------------------------------------


@admin.register(Event)
class EventAdmin(CorrectionAdminMixin, MergeActionMixin, HistoryAdmin):
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


@admin.register(PersonAlias)
class PersonAliasAdmin(CorrectionAdminMixin, HistoryAdmin):
    list_display = ["name", "person", "language", "script", "note"]
    list_filter = ["language", "script"]
    list_select_related = ["person"]
    search_fields = ["name", "person__name"]
    autocomplete_fields = ["person"]


@admin.register(OrganisationAlias)
class OrganisationAliasAdmin(CorrectionAdminMixin, HistoryAdmin):
    list_display = ["name", "organisation", "language", "script", "note"]
    list_filter = ["language", "script"]
    list_select_related = ["organisation"]
    search_fields = ["name", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(PlaceAlias)
class PlaceAliasAdmin(CorrectionAdminMixin, HistoryAdmin):
    list_display = ["name", "place", "language", "script", "note"]
    list_filter = ["language", "script"]
    list_select_related = ["place"]
    search_fields = ["name", "place__name"]
    autocomplete_fields = ["place"]
