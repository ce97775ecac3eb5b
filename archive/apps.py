from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate, post_save, pre_save
from django.utils.translation import gettext_lazy as _


def digest_loaded_original(sender, instance, raw, **kwargs):
    """Fixtures are saved raw, without Article.save(): their originals are digested here."""
    if raw:
        instance.refresh_text_digest()


def ensure_full_text_index(sender, using, **kwargs):
    from django.db import connections

    from . import fulltext

    fulltext.ensure_index(connections[using])


class ArchiveConfig(AppConfig):
    default = True
    name = "archive"
    verbose_name = _("Archive")

    def ready(self):
        post_migrate.connect(ensure_full_text_index, sender=self)
        pre_save.connect(digest_loaded_original, sender=self.get_model("Article"))
        # Every curated model is versioned, whatever saves it (admin, importer, merge).
        from . import history

        history.register_curated_models()
        # The export's cache and the page cache listen for changes to the archive's records,
        # in every process that may change them (management commands too).
        from . import cache, export  # noqa: F401

        # A record or alias saved anywhere may make a pending possibly new name a known one.
        from .importing import suggest

        for model in (*suggest.NAMED_MODELS, *suggest.ALIAS_MODELS.values()):
            post_save.connect(suggest.names_changed, sender=model, dispatch_uid=f"rematch-{model}")


class ArchiveAdminConfig(admin_apps.AdminConfig):
    """The admin, with the archive's own site (data-quality page, import) as the default."""

    default = False
    default_site = "archive.admin.site.default_site"  # a cached factory: see its docstring
