"""
Articles in the admin: the record editors spend most of their time in.

An article carries its authors, mentions, roles, events and statistics as inlines; its
original and provenance are read-only once saved. The workflow actions are in
article_status.py, the import and "look for links again" views in article_import.py.
"""

from django.contrib import admin, messages
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive import workflow
from archive.importing.names import NameIndex
from archive.importing.suggest import suggest_for_article
from archive.models import Article, Suggestion

from .article_import import ArticleImportMixin
from .article_status import ArticleStatusMixin
from .corrections import CorrectionAdminMixin
from .forms import ArticleAdminForm
from .history import HistoryAdmin
from .inlines import (
    ArticleEventReportInline,
    ArticleRoleInline,
    ArticleStatisticInline,
    AuthorshipInline,
    OrganisationMentionInline,
    PersonMentionInline,
    PlaceMentionInline,
    StatusChangeInline,
)


@admin.register(Article)
class ArticleAdmin(ArticleImportMixin, ArticleStatusMixin, CorrectionAdminMixin, HistoryAdmin):
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
    autocomplete_fields = ["dateline_place", "source", "relayed_from", "edition_of"]
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
                    "edition_of",
                    "source_tags",
                ]
            },
        ),
        (_("Text"), {"fields": ["body", "topics", "editorial_note"]}),
        (
            _("Original and provenance"),
            {
                "classes": ["collapse"],
                "fields": [
                    "raw_text",
                    ("original_filename", "raw_sha256", "imported_at"),
                    "received_files_list",
                ],
            },
        ),
    ]
    PROVENANCE_FIELDS = ["raw_text", "original_filename", "raw_sha256", "imported_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_readonly_fields(self, request, obj=None):
        readonly = ["date_lower", "date_upper", "suggested_links", "received_files_list"]
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

    # --- Display ---

    @admin.display(description=_("received files"))
    def received_files_list(self, obj):
        """The files the article was imported from, each a staff-only download."""
        files = list(obj.received_files.all()) if obj is not None and obj.pk else []
        if not files:
            return "—"
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}" download>{}</a> · {} · {} · SHA-256 {}{}',
            (
                (
                    received.get_absolute_url(),
                    received.original_name,
                    received.media_type,
                    filesizeformat(received.size),
                    received.sha256,
                    format_html(" · {} {}", _("fetched from"), received.url)
                    if received.url
                    else "",
                )
                for received in files
            ),
        )

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

    # --- Action: looking for links again (the workflow's actions are in ArticleStatusMixin) ---

    @admin.action(description=_("Look for links (people, bodies, places, topics) again"))
    def suggest_links(self, request, queryset):
        index = NameIndex.build()
        count = sum(len(suggest_for_article(article, index=index)) for article in queryset)
        self.message_user(
            request,
            ngettext("%d new suggestion.", "%d new suggestions.", count) % count,
            messages.SUCCESS,
        )
