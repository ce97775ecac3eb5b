from django.core.management.base import BaseCommand, CommandError

from archive.backup import MANIFEST_NAME, BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Write a consistent, checksummed snapshot of all curated data (every archive record, "
        "the editors' accounts and groups, the admin's change log) into DIR, a new or empty "
        f"folder: one JSON fixture per model and a {MANIFEST_NAME} with their SHA-256 sums, "
        "signed with DJANGO_BACKUP_SIGNING_KEY (required). It holds password hashes: keep it "
        "as safe as the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="A new or empty folder.")

    def handle(self, *args, directory, **options):
        try:
            manifest = write_backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        total = sum(entry["count"] for entry in manifest["files"])
        for entry in manifest["files"]:
            self.stdout.write(f"{entry['count']:>7}  {entry['model']}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {total} records in {len(manifest['files'])} files to {directory} "
                f"(schema {manifest['schema'].get('archive')}, {manifest['created_at']})."
            )
        )
