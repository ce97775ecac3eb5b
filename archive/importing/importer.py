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

The same text imported twice at the same moment (two editors, or an editor and the command)
gives one article and one "duplicate": imports take their turn (`take_turn_to_import`), and
each looks for the text again once it has its turn, inside its transaction, so the check and
the write cannot be split by another import. The unique checksum of the original's bytes
stays as the database's last word (against a copy saved by another way than an import): the
IntegrityError is rolled back and answered with the same "duplicate".
"""

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from archive import history, workflow
from archive.models import Article, Authorship
from archive.text import text_digest

from .language import LanguageGuess, choose_language
from .names import NameIndex
from .parser import parse_press_text
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


def find_duplicate(raw_sha256, text):
    """The article already holding this text: the same bytes, or the same normalised text."""
    same = Q(raw_sha256=raw_sha256) | Q(text_sha256=text_digest(text))
    return Article.objects.filter(same).order_by("pk").first()


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


def _build_article(parsed, text, data, name, index, language):
    article = Article(
        language=language.code,
        editorial_note=language.editorial_note() if language.detected else "",
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


def import_text(data, name, *, user=None, dry_run=False, index=None, language=""):
    """
    Import one file's bytes under its name; bad input gives a FileResult, never an error.
    `language` is the editor's BCP 47 code for the text, if known; else it is detected.
    """
    try:
        text = decode_original(data)
    except UnreadableFile as error:
        return FileResult(name, Outcome.FAILED, str(error))
    digest = hashlib.sha256(data).hexdigest()
    if existing := find_duplicate(digest, text):
        return duplicate_result(name, existing)
    parsed = parse_press_text(text)
    if not parsed.body:
        return FileResult(name, Outcome.FAILED, _("no text found in the file"))

    index = index or NameIndex.build()
    guess = choose_language(f"{parsed.title}\n\n{parsed.body}", language)
    article, authors, unresolved = _build_article(parsed, text, data, name, index, guess)
    flags = _flags(parsed, article, unresolved)
    if dry_run:
        return FileResult(name, Outcome.WOULD_IMPORT, article=article, flags=flags, language=guess)

    comment = _("Imported from %s") % name
    try:
        with transaction.atomic(), history.revision(user, comment):
            take_turn_to_import()
            # Looked for again now that no other import is writing: one may have just finished.
            if existing := find_duplicate(digest, text):
                raise AlreadyInArchive(existing)
            slug_from = parsed.title or Path(name).stem
            article.slug = unique_slug(Article, slug_from, fallback="article")
            article.full_clean(exclude=["title", "slug"], validate_unique=False)
            article.save()
            for position, (person_id, byline) in enumerate(authors, start=1):
                Authorship.objects.create(
                    article=article, person_id=person_id, byline=byline, position=position
                )
            workflow.log_step(article, workflow.NEW, article.status, user, comment)
            suggestions = suggest_for_article(article, index=index, bylines=unresolved)
            # Stored once more at the end, so the revision holds the article with its parts.
            reversion.add_to_revision(article)
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
    return FileResult(
        name,
        Outcome.IMPORTED,
        article=article,
        flags=flags,
        suggestion_count=len(suggestions),
        language=guess,
    )


def text_files(paths):
    """The .txt files named, or found (sorted, recursively) in the folders named."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        else:
            yield path


def import_paths(paths, *, user=None, dry_run=False, language=""):
    report, index = ImportReport(), NameIndex.build()
    for path in text_files(paths):
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
        report.results.append(
            import_one(data, path.name, user=user, dry_run=dry_run, index=index, language=language)
        )
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
