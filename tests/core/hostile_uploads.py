"""A corpus of hostile uploads, built in memory (no binary fixtures), each with the exact
message the upload checks give it; a few odd names on clean PDFs that are accepted under
a cleaned display name; and the three upload paths, through their real views.

`corpus()` is what every upload path must refuse; `ODD_NAMES` what it may accept;
`UPLOAD_PATHS` builds each path's target (nominator's attachment, staff's checklist
evidence, endorser's letter) for a logged-in test client.
"""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfWriter

from core.links import new_token, token_hash
from core.scanning import EICAR_NAME, EICAR_SIGNATURE, infected_message
from core.uploads import (
    DEFAULT_MAX_UPLOAD_BYTES,
    ENCRYPTED,
    HAS_EMBEDDED_FILES,
    HAS_JAVASCRIPT,
    HAS_LAUNCH,
    NOT_A_PDF,
    TRAILING_DATA,
)
from nominations.models import Attachment, ChecklistResult, EndorsementRequest, Nomination
from nominations.services.endorsements import endorsement_request
from nominations.states import EndorsementState, NominationState
from tests import factories
from tests.core.pdf_samples import (
    EXE,
    HTML,
    encrypted_pdf,
    pdf_with_embedded_file,
    pdf_with_javascript,
    pdf_with_launch,
    upload,
    valid_pdf,
    with_object_outside_the_table,
)

SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.domain)</script></svg>"
)
JAVASCRIPT = b"fetch('/staff/nominations/export.csv').then(r => r.text()).then(alert);"
EICAR_FILE = EICAR_SIGNATURE + b"\r\n"


@dataclass(frozen=True)
class Hostile:
    """One hostile file: its id, the name and content type the browser sends, its bytes,
    and the one message that refuses it."""

    id: str
    name: str
    data: bytes = field(repr=False)
    message: str
    content_type: str = "application/pdf"

    def as_upload(self):
        return upload(self.data, self.name, content_type=self.content_type)


def zip_of(name: str, payload: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, payload)
    return buffer.getvalue()


def with_copied_ending(pdf: bytes, payload: bytes) -> bytes:
    """`payload` after the PDF, then a copy of the PDF's own last lines (startxref, its
    offset, %%EOF), so the file still ends the way the PDF did."""
    return pdf + payload + pdf[pdf.rfind(b"startxref") :]


def zip_with_pdf_ending(pdf: bytes) -> bytes:
    """A PDF/ZIP polyglot whose ZIP comment is the PDF's last lines: ZIP readers still
    open the archive, and the file ends at a %%EOF."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", HTML)
        archive.comment = b"\n" + pdf[pdf.rfind(b"startxref") :].rstrip()
    return pdf + buffer.getvalue()


def copied_ending(pdf: bytes) -> bytes:
    """The PDF's last lines: startxref, its offset and %%EOF."""
    return pdf[pdf.rfind(b"startxref") :]


def zip_hidden_after_an_earlier_end(place: str) -> bytes:
    """A PDF followed by a ZIP archive where only the start of what follows the first
    %%EOF is looked at: in a comment or in the stream of a pretended update, then the
    PDF's copied ending, close to it or over 64 KB after it."""
    pdf, archive = valid_pdf(), zip_of("index.html", HTML)
    if place == "in-a-comment":
        return pdf + b"%" + archive + b"\n" + copied_ending(pdf)
    if place == "in-an-update-stream":
        stream = b"99 0 obj\n<< /Length %d >>\nstream\n" % len(archive)
        return pdf + stream + archive + b"\nendstream\nendobj\n" + copied_ending(pdf)
    # Too far from the end for a ZIP reader that looks at the last 64 KB, not for others.
    padding = b"%" + b"x" * 70_000 + b"\n"
    return pdf + b"%" + archive + b"\n" + padding + copied_ending(pdf)


def zip_bomb() -> bytes:
    """64 MB of zeros that deflate to about 64 KB."""
    return zip_of("report.pdf", bytes(64 * 1024 * 1024))


def pdf_with_eicar() -> bytes:
    """A valid one-page PDF that carries the EICAR signature in an uncompressed stream."""
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.add_metadata({"/Title": "Letter of support"})
    data = io.BytesIO()
    writer.write(data)
    pdf = data.getvalue()
    # A PDF comment line right after the header: readers skip it, scanners see it.
    header_end = pdf.index(b"\n") + 1
    return pdf[:header_end] + b"%" + EICAR_SIGNATURE + b"\n" + pdf[header_end:]


def pdf_with_escaped_javascript() -> bytes:
    """/J#61vaScript is /JavaScript to a reader; a plain byte search misses it."""
    return (
        pdf_with_javascript().replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    )


def oversize_pdf() -> bytes:
    """A clean PDF padded with whitespace to one byte over the default 10 MB limit."""
    pdf = valid_pdf()
    return pdf + b" " * (DEFAULT_MAX_UPLOAD_BYTES + 1 - len(pdf))


def too_big_message(name: str) -> str:
    return f"The file “{name}” is more than 10 MB. Each file must be 10 MB or smaller."


def empty_message(name: str) -> str:
    return f"The file “{name}” is empty. Choose a PDF that has content."


def corpus() -> list[Hostile]:
    """Every hostile file; at least 20, each refused with its message."""
    pdf = valid_pdf()
    eicar = infected_message(EICAR_NAME)
    return [
        Hostile(
            "double-extension-exe", "letter.pdf.exe", EXE, NOT_A_PDF, "application/x-msdownload"
        ),
        Hostile("double-extension-pdf", "letter.exe.pdf", EXE, NOT_A_PDF),
        Hostile("spoofed-content-type-html", "report.pdf", HTML, NOT_A_PDF),
        Hostile("html-renamed", "page.pdf", HTML, NOT_A_PDF, "text/html"),
        Hostile("svg-with-script-renamed", "logo.pdf", SVG_WITH_SCRIPT, NOT_A_PDF, "image/svg+xml"),
        Hostile("javascript-renamed", "script.pdf", JAVASCRIPT, NOT_A_PDF, "text/javascript"),
        Hostile("pdf-open-action-javascript", "form.pdf", pdf_with_javascript(), HAS_JAVASCRIPT),
        Hostile(
            "pdf-escaped-javascript", "form2.pdf", pdf_with_escaped_javascript(), HAS_JAVASCRIPT
        ),
        Hostile(
            "pdf-escaped-javascript-outside-the-table",
            "form3.pdf",
            with_object_outside_the_table(
                pdf, b"99 0 obj\n<< /S /J#61vaScript /J#53 (app.alert(1)) >>\nendobj\n"
            ),
            HAS_JAVASCRIPT,
        ),
        Hostile("pdf-launch-action", "launch.pdf", pdf_with_launch(), HAS_LAUNCH),
        Hostile("pdf-embedded-file", "bundle.pdf", pdf_with_embedded_file(), HAS_EMBEDDED_FILES),
        Hostile("polyglot-html-then-pdf", "poly.pdf", HTML + pdf, NOT_A_PDF),
        Hostile("polyglot-zip-then-pdf", "poly2.pdf", zip_of("a.html", HTML) + pdf, NOT_A_PDF),
        Hostile("polyglot-pdf-then-zip", "poly3.pdf", pdf + zip_of("a.html", HTML), TRAILING_DATA),
        Hostile("polyglot-pdf-then-html", "poly4.pdf", pdf + HTML, TRAILING_DATA),
        Hostile(
            "polyglot-pdf-html-copied-ending",
            "poly5.pdf",
            with_copied_ending(pdf, HTML),
            TRAILING_DATA,
        ),
        Hostile(
            "polyglot-pdf-zip-ending-in-comment",
            "poly6.pdf",
            zip_with_pdf_ending(pdf),
            TRAILING_DATA,
        ),
        Hostile(
            "polyglot-pdf-zip-in-a-comment-64-kb-before-the-end",
            "poly7.pdf",
            zip_hidden_after_an_earlier_end("64-kb-before-the-end"),
            TRAILING_DATA,
        ),
        Hostile("zip-bomb-renamed", "archive.pdf", zip_bomb(), NOT_A_PDF),
        Hostile("eicar-file", "eicar.pdf", EICAR_FILE, eicar),
        Hostile("eicar-inside-pdf", "clean-looking.pdf", pdf_with_eicar(), eicar),
        Hostile("encrypted-pdf", "locked.pdf", encrypted_pdf(), ENCRYPTED),
        Hostile("empty-file", "empty.pdf", b"", empty_message("empty.pdf")),
        Hostile("truncated-pdf", "cut.pdf", pdf[: len(pdf) // 2], NOT_A_PDF),
        Hostile("pdf-header-only", "header.pdf", b"%PDF-1.7\n%%EOF\n", NOT_A_PDF),
        Hostile("oversize-pdf", "big.pdf", oversize_pdf(), too_big_message("big.pdf")),
        Hostile("traversal-name-html", "../../etc/passwd.pdf", HTML, NOT_A_PDF),
        Hostile("nul-in-name-exe", "invoice.pdf\x00.exe", EXE, NOT_A_PDF),
        Hostile("rtl-override-name-exe", "report\u202efdp.exe", EXE, NOT_A_PDF),
    ]


# Odd names on clean PDFs: (id, name sent, display name kept). Django's upload parser
# already drops folders and unprintable characters; sanitize_filename does the rest.
ODD_NAMES = [
    ("path-traversal", "../../etc/passwd.pdf", "passwd.pdf"),
    ("windows-traversal", "..\\..\\x.pdf", "x.pdf"),
    ("nul-byte", "bad\x00name.pdf", "badname.pdf"),
    ("rtl-override", "evil\u202efdp.pdf", "evilfdp.pdf"),
    ("markup", "<img src=x onerror=alert(1)>.pdf", "<img src=x onerror=alert(1)>.pdf"),
]


# -- the three upload paths ----------------------------------------------------------------


@dataclass
class UploadTarget:
    """One upload form: where it posts, its file field and other input, where its file
    error is shown, and what it would have stored."""

    nomination: Nomination
    url: str
    field: str
    other_input: dict
    error_opening: str
    stored_rows: Callable[[], int]

    def post(self, client, uploaded, **headers):
        return client.post(self.url, {**self.other_input, self.field: uploaded}, **headers)

    def error_html(self, message: str) -> str:
        return f"{self.error_opening}{escape(message)}</span>"


def attachment_target(client) -> UploadTarget:
    """A nominator's draft, its owner signed in; `next` is the input to keep."""
    nomination = factories.NominationFactory()
    client.force_login(nomination.nominator)
    return UploadTarget(
        nomination=nomination,
        url=reverse("nominations:attachment_upload", args=[nomination.pk]),
        field="file",
        other_input={"next": reverse("nominations:nomination_edit", args=[nomination.pk])},
        error_opening='<span class="usa-error-message" id="attachment-file-error" role="alert">',
        stored_rows=Attachment.objects.count,
    )


def evidence_target(client) -> UploadTarget:
    """A nomination in vetting, award staff signed in; result and note are kept."""
    nomination = factories.nomination_in(NominationState.VETTING)
    item = nomination.cycle.checklist_items.get(required=True)
    client.force_login(factories.award_staff())
    return UploadTarget(
        nomination=nomination,
        url=reverse("nominations:staff_checklist_result", args=[nomination.pk, item.pk]),
        field="evidence",
        other_input={"result": "concern", "note": "Memo & <b>scan</b> attached", "revision": 0},
        error_opening=f'<span class="usa-error-message" id="check-{item.pk}-evidence-error">',
        stored_rows=ChecklistResult.objects.count,
    )


def letter_target(client) -> UploadTarget:
    """An endorser's open link, nobody signed in; the link must stay usable."""
    nomination = factories.NominationFactory()
    endorsement = endorsement_request(
        nomination=nomination,
        actor=nomination.nominator,
        name="Ana Ruiz",
        email="ana@partner.example.org",
        relationship="program partner",
    )
    token = new_token()
    EndorsementRequest.objects.filter(pk=endorsement.pk).update(token_hash=token_hash(token))
    return UploadTarget(
        nomination=nomination,
        url=reverse("nominations:endorse", args=[token]),
        field="file",
        other_input={},
        error_opening='<span class="usa-error-message" id="letter-file-error" role="alert">',
        stored_rows=EndorsementRequest.objects.filter(state=EndorsementState.RECEIVED)
        .exclude(letter="")
        .count,
    )


UPLOAD_PATHS = {
    "attachment": attachment_target,
    "checklist-evidence": evidence_target,
    "endorsement-letter": letter_target,
}


def stored_files() -> list[str]:
    """Every file under MEDIA_ROOT, relative to it."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
