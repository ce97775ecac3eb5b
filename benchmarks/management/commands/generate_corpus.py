import time

from django.core.management.base import BaseCommand, CommandError

from benchmarks import synthetic


class Command(BaseCommand):
    help = (
        "Fill an empty database with a realistic synthetic archive, for benchmarks and tests. "
        "Deterministic for a given seed. Refuses to run on a database holding curated records "
        "unless --allow-real-data is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="How many articles.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--allow-real-data",
            action="store_true",
            help="Generate even though the database holds curated (non-synthetic) records.",
        )

    def handle(self, *args, **options):
        if options["articles"] < 1:
            raise CommandError("--articles must be at least 1.")
        started = time.perf_counter()

        def progress(done):
            if options["verbosity"] > 1:
                self.stdout.write(f"  {done} articles")

        try:
            summary = synthetic.generate(
                options["articles"],
                seed=options["seed"],
                allow_real_data=options["allow_real_data"],
                progress=progress,
            )
        except synthetic.RealDataPresent as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {summary.articles} articles, {summary.people} people, "
                f"{summary.organisations} organisations, {summary.events} events, "
                f"{summary.roles} roles and {summary.statistics} statistics "
                f"in {elapsed:.1f} s (seed {options['seed']})."
            )
        )
