"""core.uploads: what a PDF upload must be, judged by its content."""

import hashlib
import io
import logging

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)

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
from tests.core.hostile_uploads import copied_ending, zip_hidden_after_an_earlier_end
from tests.core.pdf_samples import (
    EXE,
    HTML,
    SVG,
    StreamedUpload,
    encrypted_pdf,
    pdf_with_embedded_file,
    pdf_with_javascript,
    pdf_with_launch,
    pdf_with_object_stream,
    upload,
    valid_pdf,
    with_object_outside_the_table,
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


def test_max_upload_bytes_is_10_mb_without_the_setting_and_the_setting_when_given(settings):
    settings.AWARDS_MAX_UPLOAD_BYTES = "2048"
    assert uploads.max_upload_bytes() == 2048

    del settings.AWARDS_MAX_UPLOAD_BYTES
    assert uploads.max_upload_bytes() == 10 * 1024 * 1024


class BareUpload:
    """An upload with chunks and nothing else: no name, no declared size."""

    def __init__(self, data: bytes):
        self.data = data

    def chunks(self, chunk_size=None):
        yield self.data


def test_read_upload_of_a_file_without_name_or_size_uses_the_default_name():
    assert uploads.read_upload(BareUpload(b"%PDF-")) == (b"%PDF-", "document.pdf")
    assert uploads.read_upload(BareUpload(b"GIF89a"), default_name="photo.png") == (
        b"GIF89a",
        "photo.png",
    )


def test_read_upload_empty_file_without_a_name_names_the_default_and_the_kind():
    with pytest.raises(ValidationError) as refused:
        uploads.read_upload(BareUpload(b""), kind="an image", default_name="photo.png")

    assert (refused.value.messages, refused.value.code) == (
        ["The file “photo.png” is empty. Choose an image that has content."],
        "empty",
    )


def test_read_upload_given_limit_wins_over_the_setting(settings):
    settings.AWARDS_MAX_UPLOAD_BYTES = 1024 * 1024

    with pytest.raises(ValidationError) as refused:
        uploads.read_upload(BareUpload(b"x" * 2049), limit=2048)

    assert (refused.value.messages, refused.value.code) == (
        ["The file “document.pdf” is more than 2 KB. Each file must be 2 KB or smaller."],
        "too_big",
    )
    assert uploads.read_upload(BareUpload(b"x" * 2048), limit=2048)[0] == b"x" * 2048


def test_read_upload_declared_size_over_the_limit_is_refused_before_reading(settings):
    settings.AWARDS_MAX_UPLOAD_BYTES = 1024 * 1024
    streamed = StreamedUpload(b"", size=0, declared=3 * 1024 * 1024 // 2)

    with pytest.raises(ValidationError) as refused:
        uploads.read_upload(streamed)

    assert (refused.value.messages, refused.value.code) == (
        ["The file “big.pdf” is 1.5 MB. Each file must be 1 MB or smaller."],
        "too_big",
    )
    assert streamed.read == 0


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


@pytest.mark.parametrize("place", ["in-a-comment", "in-an-update-stream", "64-kb-before-the-end"])
def test_check_pdf_refuses_a_zip_end_record_hidden_after_an_earlier_end_of_file(place):
    data = zip_hidden_after_an_earlier_end(place)
    assert data.count(b"%%EOF") == 2
    assert data.index(b"PK\x05\x06") > data.index(b"%%EOF")

    with pytest.raises(ValidationError) as refused:
        uploads.check_pdf_bytes(data, "x.pdf")

    assert (refused.value.messages, refused.value.code) == ([TRAILING_DATA], "trailing_data")


def with_zip_end_record_before_the_end_of_file(distance: int) -> bytes:
    """A PDF with the ZIP end record in a comment before its cross-reference table (and
    so before its only %%EOF), starting `distance` bytes before the end of the file."""
    pdf, record = valid_pdf(), uploads.ZIP_END_RECORD
    padding = 0
    for _ in range(3):  # the padding moves the table, whose offset may take a digit more
        data = with_object_outside_the_table(pdf, b"%" + record + b"-" * padding + b"\n")
        padding += distance - (len(data) - data.index(record))
    assert len(data) - data.index(record) == distance
    assert data.index(record) < data.index(b"%%EOF")
    return data


@pytest.mark.parametrize("distance", [1000, uploads.ZIP_SEARCH_BYTES])
def test_check_pdf_refuses_a_zip_end_record_where_zip_readers_look_even_before_the_end_of_file(
    distance,
):
    data = with_zip_end_record_before_the_end_of_file(distance)

    with pytest.raises(ValidationError) as refused:
        uploads.check_pdf_bytes(data, "x.pdf")

    assert (refused.value.messages, refused.value.code) == ([TRAILING_DATA], "trailing_data")


@pytest.mark.parametrize("distance", [uploads.ZIP_SEARCH_BYTES + 1, 100_000])
def test_check_pdf_accepts_zip_end_record_bytes_inside_the_pdf_where_no_zip_reader_looks(
    distance,
):
    data = with_zip_end_record_before_the_end_of_file(distance)

    assert uploads.check_pdf_bytes(data, "x.pdf").pages == 1


def test_check_pdf_accepts_an_incremental_update_over_64_kb():
    pdf = valid_pdf()
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    writer.add_metadata({"/Subject": "x" * 70_000})
    out = io.BytesIO()
    writer.write(out)

    assert uploads.check_pdf_bytes(out.getvalue(), "x.pdf").pages == 1


# Active content in an object the cross-reference table does not list: pypdf never reads
# it, a reader that rebuilds the table does. Plainly, and behind #xx escapes.
HIDDEN_OBJECTS = {
    "javascript": (b"<< /S /JavaScript /JS (app.alert(1)) >>", HAS_JAVASCRIPT),
    "escaped-javascript": (b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>", HAS_JAVASCRIPT),
    "launch": (b"<< /S /Launch /F (calc.exe) >>", HAS_LAUNCH),
    "escaped-launch": (b"<< /S /L#61unch /F (calc.exe) >>", HAS_LAUNCH),
    "embedded-file": (b"<< /Type /EmbeddedFile /Length 6 >>", HAS_EMBEDDED_FILES),
    "escaped-embedded-file": (b"<< /Type /Embedded#46ile /Length 6 >>", HAS_EMBEDDED_FILES),
}


def outside_the_table(place: str, body: bytes) -> bytes:
    pdf = valid_pdf()
    obj = b"99 0 obj\n" + body + b"\nendobj\n"
    if place == "before-the-table":
        return with_object_outside_the_table(pdf, obj)
    return pdf + obj + copied_ending(pdf)  # after the end, as a pretended update


@pytest.mark.parametrize("place", ["before-the-table", "after-the-end"])
@pytest.mark.parametrize("hidden", HIDDEN_OBJECTS)
def test_check_pdf_refuses_active_content_only_outside_the_cross_reference_table(hidden, place):
    body, message = HIDDEN_OBJECTS[hidden]
    data = outside_the_table(place, body)
    reader = PdfReader(io.BytesIO(data))
    assert (len(reader.pages), 99 in reader.xref.get(0, {})) == (1, False)

    assert refusal(upload(data)) == [message]


@pytest.mark.parametrize(
    ("raw", "found"),
    [
        (b"/JS ", True),
        (b"/JS(", True),
        (b"/J#53>", True),
        (b"/#4aS/", True),
        (b"/#4AS[", True),
        (b"/JavaScript\n", True),
        (b"/J#61v#61Script]", True),
        (b"/JavaScript", True),
        (b"/js ", False),
        (b"JS ", False),
        (b"/JSX ", False),
        (b"/JS#20", False),
        (b"/JavaScripts", False),
        (b"/J#5 ", False),
        (b"/Java#53cript.", False),
    ],
)
def test_raw_name_pattern_finds_a_name_plainly_or_escaped_and_not_a_longer_one(raw, found):
    # Made here, when the test runs; RAW_PATTERNS are made on import.
    pattern = uploads._raw_name_pattern({"/JS", "/JavaScript"})

    assert bool(pattern.search(raw)) is found


def test_check_pdf_accepts_escaped_names_that_are_not_active_content():
    data = outside_the_table("before-the-table", b"<< /Java#53cript2 /L#61unchpad /F#6fo >>")

    assert check_pdf(upload(data)).pages == 1


@pytest.mark.parametrize(
    "declared", [None, 1024, 1024 * 1024], ids=["no-size", "understated", "understated-to-limit"]
)
def test_check_upload_over_the_limit_is_refused_while_streaming_whatever_size_it_declared(
    settings, declared
):
    settings.AWARDS_MAX_UPLOAD_BYTES = 1024 * 1024
    settings.AWARDS_UPLOAD_SCANNER = f"{__name__}.recording_scanner"
    scanned.clear()
    streamed = StreamedUpload(valid_pdf(), size=8 * 1024 * 1024, declared=declared)

    with pytest.raises(ValidationError) as refused:
        check_upload(streamed)

    assert (refused.value.messages, refused.value.code) == (
        ["The file “big.pdf” is more than 1 MB. Each file must be 1 MB or smaller."],
        "too_big",
    )
    assert 1024 * 1024 < streamed.read <= 1024 * 1024 + 65536  # it stopped reading
    assert scanned == []


def test_check_upload_streamed_pdf_within_the_limit_without_a_declared_size_is_accepted(settings):
    data = valid_pdf()
    settings.AWARDS_MAX_UPLOAD_BYTES = len(data)

    checked = check_upload(StreamedUpload(data, size=len(data), declared=None, name="a.pdf"))

    assert (checked.data, checked.size) == (data, len(data))


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


@pytest.mark.parametrize(
    ("data", "message", "code"),
    [
        (HTML, NOT_A_PDF, "not_pdf"),
        (b"%PDF-1.7 junk", NOT_A_PDF, "not_pdf"),
        (
            valid_pdf().replace(b"/Count 1", b"/Count 0").replace(b"/Kids [", b"/Kids [ ] /X ["),
            NOT_A_PDF,
            "not_pdf",
        ),
        (encrypted_pdf(), ENCRYPTED, "encrypted"),
        (pdf_with_javascript(), HAS_JAVASCRIPT, "active_content"),
    ],
    ids=["not-a-pdf", "unreadable", "no-pages", "encrypted", "javascript"],
)
def test_check_pdf_bytes_refusal_has_its_code(data, message, code):
    with pytest.raises(ValidationError) as refused:
        uploads.check_pdf_bytes(data, "x.pdf")

    assert (refused.value.messages, refused.value.code) == ([message], code)


def test_check_pdf_bytes_logs_why_pypdf_could_not_read_the_file(caplog):
    with caplog.at_level("INFO", logger="core.uploads"), pytest.raises(ValidationError):
        uploads.check_pdf_bytes(b"%PDF-1.7 junk", "x.pdf")

    ours = [record for record in caplog.records if record.name == "core.uploads"]
    assert [(record.levelname, record.getMessage()) for record in ours] == [
        ("INFO", "PDF refused: PdfStreamError: Stream has ended unexpectedly")
    ]


def test_check_pdf_javascript_behind_hex_escaped_names_is_refused():
    # /J#61vaScript is /JavaScript to a PDF reader; a byte search would miss it.
    data = (
        pdf_with_javascript().replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    )
    assert b"/JavaScript" not in data

    assert refusal(upload(data)) == [HAS_JAVASCRIPT]


def test_check_pdf_word_javascript_in_page_text_is_accepted():
    assert check_pdf(upload(valid_pdf("Our /JavaScript training, see /Launch notes"))).pages == 1


# Active content that only pypdf sees: in a compressed object stream, where a search of
# the raw bytes finds nothing, at the top of the object or nested in its dictionaries and
# arrays.
IN_AN_OBJECT_STREAM = {
    "javascript-key": (b"<< /JS (app.alert(1)) >>", HAS_JAVASCRIPT),
    "javascript-action": (b"<< /S /JavaScript /F (x) >>", HAS_JAVASCRIPT),
    "launch-in-a-dictionary": (b"<< /Type /Annot /A << /S /Launch /F (calc.exe) >> >>", HAS_LAUNCH),
    "javascript-in-an-array": (b"<< /Names [ (x) /JavaScript ] >>", HAS_JAVASCRIPT),
    "embedded-file-in-arrays-and-dictionaries": (
        b"<< /Kids [ << /Limits [ (a) (z) ] >> [ << /Type /EmbeddedFile >> ] ] >>",
        HAS_EMBEDDED_FILES,
    ),
    "launch-name-alone": (b"/Launch", HAS_LAUNCH),
}


@pytest.mark.parametrize("hidden", IN_AN_OBJECT_STREAM)
def test_check_pdf_refuses_active_content_inside_a_compressed_object_stream(hidden):
    body, message = IN_AN_OBJECT_STREAM[hidden]
    data = pdf_with_object_stream(body)
    assert uploads._raw_active_content(data) is None
    assert PdfReader(io.BytesIO(data)).xref_objStm == {5: (4, 0)}

    with pytest.raises(ValidationError) as refused:
        uploads.check_pdf_bytes(data, "x.pdf")

    assert (refused.value.messages, refused.value.code) == ([message], "active_content")


def test_check_pdf_accepts_a_compressed_object_stream_without_active_content():
    data = pdf_with_object_stream(b"<< /Type /Annot /A << /S /URI /URI (https://x.org) >> >>")

    assert uploads.check_pdf_bytes(data, "x.pdf").pages == 1


def test_check_pdf_accepts_exactly_max_pdf_objects_and_refuses_one_more(monkeypatch, caplog):
    data = pdf_with_object_stream(b"<< /Type /Annot >>")  # six objects and the trailer

    monkeypatch.setattr(uploads, "MAX_PDF_OBJECTS", 7)
    assert uploads.check_pdf_bytes(data, "x.pdf").pages == 1

    monkeypatch.setattr(uploads, "MAX_PDF_OBJECTS", 6)
    with (
        caplog.at_level(logging.INFO, logger="core.uploads"),
        pytest.raises(ValidationError) as refused,
    ):
        uploads.check_pdf_bytes(data, "x.pdf")
    assert (refused.value.messages, refused.value.code) == ([NOT_A_PDF], "not_pdf")
    # Refused by the limit, not logged as a file pypdf could not read.
    assert caplog.records == []


def nested(levels: int, inner, container: str):
    """`inner` inside `levels` arrays or dictionaries (under /Kids): at depth `levels`."""
    for _ in range(levels):
        if container == "array":
            inner = ArrayObject([NameObject("/Kids"), inner])
        else:
            inner = DictionaryObject({NameObject("/Kids"): inner})
    return inner


@pytest.mark.parametrize("container", ["array", "dictionary"])
def test_problem_in_looks_20_levels_deep_and_refuses_deeper_nesting(container):
    name = NameObject("/JavaScript")

    assert uploads._problem_in(nested(20, name, container)) == HAS_JAVASCRIPT
    assert uploads._problem_in(nested(20, NameObject("/Page"), container)) is None
    with pytest.raises(ValidationError) as refused:
        uploads._problem_in(nested(21, NameObject("/Page"), container))
    assert (refused.value.messages, refused.value.code) == ([NOT_A_PDF], "not_pdf")


def test_problem_in_a_dictionary_checks_its_keys_at_the_last_level():
    key = DictionaryObject({NameObject("/JS"): TextStringObject("app.alert(1)")})

    assert uploads._problem_in(nested(20, key, "dictionary")) == HAS_JAVASCRIPT


@pytest.mark.parametrize(
    ("obj", "problem"),
    [
        (NameObject("/Launch"), HAS_LAUNCH),
        (NameObject("/EmbeddedFiles"), HAS_EMBEDDED_FILES),
        (NameObject("/Page"), None),
        (TextStringObject("/JavaScript"), None),
        (DictionaryObject({NameObject("/JS"): TextStringObject("x")}), HAS_JAVASCRIPT),
        (DictionaryObject({NameObject("/S"): NameObject("/Launch")}), HAS_LAUNCH),
        (DictionaryObject({NameObject("/S"): NameObject("/URI")}), None),
        (ArrayObject([NameObject("/Fit"), NameObject("/RichMedia")]), HAS_EMBEDDED_FILES),
        (ArrayObject([IndirectObject(1, 0, None), NameObject("/JS")]), HAS_JAVASCRIPT),
        (DictionaryObject({NameObject("/A"): IndirectObject(1, 0, None)}), None),
    ],
    ids=[
        "name",
        "embedded-name",
        "harmless-name",
        "string",
        "key",
        "value",
        "harmless-dictionary",
        "array",
        "array-after-a-reference",
        "reference-not-followed",
    ],
)
def test_problem_in_finds_active_names_in_keys_values_and_array_items(obj, problem):
    assert uploads._problem_in(obj) == problem


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0 bytes"),
        (1023, "1023 bytes"),
        (1024, "1 KB"),
        (1025, "1 KB"),
        (1536, "1.5 KB"),
        (1024 * 1024 - 1, "1024 KB"),
        (1024 * 1024, "1 MB"),
        (10 * 1024 * 1024, "10 MB"),
    ],
)
def test_describe_size_in_bytes_kb_and_mb_with_one_decimal_at_most(size, shown):
    assert uploads.describe_size(size) == shown


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
        ("a\ud800b.pdf", "ab.pdf"),
        ("pri\ue000vate.pdf", "private.pdf"),
        ("Xrays.pdf", "Xrays.pdf"),
        ("a" * 115 + "..pdf", "a" * 115 + "..pdf"),
        ("a" * 116 + "..pdf", "a" * 116 + ".pdf"),
        ("a" * 130, "a" * 120),
        ("a" * 130 + ".x", "a" * 118 + ".x"),
        ("a" * 130 + "." + "b" * 10, "a" * 109 + "." + "b" * 10),
        ("a" * 130 + "." + "b" * 11, "a" * 120),
        ("a" * 100 + "." + "b" * 30, "a" * 100 + "." + "b" * 19),
        ("a" * 115 + "." + "a" * 20 + ".pdf", "a" * 115 + ".pdf"),
        ("a" * 115 + "X" + "a" * 20 + ".pdf", "a" * 115 + "X.pdf"),
    ],
    ids=[
        "unix-path",
        "windows-path",
        "nul",
        "right-to-left-override",
        "leading-dots-and-spaces",
        "tab-and-newline",
        "empty",
        "only-a-path",
        "too-long",
        "lone-surrogate",
        "private-use-character",
        "x-at-the-start-kept",
        "exactly-120-characters-kept",
        "121-characters-cut",
        "too-long-without-extension",
        "too-long-with-a-1-character-extension",
        "too-long-with-a-10-character-extension",
        "too-long-with-an-11-character-extension-is-cut-as-a-whole",
        "too-long-with-a-30-character-extension-is-cut-as-a-whole",
        "cut-stem-ending-in-a-dot",
        "cut-stem-ending-in-x",
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


def test_check_pdf_refuses_active_content_nested_past_the_depth_limit_in_an_object_stream():
    deep = b"<< /JS (app.alert(1)) >>"
    for _ in range(uploads.MAX_PDF_NESTING):
        deep = b"<< /Kids [ " + deep + b" ] >>"
    data = pdf_with_object_stream(deep)
    assert uploads._raw_active_content(data) is None

    with pytest.raises(ValidationError) as refused:
        uploads.check_pdf_bytes(data, "x.pdf")

    assert (refused.value.messages, refused.value.code) == ([NOT_A_PDF], "not_pdf")
