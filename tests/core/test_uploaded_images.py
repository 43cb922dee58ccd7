"""Image uploads are judged by content: PNG and JPEG pass and are stored as fresh PNGs;
SVG, HTML, renamed text, damaged, oversized and empty files are refused with a message
that says what to do."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from core.scanning import EICAR_SIGNATURE
from core.uploaded_images import (
    DAMAGED,
    MAX_IMAGE_BYTES,
    NOT_AN_IMAGE,
    STORED_IMAGE_SIDE,
    SVG_REFUSED,
    check_image_bytes,
    check_image_upload,
)
from tests.core.image_samples import jpeg, png
from tests.core.pdf_samples import HTML, SVG, upload

pytestmark = pytest.mark.django_db


def refusal(data: bytes, name: str = "signature.png") -> ValidationError:
    with pytest.raises(ValidationError) as error:
        check_image_upload(upload(data, name, "image/png"))
    return error.value


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return (
        struct.pack(">I", len(body))
        + kind
        + body
        + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    )


def png_claiming(width: int, height: int) -> bytes:
    """A PNG header that claims `width` × `height` pixels, with one empty row of data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00"))
        + png_chunk(b"IEND", b"")
    )


def test_a_png_passes_and_is_stored_as_a_fresh_png_of_the_same_pixels():
    original = png(480, 120)

    checked = check_image_upload(upload(original, "signature.png", "image/png"))

    assert (checked.name, checked.width, checked.height) == ("signature.png", 480, 120)
    stored = Image.open(io.BytesIO(checked.data))
    assert (stored.format, stored.mode, stored.size) == ("PNG", "RGBA", (480, 120))
    assert stored.tobytes() == Image.open(io.BytesIO(original)).convert("RGBA").tobytes()


def test_a_jpeg_passes_and_is_stored_as_png():
    checked = check_image_upload(upload(jpeg(400, 100), "seal.jpg", "image/jpeg"))

    stored = Image.open(io.BytesIO(checked.data))
    assert (stored.format, stored.mode, stored.size) == ("PNG", "RGB", (400, 100))


def test_what_the_file_carried_besides_its_pixels_is_left_behind():
    with_text = png(200, 60)
    end = with_text.rindex(b"IEND") - 4
    secret = png_chunk(b"tEXt", b"Comment\x00taken at 38.8977 N, 77.0365 W")
    carrying = with_text[:end] + secret + with_text[end:] + b"<html>appended</html>"

    checked = check_image_bytes(carrying, "signature.png")

    assert b"38.8977" not in checked.data
    assert b"<html>" not in checked.data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Just some notes, renamed to .png\n", NOT_AN_IMAGE),
        (HTML, NOT_AN_IMAGE),
        (SVG, SVG_REFUSED),
        (b"\xef\xbb\xbf<!-- drawn -->\n<SVG width='10'></SVG>", SVG_REFUSED),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", NOT_AN_IMAGE),
        (png(200, 60)[:120], DAMAGED),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, DAMAGED),
    ],
    ids=["renamed text", "html", "svg", "svg with a comment", "gif", "truncated png", "junk png"],
)
def test_anything_but_a_whole_png_or_jpeg_is_refused_by_content(data, message):
    assert refusal(data).messages == [message]


def test_an_image_larger_than_the_side_limit_is_refused_before_decoding():
    assert refusal(png_claiming(4001, 20)).messages == [
        "This image is 4001 × 20 pixels; neither side may be more than 4000. Make it "
        "smaller, then upload it again."
    ]


def test_an_image_claiming_billions_of_pixels_is_refused_as_too_large():
    assert refusal(png_claiming(60000, 60000)).messages == [
        "This image has too many pixels; neither side may be more than 4000. Make it "
        "smaller, then upload it again."
    ]


def test_an_image_too_small_to_print_is_refused():
    assert refusal(png(40, 10)).messages == [
        "This image is 40 × 10 pixels, too small to print; each side needs at least 16. "
        "Upload a larger copy."
    ]


def test_a_file_over_the_image_limit_is_refused_naming_the_limit():
    assert refusal(png(200, 60) + b"\x00" * MAX_IMAGE_BYTES).messages == [
        "The file “signature.png” is more than 2 MB. Each file must be 2 MB or smaller."
    ]


def test_an_empty_file_is_refused_asking_for_an_image():
    assert refusal(b"").messages == [
        "The file “signature.png” is empty. Choose an image that has content."
    ]


def test_the_virus_scan_hook_sees_images_too():
    error = refusal(png(200, 60) + EICAR_SIGNATURE)

    assert error.code == "infected"


def test_a_large_photo_is_stored_scaled_down_to_what_prints():
    checked = check_image_upload(upload(jpeg(4000, 3000), "signature.jpg", "image/jpeg"))

    assert (checked.width, checked.height) == (STORED_IMAGE_SIDE, 900)
    assert Image.open(io.BytesIO(checked.data)).size == (STORED_IMAGE_SIDE, 900)
    assert len(checked.data) < 1024 * 1024


def test_a_photo_the_camera_marked_as_turned_is_stored_upright():
    image = Image.open(io.BytesIO(jpeg(200, 50)))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn 90 degrees clockwise to display
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())

    checked = check_image_upload(upload(buffer.getvalue(), "signature.jpg", "image/jpeg"))

    assert (checked.width, checked.height) == (50, 200)
