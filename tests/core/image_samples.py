"""Images built in memory for the certificate image tests and uploads. No binary fixtures."""

import io

from PIL import Image, ImageDraw


def png(width: int = 480, height: int = 120, *, mode: str = "RGBA") -> bytes:
    """A PNG of a drawn stroke on a clear (or white) ground, like a scanned signature."""
    image = Image.new(mode, (width, height), (0, 0, 0, 0) if mode == "RGBA" else "white")
    draw = ImageDraw.Draw(image)
    points = [
        (width * step // 8, height // 4 if step % 2 else height * 3 // 4) for step in range(9)
    ]
    draw.line(points, fill=(22, 46, 81), width=max(2, height // 20))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def seal_png(size: int = 300) -> bytes:
    """A round emblem on a clear ground."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), outline=(22, 46, 81, 255), width=size // 30)
    draw.ellipse((size // 10, size // 10, size * 9 // 10, size * 9 // 10), fill=(156, 122, 43, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(width: int = 400, height: int = 100) -> bytes:
    image = Image.open(io.BytesIO(png(width, height, mode="RGB"))).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()
