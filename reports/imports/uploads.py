"""An upload handler that refuses a workbook past ``PARTYCELL_IMPORT_MAX_BYTES`` without storing it."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

# Room for the multipart envelope and the other fields of the form around the file itself.
ENVELOPE_BYTES = 64 * 1024


def import_max_bytes() -> int:
    return int(settings.PARTYCELL_IMPORT_MAX_BYTES)


class SizeLimitUploadHandler(FileUploadHandler):
    """Placed before Django's own handlers: stops the upload as soon as the request announces, or its file
    reaches, more bytes than the limit. Nothing past the limit is kept in memory or written to disk; the
    handlers after it close and delete what they had. ``request.upload_too_big`` tells the form."""

    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.limit = import_max_bytes()
        self.received = 0
        self.request_length: int | None = None
        if request is not None:
            request.upload_too_big = False

    def refuse(self) -> None:
        if self.request is not None:
            self.request.upload_too_big = True
        # connection_reset=False: Django reads the rest of the body and discards it, so that the browser
        # gets the page with the message instead of a reset connection.
        raise StopUpload(connection_reset=False)

    def handle_raw_input(
        self, input_data, META, content_length, boundary, encoding=None
    ) -> None:
        self.request_length = content_length
        return None

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        if self.request_length and self.request_length > self.limit + ENVELOPE_BYTES:
            self.refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
