"""Tagged PDF drawn by reportlab (core/pdf/tagging.py): the structure tree, its reading
order and alternative text, the marked content on the pages, the parent tree, and the
catalog's language, marked flag and title display; for a canvas-drawn document and a
platypus one, split across pages."""

import io

import pytest
from PIL import Image
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import HRFlowable, Paragraph

from core.pdf.fonts import BOLD, REGULAR, letter_document, register_fonts
from core.pdf.tagging import Tagger, TaggingError
from tests.core.pdf_structure import faults, kinds, outline, read, structure, walk

VERIFY_URL = "https://awards.example.gov/verify/PA-2022-0001-C1/"
QR_ALT = f"QR code that opens the verification page, {VERIFY_URL}"
SEAL_ALT = "Seal of the Department of State"
BODY = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=14)


def qr_drawing() -> Drawing:
    drawing = Drawing(72, 72, initialFontName=REGULAR)
    drawing.add(QrCodeWidget(VERIFY_URL, barWidth=72, barHeight=72))
    return drawing


def seal_image() -> ImageReader:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, format="PNG")
    return ImageReader(io.BytesIO(buffer.getvalue()))


def certificate_like(tagger: Tagger, *, title: str = "Certificate PA-2022-0001-C1") -> bytes:
    """Two canvas-drawn pages: a border, a heading, a paragraph, the QR code and a seal on
    the first, a paragraph and a page number on the second."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, initialFontName=REGULAR)
    if title:
        canvas.setTitle(title)
    with tagger.artifact(canvas):
        canvas.rect(36, 36, LETTER[0] - 72, LETTER[1] - 72)
    with tagger.tag(canvas, "H1"):
        canvas.setFont(BOLD, 20)
        canvas.drawString(72, 700, "The United States of America")
    with tagger.tag(canvas, "P"):
        paragraph = Paragraph("Presented to Centro de los Derechos del Migrante, Inc.", BODY)
        paragraph.wrap(400, 100)
        paragraph.drawOn(canvas, 72, 640)
    with tagger.tag(canvas, "Figure", alt=QR_ALT):
        qr_drawing().drawOn(canvas, 72, 500)
    with tagger.tag(canvas, "Figure", alt=SEAL_ALT):
        canvas.drawImage(seal_image(), 300, 500, 72, 72)
    canvas.showPage()
    with tagger.tag(canvas, "P"):
        canvas.setFont(REGULAR, 10)
        canvas.drawString(72, 700, "Serial number PA-2022-0001-C1")
    with tagger.artifact(canvas, "Pagination", subtype="Footer"):
        canvas.drawString(72, 36, "Page 2")
    canvas.showPage()
    canvas.save()
    return tagger.tagged(buffer.getvalue())


LONG_PARAGRAPH = " ".join(f"Sentence {number} of the justification." for number in range(150))
ROWS = 70


def memo_like(tagger: Tagger) -> bytes:
    """A platypus document: a heading, a rule, a paragraph long enough to cross a page,
    a list, and a table that crosses a page with its header row repeated."""
    buffer = io.BytesIO()
    document = letter_document(buffer, title="Decision memo", subject="Slate", author="Staff")
    story = [
        tagger.flowable(Paragraph("Decision memo", BODY), "H1"),
        tagger.decoration(HRFlowable(width="100%")),
        tagger.flowable(Paragraph(LONG_PARAGRAPH, BODY), "P"),
        *tagger.bulleted_list(
            [Paragraph("Promoting survivor leadership.", BODY), Paragraph("Preventing.", BODY)],
            font_name=REGULAR,
            font_size=10,
        ),
        tagger.table(
            [["Rank", "Reference"], *([str(row), f"PA-2030-{row:04}"] for row in range(ROWS))],
            header_rows=1,
            repeatRows=1,
            style=[("LINEBELOW", (0, 0), (-1, 0), 0.75, "black")],
        ),
    ]

    def number_pages(canvas, doc) -> None:
        with tagger.artifact(canvas, "Pagination", subtype="Footer"):
            canvas.drawString(72, 36, f"page {doc.page}")

    document.build(story, onFirstPage=number_pages, onLaterPages=number_pages)
    return tagger.tagged(buffer.getvalue())


def test_canvas_document_catalog_is_marked_with_language_and_title_shown():
    reader = read(certificate_like(Tagger()))

    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "en-US"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title == "Certificate PA-2022-0001-C1"
    assert catalog["/StructTreeRoot"]["/Type"] == "/StructTreeRoot"


def test_canvas_document_reads_in_the_order_drawn_with_alternative_text():
    reader = read(certificate_like(Tagger()))

    document = structure(reader)
    assert outline(reader) == [
        ("H1", "The United States of America"),
        ("P", "Presented to Centro de los Derechos del Migrante, Inc."),
        ("Figure", ""),
        ("Figure", ""),
        ("P", "Serial number PA-2022-0001-C1"),
    ]
    assert [node.alt for node in document.children] == ["", "", QR_ALT, SEAL_ALT, ""]
    assert [node.marks for node in document.children] == [
        [(0, 0)],
        [(0, 1)],
        [(0, 2)],
        [(0, 3)],
        [(1, 0)],
    ]


def test_canvas_document_has_no_untagged_content_and_a_parent_tree_that_agrees():
    reader = read(certificate_like(Tagger()))

    assert faults(reader) == []
    children = structure(reader).children
    nums = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    assert [page["/StructParents"] for page in reader.pages] == [0, 1]
    assert [nums[0], [ref.idnum for ref in nums[1]]] == [0, [n.number for n in children[:4]]]
    assert [nums[2], [ref.idnum for ref in nums[3]]] == [1, [children[4].number]]


def test_platypus_document_reads_in_story_order():
    reader = read(memo_like(Tagger()))

    document = structure(reader)
    assert kinds(document) == ["H1", "P", "L", "Table"]
    assert outline(reader)[:3] == [
        ("H1", "Decision memo"),
        ("P", LONG_PARAGRAPH),
        ("L", "\u2022 Promoting survivor leadership. \u2022 Preventing."),
    ]
    assert faults(reader) == []


def test_platypus_paragraph_split_across_pages_is_one_element():
    reader = read(memo_like(Tagger()))

    paragraph = structure(reader).children[1]
    assert [page for page, _ in paragraph.marks] == list(range(len(paragraph.marks)))
    assert len(paragraph.marks) > 1


def test_platypus_list_items_have_a_label_and_a_body():
    reader = read(memo_like(Tagger()))

    items = structure(reader).children[2]
    assert [kinds(item) for item in items.children] == [["Lbl", "LBody"], ["Lbl", "LBody"]]
    assert outline(reader, items.children[0]) == [
        ("Lbl", "\u2022"),
        ("LBody", "Promoting survivor leadership."),
    ]


def test_platypus_table_has_one_header_row_and_every_data_row_once():
    reader = read(memo_like(Tagger()))

    table = structure(reader).children[3]
    rows = table.children
    assert len(reader.pages) > 2
    assert {page for row in rows for cell in row.children for page, _ in cell.marks} == set(
        range(1, len(reader.pages))
    )
    assert outline(reader, table) == [
        ("TR", "Rank Reference"),
        *(("TR", f"{row} PA-2030-{row:04}") for row in range(ROWS)),
    ]
    assert [(cell.kind, cell.attributes) for cell in rows[0].children] == [
        ("TH", {"/O": "/Table", "/Scope": "/Column"}),
        ("TH", {"/O": "/Table", "/Scope": "/Column"}),
    ]
    assert {cell.kind for row in rows[1:] for cell in row.children} == {"TD"}


def test_repeated_header_rows_are_artifacts_not_headers():
    reader = read(memo_like(Tagger()))

    headers = [node for node in walk(structure(reader)) if node.kind == "TH"]
    assert [node.marks[0][0] for node in headers] == [1, 1]
    assert reader.pages[2].extract_text().split("\n")[:3] == ["page 3", "Rank", "Reference"]


def test_empty_groups_are_left_out_of_the_tree():
    tagger = Tagger()
    with tagger.group("Sect"):
        pass

    reader = read(certificate_like(tagger))

    assert kinds(structure(reader)) == ["H1", "P", "Figure", "Figure", "P"]


def test_language_is_the_taggers():
    reader = read(certificate_like(Tagger(lang="es-US")))

    assert reader.trailer["/Root"]["/Lang"] == "es-US"


@pytest.mark.parametrize("alt", ["", "   "])
def test_figure_without_alternative_text_is_refused(alt):
    with pytest.raises(TaggingError, match="A Figure needs alternative text"):
        Tagger().element("Figure", alt=alt)


def test_kind_pdf_does_not_define_is_refused():
    with pytest.raises(TaggingError, match="'Heading' is not a standard structure type"):
        Tagger().element("Heading")


def test_artifact_kind_pdf_does_not_define_is_refused():
    canvas = Canvas(io.BytesIO())

    with pytest.raises(TaggingError, match="No artifact of kind 'Border'"):
        Tagger().artifact(canvas, "Border").__enter__()


def test_marked_content_inside_marked_content_is_refused():
    tagger = Tagger()
    canvas = Canvas(io.BytesIO())

    with (
        tagger.tag(canvas, "P"),
        pytest.raises(TaggingError, match="Cannot mark P content inside P content"),
    ):
        tagger.tag(canvas, "P").__enter__()


def test_content_inside_an_artifact_is_refused():
    tagger = Tagger()
    canvas = Canvas(io.BytesIO())

    with (
        tagger.artifact(canvas),
        pytest.raises(TaggingError, match="Cannot mark H1 content inside an artifact"),
    ):
        tagger.tag(canvas, "H1").__enter__()


def test_a_tagged_flowable_inside_a_tagged_table_cell_is_refused():
    tagger = Tagger()
    buffer = io.BytesIO()
    document = letter_document(buffer, title="Memo", subject="", author="")
    cell = tagger.flowable(Paragraph("Nominee", BODY), "P")

    with pytest.raises(TaggingError, match="Cannot mark P content inside TD content"):
        document.build([tagger.table([["Name"], [cell]])])


def test_document_without_a_title_is_refused():
    with pytest.raises(TaggingError, match="An accessible PDF needs a title"):
        certificate_like(Tagger(), title="")


def test_the_checker_finds_everything_an_untagged_pdf_lacks():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER)
    canvas.drawString(72, 700, "Untagged")
    canvas.line(72, 690, 300, 690)
    canvas.showPage()
    canvas.save()

    assert faults(read(buffer.getvalue())) == [
        "not marked",
        "no language",
        "title not displayed",
        "no title",
        "no structure tree",
        "page 1: Tj",
        "page 1: S",
    ]
