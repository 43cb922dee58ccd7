"""The award certificate: one landscape Letter page to hand over at a ceremony
(DESIGN.md §2.6, DOMAIN.md).

`render_certificate` is pure: it turns a `CertificateData` into PDF bytes and reads
nothing else. The wording follows the published certificates: "The United States of
America", the program title, the award year, "Presented to" the recipient, the full
citation and "Presented on behalf of the President of the United States"; below them,
the program's seal (if it has one) over the place and date on the left, and on the right
the signature line (over the cycle's signature image, if any) with the signatory's name
and title; at the foot the serial number and a QR code that opens the public
verification page.

Title, name and citation are set in Merriweather, the small print in Bitstream Vera,
both embedded; a character a face lacks falls back as `core.pdf.fonts` describes. The
file carries its title, subject, author and language.

Everything fits the page at every length the fields allow: the type shrinks, all blocks
together, down to a floor; long lines wrap (a word too long for its line is split).
What still does not fit is reported by `certificate_fit_problems`, which the issuing
service refuses with; a preview draws it at the smallest type regardless.

Each block (a paragraph, the seal, the signature, the QR code) is drawn by one function,
so that whatever marks a block's content for assistive technology wraps one call.
"""

import io
from dataclasses import dataclass

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from core.pdf.fonts import (
    BOLD,
    REGULAR,
    SERIF,
    SERIF_BOLD,
    SERIF_ITALIC,
    fallback_chain,
    missing_characters,
    paragraph_markup,
    register_all_fonts,
)
from core.pdf.tagging import Tagger

PAGE_WIDTH, PAGE_HEIGHT = landscape(LETTER)
NAVY = colors.HexColor("#162e51")
GOLD = colors.HexColor("#9c7a2b")
INK = colors.HexColor("#1b1b1b")
WATERMARK_RED = colors.HexColor("#b50909")

# The borders, and the area inside them that text may use.
OUTER_BORDER = 0.4 * inch
INNER_BORDER = 0.52 * inch
MARGIN = 0.8 * inch
TOP = PAGE_HEIGHT - 0.8 * inch
COLUMN_WIDTH = PAGE_WIDTH - 2.3 * inch
COLUMN_LEFT = (PAGE_WIDTH - COLUMN_WIDTH) / 2
CITATION_WIDTH = PAGE_WIDTH - 3 * inch

# The band above the foot: the seal over the place and date on the left, the signature
# on the right.
PLACE_WIDTH = 3.4 * inch
SIGNATURE_WIDTH = 4.4 * inch
SEAL_SIZE = 0.95 * inch
SIGNATURE_IMAGE_WIDTH = 2.8 * inch
SIGNATURE_IMAGE_HEIGHT = 0.6 * inch
SIGNATURE_LINE_WIDTH = 3.2 * inch

# The foot: serial and address on the left, the QR code in the right corner.
QR_SIZE = 0.95 * inch
QR_LEFT = PAGE_WIDTH - 0.75 * inch - QR_SIZE
QR_BOTTOM = 0.65 * inch
FOOT_BOTTOM = 0.68 * inch
FOOT_WIDTH = QR_LEFT - MARGIN - 0.3 * inch
FOOT_SIZE = 8.5
BAND_BOTTOM = QR_BOTTOM + QR_SIZE + 0.12 * inch

# Every block's type is scaled by the first of these that fits, never below its floor.
SCALES = tuple(step / 100 for step in range(100, 34, -3))
# Lines are at least this many times their type size apart: Merriweather's tallest
# accents and deepest descenders take 1.26 of it, so no two lines' letters ever touch.
LEADING = 1.32


@dataclass(frozen=True)
class CertificateData:
    """Everything the certificate shows, already worded and formatted as plain text.

    `verification_url` is the QR code's payload; empty for a preview that has no serial
    on record, which then carries `watermark` instead of a code. `signature_image` (the
    cycle's) and `seal_image` (the program's) are PNG bytes, or empty for none.
    """

    program_title: str
    award_year: int
    recipient_name: str
    citation: str
    signatory_name: str
    signatory_title: str
    place_and_date: str
    serial: str
    verification_url: str
    presenter_phrase: str = "on behalf of the President of the United States"
    author: str = "Award Nominations"
    watermark: str = ""
    signature_image: bytes = b""
    seal_image: bytes = b""

    @property
    def presentation_line(self) -> str:
        return f"Presented {self.presenter_phrase}".strip()

    @property
    def title(self) -> str:
        return f"{self.award_year} {self.program_title}: {self.recipient_name}"


@dataclass(frozen=True)
class TextBlock:
    """A wrapping paragraph: its type size at full scale and its floor, the width it
    wraps in, and the space after it at full scale (a short gold rule after it with
    `rule_after`). `field` names, for a refusal, what staff would shorten."""

    text: str
    face: str
    size: float
    floor: float
    width: float
    color: colors.Color = INK
    space_after: float = 0
    alignment: int = TA_CENTER
    field: str = ""
    rule_after: bool = False

    def paragraph(self, scale: float) -> Paragraph:
        size = max(self.floor, self.size * scale)
        style = ParagraphStyle(
            self.field or "block",
            fontName=self.face,
            fontSize=size,
            leading=size * LEADING,
            alignment=self.alignment,
            textColor=self.color,
        )
        return Paragraph(paragraph_markup(self.text, self.face), style)


@dataclass(frozen=True)
class Placed:
    """A block measured at one scale and given its place: `x`, `y` its bottom left."""

    block: TextBlock | None
    x: float
    y: float
    width: float
    height: float
    paragraph: Paragraph | None = None


@dataclass(frozen=True)
class Layout:
    """Where everything goes, at the scale that fits (or the smallest, with `overflow`
    the points it lacks)."""

    scale: float
    stack: list[Placed]
    place: list[Placed]
    signature: list[Placed]
    seal: Placed | None
    signature_image: Placed
    signature_line_y: float
    foot: Placed
    overflow: float


# Fields a refusal names, with what staff change to shorten them.
FIELD_NAMES = {
    "program": "the program's name",
    "name": "the name as it should appear",
    "citation": "the approved full citation",
    "presentation": "the program's presenter phrase",
    "place": "the presentation place",
    "signatory_name": "the signatory's name",
    "signatory_title": "the signatory's title",
}


def _stack_blocks(data: CertificateData) -> list[TextBlock]:
    return [
        TextBlock("The United States of America", SERIF, 13, 9, COLUMN_WIDTH, NAVY, 10),
        TextBlock(data.program_title, SERIF_BOLD, 23, 12, COLUMN_WIDTH, NAVY, 6, field="program"),
        TextBlock(str(data.award_year), SERIF_BOLD, 20, 11, COLUMN_WIDTH, GOLD, 6, rule_after=True),
        TextBlock("Presented to", SERIF_ITALIC, 13, 8.5, COLUMN_WIDTH, INK, 5),
        TextBlock(data.recipient_name, SERIF_BOLD, 25, 11, COLUMN_WIDTH, NAVY, 12, field="name"),
        TextBlock(data.citation, SERIF_ITALIC, 13.5, 8, CITATION_WIDTH, INK, 10, field="citation"),
        TextBlock(data.presentation_line, SERIF, 11, 7.5, COLUMN_WIDTH, INK, field="presentation"),
    ]


def _place_blocks(data: CertificateData) -> list[TextBlock]:
    return [TextBlock(data.place_and_date, SERIF, 11, 7.5, PLACE_WIDTH, INK, field="place")]


def _signature_blocks(data: CertificateData) -> list[TextBlock]:
    return [
        TextBlock(
            data.signatory_name,
            SERIF_BOLD,
            11.5,
            7.5,
            SIGNATURE_WIDTH,
            NAVY,
            1,
            field="signatory_name",
        ),
        TextBlock(
            data.signatory_title, SERIF, 10, 7, SIGNATURE_WIDTH, INK, field="signatory_title"
        ),
    ]


def _foot_block(data: CertificateData) -> TextBlock:
    lines = [f"Serial number {data.serial}"]
    if data.verification_url:
        lines.append(f"Verify at {data.verification_url}")
    return TextBlock(
        "\n".join(lines), REGULAR, FOOT_SIZE, FOOT_SIZE, FOOT_WIDTH, INK, alignment=TA_LEFT
    )


def certificate_text(data: CertificateData) -> list[str]:
    """The certificate's words, line by line, in the order its tags read them out: what
    the verification page shows as the certificate's HTML equivalent."""
    blocks = [
        *_stack_blocks(data),
        *_place_blocks(data),
        *_signature_blocks(data),
        _foot_block(data),
    ]
    return [line for block in blocks for line in block.text.split("\n") if line.strip()]


def _measure(blocks: list[TextBlock], scale: float) -> list[tuple[TextBlock, Paragraph, float]]:
    measured = []
    for block in blocks:
        if not block.text.strip():
            continue
        paragraph = block.paragraph(scale)
        _, height = paragraph.wrap(block.width, PAGE_HEIGHT)
        measured.append((block, paragraph, height))
    return measured


def _stacked(measured, scale: float) -> float:
    """The height of the measured blocks one above the other, with the space between."""
    between = sum(block.space_after * scale for block, _, _ in measured[:-1])
    return sum(height for _, _, height in measured) + between


def _column(measured, scale: float, *, left: float, width: float, top: float) -> list[Placed]:
    """The measured blocks one under the other, centred in a column of `width` from
    `left`, the first one's top at `top`."""
    placed = []
    for block, paragraph, height in measured:
        x = left + (width - block.width) / 2
        placed.append(Placed(block, x, top - height, block.width, height, paragraph))
        top -= height + block.space_after * scale
    return placed


def certificate_layout(data: CertificateData) -> Layout:
    """Where each block of the certificate goes, at the largest scale that fits."""
    register_all_fonts()
    foot_measured = _measure([_foot_block(data)], 1)
    foot_height = foot_measured[0][2]
    foot = Placed(
        foot_measured[0][0], MARGIN, FOOT_BOTTOM, FOOT_WIDTH, foot_height, foot_measured[0][1]
    )
    band_bottom = max(BAND_BOTTOM, FOOT_BOTTOM + foot_height + 0.12 * inch)
    for scale in SCALES:
        layout = _layout_at(data, scale, band_bottom, foot)
        if layout.overflow <= 0:
            return layout
    return layout


def _layout_at(data: CertificateData, scale: float, band_bottom: float, foot: Placed) -> Layout:
    gap = 0.12 * inch * scale
    # The band: under the signature line, the signatory's name and title on the right and
    # the place and date on the left; above it, the signature (or room to sign) and the
    # seal.
    signature_measured = _measure(_signature_blocks(data), scale)
    place_measured = _measure(_place_blocks(data), scale)
    under_line = max(_stacked(signature_measured, scale), _stacked(place_measured, scale))
    image_height = SIGNATURE_IMAGE_HEIGHT * max(scale, 0.7)
    seal_height = SEAL_SIZE * max(scale, 0.7) if data.seal_image else 0
    line_y = band_bottom + under_line + gap / 2
    band_top = line_y + gap / 2 + max(image_height, seal_height)

    signature_left = PAGE_WIDTH - COLUMN_LEFT - SIGNATURE_WIDTH
    signature = _column(
        signature_measured, scale, left=signature_left, width=SIGNATURE_WIDTH, top=line_y - gap / 2
    )
    image = Placed(
        None,
        signature_left + (SIGNATURE_WIDTH - SIGNATURE_IMAGE_WIDTH) / 2,
        line_y + gap / 2,
        SIGNATURE_IMAGE_WIDTH,
        image_height,
    )
    place = _column(
        place_measured, scale, left=COLUMN_LEFT, width=PLACE_WIDTH, top=line_y - gap / 2
    )
    seal = (
        Placed(
            None,
            COLUMN_LEFT + (PLACE_WIDTH - seal_height) / 2,
            line_y + gap / 2,
            seal_height,
            seal_height,
        )
        if seal_height
        else None
    )

    stack_measured = _measure(_stack_blocks(data), scale)
    rule = 0.75
    stack_height = _stacked(stack_measured, scale) + rule + gap
    overflow = stack_height - (TOP - band_top - 2 * gap)
    # A short certificate sits in the middle of the room it has, not at the top.
    top = TOP - max(0.0, -overflow) / 2
    stack = []
    for block, paragraph, height in stack_measured:
        x = COLUMN_LEFT + (COLUMN_WIDTH - block.width) / 2
        stack.append(Placed(block, x, top - height, block.width, height, paragraph))
        top -= height + block.space_after * scale
        if block.rule_after:
            stack.append(Placed(None, PAGE_WIDTH / 2 - 1.2 * inch, top, 2.4 * inch, rule))
            top -= rule + gap
    return Layout(
        scale=scale,
        stack=stack,
        place=place,
        signature=signature,
        seal=seal,
        signature_image=image,
        signature_line_y=line_y,
        foot=foot,
        overflow=overflow,
    )


def certificate_fit_problems(data: CertificateData) -> list[str]:
    """Why the certificate cannot be issued as it stands, each reason naming what to
    change: a character no embedded face has, or text too long for the page even in the
    smallest type. Empty when it fits."""
    problems = []
    for block in [*_stack_blocks(data), *_place_blocks(data), *_signature_blocks(data)]:
        missing = missing_characters(block.text, fallback_chain(block.face))
        if missing and block.field:
            quoted = [f"“{character}” (U+{ord(character):04X})" for character in missing]
            shown = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" and {quoted[-1]}"
            problems.append(
                f"the certificate has no font for {shown} in {FIELD_NAMES[block.field]}: "
                "write it in letters the certificate can print, or ask the site's "
                "administrator to add a font that has them (AWARDS_PDF_FALLBACK_FONTS)"
            )
    layout = certificate_layout(data)
    if layout.overflow > 0:
        problems.append(_too_long(layout))
    return problems


def _too_long(layout: Layout) -> str:
    lines = {}
    for placed in [*layout.stack, *layout.place, *layout.signature]:
        block = placed.block
        if block is not None and block.field:
            lines[block.field] = len(placed.paragraph.blPara.lines)
    longest = sorted((field for field in lines if lines[field] > 1), key=lambda f: -lines[f])
    named = [f"{FIELD_NAMES[field]} ({lines[field]} lines)" for field in longest[:3]]
    citation = next((p for p in layout.stack if p.block and p.block.field == "citation"), None)
    leading = citation.paragraph.style.leading if citation else 10
    extra = max(1, round(layout.overflow / leading + 0.5))
    shorten = " or ".join([", ".join(named[:-1]), named[-1]] if len(named) > 1 else named)
    return (
        "the certificate's text does not fit on its page even in the smallest type: it "
        f"needs about {extra} more line{'' if extra == 1 else 's'}; shorten {shorten}"
    )


# -- drawing: one function per block ------------------------------------------------------


def qr_widget(payload: str) -> QrCodeWidget:
    """The QR code whose payload is `payload` (the verification URL), medium error
    correction so a worn print still scans."""
    return QrCodeWidget(payload, barLevel="M", barBorder=2)


def _qr_drawing(payload: str) -> Drawing:
    widget = qr_widget(payload)
    left, bottom, right, top = widget.getBounds()
    scale = [QR_SIZE / (right - left), 0, 0, QR_SIZE / (top - bottom), 0, 0]
    # The drawing's renderer would otherwise set Helvetica, which the file would name
    # without embedding; the code draws no text, so the embedded face costs nothing.
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=scale, initialFontName=REGULAR)
    drawing.add(widget)
    return drawing


def draw_border(canvas: Canvas) -> None:
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(3)
    canvas.rect(
        OUTER_BORDER, OUTER_BORDER, PAGE_WIDTH - 2 * OUTER_BORDER, PAGE_HEIGHT - 2 * OUTER_BORDER
    )
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1)
    canvas.rect(
        INNER_BORDER, INNER_BORDER, PAGE_WIDTH - 2 * INNER_BORDER, PAGE_HEIGHT - 2 * INNER_BORDER
    )


def draw_text_block(canvas: Canvas, placed: Placed) -> None:
    placed.paragraph.drawOn(canvas, placed.x, placed.y)


def draw_rule(canvas: Canvas, placed: Placed) -> None:
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(placed.height)
    canvas.line(placed.x, placed.y, placed.x + placed.width, placed.y)


def _draw_image_in(canvas: Canvas, image: bytes, box: Placed) -> None:
    """`image` as large as fits in `box`, its proportions kept, centred."""
    reader = ImageReader(io.BytesIO(image))
    width, height = reader.getSize()
    factor = min(box.width / width, box.height / height)
    drawn_width, drawn_height = width * factor, height * factor
    canvas.drawImage(
        reader,
        box.x + (box.width - drawn_width) / 2,
        box.y + (box.height - drawn_height) / 2,
        drawn_width,
        drawn_height,
        mask="auto",
    )


def draw_seal(canvas: Canvas, image: bytes, box: Placed) -> None:
    _draw_image_in(canvas, image, box)


def draw_signature_image(canvas: Canvas, image: bytes, box: Placed) -> None:
    _draw_image_in(canvas, image, box)


def draw_signature_line(canvas: Canvas, y: float) -> None:
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.6)
    centre = PAGE_WIDTH - COLUMN_LEFT - SIGNATURE_WIDTH / 2
    canvas.line(centre - SIGNATURE_LINE_WIDTH / 2, y, centre + SIGNATURE_LINE_WIDTH / 2, y)


def draw_qr_code(canvas: Canvas, payload: str) -> None:
    _qr_drawing(payload).drawOn(canvas, QR_LEFT, QR_BOTTOM)


def draw_watermark(canvas: Canvas, text: str) -> None:
    """The preview's mark, in the foot's right corner and across the page, so no print of
    a preview passes for a certificate."""
    canvas.saveState()
    canvas.setFillColor(WATERMARK_RED)
    canvas.setFont(BOLD, 10)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, FOOT_BOTTOM, text)
    canvas.setFillColor(WATERMARK_RED, alpha=0.18)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(28)
    canvas.setFont(BOLD, 54)
    canvas.drawCentredString(0, -18, text)
    canvas.restoreState()


# The structure a screen reader walks: the program as the heading, the recipient's name
# under it, every other block a paragraph; images are figures with their alternative text.
HEADINGS = {"program": "H1", "name": "H2"}


def _draw(canvas: Canvas, data: CertificateData, layout: Layout, tagger: Tagger) -> None:
    # A preview says so first to a screen reader, though its mark is painted last.
    preview = tagger.element("P") if data.watermark else None
    with tagger.artifact(canvas):
        draw_border(canvas)
    for placed in layout.stack:
        if placed.block:
            _tagged_text(canvas, tagger, placed)
        else:
            with tagger.artifact(canvas):
                draw_rule(canvas, placed)
    if layout.seal is not None:
        with tagger.tag(canvas, "Figure", alt=f"Seal of the {data.program_title}"):
            draw_seal(canvas, data.seal_image, layout.seal)
    for placed in layout.place:
        _tagged_text(canvas, tagger, placed)
    if data.signature_image:
        with tagger.tag(canvas, "Figure", alt=f"Signature of {data.signatory_name}"):
            draw_signature_image(canvas, data.signature_image, layout.signature_image)
    with tagger.artifact(canvas):
        draw_signature_line(canvas, layout.signature_line_y)
    for placed in layout.signature:
        _tagged_text(canvas, tagger, placed)
    _tagged_text(canvas, tagger, layout.foot)
    if data.verification_url:
        alt = f"QR code that opens the verification page of certificate {data.serial}"
        with tagger.tag(canvas, "Figure", alt=f"{alt}: {data.verification_url}"):
            draw_qr_code(canvas, data.verification_url)
    if preview is not None:
        preview.actual_text = data.watermark
        with tagger.marked(canvas, preview):
            draw_watermark(canvas, data.watermark)


def _tagged_text(canvas: Canvas, tagger: Tagger, placed: Placed) -> None:
    kind = HEADINGS.get(placed.block.field, "P")
    with tagger.tag(canvas, kind, text=placed.block.text):
        draw_text_block(canvas, placed)


def render_certificate(data: CertificateData) -> bytes:
    """The certificate as a one-page landscape Letter PDF."""
    layout = certificate_layout(data)
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        lang="en-US",
        # Else the canvas starts in Helvetica, a font the file would use but not embed.
        initialFontName=REGULAR,
        initialFontSize=10,
    )
    canvas.setTitle(data.title)
    canvas.setSubject(f"{data.award_year} {data.program_title}, certificate {data.serial}")
    canvas.setAuthor(data.author)
    canvas.setCreator(data.author)
    canvas.setKeywords(f"certificate {data.serial}")
    tagger = Tagger(lang="en-US")
    _draw(canvas, data, layout, tagger)
    canvas.showPage()
    canvas.save()
    return tagger.tagged(buffer.getvalue())
