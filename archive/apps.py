from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    default = True
    name = "archive"
    verbose_name = _("Archive")

    def ready(self):
        # Every curated model is versioned, whatever saves it (admin, importer, merge).
        from . import history

        history.register_curated_models()


class ArchiveAdminConfig(admin_apps.AdminConfig):
    """The admin, with the archive's own site (data-quality page, import) as the default."""

    default = False
    default_site = "archive.admin_site.ArchiveAdminSite"
