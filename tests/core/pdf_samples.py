"""PDFs and impostors built in memory for the upload tests. No binary fixtures."""

import io
import zlib

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


def pdf_with_object_stream(body: bytes) -> bytes:
    """A one-page PDF 1.5 whose object 5, `body`, is only in a Flate-compressed object
    stream (object 4), listed by a cross-reference stream (object 6): pypdf reads it,
    a search of the raw bytes does not see it. Six objects and the trailer in all."""
    header = b"5 0 "
    packed = zlib.compress(header + body)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(packed))
        + packed
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.5\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    table_at = len(out)
    # Rows of [type, offset or object stream, generation or index]: 0 free, 1 plain, 2 in
    # an object stream.
    rows = [(0, 0, 0xFFFF), *((1, offset, 0) for offset in offsets), (2, 4, 0), (1, table_at, 0)]
    table = b"".join(
        kind.to_bytes(1, "big") + where.to_bytes(4, "big") + extra.to_bytes(2, "big")
        for kind, where, extra in rows
    )
    out += b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\n" % len(table)
    out += b"stream\n" + table + b"\nendstream\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % table_at
    return bytes(out)


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
