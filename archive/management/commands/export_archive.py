"""Write the whole published archive to a folder as a Frictionless data package."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive import export


class Command(BaseCommand):
    help = (
        "Write the published archive to DIR: CSV files and JSON Lines under DIR/data/, "
        "described (columns, keys, foreign keys) by DIR/datapackage.json."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", type=Path, help="Folder to write into (created if missing)."
        )

    def handle(self, *args, directory, **options):
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"{directory} exists and is not a folder.")
        try:
            counts = export.write_package(directory)
        except OSError as error:
            raise CommandError(f"Could not write the export to {directory}: {error}") from error
        for table, count in counts.items():
            self.stdout.write(f"{table}: {count} rows")
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {sum(counts.values())} rows in {len(counts)} tables to "
                f"{directory / 'datapackage.json'} and {directory / 'data'}."
            )
        )
