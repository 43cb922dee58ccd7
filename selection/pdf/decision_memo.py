"""The decision memo: the ranked slate, its panel figures and briefing notes, the award cap
and a signature block for the selecting official (DESIGN.md §2.5).

`render_decision_memo` is pure: it turns a `DecisionMemo` into PDF bytes and reads
nothing else. `selection.selectors.slate.decision_memo_for` assembles the data, which the
HTML page shows too. Fonts are embedded the way the nomination copy embeds them
(Bitstream Vera, shipped with reportlab); the file carries its title, subject, author
and language.
"""

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from core.pdf.fonts import BOLD, REGULAR, letter_document


@dataclass(frozen=True)
class MemoRow:
    """One advanced nomination, its figures already worded."""

    rank: str
    reference: str
    nominee: str
    score: str
    percentile: str
    reviews: str
    sd: str
    disagreement: bool
    briefing_note: str


@dataclass(frozen=True)
class DecisionMemo:
    program: str
    cycle: str  # "2030 award cycle"
    award_cap: int
    rows: tuple[MemoRow, ...]  # rank order
    signatory_name: str
    signatory_title: str
    author: str = "Award staff"
    reviewed_count: int = 0  # nominations the panel reviewed, advanced or not
    # Filled in once the selecting official has decided.
    signed_name: str = ""
    decided_on: str = ""
    selected: tuple[str, ...] = ()  # references, rank order
    justification: str = ""

    @property
    def title(self) -> str:
        return f"Decision memo: {self.program}, {self.cycle}"

    @property
    def subject(self) -> str:
        return (
            f"The ranked slate of {len(self.rows)} nomination"
            f"{'' if len(self.rows) == 1 else 's'} for selection, up to {self.award_cap}"
        )


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=14)
    return {
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=16, leading=20),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, leading=15),
        "heading": ParagraphStyle(
            "heading", parent=base, fontName=BOLD, fontSize=12, leading=16, spaceBefore=12
        ),
        "nominee": ParagraphStyle(
            "nominee", parent=base, fontName=BOLD, fontSize=10.5, leading=14, spaceBefore=10
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11),
        "body": base,
    }


def _text(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text.strip()).replace("\n", "<br/>"), style)


def _slate_table(data: DecisionMemo, styles) -> Table:
    header = ["Rank", "Reference", "Nominee", "Score", "Percentile", "Reviews", "SD"]
    body = [
        [
            row.rank,
            row.reference,
            _text(row.nominee, styles["cell"]),
            row.score,
            row.percentile,
            row.reviews,
            row.sd + (" (disagreement)" if row.disagreement else ""),
        ]
        for row in data.rows
    ]
    table = Table(
        [header, *body],
        colWidths=[
            0.5 * inch,
            1.1 * inch,
            2.25 * inch,
            0.5 * inch,
            0.75 * inch,
            0.6 * inch,
            0.8 * inch,
        ],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), BOLD, 9),
                ("FONT", (0, 1), (-1, -1), REGULAR, 9),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.HexColor("#1b1b1b")),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#a9aeb1")),
            ]
        )
    )
    return table


def _signature_block(data: DecisionMemo, styles) -> list:
    story = [Paragraph("Decision of the selecting official", styles["heading"])]
    if data.signed_name:
        selected = ", ".join(data.selected) or "none"
        story += [
            _text(f"Selected: {selected}.", styles["body"]),
            _text(f"Signed by typing the name: {data.signed_name}", styles["body"]),
            _text(f"Date: {data.decided_on}", styles["body"]),
        ]
        if data.justification:
            story += [
                Paragraph("Justification for departing from the rank order", styles["nominee"]),
                _text(data.justification, styles["body"]),
            ]
        return story
    line = "_" * 46
    return story + [
        _text(f"I select the nominations listed here, up to {data.award_cap}:", styles["body"]),
        Spacer(1, 30),
        _text(line, styles["body"]),
        _text(data.signatory_name or "Selecting official", styles["body"]),
        _text(data.signatory_title, styles["body"]),
        Spacer(1, 18),
        _text(f"Date: {'_' * 24}", styles["body"]),
    ]


def render_decision_memo(data: DecisionMemo) -> bytes:
    """The memo as a Letter-size PDF."""
    styles = _styles()
    buffer = io.BytesIO()
    document = letter_document(buffer, title=data.title, subject=data.subject, author=data.author)
    story = [
        _text("Decision memo", styles["title"]),
        _text(f"{data.program}, {data.cycle}", styles["subtitle"]),
        Spacer(1, 6),
        _text(
            f"Award cap: up to {data.award_cap} recipient{'' if data.award_cap == 1 else 's'}.",
            styles["body"],
        ),
        _text(
            f"The panel reviewed {data.reviewed_count}; staff advanced {len(data.rows)} to "
            "the slate, listed in the panel's rank order. Scores run from 10 (best) to 90; "
            "a lower percentile is better.",
            styles["body"],
        ),
        HRFlowable(width="100%", thickness=0.5, color=colors.HexColor("#71767a"), spaceBefore=8),
        Paragraph("The ranked slate", styles["heading"]),
        _slate_table(data, styles) if data.rows else _text("The slate is empty.", styles["body"]),
        Paragraph("Briefing notes", styles["heading"]),
    ]
    for row in data.rows:
        story.append(
            KeepTogether(
                [
                    _text(f"{row.rank}. {row.nominee} ({row.reference})", styles["nominee"]),
                    _text(row.briefing_note or "No briefing note.", styles["body"]),
                ]
            )
        )
    story += _signature_block(data, styles)

    def number_pages(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 8)
        canvas.drawRightString(
            LETTER[0] - inch, 0.5 * inch, f"Decision memo, {data.cycle}, page {doc.page}"
        )
        canvas.restoreState()

    document.build(story, onFirstPage=number_pages, onLaterPages=number_pages)
    return buffer.getvalue()
