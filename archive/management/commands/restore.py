from django.core.management.base import BaseCommand, CommandError

from archive.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Load a backup written by `backup DIR` into an empty, freshly migrated database. Every "
        "file's SHA-256 is checked first and the schema must match the backup's; everything is "
        "loaded in one transaction, so on any error nothing is loaded. A database that already "
        "holds records (or any login) is refused. The manifest's signature is checked with "
        "DJANGO_BACKUP_SIGNING_KEY, and a backup that would add logins, change groups or their "
        "permissions, or add admin log entries is refused unless --include-users is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="A folder written by `backup`.")
        parser.add_argument(
            "--include-users",
            action="store_true",
            help="Also restore the logins (superusers included), groups and their permissions, "
            "and the admin's change log that the backup holds.",
        )

    def handle(self, *args, directory, include_users, **options):
        try:
            counts = restore_backup(directory, include_users=include_users)
        except BackupError as error:
            raise CommandError(str(error)) from None
        for label, count in counts.items():
            self.stdout.write(f"{count:>7}  {label}")
        self.stdout.write(
            self.style.SUCCESS(f"Restored {sum(counts.values())} records from {directory}.")
        )
