"""
PDFs, Word documents and emails in: their text extracted (a scan read by OCR), their own
statements taken with where each came from, the file kept byte for byte, and nothing left
behind when one cannot be read. Every file is made here.
"""

import hashlib
import io
import os
import shutil
from email.message import EmailMessage

import docx
import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A5
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from archive.importing import documents, importer
from archive.importing.documents import import_document
from archive.models import Article, ReceivedFile

from .test_import_web import stored_originals

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:archive_article_import")
# Debian's fonts-dejavu-core (scripts/system-packages): Latin and Cyrillic letters.
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TEXT_LINES = [
    "ASTANA. KAZINFORM – Roman Vassilenko met a delegation of the Belgian Senate.",
    "The sides discussed trade and the new direct flights to Brussels.",
    "Делегация Сената Бельгии посетила Астану.",
]


def born_digital_pdf(lines=TEXT_LINES, title="Belgian Senate delegation visits Astana", author=""):
    """A one-page PDF with a text layer (DejaVu embedded) and document information."""
    pdfmetrics.registerFont(TTFont("DejaVuSans", DEJAVU))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A5, invariant=1)
    if title:
        page.setTitle(title)
    if author:
        page.setAuthor(author)
    page.setFont("DejaVuSans", 9)
    for number, line in enumerate(lines):
        page.drawString(30, 560 - 14 * number, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def scanned_page(lines):
    """A page of text as a scanner gives it: an image, no text layer."""
    font = ImageFont.truetype(DEJAVU, 28)
    image = Image.new("L", (1240, 60 + 50 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((60, 30 + 50 * number), line, font=font, fill=0)
    return image


def scanned_pdf(*pages):
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=150, save_all=True, append_images=list(pages[1:]))
    return buffer.getvalue()


SCAN_LINES = [
    "Belgian Senate delegation visits Astana",
    "The delegation met the Foreign Minister",
    "Делегация Сената Бельгии посетила Астану.",
]


def word_document():
    document = docx.Document()
    document.add_paragraph("Kazakhstan and Belgium hold political consultations")
    document.add_paragraph(
        "On 17 October 2021, Deputy Minister of Foreign Affairs of Kazakhstan Roman "
        "Vassilenko held political consultations with the Belgian side in Brussels."
    )
    document.add_paragraph("Стороны обсудили торговлю и инвестиции.")
    properties = document.core_properties
    properties.title = "Political consultations"
    properties.author = "Kudrenok Tatyana"
    properties.created = properties.created.replace(2022, 3, 4, 9, 30, 0)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def email_message(html_only=False):
    message = EmailMessage()
    message["Subject"] = "Visite d’une délégation kazakhe à Bruxelles"
    message["From"] = "Service de presse <presse@diplomatie.example>"
    message["To"] = "archive@example.org"
    message["Date"] = "Sun, 17 Oct 2021 10:15:00 +0200"
    body = (
        "Bruxelles, le 17 octobre 2021 – Une délégation du Kazakhstan a été reçue au SPF "
        "Affaires étrangères.\n\nLes deux parties ont évoqué le commerce et les investissements."
    )
    if html_only:
        paragraphs = "".join(f"<p>{part}</p>" for part in body.split("\n\n"))
        message.set_content(
            f"<html><body><nav>Accueil</nav><article>{paragraphs}</article></body></html>",
            subtype="html",
        )
    else:
        message.set_content(body)
        message.add_attachment(
            b"%PDF-1.4 programme", maintype="application", subtype="pdf", filename="programme.pdf"
        )
    return message.as_bytes()


@pytest.fixture
def ocr():
    """Tesseract and pdftoppm: in CI their absence fails; elsewhere it skips the test."""
    missing = [tool for tool in ("tesseract", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        message = (
            f"{', '.join(missing)} not installed, so scanned PDFs cannot be read. Install "
            "Debian's tesseract-ocr, its language data and poppler-utils: scripts/system-packages"
        )
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def assert_nothing_left_behind(result, articles, before):
    assert result.outcome == importer.Outcome.FAILED
    assert Article.objects.count() == articles and not ReceivedFile.objects.exists()
    assert stored_originals() == before


# --- PDF ---------------------------------------------------------------------------------------


def test_a_born_digital_pdf_is_imported_with_its_document_information(corpus):
    data = born_digital_pdf(author="Kudrenok Tatyana")

    result = import_document(data, "senate.pdf")

    assert result.outcome == importer.Outcome.IMPORTED, result.message
    article = result.article
    assert article.status == Article.Status.DRAFT
    assert article.title == "Belgian Senate delegation visits Astana"
    assert article.dateline == "ASTANA. KAZINFORM –"
    assert "Делегация Сената Бельгии посетила Астану." in article.body
    assert article.authorships.get().person.slug == "tatyana-kudrenok"
    assert result.provenance == {
        "text": "the PDF's text layer",
        "title": "PDF document information: /Title",
        "authors": "PDF document information: /Author",
    }
    # The PDF's creation date is the file's: written down, never taken as the article's date.
    assert article.date_edtf == ""
    assert "no date" in result.flags
    assert (
        "The file says it was created 2000-01-01T00:00:00+00:00 (PDF document information: "
        "/CreationDate): the file's date, not taken as the date of publication."
    ) in article.editorial_note
    assert article.editorial_note.startswith(
        "Imported from the PDF senate.pdf: text from the PDF's text layer, title from PDF "
        "document information: /Title, authors from PDF document information: /Author; "
        "not checked by an editor."
    )

    received = article.received_files.get()
    assert received.file.read() == data
    assert received.sha256 == hashlib.sha256(data).hexdigest()
    assert (received.media_type, received.size) == ("application/pdf", len(data))
    assert received.provenance["title"] == "PDF document information: /Title"


def test_a_pdf_without_a_title_keeps_none_and_is_flagged(corpus):
    # The PDF writer fills in "untitled" and "anonymous": its placeholders, not statements.
    data = born_digital_pdf(title="")
    info = pypdf.PdfReader(io.BytesIO(data)).metadata
    assert (info["/Title"], info["/Author"]) == ("untitled", "anonymous")

    result = import_document(data, "untitled.pdf")

    assert result.outcome == importer.Outcome.IMPORTED, result.message
    assert result.article.title == ""
    assert "no title" in result.flags
    assert result.provenance == {"text": "the PDF's text layer"}


def test_the_same_pdf_twice_is_a_duplicate_with_one_file(corpus):
    data = born_digital_pdf()
    import_document(data, "senate.pdf")

    assert import_document(data, "copy.pdf").outcome == importer.Outcome.DUPLICATE
    assert ReceivedFile.objects.count() == 1


def encrypted_pdf():
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(born_digital_pdf())))
    writer.encrypt("secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "name", "message"),
    [
        (encrypted_pdf, "locked.pdf", "encrypted PDF: it cannot be read without its password"),
        (lambda: born_digital_pdf()[:400], "cut.pdf", "broken PDF"),
        (lambda: b"%PDF-1.7\n%garbage\n" + b"\x00" * 200, "garbage.pdf", "broken PDF"),
        (lambda: b"PK\x03\x04 a zip", "fake.pdf", "not a PDF"),
        (lambda: b"PK\x03\x04 a zip", "fake.docx", "not a Word document (.docx)"),
        (lambda: b"\xd0\xcf\x11\xe0 an old doc", "old.docx", "an older Word document (.doc)"),
        (lambda: b"just some words\n", "note.eml", "not an email"),
    ],
)
def test_a_file_that_cannot_be_read_is_named_and_leaves_nothing_behind(corpus, make, name, message):
    articles, before = Article.objects.count(), stored_originals()

    result = import_document(make(), name)

    assert message in result.message
    assert_nothing_left_behind(result, articles, before)


def test_a_file_over_the_limit_is_refused(corpus, settings):
    settings.IMPORT_MAX_FILE_BYTES = 1000
    result = import_document(born_digital_pdf(), "senate.pdf")
    assert result.outcome == importer.Outcome.FAILED
    assert "too large: the limit is 1,000 bytes" in result.message


# --- OCR ---------------------------------------------------------------------------------------


@pytest.mark.usefixtures("ocr")
def test_a_scanned_pdf_is_read_by_ocr_with_its_confidence_recorded(corpus):
    data = scanned_pdf(scanned_page(SCAN_LINES))

    result = import_document(data, "scan.pdf")

    assert result.outcome == importer.Outcome.IMPORTED, result.message
    article = result.article
    for word in ("Belgian", "Senate", "delegation", "Minister", "Делегация", "Бельгии"):
        assert word in article.raw_text
    text_source = result.provenance["text"]
    assert text_source.startswith("OCR (tesseract, kaz+rus+eng+fra+nld), mean word confidence ")
    confidence = int(text_source.rsplit(" ", 2)[1])
    assert documents.OCR_PROOFREAD_BELOW <= confidence <= 100
    assert f"mean word confidence {confidence} %" in article.editorial_note
    assert not any("proofread" in flag for flag in result.flags)
    assert article.received_files.get().file.read() == data


@pytest.mark.usefixtures("ocr")
def test_text_read_with_low_confidence_is_flagged_for_proofreading(corpus, monkeypatch):
    monkeypatch.setattr(documents, "OCR_PROOFREAD_BELOW", 101)

    result = import_document(scanned_pdf(scanned_page(SCAN_LINES[:1])), "scan.pdf", language="en")

    assert result.provenance["text"].startswith("OCR (tesseract, eng)")
    proofread = [flag for flag in result.flags if flag.endswith("proofread against the original")]
    assert proofread and proofread[0].startswith("OCR, confidence ")
    assert proofread[0] in result.article.editorial_note


@pytest.mark.usefixtures("ocr")
def test_ocr_stops_at_the_page_limit_and_says_so(corpus, settings):
    settings.IMPORT_OCR_MAX_PAGES = 1
    pages = [scanned_page(SCAN_LINES[:1]), scanned_page(["A second page left unread"])]

    result = import_document(scanned_pdf(*pages), "two-pages.pdf", language="en")

    assert result.outcome == importer.Outcome.IMPORTED, result.message
    assert "second page" not in result.article.raw_text
    assert "OCR stopped at 1 page(s) (DJANGO_IMPORT_OCR_MAX_PAGES): 1 more" in " ".join(
        result.flags
    )


@pytest.mark.usefixtures("ocr")
def test_a_blank_scan_has_no_text_even_after_ocr_and_leaves_nothing_behind(corpus):
    articles, before = Article.objects.count(), stored_originals()
    blank = Image.new("L", (600, 400), 255)

    result = import_document(scanned_pdf(blank), "blank.pdf", language="en")

    assert result.message == "no text in the PDF, even after OCR"
    assert_nothing_left_behind(result, articles, before)


@pytest.mark.usefixtures("ocr")
def test_ocr_that_takes_too_long_is_stopped(corpus, settings):
    settings.IMPORT_OCR_TIMEOUT_SECONDS = 0
    result = import_document(scanned_pdf(scanned_page(SCAN_LINES[:1])), "scan.pdf")
    assert result.message == "OCR took longer than 0 seconds"


def test_a_scan_without_ocr_installed_says_what_to_install(corpus, monkeypatch):
    articles, before = Article.objects.count(), stored_originals()
    monkeypatch.setattr(documents.shutil, "which", lambda tool: None)

    result = import_document(scanned_pdf(scanned_page(SCAN_LINES[:1])), "scan.pdf")

    assert "need OCR, and the server has no pdftoppm, tesseract" in result.message
    assert "tesseract-ocr" in result.message
    assert_nothing_left_behind(result, articles, before)


# --- Word and email ----------------------------------------------------------------------------


def test_a_word_document_is_imported_with_its_core_properties(corpus):
    data = word_document()

    result = import_document(data, "consultations.docx")

    assert result.outcome == importer.Outcome.IMPORTED, result.message
    article = result.article
    assert article.title == "Political consultations"
    # The document's first line is not its title property: it stays in the text.
    assert article.body.startswith("Kazakhstan and Belgium hold political consultations")
    assert "Стороны обсудили торговлю и инвестиции." in article.body
    assert result.provenance["title"] == "docx core property: title"
    assert result.provenance["authors"].startswith("docx core property: author (the file’s")
    assert article.authorships.get().person.slug == "tatyana-kudrenok"
    # Created is the file's date: noted, and the date stays empty.
    assert article.date_edtf == "" and "no date" in result.flags
    assert "created 2022-03-04T09:30:00+00:00 (docx core property: created): the file's date" in (
        article.editorial_note
    )
    received = article.received_files.get()
    assert (received.media_type, received.file.read()) == (DOCX, data)


def test_an_email_is_imported_with_its_subject_date_and_sender(corpus):
    data = email_message()

    result = import_document(data, "visite.eml")

    assert result.outcome == importer.Outcome.IMPORTED, result.message
    article = result.article
    assert article.title == "Visite d’une délégation kazakhe à Bruxelles"
    assert (article.date_edtf, str(article.published_time)) == ("2021-10-17", "10:15:00")
    assert article.language == "fr"
    assert article.body.startswith("Une délégation du Kazakhstan a été reçue")
    assert result.provenance == {
        "text": "the email's text/plain part",
        "title": "email Subject",
        "date": "email Date header (Sun, 17 Oct 2021 10:15:00 +0200)",
        "authors": "email From header",
    }
    assert "byline “Service de presse” matches no single person" in result.flags
    attachments = "the email's attachments were not imported: programme.pdf (application/pdf)"
    assert attachments in result.flags
    assert attachments in article.editorial_note
    assert "Imported from the email visite.eml" in article.editorial_note
    received = article.received_files.get()
    assert (received.media_type, received.file.read()) == ("message/rfc822", data)


def test_an_html_only_email_is_read_as_a_web_page(corpus):
    result = import_document(email_message(html_only=True), "visite.eml")

    assert result.outcome == importer.Outcome.IMPORTED, result.message
    assert result.provenance["text"] == "the email's HTML part (trafilatura main text)"
    assert "Une délégation du Kazakhstan" in result.article.raw_text
    assert "Accueil" not in result.article.raw_text
    assert not any("attachments" in flag for flag in result.flags)


# --- The admin and the command -----------------------------------------------------------------


def test_an_editor_uploads_a_pdf_a_word_document_and_an_email(corpus, editor_client):
    uploads = [
        SimpleUploadedFile("senate.pdf", born_digital_pdf(), content_type="application/pdf"),
        SimpleUploadedFile("consultations.docx", word_document(), content_type=DOCX),
        SimpleUploadedFile("visite.eml", email_message(), content_type="message/rfc822"),
    ]

    response = editor_client.post(IMPORT_URL, {"files": uploads})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Imported 3, duplicates 0, flagged 3, failed 0" in page
    assert "title: PDF document information: /Title" in page
    assert "the file&#x27;s date, not taken as the date of publication" in page
    media_types = sorted(ReceivedFile.objects.values_list("media_type", flat=True))
    assert media_types == ["application/pdf", DOCX, "message/rfc822"]


def test_the_command_imports_pdfs_word_documents_and_emails_from_a_folder(corpus, tmp_path):
    (tmp_path / "senate.pdf").write_bytes(born_digital_pdf())
    (tmp_path / "consultations.docx").write_bytes(word_document())
    (tmp_path / "visite.eml").write_bytes(email_message())
    out = io.StringIO()

    call_command("import_articles", str(tmp_path), stdout=out)

    output = out.getvalue()
    assert "imported: senate.pdf — Belgian Senate delegation visits Astana" in output
    assert "imported: consultations.docx — Political consultations" in output
    assert "imported: visite.eml — Visite d’une délégation kazakhe à Bruxelles [2021-10-17]" in (
        output
    )
    assert "title from: email Subject" in output
    assert "note: The file says it was created" in output
    assert ReceivedFile.objects.count() == 3
