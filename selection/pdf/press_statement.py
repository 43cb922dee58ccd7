"""The press statement announcing a cycle's recipients, as a PDF.

`render_press_statement` is pure: it turns an `PressStatementPdf` (a worded `PressStatement`
plus document metadata) into PDF bytes. Like the nomination copy it sets the text in
Bitstream Vera, which reportlab ships, embedded as TrueType, and carries title, subject,
author and language.

The file is tagged (core/pdf/tagging.py): the headline is the H1, the kind, signatory,
date and every paragraph a P, the commitments a list (L, each LI a bullet label and its
body); the rule under the header is an artifact.
"""

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import HRFlowable, Paragraph, Spacer

from core.pdf.fonts import BOLD, REGULAR, letter_document
from core.pdf.tagging import Tagger
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
    """The statement as a tagged Letter-size PDF in the published order."""
    styles = _styles()
    statement = data.statement
    tagger = Tagger()
    buffer = io.BytesIO()
    document = letter_document(buffer, title=data.title, subject=data.subject, author=data.author)

    def paragraph(text: str, style: str, kind: str = "P"):
        return tagger.flowable(Paragraph(escape(text), styles[style]), kind)

    story = []
    if statement.headline:
        story.append(paragraph(statement.headline, "title", "H1"))
    story.append(paragraph(statement.kind, "kind"))
    for line in (statement.signatory, statement.statement_date):
        if line:
            story.append(paragraph(line, "header"))
    story.append(
        tagger.decoration(
            HRFlowable(
                width="100%",
                thickness=0.5,
                color=colors.HexColor("#71767a"),
                spaceBefore=8,
                spaceAfter=12,
            )
        )
    )
    for text in (*statement.context_paragraphs, *statement.meeting_paragraphs):
        story.append(paragraph(text, "body"))
    if statement.commitments_lead:
        story.append(paragraph(statement.commitments_lead, "body"))
    if statement.commitments:
        story += tagger.bulleted_list(
            [Paragraph(escape(item), styles["item"]) for item in statement.commitments],
            font_name=REGULAR,
            font_size=styles["item"].fontSize,
        )
        story.append(Spacer(1, 6))
    for text in (statement.award_paragraph, *statement.closing_paragraphs):
        if text:
            story.append(paragraph(text, "body"))
    document.build(story)
    return tagger.tagged(buffer.getvalue())
