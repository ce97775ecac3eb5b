from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_save,
)
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
        from . import checks  # noqa: F401 (registers the deploy check)

        post_migrate.connect(ensure_full_text_index, sender=self)
        pre_save.connect(digest_loaded_original, sender=self.get_model("Article"))
        self.connect_loaded_names()
        # Every curated model is versioned, whatever saves it (admin, importer, merge).
        from . import history

        history.register_curated_models()
        self.connect_archive_changed()
        self.connect_related_reports()

        # A record or alias saved anywhere may make a pending possibly new name a known one.
        from .importing import suggest

        for model in (*suggest.NAMED_MODELS, *suggest.ALIAS_MODELS.values()):
            post_save.connect(suggest.names_changed, sender=model, dispatch_uid=f"rematch-{model}")

    def connect_loaded_names(self):
        """Records and aliases loaded raw get the search text their save() would give them."""
        from . import namesearch

        for name in ("Person", "Organisation", "Place"):
            pre_save.connect(namesearch.keep_loaded_search_text, sender=self.get_model(name))
            post_save.connect(
                namesearch.keep_loaded_owner_search_text, sender=self.get_model(f"{name}Alias")
            )

    def connect_archive_changed(self):
        """
        Every change to the archive's records, in every process that may make one (management
        commands too), becomes one `archive_changed` once it commits; the page cache and the
        built export listen to it (archive/signals.py).
        """
        from . import cache, signals
        from .export import build

        for model_signal in (post_save, post_delete, m2m_changed):
            model_signal.connect(signals.record_changed, dispatch_uid="archive.record_changed")
        signals.archive_changed.connect(cache.forget_pages, dispatch_uid="archive.page_cache")
        signals.archive_changed.connect(
            build.mark_built_package_stale, dispatch_uid="archive.built_export"
        )

    def connect_related_reports(self):
        """An article's related reports follow its status, text and links (archive/related.py)."""
        from . import related

        post_save.connect(related.article_saved, sender=self.get_model("Article"))
        for name in ("PersonMention", "OrganisationMention", "PlaceMention", "EventReport"):
            for model_signal in (post_save, post_delete):
                model_signal.connect(related.link_changed, sender=self.get_model(name))
        m2m_changed.connect(related.topics_changed, sender=self.get_model("Article").topics.through)


class ArchiveAdminConfig(admin_apps.AdminConfig):
    """The admin, with the archive's own site (data-quality page, import) as the default."""

    default = False
    default_site = "archive.admin.site.default_site"  # a cached factory: see its docstring
