"""Streaming upload handling: files go to a temporary file on disk, never whole into memory, and an
upload past FILINGS_MAX_UPLOAD_BYTES is cut off while it streams (the rest of the form is still read).
"""

from django.conf import settings
from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler


class SizeLimitedUploadHandler(TemporaryFileUploadHandler):
    """Writes each file to disk in chunks; stops keeping a file once it passes the limit.

    Raising SkipFile (not StopUpload) makes Django skip only the rest of that file and go on reading
    the other fields, so the titles typed in the same form are kept. The view reads
    `request.upload_too_large` to tell the filer why the file is missing.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.FILINGS_MAX_UPLOAD_BYTES
        if request is not None:
            request.upload_too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        return None  # let the parser stream; a large Content-Length alone is not proof of a large file

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            if self.request is not None:
                self.request.upload_too_large = True
            raise SkipFile()
        return super().receive_data_chunk(raw_data, start)


def use_size_limited_uploads(request) -> None:
    """Replaces the request's upload handlers; call before anything reads request.POST or FILES."""
    request.upload_handlers = [SizeLimitedUploadHandler(request)]
