"""
The HTTP side of the export: the built zip, and the Popolo document inside it, answered
conditionally, never built in a request.
"""

import os
import zipfile

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _

from .. import popolo
from .build import BUILT_NAME, RETRY_AFTER_SECONDS, built_path
from .schema import PACKAGE_NAME, RDF_DIR

POPOLO_MEMBER = f"{PACKAGE_NAME}/{popolo.FILE_NAME}"
READ_SIZE = 64 * 1024


def conditional(request, package, tag=""):
    """
    The built file's ETag and build time, and the 304 to answer with if the request already
    has it (the file is closed then), else None. The file opened, not the name: a build
    swapping in a new one meanwhile changes neither.
    """
    status = os.fstat(package.fileno())
    etag = f'"{tag}{status.st_mtime_ns:x}-{status.st_size:x}"'
    built_at = int(status.st_mtime)
    not_modified = get_conditional_response(request, etag=etag, last_modified=built_at)
    if not_modified is not None:
        package.close()
        not_modified["ETag"] = etag  # as a 304 should (RFC 9110), and as the schema says
    return etag, built_at, not_modified


def built_export_response(request):
    """
    The built zip, with its build time as Last-Modified and an ETag made from the file's own
    size and time, so a conditional request is answered without reading the database; or None
    when no package has been built yet. Never builds one.
    """
    try:
        package = open(built_path(), "rb")  # noqa: SIM115 (FileResponse closes it)
    except FileNotFoundError:
        return None
    etag, built_at, not_modified = conditional(request, package)
    if not_modified is not None:
        return not_modified
    response = FileResponse(
        package,
        as_attachment=True,
        filename=BUILT_NAME,
        content_type="application/zip",
    )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(built_at)
    return response


def built_rdf_response(name, content_type):
    """
    A file of the built package's `rdf/` folder (the dump, its VoID description), streamed from
    the zip (so never kept by the page cache, and always the package's own); a plain 503 with
    `Retry-After` while no package has been built.
    """
    try:
        package = zipfile.ZipFile(built_path())
    except FileNotFoundError:
        response = HttpResponse(
            _("No export has been built yet: try again later.") + "\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    member = package.open(f"{PACKAGE_NAME}/{RDF_DIR}/{name}")
    package.close()  # the open member keeps the file open until the response closes it
    response = FileResponse(member, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def built_popolo_response(request):
    """
    The Popolo document of the built zip, read out of it as it is sent: the same bytes the
    package holds, with the package's build time and an ETag of its own (it is another
    representation than the zip). None when no package, or one from before Popolo was in it,
    has been built.
    """
    try:
        package = open(built_path(), "rb")  # noqa: SIM115 (closed when the body is sent)
    except FileNotFoundError:
        return None
    try:
        archive = zipfile.ZipFile(package)
        member = archive.getinfo(POPOLO_MEMBER)
    except (KeyError, zipfile.BadZipFile):
        package.close()
        return None
    etag, built_at, not_modified = conditional(request, package, tag="popolo-")
    if not_modified is not None:
        return not_modified

    def body():
        try:
            with archive.open(member) as document:
                while block := document.read(READ_SIZE):
                    yield block
        finally:
            package.close()

    response = StreamingHttpResponse(body(), content_type="application/json")
    response["Content-Length"] = str(member.file_size)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(built_at)
    return response
