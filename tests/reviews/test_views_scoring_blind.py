"""Blind review: a blind panel's members see generated file names
and receive copies without document metadata, and nothing on their pages names the
nominator; staff keep the uploaded names and the original files.

What a blind panel sees is decided in one place, `reviews.selectors.blind`."""

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from nominations.models import Attachment, EndorsementRequest, Nomination
from reviews.models import Panel, PanelMember
from tests import factories
from tests.core.test_pdf_metadata import AUTHOR, page_texts, reportlab_pdf, with_everything

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

NOMINATOR = {
    "nominator_name": "Quentin Nominatorson",
    "nominator_title": "Chief Referrer",
    "nominator_organization": "Office of Unique Names",
    "nominator_phone": "202-555-0199",
}
UPLOADED_NAMES = ("Nomination by Quentin Nominatorson - Acme.pdf", "Acme budget 2023.pdf")
ENDORSER = ("Edna Endorser", "Quentin's former supervisor at Acme")


@pytest.fixture
def blind():
    """A blind panel; one nomination with two attachments and two letters (the second
    request cancelled, so the letters are requests 1 and 3), every file carrying the
    nominator's name in its metadata."""
    cycle = factories.review_cycle(nominations=1, panelists=2, criteria=1)
    Panel.objects.filter(cycle=cycle).update(blind_review=True)
    nomination = Nomination.objects.select_related("nominator", "nominee").get(cycle=cycle)
    Nomination.objects.filter(pk=nomination.pk).update(**NOMINATOR)
    nomination.refresh_from_db()
    data = with_everything(reportlab_pdf())
    attachments = [
        Attachment.objects.create(
            nomination=nomination,
            file=ContentFile(data, name="upload.pdf"),
            original_name=name,
            size=len(data),
            sha256="0" * 64,
            uploaded_by=nomination.nominator,
        )
        for name in UPLOADED_NAMES
    ]
    letters = [
        letter(nomination, 1, data),
        letter(nomination, 2, data, received=False),
        letter(nomination, 3, data),
    ]
    members = list(PanelMember.objects.filter(panel__cycle=cycle).order_by("pk"))
    return nomination, attachments, [letters[0], letters[2]], members, data


def letter(nomination, index, data, *, received=True) -> EndorsementRequest:
    now = timezone.now() + dt.timedelta(seconds=index)
    return EndorsementRequest.objects.create(
        nomination=nomination,
        name=f"{ENDORSER[0]} {index}",
        email=f"edna{index}@acme.example.com",
        relationship=ENDORSER[1],
        token_hash=f"{nomination.pk:032d}{index:032d}",
        state="received" if received else "cancelled",
        expires_at=now + dt.timedelta(days=20),
        sent_at=now,
        received_at=now if received else None,
        letter=ContentFile(data, name="letter.pdf") if received else "",
        letter_original_name=f"Letter for {NOMINATOR['nominator_name']}.pdf" if received else "",
    )


def page_url(nomination) -> str:
    return reverse("reviews:review_nomination", args=[nomination.pk])


def attachment_url(nomination, attachment) -> str:
    return reverse("reviews:panel_attachment", args=[nomination.pk, attachment.pk])


def letter_url(nomination, item) -> str:
    return reverse("reviews:panel_letter", args=[nomination.pk, item.pk])


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def identities(nomination) -> list[str]:
    return [*NOMINATOR.values(), nomination.nominator.email, *UPLOADED_NAMES, *ENDORSER]


def test_blind_scoring_page_lists_generated_names_in_order(client, blind):
    nomination, attachments, letters, members, _ = blind
    client.force_login(members[0].user)

    body = client.get(page_url(nomination)).content.decode()

    assert f'href="{attachment_url(nomination, attachments[0])}">Attachment 1</a>' in body
    assert f'href="{attachment_url(nomination, attachments[1])}">Attachment 2</a>' in body
    assert f'href="{letter_url(nomination, letters[0])}">Letter 1</a>' in body
    assert f'href="{letter_url(nomination, letters[1])}">Letter 3</a>' in body
    assert body.index("Attachment 1") < body.index("Attachment 2") < body.index("Letter 1")
    leaked = [text for text in identities(nomination) if text in body]
    assert leaked == []


@pytest.mark.parametrize("kind", ["attachment", "letter"])
def test_blind_download_is_a_copy_without_metadata_under_a_generated_name(client, blind, kind):
    nomination, attachments, letters, members, original = blind
    client.force_login(members[1].user)
    url = (
        attachment_url(nomination, attachments[1])
        if kind == "attachment"
        else letter_url(nomination, letters[1])
    )

    response = client.get(url)

    body = downloaded(response)
    number = 2 if kind == "attachment" else 3
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{nomination.reference}-{kind}-{number}.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert AUTHOR.encode() not in body
    assert b"/Author" not in body
    assert b"/Metadata" not in body
    reader = PdfReader(io.BytesIO(body))
    assert reader.metadata is None
    assert len(reader.pages) == len(PdfReader(io.BytesIO(original)).pages) == 2
    assert page_texts(body) == page_texts(original)


def test_blind_panel_staff_keep_uploaded_names_and_original_files(client, blind):
    nomination, attachments, letters, _, original = blind
    client.force_login(factories.award_staff())

    body = client.get(page_url(nomination)).content.decode()
    file = downloaded(client.get(attachment_url(nomination, attachments[0])))
    letter_file = downloaded(client.get(letter_url(nomination, letters[0])))

    assert f">{UPLOADED_NAMES[0]}</a>" in body
    assert f">Letter from {ENDORSER[0]} 1</a>" in body
    assert NOMINATOR["nominator_name"] in body
    assert file == letter_file == original


def test_panel_without_blind_review_keeps_names_and_original_files(client, blind):
    nomination, attachments, _, members, original = blind
    Panel.objects.filter(cycle=nomination.cycle).update(blind_review=False)
    client.force_login(members[0].user)

    body = client.get(page_url(nomination)).content.decode()
    file = downloaded(client.get(attachment_url(nomination, attachments[0])))

    assert f">{UPLOADED_NAMES[0]}</a>" in body
    assert f"({ENDORSER[1]})" in body.replace("&#x27;", "'")
    assert file == original


def test_blind_download_of_a_file_that_cannot_be_rewritten_sends_nothing_of_it(client, blind):
    nomination, attachments, _, members, _ = blind
    broken = b"%PDF-1.4\n% only a header, written by " + AUTHOR.encode()
    attachments[0].file.save("broken.pdf", ContentFile(broken), save=True)
    client.force_login(members[0].user)

    response = client.get(attachment_url(nomination, attachments[0]))

    assert response.status_code == 500
    assert AUTHOR.encode() not in response.content
    assert b"could not be prepared for a blind review" in response.content


@pytest.mark.parametrize(
    "contact",
    [
        {"contact_email": "QUENTIN@example.org"},
        {"contact_name": "quentin  nominatorson."},
    ],
    ids=["same email", "same name"],
)
def test_blind_scoring_page_hides_the_nominee_contact_who_is_the_nominator(client, blind, contact):
    nomination, _, _, members, _ = blind
    nomination.nominator.email = "quentin@example.org"
    nomination.nominator.save()
    for field, value in contact.items():
        setattr(nomination.nominee, field, value)
    nomination.nominee.contact_phone = "202-555-0142"
    nomination.nominee.save()
    client.force_login(members[0].user)

    body = client.get(page_url(nomination)).content.decode()

    assert "Contact’s name" not in body
    assert "Contact’s email" not in body
    assert "202-555-0142" not in body
    assert "quentin" not in body.casefold()


def test_blind_scoring_page_keeps_a_nominee_contact_who_is_someone_else(client, blind):
    nomination, _, _, members, _ = blind
    client.force_login(members[0].user)

    body = client.get(page_url(nomination)).content.decode()

    assert nomination.nominee.contact_name in body
    assert nomination.nominee.contact_email in body


def test_blind_panel_nominations_list_and_results_name_no_nominator(client, blind):
    """The panel's list, the chair's results page and CSV show references, nominees
    and figures only; the "do not review" text stays with staff."""
    nomination, _, _, members, _ = blind
    Nomination.objects.filter(pk=nomination.pk).update(
        excluded_reviewers=f"Anyone from {NOMINATOR['nominator_organization']}"
    )
    chair = factories.seat(nomination.cycle, chair=True)
    client.force_login(chair.user)
    cycle = nomination.cycle

    pages = {
        "list": client.get(reverse("reviews:panel_nominations", args=[cycle.panel.pk])),
        "scoring": client.get(page_url(nomination)),
        "results": client.get(reverse("reviews:results", args=[cycle.pk])),
        "csv": client.get(reverse("reviews:results_csv", args=[cycle.pk])),
    }

    assert {name: r.status_code for name, r in pages.items()} == dict.fromkeys(pages, 200)
    bodies = {name: r.getvalue().decode() for name, r in pages.items()}
    leaked = {
        name: [text for text in identities(nomination) if text in body]
        for name, body in bodies.items()
    }
    assert leaked == dict.fromkeys(pages, [])
    assert nomination.reference in bodies["csv"]
