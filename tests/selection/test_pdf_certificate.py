"""The certificate PDF: its wording, metadata, embedded fonts and QR code."""

import io

from pypdf import PdfReader
from reportlab.lib.pagesizes import LETTER, landscape

from selection.pdf import certificate
from selection.pdf.certificate import CertificateData, render_certificate

FULL_CITATION = (
    "for its outstanding record of assisting thousands of migrant workers to defend their "
    "rights and its years of tireless advocacy and organizing to advance a more just and "
    "humane migration process free of forced labor and other forms of exploitation"
)
VERIFY_URL = "https://awards.example.gov/verify/PA-2022-0002-C1/"


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


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def flat_text(pdf: bytes) -> str:
    """The page's text with line breaks and runs of spaces made single spaces, so that
    wrapped paragraphs compare as the sentences they are."""
    return " ".join(read(pdf).pages[0].extract_text().split())


def test_certificate_is_one_landscape_letter_page():
    reader = read(render_certificate(certificate_data()))

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == landscape(LETTER)


def test_certificate_text_has_the_wording_recipient_citation_year_signatory_and_serial():
    text = flat_text(render_certificate(certificate_data()))

    assert "The United States of America" in text
    assert "Presidential Award for Extraordinary Efforts to Combat Trafficking in Persons" in text
    assert "2022" in text
    assert "Presented to Centro de los Derechos del Migrante, Inc." in text
    assert FULL_CITATION in text
    assert (
        "Presented on behalf of the President of the United States by Antony J. Blinken, "
        "Secretary of State" in text
    )
    assert "Washington, DC, February 13, 2023" in text
    assert "Serial number PA-2022-0002-C1" in text
    assert f"Verify at {VERIFY_URL}" in text


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

    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [font.get_object()["/FontDescriptor"] for font in fonts.values()]
    assert len(descriptors) == 3
    assert all("/FontFile2" in descriptor for descriptor in descriptors)


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


def test_longest_citation_with_a_two_line_name_stays_on_one_page():
    eighty_words = "for its " + " ".join(["sustained"] * 78)
    long_name = "Mercy Medical Center’s Blue Dot Human Trafficking Initiative of Baltimore, " * 2

    pdf = render_certificate(certificate_data(recipient_name=long_name, citation=eighty_words))

    assert len(read(pdf).pages) == 1
    assert eighty_words in flat_text(pdf)


def test_signatory_without_a_title_reads_without_a_dangling_comma():
    data = certificate_data(signatory_title="")

    assert data.presented_by == (
        "Presented on behalf of the President of the United States by Antony J. Blinken"
    )
