from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand

from archive.corpus import corpus_paths


class Command(BaseCommand):
    help = (
        "Load the curated corpus (fixtures/*.json) into an empty archive. If the archive "
        "already holds any record, nothing is loaded, so an editor's work is never overwritten."
    )

    def handle(self, *args, **options):
        archive_models = apps.get_app_config("archive").get_models()
        occupied = [model for model in archive_models if model.objects.exists()]
        if occupied:
            names = ", ".join(str(model._meta.verbose_name_plural) for model in occupied)
            self.stdout.write(f"The archive already holds records ({names}); nothing loaded.")
            return
        call_command("loaddata", *corpus_paths(), verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS("Loaded the curated corpus."))
