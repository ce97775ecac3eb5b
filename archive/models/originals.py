"""
The files articles were imported from, kept byte for byte (a web page's HTML as fetched).
"""

import posixpath

from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import sha256_validator, web_url_validator

__all__ = ("ReceivedFile", "originals_storage")


def originals_storage():
    """Where received files are kept: the "originals" storage of settings.STORAGES."""
    return storages["originals"]


def received_file_name(instance, filename):
    """By checksum, under its first two digits: a name that says nothing the file does not."""
    extension = posixpath.splitext(filename)[1].lower()[:10]
    return f"{instance.sha256[:2]}/{instance.sha256}{extension}"


class ReceivedFile(models.Model):
    """
    A file exactly as the archive received it: the HTML of a web page as its server sent it, an
    uploaded page, later a PDF or a Word document. It is *the* original, kept verbatim through
    Django's storage API (the "originals" storage, DJANGO_ORIGINALS_ROOT by default) with its
    media type, size, SHA-256, the address it was fetched from and when.

    The article's `raw_text` is the text the importer extracted from it (for a web page, its
    main text as trafilatura finds it), which the article's body is derived from; this file is
    what that text came from, kept so that any extraction can be checked or done again.
    `provenance` says where each value the importer took from the file came from ("og:title",
    "JSON-LD datePublished"); the article's editorial note says it in words.

    Served to staff only, as a download (ArticleAdmin), never as a page of the archive's site.
    """

    article = models.ForeignKey(
        "Article",
        on_delete=models.CASCADE,
        related_name="received_files",
        verbose_name=_("article"),
    )
    file = models.FileField(
        _("file"), storage=originals_storage, upload_to=received_file_name, max_length=255
    )
    original_name = models.CharField(
        _("name as received"),
        max_length=255,
        help_text=_("The uploaded file's name, or the last part of the address it came from."),
    )
    media_type = models.CharField(
        _("media type"), max_length=100, help_text=_("As received, e.g. text/html.")
    )
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, validators=[sha256_validator])
    url = models.URLField(
        _("fetched from"),
        max_length=2000,
        blank=True,
        validators=[web_url_validator],
        help_text=_("The address the file was fetched from, after redirects; empty if uploaded."),
    )
    requested_url = models.URLField(
        _("address asked for"),
        max_length=2000,
        blank=True,
        validators=[web_url_validator],
        help_text=_("The address the editor gave, when a redirect led elsewhere."),
    )
    fetched_at = models.DateTimeField(_("fetched"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    provenance = models.JSONField(
        _("where each value came from"),
        default=dict,
        blank=True,
        help_text=_("For each value the importer took from the file, the part it came from."),
    )

    class Meta:
        ordering = ("received_at", "id")
        verbose_name = _("received file")
        verbose_name_plural = _("received files")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        """The staff-only download (there is no public address)."""
        return reverse("admin:archive_article_original", args=(self.article_id, self.pk))
