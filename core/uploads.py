"""Checks every uploaded file must pass before it is stored: PDF only, judged by content.

Pure functions, no database. The browser's content type and the file's extension are
never consulted, so neither can be spoofed. What passes:

- a non-empty file of at most AWARDS_MAX_UPLOAD_BYTES (10 MB by default);
- that starts with the PDF header `%PDF-` at byte 0. PDF readers tolerate junk before
  the header (Acrobat looks in the first 1,024 bytes); we do not, because that leeway
  is how HTML/PDF and ZIP/PDF polyglots are built;
- that pypdf parses, down to its page tree, and that is not encrypted;
- that ends at its last `%%EOF` marker (whitespace aside), has what starts as an
  incremental update (objects, cross-references, trailers, comments) after any earlier
  one, and holds no ZIP end-of-archive record after the first `%%EOF` nor where ZIP
  readers look for one (the last 64 KB): a ZIP or HTML document appended to the PDF
  makes a polyglot that other programs open as that, even when a copy of the PDF's
  last lines follows it;
- that holds no JavaScript, launch action or embedded file anywhere: every object pypdf
  can reach is inspected (names are decoded, so `/J#61vaScript` is caught, and objects
  inside compressed object streams are read too), and the raw bytes are searched as
  well, with their names decoded the same way, for objects outside the
  cross-reference table: a reader that rebuilds a damaged table finds those too.

`check_upload` adds the virus-scan hook: AWARDS_UPLOAD_SCANNER names a callable
`(data: bytes, name: str) -> None` that raises ValidationError for an infected file
(the scanners themselves are in `core.scanning`).
"""

import hashlib
import io
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

logger = logging.getLogger(__name__)

DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_NAME_LENGTH = 120
PDF_MAGIC = b"%PDF-"
# A PDF with more objects than this, or objects nested deeper (arrays and dictionaries
# written inside one another, not references), is not a letter or a piece of evidence;
# and active content nested deeper would go unseen.
MAX_PDF_OBJECTS = 50_000
MAX_PDF_NESTING = 20
DEFAULT_SCANNER = "core.scanning.eicar_scan"

NOT_A_PDF = "This file is not a PDF. Save or export the document as a PDF, then upload it again."
ENCRYPTED = "This PDF is password-protected. Save a copy without a password, then upload that copy."
HAS_JAVASCRIPT = (
    "This PDF contains JavaScript, which we do not accept. Print or export it to a new "
    "PDF without scripts, then upload that copy."
)
HAS_LAUNCH = (
    "This PDF contains an action that starts another program, which we do not accept. "
    "Print or export it to a new PDF, then upload that copy."
)
HAS_EMBEDDED_FILES = (
    "This PDF has other files embedded in it, which we do not accept. Upload each "
    "document as its own PDF instead."
)
TRAILING_DATA = (
    "This file has other data after the end of the PDF, which we do not accept. Print or "
    "export it to a new PDF, then upload that copy."
)
# The last end-of-file marker; after it only line ends, spaces and NUL padding may follow.
PDF_END = b"%%EOF"
PDF_ENDS = re.compile(re.escape(PDF_END))
END_PADDING = b" \t\r\n\x00\x0c\x1a"  # \x1a: the end-of-file byte old DOS tools add
# What may follow one end-of-file marker when another comes later: an incremental update,
# i.e. objects ("12 0 obj"), a cross-reference table or stream, its trailer, or comments.
UPDATE_START = re.compile(
    rb"[ \t\r\n\x00\x0c]*(?:\d+\s+\d+\s+obj\b|xref\b|trailer\b|startxref\b|%)"
)
# A ZIP reader finds its archive from the end-of-central-directory record in the last
# 65,557 bytes (22 bytes and a comment of up to 65,535), wherever the file starts.
ZIP_END_RECORD = b"PK\x05\x06"
ZIP_SEARCH_BYTES = 22 + 65535

# Keys and name values that mark active content, as pypdf decodes them.
JAVASCRIPT_NAMES = {"/JS", "/JavaScript"}
LAUNCH_NAMES = {"/Launch"}
EMBEDDED_NAMES = {"/EmbeddedFile", "/EmbeddedFiles", "/RichMedia"}


def _raw_name_pattern(names: set[str]) -> re.Pattern[bytes]:
    """The names as raw name tokens: each character as itself or as the #xx escape a
    reader decodes (/J#61vaScript is /JavaScript), followed by a delimiter, not by more
    of a longer name."""

    def spellings(char: str) -> str:
        high, low = f"{ord(char):02x}"
        return f"(?:{re.escape(char)}|#[{high}{high.upper()}][{low}{low.upper()}])"

    tokens = "|".join("".join(map(spellings, name[1:])) for name in sorted(names))
    return re.compile(f"/(?:{tokens})(?![A-Za-z0-9#._-])".encode())


# The same, in the raw bytes, for objects the cross-reference table does not list.
RAW_PATTERNS = [
    (_raw_name_pattern(JAVASCRIPT_NAMES), HAS_JAVASCRIPT),
    (_raw_name_pattern(LAUNCH_NAMES), HAS_LAUNCH),
    (_raw_name_pattern(EMBEDDED_NAMES), HAS_EMBEDDED_FILES),
]


class UploadedFileLike(Protocol):
    name: str | None
    size: int | None

    def chunks(self, chunk_size: int | None = None): ...


@dataclass(frozen=True)
class CheckedPdf:
    """A file that passed every check: its bytes, cleaned display name and fingerprint."""

    data: bytes = field(repr=False)
    name: str
    size: int
    sha256: str
    pages: int


def max_upload_bytes() -> int:
    return int(getattr(settings, "AWARDS_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def describe_size(size: int) -> str:
    """10485760 → "10 MB"; 1536 → "1.5 KB"."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def sanitize_filename(name: str | None, *, default: str = "document.pdf") -> str:
    """The last path part of `name`, without control or format characters, at most
    MAX_NAME_LENGTH characters with its extension kept. For display only: files are
    stored under generated names."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    # Cc: NUL and other control characters; Cf: invisible format characters such as the
    # right-to-left override that makes "evil\u202efdp.exe" look like "evilexe.pdf".
    name = "".join(
        char for char in name if unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Co"}
    )
    name = " ".join(name.split()).strip(" .")
    if not name:
        return default
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10 and stem:
            name = stem[: MAX_NAME_LENGTH - len(extension) - 1].rstrip(" .") + "." + extension
        else:
            name = name[:MAX_NAME_LENGTH]
    return name


def read_upload(
    uploaded_file: UploadedFileLike,
    *,
    limit: int | None = None,
    kind: str = "a PDF",
    default_name: str = "document.pdf",
) -> tuple[bytes, str]:
    """The file's bytes and cleaned name, refusing an empty file or one over `limit`
    bytes (AWARDS_MAX_UPLOAD_BYTES unless given); `kind` names what was expected.

    The declared size refuses a file before it is read; the bytes are counted as they
    come, whatever size was declared (none, or less than the truth), and reading stops
    at the first chunk past the limit. A file refused there is said to be "more than"
    the limit: how much more was never read.
    """
    name = sanitize_filename(getattr(uploaded_file, "name", None), default=default_name)
    limit = max_upload_bytes() if limit is None else limit
    declared = getattr(uploaded_file, "size", None)
    if declared is not None and declared > limit:
        raise ValidationError(_too_big(name, declared, limit), code="too_big")
    buffer = bytearray()
    for chunk in uploaded_file.chunks():
        buffer.extend(chunk)
        if len(buffer) > limit:
            raise ValidationError(_too_big(name, None, limit), code="too_big")
    if not buffer:
        raise ValidationError(
            f"The file “{name}” is empty. Choose {kind} that has content.", code="empty"
        )
    return bytes(buffer), name


def check_pdf(uploaded_file: UploadedFileLike) -> CheckedPdf:
    """Read and check an uploaded file; return it as a CheckedPdf.

    Raises ValidationError with a message that says what is wrong and what to do.
    """
    data, name = read_upload(uploaded_file)
    return check_pdf_bytes(data, name)


def check_upload(uploaded_file: UploadedFileLike) -> CheckedPdf:
    """check_pdf plus the virus-scan hook, which sees every non-empty file within the
    size limit before it is parsed. What the services call."""
    data, name = read_upload(uploaded_file)
    scan_upload(data, name)
    return check_pdf_bytes(data, name)


def check_pdf_bytes(data: bytes, name: str) -> CheckedPdf:
    """The content checks of check_pdf, for bytes already read."""
    if not data.startswith(PDF_MAGIC):
        raise ValidationError(NOT_A_PDF, code="not_pdf")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(ENCRYPTED, code="encrypted")
        pages = len(reader.pages)
        problem = _active_content(reader)
    except ValidationError:
        raise
    except Exception as error:  # pypdf raises many kinds of error on a malformed file.
        logger.info("PDF refused: %s: %s", type(error).__name__, error)
        raise ValidationError(NOT_A_PDF, code="not_pdf") from error
    if pages < 1:
        raise ValidationError(NOT_A_PDF, code="not_pdf")
    problem = problem or _raw_active_content(data)
    if problem:
        raise ValidationError(problem, code="active_content")
    problem = _trailing_data(data)
    if problem:
        raise ValidationError(problem, code="trailing_data")
    return CheckedPdf(
        data=data,
        name=_with_pdf_extension(name),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        pages=pages,
    )


def scan_upload(data: bytes, name: str) -> None:
    """Run the configured scanner; it raises ValidationError on an infected file."""
    scanner = import_string(getattr(settings, "AWARDS_UPLOAD_SCANNER", DEFAULT_SCANNER))
    scanner(data, name)


# -- internals ---------------------------------------------------------------------------


def _too_big(name: str, size: int | None, limit: int) -> str:
    """The refusal of a file of `size` bytes, or of one known only to be over `limit`."""
    shown = describe_size(limit if size is None else size)
    # Not "is 10 MB. ... 10 MB or smaller" for 10 MB and one byte.
    if size is None or shown == describe_size(limit):
        shown = f"more than {shown}"
    return f"The file “{name}” is {shown}. Each file must be {describe_size(limit)} or smaller."


def _with_pdf_extension(name: str) -> str:
    return name if name.lower().endswith(".pdf") else f"{name}.pdf"


def _active_content(reader: PdfReader) -> str | None:
    """The message for the first active content found among all the PDF's objects.
    Raises ValidationError for a PDF with too many objects, or nested too deeply."""
    for seen, obj in enumerate(_all_objects(reader), start=1):
        if seen > MAX_PDF_OBJECTS:
            raise ValidationError(NOT_A_PDF, code="not_pdf")
        problem = _problem_in(obj)
        if problem:
            return problem
    return None


def _all_objects(reader: PdfReader):
    """Every object the cross-reference table names, plain and in object streams."""
    references = set()
    for generation, objects in reader.xref.items():
        references.update((number, generation) for number in objects)
    references.update((number, 0) for number in reader.xref_objStm)
    yield reader.trailer
    for number, generation in sorted(references):
        obj = reader.get_object(IndirectObject(number, generation, reader))
        if obj is not None:
            yield obj


def _problem_in(obj, depth: int = 0) -> str | None:
    if depth > MAX_PDF_NESTING:
        raise ValidationError(NOT_A_PDF, code="not_pdf")
    if isinstance(obj, DictionaryObject):
        for key, value in obj.items():
            problem = _problem_in_name(key) or (
                None if isinstance(value, IndirectObject) else _problem_in(value, depth + 1)
            )
            if problem:
                return problem
    elif isinstance(obj, ArrayObject):
        for value in obj:
            if not isinstance(value, IndirectObject):
                problem = _problem_in(value, depth + 1)
                if problem:
                    return problem
    elif isinstance(obj, NameObject):
        return _problem_in_name(obj)
    return None


def _problem_in_name(name: str) -> str | None:
    if name in JAVASCRIPT_NAMES:
        return HAS_JAVASCRIPT
    if name in LAUNCH_NAMES:
        return HAS_LAUNCH
    if name in EMBEDDED_NAMES:
        return HAS_EMBEDDED_FILES
    return None


def _raw_active_content(data: bytes) -> str | None:
    """The message for the first active content named in the raw bytes, plainly or
    behind #xx escapes, wherever it is: pypdf sees only what the cross-reference table
    names, and an object left outside it is still there for a reader that rebuilds the
    table."""
    for pattern, message in RAW_PATTERNS:
        if pattern.search(data):
            return message
    return None


def _trailing_data(data: bytes) -> str | None:
    """TRAILING_DATA when something other than the PDF's own sections follows its first
    end-of-file marker, or when a ZIP archive ends inside it (a PDF/ZIP polyglot whose
    ZIP comment copies the PDF's last lines would end at a %%EOF too) or anywhere after
    that first marker."""
    ends = [marker.end() for marker in PDF_ENDS.finditer(data)]
    if not ends or data[ends[-1] :].strip(END_PADDING):
        return TRAILING_DATA
    if not all(UPDATE_START.match(data, end) for end in ends[:-1]):
        return TRAILING_DATA
    # Where a ZIP reader looks, and anywhere after the first end-of-file marker, where only
    # the PDF's own updates belong: a record there is a ZIP archive hidden in a comment or
    # a stream of a pretended update, however much follows it.
    zip_search_start = max(0, min(ends[0], len(data) - ZIP_SEARCH_BYTES))
    if data.find(ZIP_END_RECORD, zip_search_start) >= 0:
        return TRAILING_DATA
    return None
