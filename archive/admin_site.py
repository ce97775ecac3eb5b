"""The archive's admin site: Django's, with the data-quality page and links on the index."""

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _


class ArchiveAdminSite(admin.AdminSite):
    site_header = _("Kazakhstan–Belgium Relations Archive")
    site_title = _("KZ–BE Archive admin")
    index_title = _("Curation")
    index_template = "admin/archive_index.html"

    def get_urls(self):
        from .admin.data_quality import DataQualityView

        return [
            path(
                "data-quality/",
                self.admin_view(DataQualityView.as_view(admin_site=self)),
                name="data_quality",
            ),
            *super().get_urls(),
        ]
