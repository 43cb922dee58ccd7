"""The press statement PDF (selection/pdf/press_statement.py): text, metadata, fonts, tags."""

import io

from pypdf import PdfReader

from selection.domain.press_statement import PressStatement
from selection.pdf.press_statement import PressStatementPdf, render_press_statement
from tests.core.pdf_structure import faults, kinds, outline, structure
from tests.selection.domain.test_press_statement import PUBLISHED_2022


def statement(**changes) -> PressStatement:
    data = {
        "headline": "Meeting of the President\u2019s Interagency Task Force",
        "signatory": "Antony J. Blinken, Secretary of State",
        "statement_date": "February 13, 2023",
        "context_paragraphs": ("Around the world <b>27.6 million</b> & more.",),
        "meeting_paragraphs": ("Today I chaired the 2023 meeting.",),
        "commitments_lead": "Looking forward, the State Department will do our part, by:",
        "commitments": ("Promoting survivor leadership.", "Preventing forced labor."),
        "award_paragraph": PUBLISHED_2022,
        "closing_paragraphs": ("Thank you.",),
    }
    return PressStatement(**(data | changes))


def pdf_data(**changes) -> PressStatementPdf:
    return PressStatementPdf(
        statement=statement(**changes),
        title="Press statement: the 2022 Presidential Award",
        subject="Presidential Award for Extraordinary Efforts to Combat Trafficking in Persons",
        author="Office to Monitor and Combat Trafficking in Persons",
    )


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text_of(reader: PdfReader) -> str:
    # Lines wrap where the page ends; compare words, not line breaks.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_announcement_pdf_carries_title_subject_author_and_language():
    reader = read(render_press_statement(pdf_data()))

    info = reader.metadata
    assert info.title == "Press statement: the 2022 Presidential Award"
    assert info.subject == (
        "Presidential Award for Extraordinary Efforts to Combat Trafficking in Persons"
    )
    assert info.author == "Office to Monitor and Combat Trafficking in Persons"
    assert reader.trailer["/Root"]["/Lang"] == "en-US"


def test_announcement_pdf_reads_in_the_published_order_with_markup_escaped():
    text = text_of(read(render_press_statement(pdf_data())))

    parts = [
        "Meeting of the President\u2019s Interagency Task Force",
        "Press Statement",
        "Antony J. Blinken, Secretary of State",
        "February 13, 2023",
        "Around the world <b>27.6 million</b> & more.",
        "Today I chaired the 2023 meeting.",
        "Looking forward, the State Department will do our part, by:",
        "Promoting survivor leadership.",
        "Preventing forced labor.",
        PUBLISHED_2022,
        "Thank you.",
    ]
    positions = [text.find(part) for part in parts]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_announcement_pdf_embeds_its_truetype_fonts():
    reader = read(render_press_statement(pdf_data()))

    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [font.get_object()["/FontDescriptor"] for font in fonts.values()]
    assert descriptors and all("/FontFile2" in descriptor for descriptor in descriptors)


def test_announcement_pdf_without_optional_parts():
    reader = read(
        render_press_statement(
            pdf_data(
                headline="",
                statement_date="",
                context_paragraphs=(),
                meeting_paragraphs=(),
                commitments_lead="",
                commitments=(),
                closing_paragraphs=(),
            )
        )
    )

    assert text_of(reader) == (
        f"Press Statement Antony J. Blinken, Secretary of State {PUBLISHED_2022}"
    )


def test_announcement_pdf_is_tagged_in_the_published_order():
    reader = read(render_press_statement(pdf_data()))

    assert outline(reader) == [
        ("H1", "Meeting of the President\u2019s Interagency Task Force"),
        ("P", "Press Statement"),
        ("P", "Antony J. Blinken, Secretary of State"),
        ("P", "February 13, 2023"),
        ("P", "Around the world <b>27.6 million</b> & more."),
        ("P", "Today I chaired the 2023 meeting."),
        ("P", "Looking forward, the State Department will do our part, by:"),
        ("L", "\u2022 Promoting survivor leadership. \u2022 Preventing forced labor."),
        ("P", PUBLISHED_2022),
        ("P", "Thank you."),
    ]
    assert faults(reader) == []


def test_announcement_pdf_paragraphs_carry_their_words_with_the_spaces_at_line_ends():
    reader = read(render_press_statement(pdf_data()))

    paragraphs = [node for node in structure(reader).children if node.kind == "P"]
    assert [node.actual_text for node in paragraphs] == [
        "Press Statement",
        "Antony J. Blinken, Secretary of State",
        "February 13, 2023",
        "Around the world <b>27.6 million</b> & more.",
        "Today I chaired the 2023 meeting.",
        "Looking forward, the State Department will do our part, by:",
        PUBLISHED_2022,
        "Thank you.",
    ]


def test_announcement_pdf_commitments_are_list_items_with_a_bullet_label():
    reader = read(render_press_statement(pdf_data()))

    (commitments,) = [node for node in structure(reader).children if node.kind == "L"]
    assert [kinds(item) for item in commitments.children] == [["Lbl", "LBody"]] * 2
    assert [outline(reader, item) for item in commitments.children] == [
        [("Lbl", "\u2022"), ("LBody", "Promoting survivor leadership.")],
        [("Lbl", "\u2022"), ("LBody", "Preventing forced labor.")],
    ]


def test_announcement_pdf_without_optional_parts_is_tagged():
    reader = read(
        render_press_statement(
            pdf_data(
                headline="",
                statement_date="",
                context_paragraphs=(),
                meeting_paragraphs=(),
                commitments_lead="",
                commitments=(),
                closing_paragraphs=(),
            )
        )
    )

    assert outline(reader) == [
        ("P", "Press Statement"),
        ("P", "Antony J. Blinken, Secretary of State"),
        ("P", PUBLISHED_2022),
    ]
    assert faults(reader) == []
