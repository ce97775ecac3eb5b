from django.core.management.base import BaseCommand, CommandError

from archive.importing.documents import import_document
from archive.importing.feeds import NotAFeed, fetch_feed
from archive.importing.fetching import FetchError
from archive.importing.importer import ImportReport, Outcome, import_paths
from archive.importing.language import LANGUAGES
from archive.importing.names import NameIndex
from archive.importing.webpages import import_page, import_url


def is_address(source):
    return source.lower().startswith(("http://", "https://"))


class Command(BaseCommand):
    help = (
        "Import press texts (.txt files), saved web pages (.html), PDFs (.pdf, scanned pages "
        "read by OCR), Word documents (.docx), emails (.eml), web pages by their address "
        "(http:// or https://), or folders of files, as draft articles, keeping each original "
        "verbatim with its file name and SHA-256 (a web page's HTML, a PDF, a Word document or "
        "an email as a received file, the text extracted from it as the article's text), and "
        "suggest the people, organisations, places and "
        "topics they name. --feed imports every item of an RSS or Atom feed that is not "
        "already in the archive. A text already in the archive is reported as a duplicate; an "
        "unreadable file or a page that cannot be fetched is reported and skipped. Each "
        "text's language is detected unless --language gives it. Exits with status 1 when "
        "any failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", metavar="PATH", help="Files, folders or web page addresses."
        )
        parser.add_argument(
            "--feed",
            action="append",
            default=[],
            metavar="URL",
            help="An RSS or Atom feed whose items not yet in the archive are imported as web "
            "pages (may be given more than once).",
        )
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

    def handle(self, *args, paths, feed, dry_run, language, **options):
        if not paths and not feed:
            raise CommandError("Give files, folders or addresses to import, or --feed URL.")
        index = NameIndex.build()
        options = {"dry_run": dry_run, "language": language, "index": index}
        files = [path for path in paths if not is_address(path)]
        report = ImportReport()
        if files:
            report = import_paths(
                files, page_importer=import_page, document_importer=import_document, **options
            )
            if not report.results:
                raise CommandError(
                    "No .txt, .html, .pdf, .docx or .eml file found in the paths given."
                )
        addresses = [path for path in paths if is_address(path)]
        for url in feed:
            try:
                items = fetch_feed(url).items
            except (FetchError, NotAFeed) as error:
                raise CommandError(f"{url}: {error}") from error
            self.stdout.write(f"feed {url}: {len(items)} items")
            for item in items:
                if item.in_archive:
                    self.stdout.write(f"already in the archive: {item.link}")
                else:
                    addresses.append(item.link)
        for url in addresses:
            report.results.append(import_url(url, **options))
        for result in report.results:
            self.write_result(result)
        self.stdout.write(report.summary(dry_run=dry_run))
        if report.failed:
            raise CommandError(f"{report.failed} file(s) could not be imported.", returncode=1)

    def write_result(self, result):
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
        for value, source in result.provenance_labels:
            self.stdout.write(f"    {value} from: {source}")
        for note in result.notes:
            self.stdout.write(f"    note: {note}")
        for flag in result.flags:
            self.stdout.write(f"    flagged: {flag}")
