"""
Curation queue in the admin: the suggested links waiting for an editor.

Each suggestion shows the sentence(s) of the text it came from, the words marked. Suggestions
are decided in bulk from their list (accept / reject); a possibly new name becomes a record in
one step ("Create a record"), or is linked to a record the archive has under another name
("Link to a record"); either way its form in the text is kept as an alias, and the editor goes
back to the list as it was filtered.

Longer than the admin's other modules: SuggestionAdmin is one admin with two pages of its own
(create a record, link to a record) and two bulk actions that share one way of locking the
suggestions and telling the editor what changed since the list was shown; split up, each part
would have to reach into the others' helpers. Its forms are in forms.py.
"""

from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from archive import concurrency
from archive.importing import suggest
from archive.importing.names import sentences_naming, strip_honorifics
from archive.models import Article, Organisation, Suggestion

from .concurrency import ConcurrentDeleteMixin
from .forms import RECORD_FORMS, LinkRecordForm


def in_the_text(suggestion):
    """The sentences of the article the suggestion's words come from, the words marked."""
    body = suggestion.article.body
    quoted = []
    for start, end, spans in sentences_naming(body, suggestion.surface_forms):
        pieces, position = [], start
        for span_start, span_end in spans:
            pieces += [
                body[position:span_start],
                format_html("<mark>{}</mark>", body[span_start:span_end]),
            ]
            position = span_end
        pieces.append(body[position:end])
        quoted.append(format_html_join("", "{}", ((piece,) for piece in pieces)))
    return format_html_join("", '<q class="suggestion-context">{}</q><br>', ((q,) for q in quoted))


def shown_state(suggestion):
    """
    What an editor deciding a suggestion relies on besides the suggestion itself: its article's
    text and fields (not its links, which accepting other suggestions adds to).
    """
    return concurrency.record_digest(suggestion.article, parts=False)


def suggestion_token(suggestion):
    return concurrency.record_token(suggestion, parts=False, extra=shown_state, version=False)


def target_label(suggestion):
    """The record proposed, with the state it belongs to: "MFA → … (Kazakhstan)"."""
    target = suggestion.target
    country = getattr(target, "country", None)
    if country:
        return f"{suggestion} ({country.name})"
    if isinstance(target, Organisation):
        return f"{suggestion} ({_('international')})"
    return str(suggestion)


@admin.register(Suggestion)
class SuggestionAdmin(ConcurrentDeleteMixin, admin.ModelAdmin):
    list_display = ["suggestion", "in_the_text", "kind", "match", "status", "article_link"]
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
        "in_the_text",
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
            path(
                "<path:object_id>/link-record/",
                self.admin_site.admin_view(self.link_record_view),
                name="archive_suggestion_link_record",
            ),
            *super().get_urls(),
        ]

    def get_list_display(self, request):
        # The links to create or link a record carry the list's filters, to come back to them.
        preserved = self.get_preserved_filters(request)

        @admin.display(description=gettext_lazy("suggestion"))
        def suggestion(obj):
            return self.suggestion_cell(obj, preserved)

        return [suggestion, *self.list_display[1:]]

    def suggestion_cell(self, obj, preserved_filters=""):
        # The list is the page suggestions are accepted from: each row carries its edit token.
        token = format_html(
            '<input type="hidden" name="{}" value="{}">',
            concurrency.TOKEN_FIELD,
            suggestion_token(obj),
        )
        return format_html("{}{}", self._suggestion_text(obj, preserved_filters), token)

    def _suggestion_text(self, obj, preserved_filters=""):
        if obj.match == Suggestion.Match.NEW and obj.status == Suggestion.Status.PENDING:
            context = {"preserved_filters": preserved_filters, "opts": self.opts}
            create = reverse("admin:archive_suggestion_create_record", args=(obj.pk,))
            link = reverse("admin:archive_suggestion_link_record", args=(obj.pk,))
            return format_html(
                '{} <a href="{}">{}</a> · <a href="{}">{}</a>',
                str(obj),
                add_preserved_filters(context, create),
                _("Create a record…"),
                add_preserved_filters(context, link),
                _("Link to a record…"),
            )
        if obj.match == Suggestion.Match.AMBIGUOUS:
            return format_html(
                "{} <em>({})</em>", target_label(obj), _("one of several candidates")
            )
        return target_label(obj)

    @admin.display(description=gettext_lazy("suggestion"))
    def suggestion(self, obj):
        return self.suggestion_cell(obj)

    @admin.display(description=gettext_lazy("in the text"))
    def in_the_text(self, obj):
        return in_the_text(obj) or "—"

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
        with transaction.atomic():
            locked, changed = self._lock_and_compare(request, queryset.values_list("pk", flat=True))
            if changed:
                self.message_user(
                    request,
                    _("Nothing was accepted: %s Look at the list again, then accept.")
                    % " ".join(self._changed_lines(changed)),
                    messages.ERROR,
                )
                return
            pending = [s for s in locked.values() if s.status == Suggestion.Status.PENDING]
            acceptable = [s for s in pending if s.target is not None]
            new_names = len(pending) - len(acceptable)
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

    @staticmethod
    def _lock_and_compare(request, pks):
        """
        The suggestions, their rows and their articles' locked for the transaction, and those
        decided by someone else, or whose article changed, since the page was shown.
        """
        tokens = concurrency.read_tokens(request.POST.getlist(concurrency.TOKEN_FIELD))
        locked = concurrency.lock(Suggestion, pks)
        concurrency.lock(Article, {s.article_id for s in locked.values()})
        changed = concurrency.stale_records(locked.values(), tokens, parts=False, extra=shown_state)
        return locked, changed

    @staticmethod
    def _changed_lines(changed):
        lines = []
        for item in changed:
            suggestion = item.record
            if item.missing_token:
                lines.append(_("“%s”: the page sent no version of it.") % suggestion)
            elif suggestion.status != Suggestion.Status.PENDING:
                lines.append(
                    _("“%(suggestion)s” was %(status)s by %(user)s.")
                    % {
                        "suggestion": suggestion,
                        "status": suggestion.get_status_display(),
                        "user": suggestion.decided_by or _("(no user)"),
                    }
                )
            else:
                lines.append(
                    _("the article of “%(suggestion)s” (%(article)s) was changed.")
                    % {"suggestion": suggestion, "article": suggestion.article}
                )
        return lines

    @admin.action(
        description=gettext_lazy("Reject the selected suggestions"), permissions=["change"]
    )
    def reject_selected(self, request, queryset):
        with transaction.atomic():
            locked, changed = self._lock_and_compare(request, queryset.values_list("pk", flat=True))
            # A rejection relies on the suggestion, not on its article's text: only a decision
            # taken since the list was shown (or a page without versions) refuses it.
            changed = [
                item
                for item in changed
                if item.missing_token or item.record.status != Suggestion.Status.PENDING
            ]
            if changed:
                self.message_user(
                    request,
                    _("Nothing was rejected: %s Look at the list again, then reject.")
                    % " ".join(self._changed_lines(changed)),
                    messages.ERROR,
                )
                return
            count = suggest.reject(locked.values(), request.user)
        self.message_user(
            request,
            ngettext("%d suggestion rejected.", "%d suggestions rejected.", count) % count,
            messages.SUCCESS,
        )

    def _locked(self, request, suggestion):
        """
        The suggestion as it is now, its row and its article's locked for the transaction;
        refused if someone decided it, or changed its article, since the page was shown (of two
        editors deciding it at the same moment, the second is told).
        """
        locked, changed = self._lock_and_compare(request, [suggestion.pk])
        if suggestion.pk not in locked:
            raise suggest.SuggestionError(_("This suggestion is no longer in the archive."))
        if changed:
            raise concurrency.StaleEdit(
                _("Nothing was changed: %s Look at the page again, then confirm.")
                % " ".join(self._changed_lines(changed))
            )
        return locked[suggestion.pk]

    def _back_to_the_list(self, request):
        """The suggestion list, filtered as it was when the editor left it."""
        context = {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}
        changelist = reverse("admin:archive_suggestion_changelist")
        return HttpResponseRedirect(add_preserved_filters(context, changelist))

    def _page(self, request, template, suggestion, title, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "suggestion": suggestion,
            "in_the_text": in_the_text(suggestion),
            "preserved_filters": self.get_preserved_filters(request),
            concurrency.TOKEN_FIELD: suggestion_token(suggestion),
            **context,
        }
        status = 200
        if request.method == "POST":
            status = 409 if context.get("stale") else 400
        return TemplateResponse(request, template, context, status=status)

    def _created_or_linked(self, request, message, record):
        opts = record._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=(record.pk,))
        self.message_user(
            request,
            format_html(message, kind=opts.verbose_name, name=str(record), url=url),
            messages.SUCCESS,
        )
        return self._back_to_the_list(request)

    def create_record_view(self, request, object_id):
        suggestion = get_object_or_404(Suggestion.objects.select_related("article"), pk=object_id)
        kind = request.POST.get("kind") or request.GET.get("kind") or suggestion.kind
        if kind not in RECORD_FORMS:
            kind = Suggestion.Kind.PERSON
        model = suggest.KIND_MODELS[kind]
        if not (
            self.has_change_permission(request, suggestion)
            and request.user.has_perm(f"archive.add_{model._meta.model_name}")
        ):
            raise PermissionDenied
        name = strip_honorifics(suggestion.surface_form)
        initial = {"name": name}
        if kind == Suggestion.Kind.PERSON:
            initial["sort_name"] = suggest.default_sort_name(name)
        data = request.POST if request.method == "POST" else None
        stale = False
        form = RECORD_FORMS[kind](data, initial=initial)
        if request.method == "POST" and form.is_valid():
            fields = {key: value for key, value in form.cleaned_data.items() if key != "name"}
            for own_kind in ("organisation_kind", "place_kind"):
                if own_kind in fields:
                    fields["kind"] = fields.pop(own_kind)
            if not fields.get("sort_name"):
                fields.pop("sort_name", None)  # worked out from the name
            try:
                with transaction.atomic():
                    record = suggest.create_record_and_accept(
                        self._locked(request, suggestion),
                        kind,
                        form.cleaned_data["name"],
                        request.user,
                        **fields,
                    )
            except (suggest.SuggestionError, concurrency.StaleEdit) as error:
                form.add_error(None, str(error))
                stale = isinstance(error, concurrency.StaleEdit)
            else:
                return self._created_or_linked(
                    request,
                    _('Created {kind} <a href="{url}">“{name}”</a> and linked it to the article.'),
                    record,
                )
        other_kinds = [
            (other, suggest.KIND_MODELS[other]._meta.verbose_name)
            for other in RECORD_FORMS
            if other != kind
        ]
        return self._page(
            request,
            "admin/archive/suggestion/create_record.html",
            suggestion,
            _("Create a %(kind)s for “%(form)s”")
            % {"kind": model._meta.verbose_name, "form": suggestion.surface_form},
            form=form,
            stale=stale,
            kind=kind,
            other_kinds=other_kinds,
        )

    def link_record_view(self, request, object_id):
        suggestion = get_object_or_404(Suggestion.objects.select_related("article"), pk=object_id)
        if not self.has_change_permission(request, suggestion):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else None
        stale = False
        form = LinkRecordForm(data, admin_site=self.admin_site)
        if request.method == "POST" and form.is_valid():
            record = form.cleaned_data["record"]
            if not request.user.has_perm(f"archive.add_{record._meta.model_name}alias"):
                raise PermissionDenied
            try:
                with transaction.atomic():
                    suggest.link_record_and_accept(
                        self._locked(request, suggestion), record, request.user
                    )
            except (suggest.SuggestionError, concurrency.StaleEdit) as error:
                form.add_error(None, str(error))
                stale = isinstance(error, concurrency.StaleEdit)
            else:
                return self._created_or_linked(
                    request,
                    _('Linked the article to {kind} <a href="{url}">“{name}”</a>, its name kept.'),
                    record,
                )
        return self._page(
            request,
            "admin/archive/suggestion/link_record.html",
            suggestion,
            _("Link “%s” to a record") % suggestion.surface_form,
            form=form,
            stale=stale,
        )
