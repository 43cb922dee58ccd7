"""core.uploads: what a PDF upload must be, judged by its content."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfWriter

from core import uploads
from core.scanning import EICAR_NAME, EICAR_SIGNATURE, infected_message
from core.uploads import (
    ENCRYPTED,
    HAS_EMBEDDED_FILES,
    HAS_JAVASCRIPT,
    HAS_LAUNCH,
    NOT_A_PDF,
    TRAILING_DATA,
    check_pdf,
    check_upload,
    sanitize_filename,
)
from tests.core.pdf_samples import (
    EXE,
    HTML,
    SVG,
    encrypted_pdf,
    pdf_with_embedded_file,
    pdf_with_javascript,
    pdf_with_launch,
    upload,
    valid_pdf,
)


def refusal(uploaded_file, check=check_pdf) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        check(uploaded_file)
    return caught.value.messages


def test_check_pdf_valid_pdf_is_accepted_with_its_fingerprint():
    data = valid_pdf()

    checked = check_pdf(upload(data, "Annual report 2022.pdf"))

    assert checked.data == data
    assert checked.name == "Annual report 2022.pdf"
    assert checked.size == len(data)
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert checked.pages == 1


@pytest.mark.parametrize(
    ("data", "name"),
    [(HTML, "report.pdf"), (SVG, "logo.pdf"), (EXE, "setup.pdf"), (b"%PDF-1.7 junk", "x.pdf")],
    ids=["html", "svg", "exe", "header-only"],
)
def test_check_pdf_renamed_non_pdf_is_refused(data, name):
    assert refusal(upload(data, name)) == [NOT_A_PDF]


def test_check_pdf_spoofed_content_type_is_ignored():
    assert refusal(upload(HTML, "report.pdf", content_type="application/pdf")) == [NOT_A_PDF]


def test_check_pdf_pdf_header_after_other_bytes_is_refused():
    # A polyglot: HTML first, a real PDF after it. Readers tolerate it; we do not.
    assert refusal(upload(b"<html>" + valid_pdf())) == [NOT_A_PDF]


def test_check_pdf_empty_file_is_refused():
    assert refusal(upload(b"", "empty.pdf")) == [
        "The file “empty.pdf” is empty. Choose a PDF that has content."
    ]


def test_check_pdf_oversize_file_is_refused(settings):
    settings.AWARDS_MAX_UPLOAD_BYTES = 1024 * 1024
    data = valid_pdf() + b" " * (3 * 1024 * 1024 // 2)

    messages = refusal(upload(data, "big.pdf"))

    assert messages == ["The file “big.pdf” is 1.5 MB. Each file must be 1 MB or smaller."]


def test_check_pdf_just_over_the_limit_says_more_than_not_the_same_size(settings):
    data = valid_pdf()
    settings.AWARDS_MAX_UPLOAD_BYTES = len(data) - 1
    shown = uploads.describe_size(len(data) - 1)
    assert uploads.describe_size(len(data)) == shown

    messages = refusal(upload(data, "big.pdf"))

    assert messages == [
        f"The file “big.pdf” is more than {shown}. Each file must be {shown} or smaller."
    ]


def test_check_pdf_exactly_the_limit_is_accepted(settings):
    data = valid_pdf()
    settings.AWARDS_MAX_UPLOAD_BYTES = len(data)

    assert check_pdf(upload(data)).size == len(data)


def incrementally_updated(pdf: bytes) -> bytes:
    """The PDF with an incremental update appended (a second %%EOF), as editors save."""
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    writer.add_metadata({"/Title": "Updated"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "make",
    [
        lambda pdf: pdf.rstrip() + b"\r\n",
        lambda pdf: pdf + b"\x00\x00\x00",
        lambda pdf: pdf + b"\x1a",
        incrementally_updated,
    ],
    ids=["crlf-ending", "nul-padding", "dos-end-of-file", "incremental-update"],
)
def test_check_pdf_accepts_what_pdf_tools_leave_after_the_end(make):
    data = make(valid_pdf())

    assert uploads.check_pdf_bytes(data, "x.pdf").pages == 1


@pytest.mark.parametrize(
    "make",
    [
        lambda pdf: pdf + HTML,
        lambda pdf: pdf + HTML + pdf[pdf.rfind(b"startxref") :],
        lambda pdf: pdf + b"PK\x05\x06" + bytes(18) + b"\n" + pdf[pdf.rfind(b"startxref") :],
    ],
    ids=["html-after", "html-then-copied-ending", "zip-end-record-then-copied-ending"],
)
def test_check_pdf_refuses_other_data_after_the_end_with_its_code(make):
    with pytest.raises(ValidationError) as refused:
        uploads.check_pdf_bytes(make(valid_pdf()), "x.pdf")

    assert (refused.value.messages, refused.value.code) == ([TRAILING_DATA], "trailing_data")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (pdf_with_javascript, HAS_JAVASCRIPT),
        (pdf_with_launch, HAS_LAUNCH),
        (pdf_with_embedded_file, HAS_EMBEDDED_FILES),
        (encrypted_pdf, ENCRYPTED),
    ],
    ids=["javascript", "launch", "embedded-file", "encrypted"],
)
def test_check_pdf_active_or_locked_pdf_is_refused(make, message):
    assert refusal(upload(make())) == [message]


def test_check_pdf_javascript_behind_hex_escaped_names_is_refused():
    # /J#61vaScript is /JavaScript to a PDF reader; a byte search would miss it.
    data = (
        pdf_with_javascript().replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    )
    assert b"/JavaScript" not in data

    assert refusal(upload(data)) == [HAS_JAVASCRIPT]


def test_check_pdf_word_javascript_in_page_text_is_accepted():
    assert check_pdf(upload(valid_pdf("Our /JavaScript training, see /Launch notes"))).pages == 1


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\ana\\letter.pdf", "letter.pdf"),
        ("bad\x00name.pdf", "badname.pdf"),
        ("evil\u202efdp.exe", "evilfdp.exe"),
        ("  ..hidden.pdf ", "hidden.pdf"),
        ("tab\tand\nnewline.pdf", "tabandnewline.pdf"),
        ("", "document.pdf"),
        ("../..", "document.pdf"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
    ],
)
def test_sanitize_filename_keeps_a_clean_display_name(raw, clean):
    assert sanitize_filename(raw) == clean


def test_check_pdf_display_name_gets_pdf_extension():
    assert check_pdf(upload(valid_pdf(), "scan")).name == "scan.pdf"


# -- the virus-scan hook -------------------------------------------------------------------

scanned: list[tuple[bytes, str]] = []


def recording_scanner(data: bytes, name: str) -> None:
    scanned.append((data, name))


def infected_scanner(data: bytes, name: str) -> None:
    raise ValidationError("This file contains a virus (Eicar-Test-Signature).")


def test_check_upload_calls_the_configured_scanner_with_bytes_and_name(settings):
    settings.AWARDS_UPLOAD_SCANNER = f"{__name__}.recording_scanner"
    scanned.clear()
    data = valid_pdf()

    check_upload(upload(data, "../letter.pdf"))

    assert scanned == [(data, "letter.pdf")]


def test_check_upload_scans_even_files_that_are_not_pdfs(settings):
    settings.AWARDS_UPLOAD_SCANNER = f"{__name__}.recording_scanner"
    scanned.clear()

    refusal(upload(HTML), check=check_upload)

    assert scanned == [(HTML, "evidence.pdf")]


def test_check_upload_infected_file_is_refused_with_the_scanners_message(settings):
    settings.AWARDS_UPLOAD_SCANNER = f"{__name__}.infected_scanner"

    assert refusal(upload(valid_pdf()), check=check_upload) == [
        "This file contains a virus (Eicar-Test-Signature)."
    ]


def test_check_upload_default_scanner_refuses_the_eicar_test_file(settings):
    del settings.AWARDS_UPLOAD_SCANNER

    assert refusal(upload(EICAR_SIGNATURE, "eicar.pdf"), check=check_upload) == [
        infected_message(EICAR_NAME)
    ]


def test_check_upload_default_setting_names_the_eicar_scanner():
    from django.conf import settings

    assert settings.AWARDS_UPLOAD_SCANNER == "core.scanning.eicar_scan"
    assert uploads.DEFAULT_SCANNER == "core.scanning.eicar_scan"
