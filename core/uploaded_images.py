"""Checks every uploaded image must pass before it is stored: PNG or JPEG only, judged by
content, and stored as a fresh PNG. Pure functions, no database.

The browser's content type and the file's extension are never consulted. What passes:

- a non-empty file of at most MAX_IMAGE_BYTES (2 MB);
- that starts with the PNG signature or the JPEG start-of-image marker at byte 0 (an SVG
  drawing, which can carry scripts, is refused by name; so is everything else);
- that Pillow (which reportlab depends on) opens as PNG or JPEG, at most MAX_IMAGE_SIDE
  pixels on each side and at least MIN_IMAGE_SIDE, checked before the pixels are
  decoded so a small file that unpacks to a huge image is refused cheaply;
- whose pixels all decode (a truncated or damaged file fails here).

What is stored is not the upload but the decoded pixels written afresh as PNG: turned
upright as the camera recorded (a phone's photo of a signature), scaled down to at most
STORED_IMAGE_SIDE pixels on its long side (enough for a 2.8-inch signature at 400 dpi),
so that a large photo does not make every certificate tens of megabytes and seconds to
draw. Whatever else the file carried (camera metadata, text chunks, data appended after
the image, the frames of an animation after the first) is left behind. The virus-scan hook of
`core.uploads` sees the upload's bytes first, as it sees every PDF.
"""

import hashlib
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps

from core.uploads import UploadedFileLike, describe_size, read_upload, scan_upload

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_SIDE = 4000
MIN_IMAGE_SIDE = 16
STORED_IMAGE_SIDE = 1200
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
# An SVG drawing: XML (perhaps after a byte-order mark, a declaration or comments) whose
# root element is <svg>, found in the first kilobytes.
SVG_ROOT = re.compile(rb"<svg[\s>/]", re.IGNORECASE)

NOT_AN_IMAGE = (
    "This file is not a PNG or JPEG image. Save or export the image as PNG, then upload it again."
)
SVG_REFUSED = (
    "SVG drawings are not accepted, because they can carry scripts. Export the drawing "
    "as a PNG image, then upload that."
)
DAMAGED = (
    "This image could not be read to the end; it may be damaged. Open it and save it "
    "again as PNG, then upload that copy."
)


@dataclass(frozen=True)
class CheckedImage:
    """An image that passed every check: the PNG to store, its size in pixels, the
    cleaned display name and the fingerprint of the stored bytes."""

    data: bytes = field(repr=False)
    name: str
    width: int
    height: int
    sha256: str


def check_image_upload(uploaded_file: UploadedFileLike) -> CheckedImage:
    """Read, scan and check an uploaded image; return it re-encoded as PNG.

    Raises ValidationError with a message that says what is wrong and what to do.
    """
    data, name = read_upload(
        uploaded_file, limit=MAX_IMAGE_BYTES, kind="an image", default_name="image.png"
    )
    scan_upload(data, name)
    return check_image_bytes(data, name)


def check_image_bytes(data: bytes, name: str) -> CheckedImage:
    """The content checks of check_image_upload, for bytes already read."""
    if not (data.startswith(PNG_MAGIC) or data.startswith(JPEG_MAGIC)):
        if SVG_ROOT.search(data[:4096]):
            raise ValidationError(SVG_REFUSED, code="svg")
        raise ValidationError(NOT_AN_IMAGE, code="not_image")
    try:
        with Image.open(io.BytesIO(data), formats=["PNG", "JPEG"]) as image:
            width, height = image.size
            _check_dimensions(width, height)
            image.load()
            pixels = ImageOps.exif_transpose(image).convert(
                "RGBA" if _has_transparency(image) else "RGB"
            )
            pixels.thumbnail((STORED_IMAGE_SIDE, STORED_IMAGE_SIDE), Image.Resampling.LANCZOS)
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        raise ValidationError(
            f"This image has too many pixels; neither side may be more than {MAX_IMAGE_SIDE}. "
            "Make it smaller, then upload it again.",
            code="too_many_pixels",
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        # The signature matched, so a file Pillow cannot make out is a damaged image.
        raise ValidationError(DAMAGED, code="damaged") from error
    buffer = io.BytesIO()
    pixels.save(buffer, "PNG")
    stored = buffer.getvalue()
    return CheckedImage(
        data=stored,
        name=name,
        width=pixels.width,
        height=pixels.height,
        sha256=hashlib.sha256(stored).hexdigest(),
    )


def _check_dimensions(width: int, height: int) -> None:
    if max(width, height) > MAX_IMAGE_SIDE:
        raise ValidationError(
            f"This image is {width} × {height} pixels; neither side may be more than "
            f"{MAX_IMAGE_SIDE}. Make it smaller, then upload it again.",
            code="too_many_pixels",
        )
    if min(width, height) < MIN_IMAGE_SIDE:
        raise ValidationError(
            f"This image is {width} × {height} pixels, too small to print; each side "
            f"needs at least {MIN_IMAGE_SIDE}. Upload a larger copy.",
            code="too_few_pixels",
        )


def _has_transparency(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA", "La"} or "transparency" in image.info


def image_size_limit() -> str:
    """ "2 MB", for help texts."""
    return describe_size(MAX_IMAGE_BYTES)
