"""Where a PDF's text lands: one box per text run, read back from the file, to prove that
no two runs overlap and none leaves the page.

pypdf's `extract_text(visitor_text=...)` reports each run's text, font, size and the
text and transformation matrices it starts at. It does not advance the position as
glyphs are shown, so a run that continues a line (after a change of font, say) is
reported at the line's start: such a run starts where the previous one ended, its width
measured with reportlab's metrics of the embedded face. A box spans the face's ascent
above the baseline and its descent below, the room its letters can take, accents
and descenders included.

Works for what reportlab writes (each line positioned with Tm, Td or T*, no word or
character spacing); `text_boxes` raises when a run spans lines it cannot place.
"""

import io
import math
from dataclasses import dataclass

from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont


@dataclass(frozen=True)
class TextBox:
    page: int
    text: str
    font: str  # the embedded face's name, without the subset prefix
    size: float
    left: float
    bottom: float
    right: float
    top: float

    def overlaps(self, other: "TextBox", tolerance: float = 0.01) -> bool:
        """The boxes share an area, beyond `tolerance` points each way (runs that
        continue one another on a line only touch)."""
        return (
            self.page == other.page
            and min(self.right, other.right) - max(self.left, other.left) > tolerance
            and min(self.top, other.top) - max(self.bottom, other.bottom) > tolerance
        )

    def inside(self, left: float, bottom: float, right: float, top: float) -> bool:
        return (
            self.left >= left and self.right <= right and self.bottom >= bottom and self.top <= top
        )


def _registered_faces() -> dict[str, str]:
    """Embedded face name (as in the PDF) → reportlab's registered font name."""
    faces = {}
    for name in pdfmetrics.getRegisteredFontNames():
        font = pdfmetrics.getFont(name)
        if isinstance(font, TTFont):
            faces.setdefault(font.face.name.decode(), name)
    return faces


def _multiply(first: list[float], second: list[float]) -> list[float]:
    a, b, c, d, e, f = first
    g, h, i, j, k, m = second
    return [
        a * g + b * i,
        a * h + b * j,
        c * g + d * i,
        c * h + d * j,
        e * g + f * i + k,
        e * h + f * j + m,
    ]


def text_boxes(pdf: bytes) -> list[TextBox]:
    """Every non-blank text run of every page, as a box in page coordinates."""
    faces = _registered_faces()
    boxes: list[TextBox] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        state = {"origin": None, "cursor": None}

        def visit(text, cm, tm, font_dict, font_size, number=number, state=state):
            if font_dict is None or not text:
                return
            matrix = _multiply(list(tm), list(cm))
            origin = (tuple(cm), tuple(tm))
            continues = state["origin"] == origin and state["cursor"] is not None
            ends_line = text.endswith("\n")
            lines = text.rstrip("\n").split("\n")
            if len(lines) > 1:
                raise ValueError(f"A run spans lines the helper cannot place: {text!r}")
            shown = lines[0]
            base = str(font_dict["/BaseFont"]).lstrip("/").split("+")[-1]
            font_name = faces.get(base, base)
            scale = math.hypot(matrix[0], matrix[1])
            size = font_size * scale
            start = state["cursor"] if continues else 0.0
            state["origin"] = origin
            state["cursor"] = (
                None if ends_line else start + pdfmetrics.stringWidth(shown, font_name, size)
            )
            visible = shown.strip()
            if not visible:
                return
            lead = pdfmetrics.stringWidth(
                shown[: len(shown) - len(shown.lstrip())], font_name, size
            )
            width = pdfmetrics.stringWidth(visible, font_name, size)
            face = pdfmetrics.getFont(font_name).face
            ascent, descent = face.ascent / 1000 * size, face.descent / 1000 * size
            corners = [(start + lead + dx, dy) for dx in (0, width) for dy in (descent, ascent)]
            # In the run's own space (one unit a point of the scaled type), then the page's.
            unit = [matrix[0] / scale, matrix[1] / scale, matrix[2] / scale, matrix[3] / scale]
            points = [
                (unit[0] * x + unit[2] * y + matrix[4], unit[1] * x + unit[3] * y + matrix[5])
                for x, y in corners
            ]
            boxes.append(
                TextBox(
                    page=number,
                    text=visible,
                    font=base,
                    size=round(size, 3),
                    left=min(x for x, _ in points),
                    bottom=min(y for _, y in points),
                    right=max(x for x, _ in points),
                    top=max(y for _, y in points),
                )
            )

        page.extract_text(visitor_text=visit)
    return boxes


def overlapping(boxes: list[TextBox]) -> list[tuple[TextBox, TextBox]]:
    """Each pair of boxes that share an area."""
    return [
        (first, second)
        for index, first in enumerate(boxes)
        for second in boxes[index + 1 :]
        if first.overlaps(second)
    ]


def outside(boxes: list[TextBox], *, width: float, height: float, margin: float) -> list[TextBox]:
    """The boxes that reach within `margin` points of the page's edge, or past it."""
    return [box for box in boxes if not box.inside(margin, margin, width - margin, height - margin)]
