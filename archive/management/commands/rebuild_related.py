import time

from django.core.management.base import BaseCommand

from archive.related import scoring


class Command(BaseCommand):
    help = (
        "Make every published article's related reports again, from scratch: embed the texts "
        "that changed since they were last embedded, then score the archive. The lists are "
        "replaced in one transaction; readers see the old ones until it commits."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()

        def progress(done, total):
            if options["verbosity"] > 1:
                self.stdout.write(f"  scored {done} of {total} articles")

        articles, rows = scoring.rebuild(progress)
        if options["verbosity"] == 0:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Related reports rebuilt: {rows} for {articles} published articles "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )
