"""Build the zip served at /api/export/, out of band: after changes and on a schedule."""

import time

from django.core.management.base import BaseCommand, CommandError

from archive import export


class Command(BaseCommand):
    help = (
        "Build the bulk export served at /api/export/ (the published archive as a zipped "
        "Frictionless data package) when the data changed since the last build, or always with "
        "--force. The new zip replaces the served one only once it is complete. Run it after "
        "changes and on a schedule (every few minutes: it does nothing while the data is "
        "unchanged); a request never builds it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Build even if the data has not changed."
        )

    def handle(self, *args, force, **options):
        started = time.monotonic()
        try:
            built = export.build_export(force=force)
        except export.BuildInProgress as busy:
            self.stdout.write(f"Not built: another build is running ({busy})")
            return
        except OSError as error:
            raise CommandError(
                f"Could not build the export in {export.cache_dir()}; the package served "
                f"before (if any) is still served: {error}"
            ) from error
        if built is None:
            self.stdout.write(f"{export.built_path()} is up to date; nothing to build.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Built {built} ({built.stat().st_size:,} bytes) in "
                f"{time.monotonic() - started:.1f} s."
            )
        )
