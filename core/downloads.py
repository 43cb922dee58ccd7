"""Responses that hand a file to the user, and pages no cache may keep.

Every download is an attachment under a name the server chose, never sniffed as another
type, and kept by no shared or browser cache (`private`): the same headers for CSV
exports, PDFs and text files, set with Django's helpers rather than by hand.
"""

import io
import tempfile

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

CSV = "text/csv; charset=utf-8"
PDF = "application/pdf"
TEXT = "text/plain; charset=utf-8"
# A spooled export stays in memory up to this size and moves to a temporary file beyond.
SPOOL_BYTES = 64 * 1024


def private(response: HttpResponse) -> HttpResponse:
    """Keep the response out of every cache ("Cache-Control: private, no-store"): pages
    and files that carry a token in their address or data meant for one person.

    The site-wide Referrer-Policy (same-origin) already keeps a token's address from
    other sites; "no-referrer" would be stricter but makes Chromium send `Origin: null`
    with the endorser's upload form, which Django's CSRF check rightly refuses."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def download(content: bytes | str, *, filename: str, content_type: str) -> HttpResponse:
    """`content` as an attachment named `filename`, private and never sniffed."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return private(response)


def pdf_download(field_file: FieldFile, name: str) -> FileResponse:
    """A stored PDF as an attachment named `name` (see `stored_download`)."""
    return stored_download(field_file, name, content_type=PDF)


def stored_download(field_file: FieldFile, name: str, *, content_type: str) -> FileResponse:
    """A stored file as an attachment named `name`, sent in chunks, private and never
    sniffed; 404 when its file is missing from storage."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return private(response)


class Spool:
    """A long export written once and then sent in chunks: kept in memory up to
    SPOOL_BYTES and in a temporary file beyond, so memory stays flat however many rows
    it holds. Write text (UTF-8) to `text`, then answer with `download`. The writing
    happens before the response starts, so whatever reads the database for it (in one
    snapshot) is done before a slow client is sent a byte."""

    def __init__(self) -> None:
        # Closed by the response that sends it.
        self._file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
        self.text = io.TextIOWrapper(self._file, encoding="utf-8", newline="")

    def download(self, *, filename: str, content_type: str) -> FileResponse:
        self.text.flush()
        handle = self.text.detach()
        handle.seek(0)
        response = FileResponse(
            handle, as_attachment=True, filename=filename, content_type=content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        return private(response)
