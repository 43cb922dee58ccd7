"""The nominator's copy of a submitted nomination, attached to the receipt email.

`render_nomination_copy` is pure: it turns a `NominationCopy` into PDF bytes and reads
nothing else. The text is set in Bitstream Vera, which reportlab ships, embedded as a
TrueType font so the file looks the same everywhere; the document carries its title,
subject, author and language for assistive technology and search.

The file is tagged (core/pdf/tagging.py): the title is the H1, each section's heading an
H2, each question's label an H3 over the paragraphs of its answer; the rule under the
header and the page numbers are artifacts.
"""

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import HRFlowable, Paragraph, Spacer

from core.pdf.fonts import BOLD, REGULAR, letter_document
from core.pdf.tagging import Tagger


@dataclass(frozen=True)
class CopySection:
    heading: str
    rows: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class NominationCopy:
    """Everything the copy shows, already worded: labels and values as plain text."""

    title: str
    subtitle: str
    reference: str
    submitted: str
    author: str
    sections: list[CopySection]
    footer: str = ""


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=14)
    return {
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=16, leading=20),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, leading=15),
        "heading": ParagraphStyle(
            "heading", parent=base, fontName=BOLD, fontSize=12, leading=16, spaceBefore=12
        ),
        "label": ParagraphStyle(
            "label", parent=base, fontName=BOLD, textColor=colors.HexColor("#1b1b1b"), spaceBefore=6
        ),
        "body": base,
        "footer": ParagraphStyle("footer", parent=base, fontSize=8, leading=10),
    }


def _paragraphs(tagger: Tagger, text: str, style: ParagraphStyle) -> list:
    """One tagged P per paragraph of the text, line breaks kept, markup escaped."""
    blocks = [block for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]
    return [
        tagger.flowable(Paragraph(escape(block.strip()).replace("\n", "<br/>"), style), "P")
        for block in blocks
    ]


def render_nomination_copy(data: NominationCopy) -> bytes:
    """The copy as a tagged Letter-size PDF."""
    styles = _styles()
    tagger = Tagger()
    buffer = io.BytesIO()
    document = letter_document(buffer, title=data.title, subject=data.subtitle, author=data.author)
    story = [
        tagger.flowable(Paragraph(escape(data.title), styles["title"]), "H1"),
        tagger.flowable(Paragraph(escape(data.subtitle), styles["subtitle"]), "P"),
        Spacer(1, 6),
        tagger.flowable(
            Paragraph(f"Reference number: {escape(data.reference)}", styles["body"]), "P"
        ),
        tagger.flowable(Paragraph(f"Submitted: {escape(data.submitted)}", styles["body"]), "P"),
        tagger.decoration(
            HRFlowable(width="100%", thickness=0.5, color=colors.HexColor("#71767a"), spaceBefore=8)
        ),
    ]
    for section in data.sections:
        story.append(tagger.flowable(Paragraph(escape(section.heading), styles["heading"]), "H2"))
        for label, value in section.rows:
            story.append(tagger.flowable(Paragraph(escape(label), styles["label"]), "H3"))
            story.extend(_paragraphs(tagger, value or "Not given", styles["body"]))
    if data.footer:
        story += [Spacer(1, 18), *_paragraphs(tagger, data.footer, styles["footer"])]

    def number_pages(canvas, doc) -> None:
        with tagger.artifact(canvas, "Pagination", subtype="Footer"):
            canvas.saveState()
            canvas.setFont(REGULAR, 8)
            canvas.drawRightString(
                LETTER[0] - inch, 0.5 * inch, f"{data.reference}, page {doc.page}"
            )
            canvas.restoreState()

    document.build(story, onFirstPage=number_pages, onLaterPages=number_pages)
    return tagger.tagged(buffer.getvalue())
