"""
Reading a PDF, a Word document (.docx) or an email (.eml) as a press text.

The file is the original, kept byte for byte (ReceivedFile); the text extracted from it becomes
the article's `raw_text` and goes through the same parser as a pasted text. What the file says
about itself is taken with where it came from, and what it does not say stays empty and is
flagged; nothing is guessed:

- a PDF: the text of its text layer (pypdf); a page without one (a scan) is read by OCR
  (poppler's pdftoppm makes an image of it, tesseract reads it), and the OCR's mean word
  confidence is recorded, with text below OCR_PROOFREAD_BELOW flagged for proofreading. The
  title and author come from the document information (/Title, /Author), else from its XMP
  (dc:title, dc:creator).
- a Word document: its paragraphs and tables (python-docx); the title and author from its
  core properties.
- an email: the text/plain part, or else the HTML part's main text (as for a web page); the
  Subject as the title, the Date header as the date, the From header as the author. Its
  attachments are not imported; the editor is told their names.

A PDF's or Word document's creation date is the file's, not the text's: it is never taken as
the date of publication. It is written in the editorial note as what the file says, and the
date stays empty (flagged) unless the text prints one. An author from a file's properties may
be the person whose computer made the file: it is taken only as a byline to be resolved, with
its source named, and an editor decides.
"""

import contextlib
import csv
import email
import io
import os
import shutil
import subprocess
import tempfile
import time as clock
import zipfile
from email import policy
from email.errors import MessageError
from pathlib import Path

import docx
import pypdf
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from archive.text import normalise_text

from .importer import (
    DOCX_MEDIA_TYPE,
    FileResult,
    Outcome,
    PageStatements,
    ReceivedOriginal,
    UnreadableFile,
    import_one,
    max_file_bytes,
    too_large,
)

MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".docx": DOCX_MEDIA_TYPE,
    ".eml": "message/rfc822",
}
# Text read by OCR with a mean word confidence below this (in per cent) is flagged for
# proofreading against the original.
OCR_PROOFREAD_BELOW = 80
# Tesseract's names of the archive's languages; all five are tried unless the editor gave one.
OCR_LANGUAGES = {"kk": "kaz", "ru": "rus", "en": "eng", "fr": "fra", "nl": "nld"}
# Pages are made into images at this resolution for the OCR (tesseract reads 300 dpi best).
OCR_DPI = 300


class Source:
    """The part of a file a value was read from, named for the editor."""

    PDF_TEXT = gettext_noop("the PDF's text layer")
    PDF_TITLE = "PDF document information: /Title"
    PDF_AUTHOR = "PDF document information: /Author"
    XMP_TITLE = "PDF XMP: dc:title"
    XMP_CREATOR = "PDF XMP: dc:creator"
    DOCX_TEXT = gettext_noop("the Word document's paragraphs")
    DOCX_TITLE = "docx core property: title"
    DOCX_AUTHOR = "docx core property: author"
    EMAIL_PLAIN = gettext_noop("the email's text/plain part")
    EMAIL_HTML = gettext_noop("the email's HTML part (trafilatura main text)")
    EMAIL_SUBJECT = "email Subject"
    EMAIL_DATE = "email Date header"
    EMAIL_FROM = "email From header"


class OCRUnavailable(UnreadableFile):
    """The server has no OCR (tesseract or pdftoppm missing)."""


def document_media_type(name):
    """The media type of a PDF, Word document or email by its name's suffix; "" for others."""
    return MEDIA_TYPES.get(Path(name).suffix.lower(), "")


def _clean(value):
    return " ".join(normalise_text(str(value)).split()) if value else ""


# What writing programs put in a file's title or author when its writer gave none: not a
# statement about the text, so not taken.
PLACEHOLDERS = {"untitled", "untitled document", "anonymous", "(anonymous)", "unknown", "user"}


def _stated(value):
    """A file's property as stated, or "" when it is a program's placeholder ("untitled")."""
    value = _clean(value)
    lowered = value.casefold()
    if lowered in PLACEHOLDERS or lowered.startswith("microsoft word - "):
        return ""
    return value


def _paragraphs_text(paragraphs):
    paragraphs = [paragraph.strip() for paragraph in paragraphs if paragraph.strip()]
    if not paragraphs:
        return ""
    return "\n\n".join(paragraphs) + "\n"


# --- PDF ---------------------------------------------------------------------------------------


def _open_pdf(data):
    if b"%PDF-" not in data[:1024]:
        raise UnreadableFile(_("not a PDF: it does not begin as one"))
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("a password is needed")
        # Reading the page tree now, so that a broken one is named here.
        len(reader.pages)
    except (FileNotDecryptedError, DependencyError) as error:
        raise UnreadableFile(
            _(
                "encrypted PDF: it cannot be read without its password; save a copy without "
                "one and import that"
            )
        ) from error
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        raise UnreadableFile(_("broken PDF: %s") % (str(error) or type(error).__name__)) from error
    return reader


def _pdf_metadata(reader, statements):
    """The title and author the PDF states: document information first, then XMP."""
    try:
        info = reader.metadata or {}
    except (PyPdfError, ValueError, KeyError, TypeError):
        info = {}
    try:
        xmp = reader.xmp_metadata
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError):
        xmp = None
    xmp_title = (xmp.dc_title or {}) if xmp else {}
    xmp_title = xmp_title.get("x-default") or next(iter(xmp_title.values()), "")
    titles = [(info.get("/Title"), Source.PDF_TITLE), (xmp_title, Source.XMP_TITLE)]
    for title, source in titles:
        if title := _stated(title):
            statements.title, statements.provenance["title"] = title[:500], source
            break
    authors = [
        ([info.get("/Author")], Source.PDF_AUTHOR),
        (list(xmp.dc_creator or []) if xmp else [], Source.XMP_CREATOR),
    ]
    for names, source in authors:
        if names := [_stated(name) for name in names if _stated(name)]:
            statements.bylines, statements.provenance["authors"] = names, source
            break
    created = info.get("/CreationDate")
    # Kept as written ("D:20211017...") when it is not a date pypdf can read.
    with contextlib.suppress(AttributeError, ValueError, TypeError):
        created = info.creation_date.isoformat() if created else created
    if created:
        statements.notes.append(
            _(
                "The file says it was created %(when)s (PDF document information: "
                "/CreationDate): the file's date, not taken as the date of publication"
            )
            % {"when": _clean(created)}
        )


def _page_text(page):
    try:
        return page.extract_text() or ""
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return ""


def read_pdf(data, language=""):
    """The PDF's text (its text layer, or OCR of its scanned pages) and its statements."""
    reader = _open_pdf(data)
    statements = PageStatements()
    _pdf_metadata(reader, statements)
    texts = [_page_text(page) for page in reader.pages]
    scanned = [number for number, text in enumerate(texts, start=1) if not text.strip()]
    if scanned:
        ocr = ocr_pdf_pages(data, scanned, language)
        for number, text in ocr.texts.items():
            texts[number - 1] = text
        source = (
            _("OCR (tesseract, %(languages)s), mean word confidence %(confidence)s %%")
            if len(scanned) == len(texts)
            else _(
                "the PDF's text layer, and OCR (tesseract, %(languages)s) of pages without "
                "one, mean word confidence %(confidence)s %%"
            )
        )
        statements.provenance["text"] = source % {
            "languages": ocr.languages,
            "confidence": ocr.confidence,
        }
        statements.notes.append(
            _("%(count)d page(s) read by OCR: %(pages)s")
            % {"count": len(ocr.texts), "pages": ", ".join(map(str, ocr.texts))}
        )
        if ocr.confidence < OCR_PROOFREAD_BELOW:
            statements.warnings.append(
                _("OCR, confidence %(confidence)s %%: proofread against the original")
                % {"confidence": ocr.confidence}
            )
        if ocr.left_out:
            statements.warnings.append(
                _(
                    "OCR stopped at %(limit)d page(s) (DJANGO_IMPORT_OCR_MAX_PAGES): "
                    "%(count)d more page(s) without text left out"
                )
                % {"limit": settings.IMPORT_OCR_MAX_PAGES, "count": len(ocr.left_out)}
            )
    else:
        statements.provenance["text"] = Source.PDF_TEXT
    text = _paragraphs_text(texts)
    if not text:
        raise UnreadableFile(_("no text in the PDF, even after OCR"))
    statements.provenance = {"text": statements.provenance.pop("text"), **statements.provenance}
    return text, statements


class OCRResult:
    def __init__(self, texts, confidence, languages, left_out):
        self.texts, self.confidence = texts, confidence
        self.languages, self.left_out = languages, left_out


def ocr_languages(language=""):
    """Tesseract's languages for a text: the editor's, or all five of the archive's."""
    if language in OCR_LANGUAGES:
        return OCR_LANGUAGES[language]
    return "+".join(OCR_LANGUAGES[code] for code in ("kk", "ru", "en", "fr", "nl"))


def _tsv_text_and_confidences(tsv):
    """A page's text (a paragraph to a block) and its words' confidences, from tesseract's TSV."""
    paragraphs, lines, confidences = [], {}, []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        word = (row.get("text") or "").strip()
        if row.get("level") != "5" or not word:
            continue
        try:
            confidence = float(row["conf"])
        except (TypeError, ValueError):
            continue
        if confidence < 0:
            continue
        confidences.append(confidence)
        paragraph = (row["block_num"], row["par_num"])
        if paragraph not in lines:
            lines[paragraph] = {}
            paragraphs.append(paragraph)
        lines[paragraph].setdefault(row["line_num"], []).append(word)
    text = "\n\n".join(
        "\n".join(" ".join(words) for words in lines[paragraph].values())
        for paragraph in paragraphs
    )
    return text, confidences


def ocr_pdf_pages(data, pages, language=""):
    """
    Read the PDF's pages numbered `pages` by OCR, at most IMPORT_OCR_MAX_PAGES of them, within
    IMPORT_OCR_TIMEOUT_SECONDS in all. Raises UnreadableFile when OCR is not installed, takes
    too long, or fails.
    """
    missing = [tool for tool in ("pdftoppm", "tesseract") if shutil.which(tool) is None]
    if missing:
        raise OCRUnavailable(
            _(
                "this PDF has pages without text, which need OCR, and the server has no "
                "%(tools)s: install Debian's tesseract-ocr (with its language data) and "
                "poppler-utils (scripts/system-packages)"
            )
            % {"tools": ", ".join(missing)}
        )
    limit = max(settings.IMPORT_OCR_MAX_PAGES, 1)
    read, left_out = pages[:limit], pages[limit:]
    languages = ocr_languages(language)
    deadline = clock.monotonic() + settings.IMPORT_OCR_TIMEOUT_SECONDS
    # One thread per tesseract: several imports may run at once on one server.
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    texts, confidences = {}, []
    with tempfile.TemporaryDirectory(prefix="kzbe-ocr-") as folder:
        pdf = Path(folder) / "document.pdf"
        pdf.write_bytes(data)
        for number in read:
            image = Path(folder) / f"page-{number}"
            _run(
                [
                    *("pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", "-singlefile"),
                    *("-f", str(number), "-l", str(number), str(pdf), str(image)),
                ],
                deadline,
                environment,
            )
            tsv = _run(
                ["tesseract", f"{image}.png", "stdout", "-l", languages, "tsv"],
                deadline,
                environment,
            )
            text, found = _tsv_text_and_confidences(tsv)
            if text:
                texts[number] = text
                confidences += found
    if not texts:
        raise UnreadableFile(_("no text in the PDF, even after OCR"))
    confidence = round(sum(confidences) / len(confidences))
    return OCRResult(texts, confidence, languages, left_out)


def _run(command, deadline, environment):
    remaining = deadline - clock.monotonic()
    timeout = settings.IMPORT_OCR_TIMEOUT_SECONDS
    if remaining <= 0:
        raise UnreadableFile(_("OCR took longer than %(seconds)d seconds") % {"seconds": timeout})
    try:
        # A fixed command: the file's path is an argument, never parsed by a shell.
        done = subprocess.run(
            command,
            capture_output=True,
            timeout=remaining,
            env=environment,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise UnreadableFile(
            _("OCR took longer than %(seconds)d seconds") % {"seconds": timeout}
        ) from error
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UnreadableFile(
            _("OCR failed (%(tool)s): %(detail)s")
            % {"tool": command[0], "detail": detail[-1] if detail else done.returncode}
        )
    return done.stdout.decode("utf-8", "replace")


# --- Word --------------------------------------------------------------------------------------


def _docx_blocks(document):
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = [cell.text.strip() for cell in row.cells]
                yield " | ".join(cell for cell in cells if cell)
        else:
            yield block.text


def read_docx(data):
    """The Word document's text and what its core properties say."""
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise UnreadableFile(
            _(
                "not a .docx: an older Word document (.doc) or a password-protected one; "
                "save it as .docx without a password"
            )
        )
    try:
        document = docx.Document(io.BytesIO(data))
        text = _paragraphs_text(_docx_blocks(document))
        properties = document.core_properties
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableFile(
            _("not a Word document (.docx) this archive can read: %s") % error
        ) from error
    if not text:
        raise UnreadableFile(_("no text in the Word document"))
    statements = PageStatements(provenance={"text": Source.DOCX_TEXT})
    if title := _stated(properties.title):
        statements.title, statements.provenance["title"] = title[:500], Source.DOCX_TITLE
    if author := _stated(properties.author):
        statements.bylines = [author]
        whose = _("the file’s author, not necessarily the text’s")
        statements.provenance["authors"] = f"{Source.DOCX_AUTHOR} ({whose})"
    if properties.created:
        statements.notes.append(
            _(
                "The file says it was created %(when)s (docx core property: created): the "
                "file's date, not taken as the date of publication"
            )
            % {"when": properties.created.isoformat()}
        )
    return text, statements


# --- Email -------------------------------------------------------------------------------------


def read_email(data):
    """The email's text, its Subject, Date and From, and the names of its attachments."""
    try:
        message = email.message_from_bytes(data, policy=policy.default)
        headers = {key: message[key] for key in ("Subject", "Date", "From")}
    except (MessageError, ValueError, TypeError, IndexError) as error:
        raise UnreadableFile(_("not an email this archive can read: %s") % error) from error
    if not any(headers.values()):
        raise UnreadableFile(_("not an email: it has no Subject, Date or From"))
    statements = PageStatements()
    text = ""
    if part := message.get_body(preferencelist=("plain",)):
        text = _paragraphs_text(part.get_content().replace("\r\n", "\n").split("\n\n"))
        statements.provenance["text"] = Source.EMAIL_PLAIN
    elif part := message.get_body(preferencelist=("html",)):
        from .webpages import read_page

        text, _page = read_page(part.get_content().encode("utf-8"), "utf-8")
        statements.provenance["text"] = Source.EMAIL_HTML
    if not text.strip():
        raise UnreadableFile(_("no text in the email"))
    if subject := _clean(headers["Subject"]):
        statements.title, statements.provenance["title"] = subject[:500], Source.EMAIL_SUBJECT
    date_header = headers["Date"]
    sent = getattr(date_header, "datetime", None) if date_header else None
    if sent is not None:
        statements.published_date, statements.published_time = sent.date(), sent.time()
        statements.provenance["date"] = f"{Source.EMAIL_DATE} ({_clean(date_header)[:60]})"
    sender = headers["From"]
    addresses = getattr(sender, "addresses", ()) if sender else ()
    if addresses:
        name = _clean(addresses[0].display_name) or addresses[0].addr_spec
        statements.bylines, statements.provenance["authors"] = [name], Source.EMAIL_FROM
    unnamed = _("(no name)")
    attachments = [
        f"{attachment.get_filename() or unnamed} ({attachment.get_content_type()})"
        for attachment in message.iter_attachments()
    ]
    if attachments:
        statements.warnings.append(
            _("the email's attachments were not imported: %s") % ", ".join(attachments)
        )
    return text, statements


# --- Importing ---------------------------------------------------------------------------------


def read_document(data, name, language=""):
    """The text and statements of a PDF, Word document or email, by its name's suffix."""
    if len(data) > max_file_bytes():
        raise too_large(max_file_bytes())
    media_type = document_media_type(name)
    if media_type == "application/pdf":
        return read_pdf(data, language)
    if media_type == DOCX_MEDIA_TYPE:
        return read_docx(data)
    if media_type == "message/rfc822":
        return read_email(data)
    raise UnreadableFile(_("not a PDF, a Word document (.docx) or an email (.eml)"))


def import_document(data, name, **options):
    """
    Import a PDF's, Word document's or email's bytes through the importer (import_one),
    keeping the bytes as the article's received file.
    """
    try:
        text, statements = read_document(data, name, options.get("language", ""))
    except UnreadableFile as error:
        return FileResult(name, Outcome.FAILED, str(error))
    received = ReceivedOriginal(
        data=data, name=name, media_type=document_media_type(name), statements=statements
    )
    return import_one(text.encode("utf-8"), name, received=received, **options)
