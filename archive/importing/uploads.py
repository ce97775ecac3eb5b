"""
Uploads held to the importer's limit while they arrive.

Django keeps an uploaded file, whatever its size, in memory or in a temporary file; its own
settings limit only the number of files and the size of the other fields. This handler, first
in FILE_UPLOAD_HANDLERS, counts each file's bytes as they are received and drops the file as
soon as it passes IMPORT_MAX_FILE_BYTES: the rest of it is read off the connection and thrown
away, never stored. The names of the dropped files are left on the request, in
`uploads_over_limit`, for the view to say so.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


def uploads_over_limit(request):
    """The names of the files this request's upload dropped for being too large."""
    return getattr(request, "uploads_over_limit", [])


class FileSizeLimitUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.IMPORT_MAX_FILE_BYTES:
            self.request.uploads_over_limit = [*uploads_over_limit(self.request), self.file_name]
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        # The next handler (memory or temporary file) makes the file.
        return None
