from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_full_text_index(sender, using, **kwargs):
    from django.db import connections

    from . import fulltext

    fulltext.ensure_index(connections[using])


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archive")

    def ready(self):
        post_migrate.connect(ensure_full_text_index, sender=self)
