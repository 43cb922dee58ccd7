"""The decision memo: a memorandum to the selecting official with the ranked slate, its
panel figures and briefing notes, the award cap and a signature block (DESIGN.md §2.5).

`render_decision_memo` is pure: it turns a `DecisionMemo` into PDF bytes and reads
nothing else. `selection.selectors.slate.decision_memo_for` assembles the data, which the
HTML page shows too.

The memorandum opens with its TO / FROM / SUBJECT / DATE block, and every page carries
"PRE-DECISIONAL AND DELIBERATIVE" at its head and foot. The slate's table sizes each
column from what it holds: a column gets at least its longest word (a reference, a
header such as "Percentile") and the room left goes to the columns whose text would
wrap, so no two columns ever touch, whatever the lengths; every cell, headers included,
wraps. Fonts are Bitstream Vera, embedded, with the fallbacks of `core.pdf.fonts` for
letters it lacks; the file carries its title, subject, author and language.

Each part (the address block, the table, the notes, the signature block, the page
markings) is built by one function, so that whatever marks the content for assistive
technology wraps one call.
"""

import io
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from core.pdf.fonts import (
    BOLD,
    REGULAR,
    fallback_chain,
    font_runs,
    letter_document,
    paragraph_markup,
)
from core.pdf.tagging import Element, Tagger

MARKING = "PRE-DECISIONAL AND DELIBERATIVE"
PAGE_WIDTH, PAGE_HEIGHT = LETTER
# Between the one-inch margins, less the 6 points each side the page's frame keeps.
TEXT_WIDTH = PAGE_WIDTH - 2 * inch - 12
CELL_PADDING = 4
CELL_SIZE = 9
RULE = colors.HexColor("#1b1b1b")
LIGHT_RULE = colors.HexColor("#a9aeb1")
TABLE_HEADERS = ("Rank", "Reference", "Nominee", "Score", "Percentile", "Reviews", "SD")


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
    award_year: int = 0
    sender: str = ""  # FROM: the staff member and the award office; `author` if empty
    dated: str = ""  # DATE: the day it was made, in the cycle's zone
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

    @property
    def subject_line(self) -> str:
        """ "Selection of recipients, 2030 Presidential Award …": the SUBJECT line."""
        year = f"{self.award_year} " if self.award_year else ""
        return f"Selection of recipients, {year}{self.program}"

    @property
    def addressee(self) -> str:
        return ", ".join(part for part in (self.signatory_name, self.signatory_title) if part)


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
        "label": ParagraphStyle("label", parent=base, fontName=BOLD),
        "cell": ParagraphStyle("cell", parent=base, fontSize=CELL_SIZE, leading=11.5),
        "header": ParagraphStyle(
            "header", parent=base, fontName=BOLD, fontSize=CELL_SIZE, leading=11.5
        ),
        "body": base,
    }


def _text(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(paragraph_markup(text.strip(), style.fontName), style)


# -- the address block ---------------------------------------------------------------------


def address_block(data: DecisionMemo, styles, tagger: Tagger) -> list:
    """MEMORANDUM, then TO / FROM / SUBJECT / DATE, labels in a column of their own.
    Elements are made in reading order: the heading before the table."""
    heading = tagger.flowable(_text("MEMORANDUM", styles["title"]), "H1")
    lines = [
        ("TO:", data.addressee or "The selecting official"),
        ("FROM:", data.sender or data.author),
        ("SUBJECT:", data.subject_line),
        ("DATE:", data.dated),
    ]
    label_width = max(stringWidth(label, BOLD, 10) for label, _ in lines) + 2 * CELL_PADDING + 8
    table = tagger.table(
        [[_text(label, styles["label"]), _text(value, styles["body"])] for label, value in lines],
        header_rows=0,
        header_columns=1,
        colWidths=[label_width, TEXT_WIDTH - label_width],
    )
    table.setStyle(
        TableStyle(
            [
                # Else the table would set Helvetica, which the file would name unembedded.
                ("FONT", (0, 0), (-1, -1), REGULAR, 10),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return [
        heading,
        Spacer(1, 8),
        table,
        tagger.decoration(
            HRFlowable(width="100%", thickness=0.75, color=RULE, spaceBefore=6, spaceAfter=4)
        ),
    ]


# -- the slate's table ---------------------------------------------------------------------


def _widest_word(text: str, font: str, size: float) -> float:
    return max(
        (
            sum(stringWidth(run, face, size) for face, run in font_runs(word, fallback_chain(font)))
            for word in text.split()
        ),
        default=0,
    )


def _full_width(text: str, font: str, size: float) -> float:
    return max(
        (
            sum(stringWidth(run, face, size) for face, run in font_runs(line, fallback_chain(font)))
            for line in text.split("\n")
        ),
        default=0,
    )


def column_widths(cells: list[list[tuple[str, str]]], total: float) -> list[float]:
    """Widths for columns of (text, font) cells that add up to `total`: each column at
    least as wide as its longest word, the rest shared out in proportion to how much
    more each column's longest line needs, and any left over to the widest column.
    When the longest words cannot all fit, the widest columns give way first, down to
    the next widest and so on, so short headers and figures stay whole and the longest
    words break."""
    columns = list(zip(*cells, strict=True))
    # The cell's padding, and a point so that a word exactly as wide as its column still
    # counts as fitting when reportlab compares the sums.
    padding = 2 * CELL_PADDING + 1
    least = [
        max(_widest_word(text, font, CELL_SIZE) for text, font in column) + padding
        for column in columns
    ]
    most = [
        max(_full_width(text, font, CELL_SIZE) for text, font in column) + padding
        for column in columns
    ]
    if sum(least) >= total:
        return _narrowed(least, total)
    if sum(most) <= total:
        spare = total - sum(most)
        widest = most.index(max(most))
        return [width + (spare if index == widest else 0) for index, width in enumerate(most)]
    wanted = [high - low for low, high in zip(least, most, strict=True)]
    room = total - sum(least)
    return [low + room * want / sum(wanted) for low, want in zip(least, wanted, strict=True)]


def _narrowed(widths: list[float], total: float) -> list[float]:
    """`widths` brought down to add up to `total`, taking from the widest first."""
    widths = list(widths)
    while sum(widths) > total + 1e-9:
        widest = max(widths)
        narrower = max((width for width in widths if width < widest), default=0.0)
        count = widths.count(widest)
        cut = min((sum(widths) - total) / count, widest - narrower)
        widths = [width - cut if width == widest else width for width in widths]
    return widths


def slate_table(data: DecisionMemo, styles, tagger: Tagger) -> Table:
    """The slate in rank order, one row a nomination; the header repeats on each page."""
    body = [
        [
            row.rank,
            row.reference,
            row.nominee,
            row.score,
            row.percentile,
            row.reviews,
            row.sd + (" (disagreement)" if row.disagreement else ""),
        ]
        for row in data.rows
    ]
    cells = [[(text, BOLD) for text in TABLE_HEADERS]] + [
        [(text, REGULAR) for text in row] for row in body
    ]
    widths = column_widths(cells, TEXT_WIDTH)
    rows = [[_text(text, styles["header"]) for text in TABLE_HEADERS]] + [
        [_text(text, styles["cell"]) for text in row] for row in body
    ]
    table = tagger.table(rows, header_rows=1, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, CELL_SIZE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("LINEBELOW", (0, 0), (-1, 0), 0.75, RULE),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, LIGHT_RULE),
            ]
        )
    )
    return table


# -- the notes and the decision ---------------------------------------------------------------


def briefing_notes(data: DecisionMemo, styles, tagger: Tagger) -> list:
    story = [tagger.flowable(Paragraph("Briefing notes", styles["heading"]), "H2")]
    for row in data.rows:
        heading = _text(f"{row.rank}. {row.nominee} ({row.reference})", styles["nominee"])
        note = _text(row.briefing_note or "No briefing note.", styles["body"])
        story.append(KeepTogether([tagger.flowable(heading, "H3"), tagger.flowable(note, "P")]))
    return story


def signature_block(data: DecisionMemo, styles, tagger: Tagger) -> list:
    heading = Paragraph("Decision of the selecting official", styles["heading"])
    story = [tagger.flowable(heading, "H2")]

    def paragraph(text: str, style: str = "body", kind: str = "P"):
        return tagger.flowable(_text(text, styles[style]), kind)

    if data.signed_name:
        selected = ", ".join(data.selected) or "none"
        story += [
            paragraph(f"Selected: {selected}."),
            paragraph(f"Signed by typing the name: {data.signed_name}"),
            paragraph(f"Date: {data.decided_on}"),
        ]
        if data.justification:
            story += [
                paragraph("Justification for departing from the rank order", "nominee", "H3"),
                paragraph(data.justification),
            ]
        return story
    signature_line = tagger.decoration(_text("_" * 46, styles["body"]))
    date_line = _text(f"Date: {'_' * 24}", styles["body"])
    return story + [
        paragraph(f"I select the nominations listed here, up to {data.award_cap}:"),
        Spacer(1, 30),
        signature_line,
        paragraph(data.signatory_name or "Selecting official"),
        *([paragraph(data.signatory_title)] if data.signatory_title.strip() else []),
        Spacer(1, 18),
        tagger.flowable(date_line, "P"),
    ]


def draw_page_markings(
    canvas: Canvas, page: int, cycle: str, tagger: Tagger, marking: Element
) -> None:
    """The marking at the head and foot of the page, and the page's number under it. The
    first page's head marking is read as the memo's first paragraph; the rest repeat it
    and are running heads and feet a screen reader skips."""
    canvas.saveState()
    canvas.setFont(BOLD, 9)
    if page == 1:
        with tagger.marked(canvas, marking):
            canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 0.55 * inch, MARKING)
    else:
        with tagger.artifact(canvas, "Pagination", subtype="Header"):
            canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 0.55 * inch, MARKING)
    with tagger.artifact(canvas, "Pagination", subtype="Footer"):
        canvas.drawCentredString(PAGE_WIDTH / 2, 0.6 * inch, MARKING)
        canvas.setFont(REGULAR, 8)
        footer = f"Decision memo, {cycle}, page {page}"
        canvas.drawCentredString(PAGE_WIDTH / 2, 0.42 * inch, footer)
    canvas.restoreState()


def render_decision_memo(data: DecisionMemo) -> bytes:
    """The memo as a Letter-size PDF."""
    styles = _styles()
    buffer = io.BytesIO()
    document = letter_document(buffer, title=data.title, subject=data.subject, author=data.author)
    tagger = Tagger(lang="en-US")
    marking = tagger.element("P")
    marking.actual_text = MARKING

    def paragraph(text: str, style: str = "body", kind: str = "P"):
        return tagger.flowable(_text(text, styles[style]), kind)

    cap = f"Award cap: up to {data.award_cap} recipient{'' if data.award_cap == 1 else 's'}."
    story = [
        *address_block(data, styles, tagger),
        paragraph(f"{data.program}, {data.cycle}", "subtitle"),
        Spacer(1, 6),
        paragraph(cap),
        paragraph(
            f"The panel reviewed {data.reviewed_count}; staff advanced {len(data.rows)} to "
            "the slate, listed in the panel's rank order. Scores run from 10 (best) to 90; "
            "a lower percentile is better."
        ),
        tagger.decoration(
            HRFlowable(width="100%", thickness=0.5, color=colors.HexColor("#71767a"), spaceBefore=8)
        ),
        tagger.flowable(Paragraph("The ranked slate", styles["heading"]), "H2"),
        slate_table(data, styles, tagger) if data.rows else paragraph("The slate is empty."),
        *briefing_notes(data, styles, tagger),
        *signature_block(data, styles, tagger),
    ]

    def mark(canvas, doc) -> None:
        draw_page_markings(canvas, doc.page, data.cycle, tagger, marking)

    document.build(story, onFirstPage=mark, onLaterPages=mark)
    return tagger.tagged(buffer.getvalue())
