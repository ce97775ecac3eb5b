"""
Importing press texts, web pages and feeds' items from the admin, looking for links in an
article again, and downloading the file an article was imported from: the views ArticleAdmin
adds to Django's, as a mixin (archive/importing/ does the work).
"""

from pathlib import PurePosixPath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.importing.documents import document_media_type, import_document
from archive.importing.feeds import NotAFeed, fetch_feed, read_feed
from archive.importing.fetching import FetchError
from archive.importing.importer import (
    FileResult,
    ImportReport,
    Outcome,
    UnreadableFile,
    import_chunks,
    import_one,
    read_within_limit,
)
from archive.importing.names import NameIndex
from archive.importing.suggest import suggest_for_article
from archive.importing.uploads import uploads_over_limit
from archive.importing.webpages import import_page, import_url, looks_like_html_name
from archive.models import ReceivedFile

from .forms import FeedForm, ImportForm

# The most items of one feed imported at once (each is a fetch).
MAX_FEED_ITEMS = 50


def import_upload(upload, **options):
    """
    An uploaded file: a saved web page (.html), a PDF, a Word document (.docx), an email
    (.eml) or a press text.
    """
    is_document = bool(document_media_type(upload.name))
    if not looks_like_html_name(upload.name) and not is_document:
        return import_chunks(upload.chunks(), upload.name, **options)
    try:
        data = read_within_limit(upload.chunks())
    except UnreadableFile as error:
        return FileResult(upload.name, Outcome.FAILED, str(error))
    if is_document:
        return import_document(data, upload.name, **options)
    return import_page(data, upload.name, **options)


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
                "import/feed/",
                self.admin_site.admin_view(self.import_feed_view),
                name="{}_{}_import_feed".format(*info),
            ),
            path(
                "<path:object_id>/originals/<int:file_id>/",
                self.admin_site.admin_view(self.original_view),
                name="{}_{}_original".format(*info),
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
                report.results.append(import_upload(upload, **options))
            if form.cleaned_data["url"]:
                report.results.append(import_url(form.cleaned_data["url"], **options))
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

    def import_feed_view(self, request):
        """
        A feed's items, listed for the editor to tick (those already in the archive are not
        ticked); the ticked ones are then fetched and imported as web pages.
        """
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import from a feed"),
        }
        if request.method == "POST" and "links" in request.POST:
            links = request.POST.getlist("links")[:MAX_FEED_ITEMS]
            report, index = ImportReport(), NameIndex.build()
            for link in links:
                report.results.append(import_url(link, user=request.user, index=index))
            context.update({"report": report, "dry_run": False, "summary": report.summary()})
            return TemplateResponse(request, "admin/archive/article/import_summary.html", context)
        form = FeedForm(
            request.POST if request.method == "POST" else None,
            request.FILES or None,
            uploads_over_limit=uploads_over_limit(request),
        )
        context["form"] = form
        if request.method == "POST" and form.is_valid():
            try:
                if form.cleaned_data["url"]:
                    feed = fetch_feed(form.cleaned_data["url"])
                else:
                    feed = read_feed(read_within_limit(form.cleaned_data["file"].chunks()))
            except (FetchError, NotAFeed, UnreadableFile) as error:
                form.add_error(None, str(error))
            else:
                context.update({"feed": feed, "max_items": MAX_FEED_ITEMS})
                return TemplateResponse(
                    request, "admin/archive/article/import_feed_items.html", context
                )
        return TemplateResponse(
            request,
            "admin/archive/article/import_feed.html",
            context,
            status=400 if request.method == "POST" else 200,
        )

    def original_view(self, request, object_id, file_id):
        """
        The file an article was imported from, to staff who may see the article: always as a
        download, never shown as a page of the archive's site (a page's scripts would run here).
        """
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_permission(request, article):
            raise PermissionDenied
        try:
            received = article.received_files.get(pk=file_id)
            stream = received.file.open("rb")
        except (ReceivedFile.DoesNotExist, FileNotFoundError):
            raise Http404 from None
        filename = received.original_name
        if not PurePosixPath(filename).suffix:
            filename += PurePosixPath(received.file.name).suffix
        response = FileResponse(
            stream,
            as_attachment=True,
            filename=filename,
            content_type="application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response
