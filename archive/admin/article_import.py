"""
Importing press texts from the admin, and looking for links in an article again: the two
views ArticleAdmin adds to Django's, as a mixin (archive/importing/ does the work).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.importing.importer import ImportReport, import_chunks, import_one
from archive.importing.names import NameIndex
from archive.importing.suggest import suggest_for_article
from archive.importing.uploads import uploads_over_limit

from .forms import ImportForm


class ArticleImportMixin:
    """Goes first in ArticleAdmin's bases: its URLs come before Django's catch-all ones."""

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
            options = {
                "user": request.user,
                "dry_run": dry_run,
                "index": index,
                "language": form.cleaned_data["language"],
            }
            for upload in form.cleaned_data["files"]:
                report.results.append(import_chunks(upload.chunks(), upload.name, **options))
            if form.cleaned_data["text"].strip():
                name = form.cleaned_data["name"].strip() or _("pasted text")
                data = form.cleaned_data["text"].encode("utf-8")
                report.results.append(import_one(data, name, **options))
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
