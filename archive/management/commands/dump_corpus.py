from django.core.management import call_command
from django.core.management.base import BaseCommand

from archive.corpus import CORPUS_FILES, FIXTURES_DIR


class Command(BaseCommand):
    help = (
        "Write the archive's curated records back to fixtures/*.json (natural keys, one file "
        "per group of models), so that editors' work can be reviewed and committed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(FIXTURES_DIR),
            help="Where to write the fixture files (default: the project's fixtures/).",
        )

    def handle(self, *args, **options):
        from pathlib import Path

        output_dir = Path(options["output_dir"])
        output_dir.mkdir(parents=True, exist_ok=True)
        for filename, labels in CORPUS_FILES.items():
            call_command(
                "dumpdata",
                *labels,
                natural_foreign=True,
                natural_primary=True,
                indent=2,
                output=str(output_dir / filename),
                verbosity=0,
            )
            self.stdout.write(f"Wrote {output_dir / filename}")
