"""The press statement announcing a cycle's recipients, as a PDF.

`render_press_statement` is pure: it turns an `PressStatementPdf` (a worded `PressStatement`
plus document metadata) into PDF bytes. Like the nomination copy it sets the text in
Bitstream Vera, which reportlab ships, embedded as TrueType, and carries title, subject,
author and language.
"""

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import HRFlowable, ListFlowable, ListItem, Paragraph

from core.pdf.fonts import BOLD, REGULAR, letter_document
from selection.domain.press_statement import PressStatement


@dataclass(frozen=True)
class PressStatementPdf:
    statement: PressStatement
    title: str
    subject: str
    author: str


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=11, leading=16, spaceAfter=10)
    return {
        "title": ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=16, leading=21, spaceAfter=6
        ),
        "kind": ParagraphStyle("kind", parent=base, fontName=BOLD, fontSize=10, spaceAfter=2),
        "header": ParagraphStyle("header", parent=base, fontSize=10, leading=14, spaceAfter=0),
        "body": base,
        "item": ParagraphStyle("item", parent=base, spaceAfter=4),
    }


def render_press_statement(data: PressStatementPdf) -> bytes:
    """The statement as a Letter-size PDF in the published order."""
    styles = _styles()
    statement = data.statement
    buffer = io.BytesIO()
    document = letter_document(buffer, title=data.title, subject=data.subject, author=data.author)
    story = []
    if statement.headline:
        story.append(Paragraph(escape(statement.headline), styles["title"]))
    story.append(Paragraph(escape(statement.kind), styles["kind"]))
    for line in (statement.signatory, statement.statement_date):
        if line:
            story.append(Paragraph(escape(line), styles["header"]))
    story.append(
        HRFlowable(
            width="100%",
            thickness=0.5,
            color=colors.HexColor("#71767a"),
            spaceBefore=8,
            spaceAfter=12,
        )
    )
    for text in (*statement.context_paragraphs, *statement.meeting_paragraphs):
        story.append(Paragraph(escape(text), styles["body"]))
    if statement.commitments_lead:
        story.append(Paragraph(escape(statement.commitments_lead), styles["body"]))
    if statement.commitments:
        story.append(
            ListFlowable(
                [
                    ListItem(Paragraph(escape(item), styles["item"]), leftIndent=18)
                    for item in statement.commitments
                ],
                bulletType="bullet",
                bulletFontName=REGULAR,
                start="\u2022",
                leftIndent=18,
                spaceAfter=10,
            )
        )
    for text in (statement.award_paragraph, *statement.closing_paragraphs):
        if text:
            story.append(Paragraph(escape(text), styles["body"]))
    document.build(story)
    return buffer.getvalue()
