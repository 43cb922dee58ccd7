"""PDFs and impostors built in memory for the upload tests. No binary fixtures."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen import canvas


def valid_pdf(text: str = "Letter of support") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=LETTER)
    page.drawString(72, 720, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _blank_writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    return writer


def pdf_with_open_action(action: str, **entries) -> bytes:
    """A PDF whose catalog runs an action when opened: /JavaScript or /Launch."""
    writer = _blank_writer()
    action_dict = DictionaryObject({NameObject("/S"): NameObject(f"/{action}")})
    for key, value in entries.items():
        action_dict[NameObject(f"/{key}")] = TextStringObject(value)
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action_dict)
    return _written(writer)


def pdf_with_javascript() -> bytes:
    return pdf_with_open_action("JavaScript", JS="app.alert('hello');")


def pdf_with_launch() -> bytes:
    return pdf_with_open_action("Launch", F="calc.exe")


def pdf_with_embedded_file() -> bytes:
    writer = _blank_writer()
    writer.add_attachment("payload.txt", b"hidden")
    return _written(writer)


def encrypted_pdf() -> bytes:
    writer = _blank_writer()
    writer.encrypt("secret-password")
    return _written(writer)


HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"PE\x00\x00"


def upload(data: bytes, name: str = "evidence.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def with_object_outside_the_table(pdf: bytes, obj: bytes) -> bytes:
    """`pdf` (one cross-reference table, as reportlab writes) with `obj` written just
    before its table but not listed in it, and `startxref` moved to match: pypdf reads
    the file as before and never sees `obj`; a reader rebuilding the table would."""
    table = pdf.rindex(b"\nxref") + 1
    startxref = pdf.rindex(b"startxref")
    return (
        pdf[:table] + obj + pdf[table:startxref] + b"startxref\n%d\n%%%%EOF\n" % (table + len(obj))
    )


class StreamedUpload:
    """An upload whose bytes come in chunks: `data`, then spaces up to `size` bytes in
    all, under a declared size that may be missing (None) or less than the truth. Counts
    the bytes handed out, so a test can tell how far the check read."""

    def __init__(self, data: bytes, *, size: int, declared: int | None, name="big.pdf"):
        self.name, self.size = name, declared
        self.data, self.total, self.read = data, size, 0

    def chunks(self, chunk_size=None):
        chunk_size = chunk_size or 65536
        while self.read < self.total:
            end = min(self.read + chunk_size, self.total)
            piece = self.data[self.read : end]
            piece += b" " * (end - self.read - len(piece))
            self.read = end
            yield piece
