from django.core.management.base import BaseCommand, CommandError

from archive.importing.importer import Outcome, import_paths
from archive.importing.language import LANGUAGES


class Command(BaseCommand):
    help = (
        "Import press texts (.txt files, or folders of them) as draft articles, keeping each "
        "original verbatim with its file name and SHA-256, and suggest the people, "
        "organisations, places and topics they name. A text already in the archive is "
        "reported as a duplicate; an unreadable file is reported and skipped. Each text's "
        "language is detected unless --language gives it. Exits with status 1 when any file "
        "failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files or folders.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be imported; write nothing.",
        )
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default="",
            help="The language of every text given (BCP 47); without it, each text's "
            "language is detected, and one too short or too mixed to tell keeps the default.",
        )

    def handle(self, *args, paths, dry_run, language, **options):
        report = import_paths(paths, dry_run=dry_run, language=language)
        if not report.results:
            raise CommandError("No .txt file found in the paths given.")
        for result in report.results:
            line = f"{result.outcome}: {result.name}"
            if result.article is not None and result.outcome != Outcome.FAILED:
                article = result.article
                title = article.title or "(no title)"
                line += f" — {title} [{article.date_edtf or 'no date'}]"
                if result.outcome == Outcome.IMPORTED:
                    line += f", {result.suggestion_count} suggested links"
            if result.message:
                line += f" — {result.message}"
            writer = self.stderr if result.outcome == Outcome.FAILED else self.stdout
            writer.write(line)
            if result.language is not None:
                self.stdout.write(f"    language: {result.language.describe()}")
            for flag in result.flags:
                self.stdout.write(f"    flagged: {flag}")
        self.stdout.write(report.summary(dry_run=dry_run))
        if report.failed:
            raise CommandError(f"{report.failed} file(s) could not be imported.", returncode=1)
