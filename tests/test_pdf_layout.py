"""The text-box helper of tests/pdf_layout.py finds what it is there to find."""

import io

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from core.pdf.fonts import BOLD, REGULAR, register_fonts
from tests.pdf_layout import outside, overlapping, text_boxes


def pdf_of(draw) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 300), initialFontName=REGULAR)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_text_boxes_measure_each_run_from_its_baseline_with_the_face_metrics():
    def draw(canvas):
        canvas.setFont(REGULAR, 10)
        canvas.drawString(50, 100, "Serial")

    [box] = text_boxes(pdf_of(draw))

    face = pdfmetrics.getFont(REGULAR).face
    assert (box.text, box.font, box.size) == ("Serial", "BitstreamVeraSans-Roman", 10)
    assert (box.left, box.right) == (50, 50 + pdfmetrics.stringWidth("Serial", REGULAR, 10))
    assert (box.bottom, box.top) == (100 + face.descent / 100, 100 + face.ascent / 100)


def test_a_run_continuing_a_line_in_another_face_starts_where_the_last_one_ended():
    def draw(canvas):
        style = ParagraphStyle("p", fontName=REGULAR, fontSize=10, leading=13)
        paragraph = Paragraph(f'Plain <font face="{BOLD}">bold</font> plain', style)
        paragraph.wrap(300, 100)
        paragraph.drawOn(canvas, 20, 200)

    boxes = text_boxes(pdf_of(draw))

    assert [box.text for box in boxes] == ["Plain", "bold", "plain"]
    plain_and_space = pdfmetrics.stringWidth("Plain ", REGULAR, 10)
    assert boxes[1].left == 20 + plain_and_space
    assert overlapping(boxes) == []


def test_overlapping_finds_two_runs_drawn_over_each_other_and_outside_the_margin():
    def draw(canvas):
        canvas.setFont(REGULAR, 10)
        canvas.drawString(50, 100, "First")
        canvas.drawString(55, 104, "Second")
        canvas.drawString(390, 150, "Edge")

    boxes = text_boxes(pdf_of(draw))

    assert [(first.text, second.text) for first, second in overlapping(boxes)] == [
        ("First", "Second")
    ]
    assert [box.text for box in outside(boxes, width=400, height=300, margin=20)] == ["Edge"]
