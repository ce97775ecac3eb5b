from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from archive import history, workflow
from archive.corpus import corpus_paths
from archive.models import Article

# Run by an operator, not an editor: the status log names the command instead of a user.
LOADED_NOTE = "Loaded from the curated corpus (load_corpus)"


class Command(BaseCommand):
    help = (
        "Load the curated corpus (fixtures/*.json) into an empty archive. If the archive "
        "already holds any record, nothing is loaded, so an editor's work is never overwritten. "
        "Each article's status is written in its status log, with no user and this command's "
        "name, and its loaded state is saved as its first version. Related reports are then "
        "computed (rebuild_related)."
    )

    def handle(self, *args, **options):
        archive_models = apps.get_app_config("archive").get_models()
        occupied = [model for model in archive_models if model.objects.exists()]
        if occupied:
            names = ", ".join(str(model._meta.verbose_name_plural) for model in occupied)
            self.stdout.write(f"The archive already holds records ({names}); nothing loaded.")
            return
        with transaction.atomic():
            call_command("loaddata", *corpus_paths(), verbosity=options["verbosity"])
            articles = list(Article.objects.all())
            for article in articles:
                workflow.log_step(article, workflow.NEW, article.status, None, LOADED_NOTE)
            # The first version of each text, so that a citation can name it from the start.
            history.snapshot(articles, LOADED_NOTE)
        self.stdout.write(self.style.SUCCESS("Loaded the curated corpus."))
        # Loaded raw, the articles sent no signal that would have related them.
        call_command("rebuild_related", verbosity=options["verbosity"], stdout=self.stdout)
