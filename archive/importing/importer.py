"""
Importing press texts: files in, draft articles out, and nothing half-written.

For each file: the bytes must decode as UTF-8 (a byte-order mark is allowed), must not be empty
and must not be binary, or the file is reported by name and skipped. The decoded text is kept
verbatim as the article's original, with the file name and the SHA-256 of the file's bytes; a
text already in the archive is reported as a duplicate and left alone, whether its bytes are
the same or only its text (archive.text.text_digest: a paste in a browser gives `\\r\\n` line
ends where the file had `\\n`, a Mac may give decomposed accents). The
parser splits the text into its parts; the dateline's city and agency are resolved through the
names and aliases the archive knows (NUR-SULTAN is Astana), printed bylines through people's
names and aliases ("Kudrenok Tatyana"). What cannot be found or resolved stays empty and is
flagged for an editor: the importer never devises a title or infers a date.

The article's language is the editor's, when given, or else the one detected in its title and
text (`language`); a detected language is an inference, so the import summary says so with its
confidence, and the article's editorial note keeps a line saying it was detected. A text too
short or too mixed to tell keeps the default language, and is flagged.

Each file is imported in one transaction and one revision, as a draft, and its suggested links
are stored with it.

A web page comes in by the same way (archive/importing/webpages.py), and so do a PDF, a Word
document and an email (archive/importing/documents.py): the text extracted from it is imported
as above, the file's own title, date and authors take the place of what the parser would read
from a pasted text (each with where it came from, written in the editorial note, with what
else the editor should know: an OCR's confidence, a file's creation date, an email's
attachments), and the file's bytes are kept beside the article as a ReceivedFile. The file is
written to storage inside the import's transaction and deleted again if the import does not commit:
nothing of a failed import is left behind.

The same text imported twice at the same moment (two editors, or an editor and the command)
gives one article and one "duplicate": imports take their turn (`take_turn_to_import`), and
each looks for the text again once it has its turn, inside its transaction, so the check and
the write cannot be split by another import. The unique checksum of the original's bytes
stays as the database's last word (against a copy saved by another way than an import): the
IntegrityError is rolled back and answered with the same "duplicate".
"""

import hashlib
import logging
import mimetypes
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from archive import history, workflow
from archive.models import Article, Authorship, ReceivedFile
from archive.text import normalise_text, text_digest

from .language import LanguageGuess, choose_language
from .names import NameIndex
from .parser import MissingPart, parse_press_text
from .suggest import suggest_for_article, unique_slug

READ_CHUNK_BYTES = 64 * 1024
# The PostgreSQL advisory lock imports take their turn by (any number of our own choosing).
IMPORT_LOCK_KEY = 0x6B7A_6265_696D_7074  # "kzbeimpt"
logger = logging.getLogger(__name__)


class Outcome:
    IMPORTED = "imported"
    WOULD_IMPORT = "would import"
    DUPLICATE = "duplicate"
    FAILED = "failed"


class UnreadableFile(Exception):
    """A file that is not a press text the archive can read; the message says why."""


class AlreadyInArchive(Exception):
    """Raised inside an import's transaction to roll it back: the text came in meanwhile."""

    def __init__(self, article):
        super().__init__(article)
        self.article = article


@dataclass
class FileResult:
    """What happened to one file."""

    name: str
    outcome: str
    message: str = ""
    article: Article | None = None
    flags: list = field(default_factory=list)
    suggestion_count: int = 0
    language: LanguageGuess | None = None
    # For a web page: where each value came from, {"title": "og:title", ...}.
    provenance: dict = field(default_factory=dict)
    # For a received file: what else the editor should know (an OCR's confidence, say).
    notes: list = field(default_factory=list)

    @property
    def provenance_labels(self):
        """Each value taken from a received file with where it came from, for the summary."""
        return [(_(key), _(source)) for key, source in self.provenance.items()]

    @property
    def flagged(self):
        """Whether an editor has something to check: a missing part, or the language."""
        unsure_language = self.language is not None and self.language.kept_default
        return self.outcome in (Outcome.IMPORTED, Outcome.WOULD_IMPORT) and bool(
            self.flags or unsure_language
        )


@dataclass
class ImportReport:
    results: list = field(default_factory=list)

    def count(self, outcome):
        return sum(1 for result in self.results if result.outcome == outcome)

    @property
    def imported(self):
        return self.count(Outcome.IMPORTED) + self.count(Outcome.WOULD_IMPORT)

    @property
    def duplicates(self):
        return self.count(Outcome.DUPLICATE)

    @property
    def failed(self):
        return self.count(Outcome.FAILED)

    @property
    def flagged(self):
        return sum(1 for result in self.results if result.flagged)

    def summary(self, dry_run=False):
        verb = _("would import") if dry_run else _("imported")
        return _(
            "%(verb)s %(imported)d, duplicates %(duplicates)d, flagged %(flagged)d, "
            "failed %(failed)d"
        ) % {
            "verb": verb,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "flagged": self.flagged,
            "failed": self.failed,
        }


def max_file_bytes():
    """The largest file or pasted text the importer takes (DJANGO_IMPORT_MAX_FILE_BYTES)."""
    return settings.IMPORT_MAX_FILE_BYTES


def too_large(limit):
    return UnreadableFile(
        _("too large: the limit is %(limit)s bytes (%(mib)s MiB) for one text")
        % {"limit": f"{limit:,}", "mib": f"{limit / 2**20:g}"}
    )


def read_within_limit(chunks):
    """
    A file's bytes, read chunk by chunk; raises UnreadableFile as soon as they pass the limit,
    so that no more than the limit and one chunk is ever held, however large the file.
    """
    limit, data = max_file_bytes(), bytearray()
    for chunk in chunks:
        data += chunk
        if len(data) > limit:
            raise too_large(limit)
    return bytes(data)


def file_chunks(path):
    with open(path, "rb") as file:
        while chunk := file.read(READ_CHUNK_BYTES):
            yield chunk


def decode_original(data):
    """The file's text, decoded strictly; raises UnreadableFile with a reason."""
    if len(data) > max_file_bytes():
        raise too_large(max_file_bytes())
    if b"\x00" in data:
        raise UnreadableFile(_("binary file (it contains NUL bytes), not a text"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            _("not UTF-8 text (byte 0x%(byte)02x at position %(position)d)")
            % {"byte": data[error.start], "position": error.start}
        ) from error
    if not text.lstrip("\ufeff").strip():
        raise UnreadableFile(_("empty file"))
    return text


def find_duplicate(raw_sha256, text, url=""):
    """
    The article already holding this text: the same bytes, or the same normalised text, or
    (for a web page) the same address.
    """
    same = Q(raw_sha256=raw_sha256) | Q(text_sha256=text_digest(text))
    if url:
        same |= Q(original_url=url)
    return Article.objects.filter(same).order_by("pk").first()


@dataclass
class PageStatements:
    """What a received file says about itself: a title, a date, authors, and where each is from."""

    title: str = ""
    published_date: date | None = None
    published_time: time | None = None
    bylines: list = field(default_factory=list)
    provenance: dict = field(default_factory=dict)
    # What else the file says that is not taken as a value (a file's creation date), in words.
    notes: list = field(default_factory=list)
    # What an editor must check (text read by OCR with a low confidence), flagged.
    warnings: list = field(default_factory=list)


def uploaded_file_description(media_type, name):
    """The kind of file received, named for the editor: "Imported from the PDF report.pdf"."""
    descriptions = {
        "application/pdf": _("Imported from the PDF %s"),
        DOCX_MEDIA_TYPE: _("Imported from the Word document %s"),
        "message/rfc822": _("Imported from the email %s"),
    }
    return descriptions.get(media_type, _("Imported from the uploaded web page %s")) % name


DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class ReceivedOriginal:
    """
    The file an article's text was extracted from (a web page, a PDF, a Word document, an
    email), to be kept beside it.
    """

    data: bytes
    name: str
    media_type: str
    statements: PageStatements
    url: str = ""
    requested_url: str = ""
    fetched_at: datetime | None = None

    @property
    def sha256(self):
        return hashlib.sha256(self.data).hexdigest()

    def editorial_note(self):
        """The line the article's editorial note keeps: where each value came from."""
        labels = {
            "text": _("text"),
            "title": _("title"),
            "date": _("date"),
            "authors": _("authors"),
        }
        parts = [
            _("%(value)s from %(source)s") % {"value": labels[key], "source": _(source)}
            for key, source in self.statements.provenance.items()
            if key in labels
        ]
        if self.url and self.fetched_at:
            where = _("Imported from the web page %(url)s, fetched %(when)s") % {
                "url": self.url,
                "when": self.fetched_at.strftime("%Y-%m-%d %H:%M UTC"),
            }
        else:
            where = uploaded_file_description(self.media_type, self.name)
        note = _("%(where)s: %(parts)s; not checked by an editor.") % {
            "where": where,
            "parts": ", ".join(parts),
        }
        extra = [f"{line}." for line in self.statements.notes + self.statements.warnings]
        return " ".join([note, *extra])


def take_statements(parsed, statements):
    """
    The page's own title, date and authors in place of those read from its text. A title the
    parser took from the text's first paragraph goes back into the body unless it is the page's
    title; a date printed in the text that differs from the page's is flagged.
    """
    provenance = statements.provenance
    parsed.warnings.extend(statements.warnings)
    if statements.title:
        if parsed.title and normalise_text(parsed.title) != normalise_text(statements.title):
            parsed.body = "\n\n".join(filter(None, [parsed.title, parsed.body]))
        parsed.title = statements.title
    elif parsed.title:
        provenance["title"] = gettext_noop("the first line of the text")
    if statements.published_date:
        if parsed.published_date and parsed.published_date != statements.published_date:
            parsed.warnings.append(
                _("the page's date (%(page)s) differs from the date its text prints (%(text)s)")
                % {"page": statements.published_date, "text": parsed.published_date}
            )
        parsed.published_date = statements.published_date
        parsed.published_time = statements.published_time or parsed.published_time
    elif parsed.published_date:
        provenance["date"] = gettext_noop("the date printed in the text")
    if statements.bylines and not parsed.bylines:
        parsed.bylines = list(statements.bylines)
    elif parsed.bylines:
        provenance["authors"] = gettext_noop("the text's “Author:” line")
    parsed.missing = [
        missing
        for missing in parsed.missing
        if not (missing == MissingPart.TITLE and parsed.title)
        and not (missing == MissingPart.DATE and parsed.published_date)
    ]


def store_received(article, received):
    """Keep the received file beside its article, byte for byte; returns the record."""
    record = ReceivedFile(
        article=article,
        original_name=received.name[:255],
        media_type=received.media_type[:100],
        size=len(received.data),
        sha256=received.sha256,
        url=received.url,
        requested_url=received.requested_url if received.requested_url != received.url else "",
        fetched_at=received.fetched_at,
        provenance=received.statements.provenance,
    )
    name = received.name
    if not Path(name).suffix:
        name += mimetypes.guess_extension(received.media_type) or ""
    record.file.save(name, ContentFile(received.data), save=False)
    return record


def duplicate_result(name, existing):
    return FileResult(
        name,
        Outcome.DUPLICATE,
        _("the same text is already in the archive as “%s”") % existing,
        article=existing,
    )


def take_turn_to_import():
    """
    Wait, inside the import's transaction, until no other import is writing; held until the
    transaction ends. Only the normalised text's checksum tells two forms of one text apart
    (a file, and the same text pasted from a browser with other line ends), and it is not
    unique in the database (an archive may already hold both forms), so without this both
    forms could come in at once under different names. On PostgreSQL a transaction-level
    advisory lock; SQLite's transactions already begin by taking the database's one write
    lock (IMMEDIATE, kzbe_site/settings.py).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])


def _flags(parsed, article, unresolved_bylines):
    flags = [_(missing) for missing in parsed.missing] + list(parsed.warnings)
    if parsed.dateline_place and article.dateline_place_id is None:
        flags.append(_("dateline place “%s” matches no place") % parsed.dateline_place)
    if parsed.dateline_agency and article.source_id is None:
        flags.append(_("dateline agency “%s” matches no organisation") % parsed.dateline_agency)
    flags += [_("byline “%s” matches no single person") % byline for byline in unresolved_bylines]
    return flags


def _build_article(parsed, text, data, name, index, language, received=None):
    notes = [
        received.editorial_note() if received else "",
        language.editorial_note() if language.detected else "",
    ]
    article = Article(
        language=language.code,
        editorial_note="\n".join(filter(None, notes)),
        original_url=received.url if received else "",
        title=parsed.title,
        date_edtf=parsed.date_edtf,
        published_time=parsed.published_time,
        dateline=parsed.dateline,
        body=parsed.body,
        source_tags=parsed.source_tags,
        raw_text=text,
        original_filename=name,
        raw_sha256=hashlib.sha256(data).hexdigest(),
        imported_at=timezone.now(),
        status=Article.Status.DRAFT,
    )
    if parsed.dateline_place and len(places := index.lookup(parsed.dateline_place, "place")) == 1:
        article.dateline_place_id = places[0]
    if parsed.dateline_agency:
        agencies = index.lookup(parsed.dateline_agency, "organisation")
        if len(agencies) == 1:
            article.source_id = agencies[0]
    authors, unresolved = [], []
    for byline in parsed.bylines:
        people = index.lookup(byline, "person")
        if len(people) == 1 and people[0] not in [pk for pk, _byline in authors]:
            authors.append((people[0], byline))
        else:
            unresolved.append(byline)
    return article, authors, unresolved


def import_text(data, name, *, user=None, dry_run=False, index=None, language="", received=None):
    """
    Import one file's bytes under its name; bad input gives a FileResult, never an error.
    `language` is the editor's BCP 47 code for the text, if known; else it is detected.
    `received` is the file the text was extracted from (a ReceivedOriginal), if any: its
    statements are taken over the parser's, and it is kept beside the article.
    """
    try:
        text = decode_original(data)
    except UnreadableFile as error:
        return FileResult(name, Outcome.FAILED, str(error))
    digest = hashlib.sha256(data).hexdigest()
    url = received.url if received else ""
    if existing := find_duplicate(digest, text, url):
        return duplicate_result(name, existing)
    parsed = parse_press_text(text)
    provenance, notes = {}, []
    if received is not None:
        notes = received.statements.notes
        take_statements(parsed, received.statements)
        provenance = received.statements.provenance
    if not parsed.body:
        return FileResult(name, Outcome.FAILED, _("no text found in the file"))

    index = index or NameIndex.build()
    guess = choose_language(f"{parsed.title}\n\n{parsed.body}", language)
    article, authors, unresolved = _build_article(parsed, text, data, name, index, guess, received)
    flags = _flags(parsed, article, unresolved)
    if dry_run:
        return FileResult(
            name,
            Outcome.WOULD_IMPORT,
            article=article,
            flags=flags,
            language=guess,
            provenance=provenance,
            notes=notes,
        )

    comment = _("Imported from %s") % name
    stored, committed = [], False
    try:
        with transaction.atomic(), history.revision(user, comment):
            take_turn_to_import()
            # Looked for again now that no other import is writing: one may have just finished.
            if existing := find_duplicate(digest, text, url):
                raise AlreadyInArchive(existing)
            slug_from = parsed.title or Path(name).stem
            article.slug = unique_slug(Article, slug_from, fallback="article")
            article.full_clean(exclude=["title", "slug"], validate_unique=False)
            article.save()
            for position, (person_id, byline) in enumerate(authors, start=1):
                Authorship.objects.create(
                    article=article, person_id=person_id, byline=byline, position=position
                )
            if received is not None:
                record = store_received(article, received)
                stored.append(record.file)
                record.save()
            workflow.log_step(article, workflow.NEW, article.status, user, comment)
            suggestions = suggest_for_article(article, index=index, bylines=unresolved)
            # Stored once more at the end, so the revision holds the article with its parts.
            reversion.add_to_revision(article)
        committed = True
    except AlreadyInArchive as duplicate:
        return duplicate_result(name, duplicate.article)
    except (IntegrityError, ValidationError) as error:
        # Rolled back. The same text may have come in by another way than an import (the
        # admin's add form, a restore) between the check and the save: caught by validation,
        # or by the database's unique checksum; any other refusal is a failure, never to be
        # mistaken for "already imported".
        if existing := find_duplicate(digest, text):
            return duplicate_result(name, existing)
        if isinstance(error, ValidationError):
            return FileResult(name, Outcome.FAILED, "; ".join(error.messages))
        logger.exception("Importing %s failed", name)
        return FileResult(name, Outcome.FAILED, _("could not be imported: %s") % error)
    finally:
        if not committed:
            # The transaction was rolled back: its stored file goes too.
            for stored_file in stored:
                stored_file.storage.delete(stored_file.name)
    return FileResult(
        name,
        Outcome.IMPORTED,
        article=article,
        flags=flags,
        suggestion_count=len(suggestions),
        language=guess,
        provenance=provenance,
        notes=notes,
    )


PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".eml")


def text_files(paths, suffixes=(".txt",)):
    """The files named, or those with these suffixes found (sorted, recursively) in the folders."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
            )
        else:
            yield path


def import_paths(
    paths,
    *,
    user=None,
    dry_run=False,
    language="",
    page_importer=None,
    document_importer=None,
    index=None,
):
    """
    Import the files named or found in the folders named; a saved web page goes to
    `page_importer` (webpages.import_page) when given, a PDF, Word document or email to
    `document_importer` (documents.import_document).
    """
    report, index = ImportReport(), index or NameIndex.build()
    options = {"user": user, "dry_run": dry_run, "index": index, "language": language}
    suffixes = (".txt",)
    if page_importer:
        suffixes += PAGE_SUFFIXES
    if document_importer:
        suffixes += DOCUMENT_SUFFIXES
    for path in text_files(paths, suffixes):
        try:
            data = read_within_limit(file_chunks(path))
        except OSError as error:
            report.results.append(
                FileResult(str(path), Outcome.FAILED, error.strerror or str(error))
            )
            continue
        except UnreadableFile as error:
            report.results.append(FileResult(path.name, Outcome.FAILED, str(error)))
            continue
        if page_importer is not None and path.suffix.lower() in PAGE_SUFFIXES:
            report.results.append(page_importer(data, path.name, **options))
        elif document_importer is not None and path.suffix.lower() in DOCUMENT_SUFFIXES:
            report.results.append(document_importer(data, path.name, **options))
        else:
            report.results.append(import_one(data, path.name, **options))
    return report


def import_chunks(chunks, name, **options):
    """import_one for a file read chunk by chunk (an upload), refused once over the limit."""
    try:
        data = read_within_limit(chunks)
    except UnreadableFile as error:
        return FileResult(name, Outcome.FAILED, str(error))
    return import_one(data, name, **options)


def import_one(data, name, **options):
    """import_text, with an unexpected failure reported as this file's and the rest going on."""
    try:
        return import_text(data, name, **options)
    except Exception as error:
        # Its transaction was rolled back: nothing of this file was written.
        logger.exception("Importing %s failed", name)
        return FileResult(name, Outcome.FAILED, _("could not be imported: %s") % error)
