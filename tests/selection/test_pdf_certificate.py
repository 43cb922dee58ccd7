"""The certificate PDF: its wording, metadata, embedded fonts, QR code, images, how text
of every allowed length fits, and the faces that stand in for missing letters."""

import io
from pathlib import Path

import pytest
import reportlab
from pypdf import PdfReader
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.units import inch

from selection.pdf import certificate
from selection.pdf.certificate import (
    PAGE_HEIGHT,
    PAGE_WIDTH,
    QR_BOTTOM,
    QR_LEFT,
    QR_SIZE,
    CertificateData,
    certificate_fit_problems,
    certificate_layout,
    render_certificate,
)
from tests.core.image_samples import png, seal_png
from tests.core.pdf_structure import faults, structure
from tests.core.pdf_structure import read as structure_reader
from tests.pdf_layout import TextBox, outside, overlapping, text_boxes

FULL_CITATION = (
    "for its outstanding record of assisting thousands of migrant workers to defend their "
    "rights and its years of tireless advocacy and organizing to advance a more just and "
    "humane migration process free of forced labor and other forms of exploitation"
)
VERIFY_URL = "https://awards.example.gov/verify/PA-2022-0002-C1/"
# Text stays inside the gold border with a little room to spare.
INNER_MARGIN = 0.55 * inch
LONG_WORDS = ("extraordinarily", "internationally", "uncompromising", "institutionalized")
# The longest a field may be: the certificate's name (300 characters), an 80-word
# citation of long words, the signatory's title (300), and the program's name (200),
# presenter phrase (200), signatory's name (200) and place (200).
LONGEST_NAME = ("Coalition of Immokalee Workers and the Fair Food Standards Council " * 5)[:300]
LONGEST_CITATION = "for its " + " ".join(LONG_WORDS[i % 4] for i in range(78))
LONGEST_TITLE = ("Ambassador-at-Large to Monitor and Combat Trafficking in Persons, " * 5)[:300]


def certificate_data(**changes) -> CertificateData:
    data = {
        "program_title": "Presidential Award for Extraordinary Efforts to Combat "
        "Trafficking in Persons",
        "award_year": 2022,
        "recipient_name": "Centro de los Derechos del Migrante, Inc.",
        "citation": FULL_CITATION,
        "signatory_name": "Antony J. Blinken",
        "signatory_title": "Secretary of State",
        "place_and_date": "Washington, DC, February 13, 2023",
        "serial": "PA-2022-0002-C1",
        "verification_url": VERIFY_URL,
    }
    return CertificateData(**(data | changes))


def longest(**changes) -> CertificateData:
    values = {
        "recipient_name": LONGEST_NAME,
        "citation": LONGEST_CITATION,
        "signatory_title": LONGEST_TITLE,
        "signature_image": png(),
        "seal_image": seal_png(),
    }
    return certificate_data(**(values | changes))


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def flat_text(pdf: bytes) -> str:
    """The page's text with line breaks and runs of spaces made single spaces, so that
    wrapped paragraphs compare as the sentences they are."""
    return " ".join(read(pdf).pages[0].extract_text().split())


def faces_of(pdf: bytes, fragment: str) -> set[str]:
    """The faces of the text runs that hold `fragment`."""
    return {box.font for box in text_boxes(pdf) if fragment in box.text}


def test_certificate_is_one_landscape_letter_page():
    reader = read(render_certificate(certificate_data()))

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == landscape(LETTER)


def test_certificate_text_has_the_wording_recipient_citation_year_signatory_and_serial():
    text = flat_text(render_certificate(certificate_data()))

    assert text == (
        "The United States of America Presidential Award for Extraordinary Efforts to "
        "Combat Trafficking in Persons 2022 Presented to Centro de los Derechos del "
        f"Migrante, Inc. {FULL_CITATION} Presented on behalf of the President of the "
        "United States Washington, DC, February 13, 2023 Antony J. Blinken Secretary of "
        f"State Serial number PA-2022-0002-C1 Verify at {VERIFY_URL}"
    )


def test_certificate_sets_title_name_and_citation_in_merriweather_and_small_print_in_vera():
    pdf = render_certificate(certificate_data())

    assert faces_of(pdf, "Presidential Award") == {"Merriweather-Bold"}
    assert faces_of(pdf, "Centro de los Derechos") == {"Merriweather-Bold"}
    assert faces_of(pdf, "for its outstanding record") == {"Merriweather-Italic"}
    assert faces_of(pdf, "Antony J. Blinken") == {"Merriweather-Bold"}
    assert faces_of(pdf, "Serial number") == {"BitstreamVeraSans-Roman"}


def test_certificate_escapes_markup_in_the_name_and_citation():
    text = flat_text(
        render_certificate(
            certificate_data(recipient_name="A & B <Partners>", citation="for its <b>work</b>")
        )
    )

    assert "Presented to A & B <Partners>" in text
    assert "for its <b>work</b>" in text


def test_certificate_carries_title_subject_author_and_language():
    reader = read(render_certificate(certificate_data()))

    info = reader.metadata
    assert info.title == (
        "2022 Presidential Award for Extraordinary Efforts to Combat Trafficking in Persons: "
        "Centro de los Derechos del Migrante, Inc."
    )
    assert info.subject == (
        "2022 Presidential Award for Extraordinary Efforts to Combat Trafficking in Persons, "
        "certificate PA-2022-0002-C1"
    )
    assert info.author == "Award Nominations"
    assert reader.trailer["/Root"]["/Lang"] == "en-US"


def test_certificate_embeds_every_font_it_uses():
    reader = read(render_certificate(certificate_data()))

    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    names = {str(font["/BaseFont"]).split("+")[-1] for font in fonts}
    assert names == {
        "Merriweather-Regular",
        "Merriweather-Bold",
        "Merriweather-Italic",
        "BitstreamVeraSans-Roman",
    }
    assert all("/FontFile2" in font["/FontDescriptor"] for font in fonts)


def test_qr_widget_payload_is_the_url_given():
    widget = certificate.qr_widget(VERIFY_URL)

    assert widget.value == VERIFY_URL
    assert widget.barLevel == "M"


def test_certificate_qr_code_is_built_from_the_verification_url(monkeypatch):
    payloads = []
    build = certificate.qr_widget

    def spy(payload):
        payloads.append(payload)
        return build(payload)

    monkeypatch.setattr(certificate, "qr_widget", spy)

    render_certificate(certificate_data())

    assert payloads == [VERIFY_URL]


def test_preview_without_a_url_has_no_qr_code_and_shows_its_watermark(monkeypatch):
    payloads = []
    monkeypatch.setattr(certificate, "qr_widget", payloads.append)

    text = flat_text(
        render_certificate(
            certificate_data(
                serial="not issued", verification_url="", watermark="Preview: not issued"
            )
        )
    )

    assert payloads == []
    assert "Preview: not issued" in text
    assert "Verify at" not in text


def image_count(pdf: bytes) -> int:
    resources = read(pdf).pages[0]["/Resources"]
    objects = resources.get("/XObject", {})
    return sum(1 for item in objects.values() if item.get_object()["/Subtype"] == "/Image")


def test_certificate_draws_the_signature_and_seal_images_when_given():
    assert image_count(render_certificate(certificate_data())) == 0
    assert image_count(render_certificate(certificate_data(signature_image=png()))) == 1
    assert (
        image_count(
            render_certificate(certificate_data(signature_image=png(), seal_image=seal_png()))
        )
        == 2
    )


def test_signatory_without_a_title_shows_the_name_alone():
    text = flat_text(render_certificate(certificate_data(signatory_title="")))

    assert "February 13, 2023 Antony J. Blinken Serial number" in text


# -- every allowed length fits -------------------------------------------------------------


def boxes_overlapping_drawings(boxes: list[TextBox], data: CertificateData) -> list[TextBox]:
    """Text boxes that cross the seal, the signature image or the QR code."""
    layout = certificate_layout(data)
    drawings = [(QR_LEFT, QR_BOTTOM, QR_LEFT + QR_SIZE, QR_BOTTOM + QR_SIZE)]
    for placed in (layout.seal, layout.signature_image):
        if placed is not None:
            drawings.append((placed.x, placed.y, placed.x + placed.width, placed.y + placed.height))
    return [
        box
        for box in boxes
        for left, bottom, right, top in drawings
        if min(box.right, right) > max(box.left, left)
        and min(box.top, top) > max(box.bottom, bottom)
    ]


LENGTHS = {
    "the seeded 2022 certificate": certificate_data(),
    "longest name, citation of long words and signatory title, with both images": longest(),
    "longest name, citation and title, no images": longest(signature_image=b"", seal_image=b""),
    "every field at its longest": longest(
        program_title=("Presidential Award for Extraordinary Efforts " * 5)[:200],
        presenter_phrase=("on behalf of the President of the United States " * 5)[:200],
        signatory_name=("Antony John Blinken " * 10)[:200],
        place_and_date=("Washington, District of Columbia " * 6)[:180] + ", February 13, 2023",
        verification_url="https://awards.example.gov/verify/PA-2022-0002-C1/" + "x" * 60,
    ),
}


@pytest.mark.parametrize("data", LENGTHS.values(), ids=LENGTHS.keys())
def test_certificate_text_never_overlaps_and_stays_inside_the_border(data):
    pdf = render_certificate(data)

    boxes = text_boxes(pdf)
    assert certificate_fit_problems(data) == []
    assert len(read(pdf).pages) == 1
    assert overlapping(boxes) == []
    assert outside(boxes, width=PAGE_WIDTH, height=PAGE_HEIGHT, margin=INNER_MARGIN) == []
    assert boxes_overlapping_drawings(boxes, data) == []
    text = flat_text(pdf)
    for part in (data.recipient_name, data.citation, data.signatory_title):
        assert " ".join(part.split()) in text


def test_text_too_long_for_the_page_is_reported_naming_what_to_shorten():
    data = longest(citation="for its " + " ".join(["counterrevolutionaries" * 2] * 78))

    assert certificate_fit_problems(data) == [
        "the certificate's text does not fit on its page even in the smallest type: it needs "
        "about 9 more lines; shorten the approved full citation (26 lines), the signatory's "
        "title (5 lines) or the name as it should appear (3 lines)"
    ]


def test_text_too_long_for_the_page_still_renders_a_one_page_preview():
    data = longest(citation="for its " + " ".join(["counterrevolutionaries" * 2] * 78))

    assert len(read(render_certificate(data)).pages) == 1


# -- letters Merriweather lacks ------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["Łukasz Wróbel", "Ildikó Kővári-Szőke", "Nguyễn Thị Minh Khai"],
)
def test_a_name_merriweather_cannot_set_is_set_whole_in_public_sans(name):
    pdf = render_certificate(certificate_data(recipient_name=name))

    assert f"Presented to {name} for its outstanding" in flat_text(pdf)
    assert faces_of(pdf, name) == {"PublicSans-Bold"}
    assert faces_of(pdf, "for its outstanding record") == {"Merriweather-Italic"}
    assert certificate_fit_problems(certificate_data(recipient_name=name)) == []


HB_TEST_FONT = str(Path(reportlab.__file__).parent / "fonts" / "hb-test.ttf")


def test_letters_only_a_configured_font_has_are_set_in_it_letter_by_letter(settings):
    # hb-test.ttf, a test font reportlab ships, has a few Khmer letters and no Latin.
    settings.AWARDS_PDF_FALLBACK_FONTS = [HB_TEST_FONT]
    data = certificate_data(recipient_name="Sok ឆន")

    pdf = render_certificate(data)

    assert "Presented to Sok ឆន for its" in flat_text(pdf)
    assert faces_of(pdf, "Sok") == {"Merriweather-Bold"}
    assert faces_of(pdf, "ឆន") == {"NotoSansKhmer-Regular"}
    assert certificate_fit_problems(data) == []


def test_a_letter_no_font_has_is_reported_naming_it_and_the_field():
    data = certificate_data(recipient_name="Zhang 中文 Foundation")

    assert certificate_fit_problems(data) == [
        "the certificate has no font for “中” (U+4E2D) and “文” (U+6587) in the name as it "
        "should appear: write it in letters the certificate can print, or ask the site's "
        "administrator to add a font that has them (AWARDS_PDF_FALLBACK_FONTS)"
    ]


def test_certificate_is_tagged_in_reading_order_with_alternative_text():
    reader = structure_reader(render_certificate(longest(recipient_name="Restore NYC")))

    assert faults(reader) == []
    assert [(node.kind, node.actual_text or node.alt) for node in structure(reader).children] == [
        ("P", "The United States of America"),
        (
            "H1",
            "Presidential Award for Extraordinary Efforts to Combat Trafficking in Persons",
        ),
        ("P", "2022"),
        ("P", "Presented to"),
        ("H2", "Restore NYC"),
        ("P", " ".join(LONGEST_CITATION.split())),
        ("P", "Presented on behalf of the President of the United States"),
        (
            "Figure",
            "Seal of the Presidential Award for Extraordinary Efforts to Combat Trafficking "
            "in Persons",
        ),
        ("P", "Washington, DC, February 13, 2023"),
        ("Figure", "Signature of Antony J. Blinken"),
        ("P", "Antony J. Blinken"),
        ("P", " ".join(LONGEST_TITLE.split())),
        ("P", f"Serial number PA-2022-0002-C1 Verify at {VERIFY_URL}"),
        (
            "Figure",
            f"QR code that opens the verification page of certificate PA-2022-0002-C1: "
            f"{VERIFY_URL}",
        ),
    ]


def test_certificate_preview_says_so_first_and_has_no_code():
    reader = structure_reader(
        render_certificate(
            certificate_data(serial="", verification_url="", watermark="PREVIEW \u2014 NOT VALID")
        )
    )

    assert faults(reader) == []
    children = structure(reader).children
    assert (children[0].kind, children[0].actual_text) == ("P", "PREVIEW \u2014 NOT VALID")
    assert [node.kind for node in children].count("Figure") == 0
