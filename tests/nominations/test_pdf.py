"""The nominator's PDF copy: what it says, its metadata and font, its tags, and the
receipt email."""

import datetime as dt
import io

import pytest
from django.core import mail
from pypdf import PdfReader

from nominations.pdf.nomination_copy import CopySection, NominationCopy, render_nomination_copy
from nominations.services.nomination import nomination_resubmit, nomination_submit
from tests import factories
from tests.core.pdf_structure import faults, outline, structure


def copy_data(**changes) -> NominationCopy:
    data = {
        "title": "Nomination PA-2023-0007: Centro de los Derechos del Migrante, Inc.",
        "subtitle": "2023 Presidential Award",
        "reference": "PA-2023-0007",
        "submitted": "March 1, 2023, 10:42 a.m. EST",
        "author": "Award Nominations",
        "sections": [
            CopySection(
                "The nominee", [("Legal name", "Centro de los Derechos del Migrante, Inc.")]
            ),
            CopySection(
                "The case", [("Summary", "First paragraph.\n\nSecond <b>paragraph</b> & more.")]
            ),
        ],
        "footer": "Your copy.",
    }
    return NominationCopy(**(data | changes))


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def all_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_copy_is_a_pdf_with_its_metadata_and_language():
    reader = read(render_nomination_copy(copy_data()))

    info = reader.metadata
    assert info.title == "Nomination PA-2023-0007: Centro de los Derechos del Migrante, Inc."
    assert info.subject == "2023 Presidential Award"
    assert info.author == "Award Nominations"
    assert reader.trailer["/Root"]["/Lang"] == "en-US"


def test_copy_shows_the_reference_and_the_text_with_markup_escaped():
    text = all_text(read(render_nomination_copy(copy_data())))

    assert "Reference number: PA-2023-0007" in text
    assert "Centro de los Derechos del Migrante, Inc." in text
    assert "Second <b>paragraph</b> & more." in text


def test_copy_embeds_its_truetype_font():
    reader = read(render_nomination_copy(copy_data()))

    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [font.get_object()["/FontDescriptor"] for font in fonts.values()]
    assert descriptors and all("/FontFile2" in descriptor for descriptor in descriptors)


def test_long_text_flows_onto_more_pages_with_page_numbers():
    long = "\n\n".join("A paragraph of the justification. " * 20 for _ in range(40))
    reader = read(
        render_nomination_copy(copy_data(sections=[CopySection("Case", [("Text", long)])]))
    )

    assert len(reader.pages) > 1
    assert "PA-2023-0007, page 2" in reader.pages[1].extract_text()


def test_copy_is_tagged_in_reading_order():
    reader = read(render_nomination_copy(copy_data()))

    assert outline(reader) == [
        ("H1", "Nomination PA-2023-0007: Centro de los Derechos del Migrante, Inc."),
        ("P", "2023 Presidential Award"),
        ("P", "Reference number: PA-2023-0007"),
        ("P", "Submitted: March 1, 2023, 10:42 a.m. EST"),
        ("H2", "The nominee"),
        ("H3", "Legal name"),
        ("P", "Centro de los Derechos del Migrante, Inc."),
        ("H2", "The case"),
        ("H3", "Summary"),
        ("P", "First paragraph."),
        ("P", "Second <b>paragraph</b> & more."),
        ("P", "Your copy."),
    ]
    assert faults(reader) == []


def test_copy_answer_left_empty_is_tagged_as_not_given():
    reader = read(
        render_nomination_copy(copy_data(sections=[CopySection("Case", [("Summary", "")])]))
    )

    assert outline(reader)[4:] == [
        ("H2", "Case"),
        ("H3", "Summary"),
        ("P", "Not given"),
        ("P", "Your copy."),
    ]


def test_long_copy_is_tagged_on_every_page_with_page_numbers_as_artifacts():
    long = "\n\n".join(f"Paragraph {number}. " + "Justification. " * 60 for number in range(40))
    reader = read(
        render_nomination_copy(copy_data(sections=[CopySection("Case", [("Text", long)])]))
    )

    assert faults(reader) == []
    pages = {page for node in structure(reader).children for page, _ in node.marks}
    assert pages == set(range(len(reader.pages)))
    assert [kind for kind, _ in outline(reader)] == ["H1", *["P"] * 3, "H2", "H3", *["P"] * 41]
    assert not any(", page " in text for _, text in outline(reader))


@pytest.mark.django_db
def test_receipt_email_carries_the_pdf_copy(django_capture_on_commit_callbacks):
    nomination = factories.NominationFactory(
        nominee=factories.NomineeFactory(legal_name="Centro de los Derechos del Migrante, Inc.")
    )

    with django_capture_on_commit_callbacks(execute=True):
        nomination_submit(nomination=nomination, actor=nomination.nominator)

    (message,) = mail.outbox
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == (f"nomination-{nomination.reference}.pdf", "application/pdf")
    reader = read(content)
    text = all_text(reader)
    assert nomination.reference in text
    assert "Centro de los Derechos del Migrante, Inc." in text
    assert nomination.summary in text
    assert reader.metadata.title == (
        f"Nomination {nomination.reference}: Centro de los Derechos del Migrante, Inc."
    )
    assert reader.metadata.author == "Award Nominations"
    assert faults(reader) == []


@pytest.mark.django_db
def test_receipt_copy_names_the_zone_of_a_time_the_clocks_repeat(
    monkeypatch, django_capture_on_commit_callbacks
):
    # 06:30 UTC is the second 1:30 a.m. in New York on November 1, 2026, after the
    # clocks go back.
    at = dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: at)
    nomination = factories.NominationFactory(
        cycle=factories.CycleFactory(state="open", time_zone="America/New_York")
    )

    with django_capture_on_commit_callbacks(execute=True):
        nomination_submit(nomination=nomination, actor=nomination.nominator)

    ((_, content, _),) = mail.outbox[0].attachments
    assert "Submitted: November 1, 2026, 1:30 a.m. EST" in all_text(read(content))


@pytest.mark.django_db
def test_resubmit_confirmation_carries_the_new_copy(django_capture_on_commit_callbacks):
    nomination = factories.nomination_in("returned", cycle=factories.CycleFactory(state="closed"))
    nomination.summary = "Updated after the request."
    nomination.save()

    with django_capture_on_commit_callbacks(execute=True):
        nomination_resubmit(nomination=nomination, actor=nomination.nominator)

    ((_, content, _),) = mail.outbox[0].attachments
    assert "Updated after the request." in all_text(read(content))
