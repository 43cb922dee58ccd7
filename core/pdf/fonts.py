"""What every PDF here shares: Bitstream Vera (shipped with reportlab) embedded as
TrueType, so a file looks the same everywhere and uses no font it does not carry, and a
Letter-size document that carries its title, subject, author and language for
assistive technology and search."""

import io
from pathlib import Path

import reportlab
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate

FONT_DIR = Path(reportlab.__file__).parent / "fonts"
REGULAR = "AwardsVera"
BOLD = "AwardsVera-Bold"
ITALIC = "AwardsVera-Italic"


def register_fonts() -> None:
    """Register the three faces once per process (reportlab keeps them globally)."""
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "VeraBd.ttf")))
        pdfmetrics.registerFont(TTFont(ITALIC, str(FONT_DIR / "VeraIt.ttf")))


def letter_document(buffer: io.BytesIO, *, title: str, subject: str, author: str):
    """A portrait Letter document with one-inch side margins and the file's metadata."""
    register_fonts()
    return SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=inch,
        rightMargin=inch,
        topMargin=0.9 * inch,
        bottomMargin=0.9 * inch,
        title=title,
        subject=subject,
        author=author,
        creator=author,
        lang="en-US",
        displayDocTitle=True,
        # Else the canvas starts in Helvetica, a font the file would use but not embed.
        initialFontName=REGULAR,
        initialFontSize=10,
    )
