"""Staff preview a selected nomination's certificate before announcing: watermarked,
without a serial or QR code, not stored and not verifiable."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.models import AuditEvent
from nominations.models import Certificate
from nominations.states import NominationState
from tests import factories
from tests.selection.test_services_announce import announceable_cycle

pytestmark = pytest.mark.django_db


def preview_url(nomination) -> str:
    return reverse("selection:staff_certificate_preview", args=[nomination.pk])


def pdf_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_preview_is_watermarked_unnumbered_and_not_stored(staff_client, staff, media_root):
    made = announceable_cycle(staff=staff)
    nomination = made["first"]

    response = staff_client.get(preview_url(nomination))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "PREVIEW — NOT VALID" in text
    assert "Restore NYC, Inc." in text
    assert "Verify at" not in text
    assert re.search(r"Serial number none \(preview\)", text)
    assert Certificate.objects.count() == 0
    assert not list(media_root.rglob("*.pdf"))
    event = AuditEvent.objects.get(action="certificate.preview")
    assert event.object_id == str(nomination.pk)


def test_announce_page_links_each_preview_and_the_statement(staff_client, staff):
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle
    url = reverse("nominations:staff_cycle_transition", args=[cycle.pk, "announce"])

    body = staff_client.get(url).content.decode()

    for nomination in (made["first"], made["second"]):
        assert f'href="{preview_url(nomination)}"' in body
    assert f'href="{reverse("selection:press_statement", args=[cycle.pk])}"' in body


def test_no_preview_for_a_nomination_not_selected(staff_client):
    nomination = factories.nomination_in(NominationState.SUBMITTED)

    assert staff_client.get(preview_url(nomination)).status_code == 404
    assert not AuditEvent.objects.filter(action="certificate.preview").exists()
