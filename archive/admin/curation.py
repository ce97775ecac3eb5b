"""
Curation queues in the admin: the suggested links waiting for an editor, and the status log.

Suggestions are decided in bulk from their list (accept / reject); a possibly new name becomes
a record in one step ("Create a record"), its form in the text kept as an alias.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_countries.fields import CountryField

from archive.importing import suggest
from archive.importing.names import strip_honorifics
from archive.models import MovedRecord, Organisation, StatusChange, Suggestion


class NewRecordForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of record"),
        choices=[
            (Suggestion.Kind.PERSON, gettext_lazy("person")),
            (Suggestion.Kind.ORGANISATION, gettext_lazy("organisation")),
            (Suggestion.Kind.PLACE, gettext_lazy("place")),
        ],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    sort_name = forms.CharField(
        label=gettext_lazy("Sort name (people)"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Surname first: “Kuspan, Aigul”. Worked out if left empty."),
    )
    organisation_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of organisation"),
        choices=Organisation.Kind.choices,
        initial=Organisation.Kind.OTHER,
        required=False,
    )
    country = CountryField(blank=True).formfield(required=False)


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["suggestion", "kind", "match", "status", "article_link", "decided_by"]
    list_filter = ["status", "match", "kind", "as_author"]
    list_select_related = ["article", "person", "organisation", "place", "topic", "decided_by"]
    search_fields = ["surface_forms", "article__title", "person__name", "organisation__name"]
    actions = ["accept_selected", "reject_selected"]
    readonly_fields = [
        "article",
        "kind",
        "match",
        "person",
        "organisation",
        "place",
        "topic",
        "surface_forms",
        "as_author",
        "status",
        "decided_by",
        "decided_at",
        "created_at",
    ]
    list_per_page = 100

    def has_add_permission(self, request):
        return False  # suggestions come from the texts

    def get_urls(self):
        return [
            path(
                "<path:object_id>/create-record/",
                self.admin_site.admin_view(self.create_record_view),
                name="archive_suggestion_create_record",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=gettext_lazy("suggestion"))
    def suggestion(self, obj):
        if obj.match == Suggestion.Match.NEW and obj.status == Suggestion.Status.PENDING:
            url = reverse("admin:archive_suggestion_create_record", args=(obj.pk,))
            return format_html('{} <a href="{}">{}</a>', str(obj), url, _("Create a record…"))
        if obj.match == Suggestion.Match.AMBIGUOUS:
            return format_html("{} <em>({})</em>", str(obj), _("one of several candidates"))
        return str(obj)

    @admin.display(description=gettext_lazy("article"), ordering="article")
    def article_link(self, obj):
        url = reverse("admin:archive_article_change", args=(obj.article_id,))
        return format_html(
            '<a href="{}">{}</a>', url, obj.article.display_title or obj.article.slug
        )

    @admin.action(
        description=gettext_lazy("Accept the selected suggestions"), permissions=["change"]
    )
    def accept_selected(self, request, queryset):
        pending = queryset.filter(status=Suggestion.Status.PENDING)
        acceptable = [s for s in pending if s.target is not None]
        new_names = pending.count() - len(acceptable)
        try:
            count = suggest.accept(acceptable, request.user)
        except suggest.SuggestionError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext("%d suggestion accepted.", "%d suggestions accepted.", count) % count,
            messages.SUCCESS,
        )
        if new_names:
            self.message_user(
                request,
                ngettext(
                    "%d possibly new name left: create its record first.",
                    "%d possibly new names left: create their records first.",
                    new_names,
                )
                % new_names,
                messages.WARNING,
            )

    @admin.action(
        description=gettext_lazy("Reject the selected suggestions"), permissions=["change"]
    )
    def reject_selected(self, request, queryset):
        count = suggest.reject(queryset.filter(status=Suggestion.Status.PENDING), request.user)
        self.message_user(
            request,
            ngettext("%d suggestion rejected.", "%d suggestions rejected.", count) % count,
            messages.SUCCESS,
        )

    def create_record_view(self, request, object_id):
        suggestion = get_object_or_404(Suggestion.objects.select_related("article"), pk=object_id)
        kind = request.POST.get("kind") or suggestion.kind
        if kind not in suggest.KIND_MODELS or not (
            self.has_change_permission(request, suggestion)
            and request.user.has_perm(f"archive.add_{suggest.KIND_MODELS[kind]._meta.model_name}")
        ):
            raise PermissionDenied
        name = strip_honorifics(suggestion.surface_form)
        initial = {
            "kind": suggestion.kind if suggestion.kind in suggest.KIND_MODELS else "person",
            "name": name,
            "sort_name": suggest.default_sort_name(name),
        }
        form = NewRecordForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            fields = {"country": data["country"]}
            if data["kind"] == Suggestion.Kind.PERSON and data["sort_name"]:
                fields["sort_name"] = data["sort_name"]
            if data["kind"] == Suggestion.Kind.ORGANISATION:
                fields["kind"] = data["organisation_kind"] or Organisation.Kind.OTHER
            try:
                record = suggest.create_record_and_accept(
                    suggestion, data["kind"], data["name"], request.user, **fields
                )
            except suggest.SuggestionError as error:
                form.add_error(None, str(error))
            else:
                opts = record._meta
                self.message_user(
                    request,
                    _("Created %(kind)s “%(name)s” and linked it to the article.")
                    % {"kind": opts.verbose_name, "name": record},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=(record.pk,))
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Create a record for “%s”") % suggestion.surface_form,
            "suggestion": suggestion,
            "form": form,
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request, "admin/archive/suggestion/create_record.html", context, status=status
        )


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


@admin.register(MovedRecord)
class MovedRecordAdmin(admin.ModelAdmin):
    """Addresses of merged-away records and where they now lead; made by merging only."""

    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
