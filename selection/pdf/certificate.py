"""The award certificate: one landscape Letter page (DESIGN.md §2.6, DOMAIN.md).

`render_certificate` is pure: it turns a `CertificateData` into PDF bytes and reads
nothing else. The wording follows the published certificates: "The United States of
America", the program title, the award year, "Presented to" the recipient, the full
citation, "Presented on behalf of the President of the United States by <signatory>,
<title>", the place and date, then the serial number and a QR code that opens the public
verification page. Text is set in Bitstream Vera, which reportlab ships, embedded as
TrueType; the file carries its title, subject, author and language.
"""

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from core.pdf.fonts import BOLD, ITALIC, REGULAR, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = landscape(LETTER)
NAVY = colors.HexColor("#162e51")
GOLD = colors.HexColor("#9c7a2b")
INK = colors.HexColor("#1b1b1b")
QR_SIZE = 0.95 * inch
# The text column: inside the borders, clear of the serial and QR code at the foot.
COLUMN_WIDTH = PAGE_WIDTH - 2.3 * inch
CITATION_WIDTH = PAGE_WIDTH - 3 * inch
CITATION_SIZES = (14, 13, 12, 11, 10)


@dataclass(frozen=True)
class CertificateData:
    """Everything the certificate shows, already worded and formatted as plain text.

    `verification_url` is the QR code's payload; empty for a preview that has no serial
    on record, which then carries `watermark` instead of a code.
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

    @property
    def presented_by(self) -> str:
        signatory = ", ".join(part for part in (self.signatory_name, self.signatory_title) if part)
        return f"Presented {self.presenter_phrase} by {signatory}"

    @property
    def title(self) -> str:
        return f"{self.award_year} {self.program_title}: {self.recipient_name}"


def _style(name: str, font: str, size: float, *, color=INK, leading: float = 0) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=font,
        fontSize=size,
        leading=leading or size * 1.25,
        alignment=TA_CENTER,
        textColor=color,
    )


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


def _draw_border(canvas) -> None:
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(3)
    canvas.rect(0.4 * inch, 0.4 * inch, PAGE_WIDTH - 0.8 * inch, PAGE_HEIGHT - 0.8 * inch)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1)
    canvas.rect(0.52 * inch, 0.52 * inch, PAGE_WIDTH - 1.04 * inch, PAGE_HEIGHT - 1.04 * inch)


@dataclass(frozen=True)
class _Block:
    """A centred, wrapping paragraph, or a short rule when `text` is empty."""

    text: str
    style: ParagraphStyle | None = None
    space_after: float = 0
    width: float = COLUMN_WIDTH


def _blocks(data: CertificateData, citation_size: float) -> list[_Block]:
    return [
        _Block("The United States of America", _style("nation", REGULAR, 13, color=NAVY), 12),
        _Block(data.program_title, _style("program", BOLD, 23, color=NAVY), 8),
        _Block(str(data.award_year), _style("year", BOLD, 20, color=GOLD), 10),
        _Block("", space_after=16),
        _Block("Presented to", _style("to", ITALIC, 14), 8),
        _Block(data.recipient_name, _style("name", BOLD, 25, color=NAVY), 16),
        _Block(
            data.citation,
            _style("citation", ITALIC, citation_size, leading=citation_size * 1.45),
            20,
            CITATION_WIDTH,
        ),
        _Block(data.presented_by, _style("by", REGULAR, 11.5), 6),
        _Block(data.place_and_date, _style("place", REGULAR, 11.5)),
    ]


def _draw_body(canvas, data: CertificateData) -> None:
    """Measure every block, then draw them centred in the space between the top border
    and the serial and QR code at the foot, so short and long citations both sit well."""
    area_top, area_bottom = PAGE_HEIGHT - 0.85 * inch, 1.55 * inch
    # The citation's type shrinks until everything fits: an 80-word citation for a
    # recipient whose name takes two lines still fits on the one page.
    for citation_size in CITATION_SIZES:
        measured = _measure(_blocks(data, citation_size))
        total = sum(height + block.space_after for block, _, height in measured)
        if total <= area_top - area_bottom:
            break
    top = area_top - max(0, (area_top - area_bottom - total) / 2)
    for block, paragraph, height in measured:
        if paragraph is None:
            _draw_rule(canvas, top)
        else:
            paragraph.drawOn(canvas, (PAGE_WIDTH - block.width) / 2, top - height)
        top -= height + block.space_after


def _measure(blocks: list[_Block]) -> list[tuple[_Block, Paragraph | None, float]]:
    measured = []
    for block in blocks:
        if block.text:
            paragraph = Paragraph(escape(block.text), block.style)
            _, height = paragraph.wrap(block.width, PAGE_HEIGHT)
        else:
            paragraph, height = None, 0.75
        measured.append((block, paragraph, height))
    return measured


def _draw_rule(canvas, y: float) -> None:
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.75)
    canvas.line(PAGE_WIDTH / 2 - 1.2 * inch, y, PAGE_WIDTH / 2 + 1.2 * inch, y)


def render_certificate(data: CertificateData) -> bytes:
    """The certificate as a one-page landscape Letter PDF."""
    register_fonts()
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
    canvas.setViewerPreference("DisplayDocTitle", "true")

    _draw_border(canvas)
    _draw_body(canvas, data)

    foot = 0.75 * inch
    canvas.setFillColor(INK)
    canvas.setFont(REGULAR, 8.5)
    canvas.drawString(0.8 * inch, foot + 12, f"Serial number {data.serial}")
    if data.verification_url:
        canvas.drawString(0.8 * inch, foot, f"Verify at {data.verification_url}")
        _qr_drawing(data.verification_url).drawOn(
            canvas, PAGE_WIDTH - 0.75 * inch - QR_SIZE, foot - 0.1 * inch
        )
    if data.watermark:
        canvas.setFillColor(colors.HexColor("#b50909"))
        canvas.setFont(BOLD, 10)
        canvas.drawRightString(PAGE_WIDTH - 0.8 * inch, foot, data.watermark)
        # Across the page too, so no print of a preview passes for a certificate.
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#b50909"), alpha=0.18)
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(28)
        canvas.setFont(BOLD, 54)
        canvas.drawCentredString(0, -18, data.watermark)
        canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
