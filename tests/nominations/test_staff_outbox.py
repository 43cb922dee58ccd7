"""Award staff's outbox page, the per-nomination partial and the Resend button."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from core.models import AuditEvent
from nominations.models import OutboxMessage
from nominations.selectors.outbox import outbox_for_nomination
from nominations.states import OutboxStatus
from tests import factories

pytestmark = pytest.mark.django_db
OUTBOX = reverse("nominations:staff_outbox")


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def stored(subject: str, *, status=OutboxStatus.SENT, nomination=None, **kwargs):
    return OutboxMessage.objects.create(
        to=["ana@example.org"],
        subject=subject,
        body=f"Body of {subject}.",
        status=status,
        nomination=nomination,
        **kwargs,
    )


def test_outbox_lists_messages_newest_first_with_status(staff_client):
    stored("First")
    stored("Second", status=OutboxStatus.FAILED, error="SMTPException: refused")

    body = text(staff_client.get(OUTBOX))

    assert body.index("Second") < body.index("First")
    assert '<div class="usa-error-message">SMTPException: refused</div>' in body
    assert "Body of First." in body


def test_outbox_names_the_site_zone_of_times_the_clocks_repeat(staff_client, settings):
    # The site's zone goes back an hour on November 1, 2026: 05:30 UTC is 1:30 a.m. EDT,
    # 06:05 UTC is 1:05 a.m. EST, the second time that night.
    settings.TIME_ZONE = "America/New_York"
    message = stored("Receipt", sent_at=dt.datetime(2026, 11, 1, 6, 5, tzinfo=dt.UTC))
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC)
    )

    body = text(staff_client.get(OUTBOX))

    assert (
        '<td><time datetime="2026-11-01T01:30:00-04:00">Nov 1, 2026, 1:30 a.m. EDT</time></td>'
    ) in body
    assert (
        '<div class="usa-hint">at <time datetime="2026-11-01T01:05:00-05:00">1:05 a.m. EST'
        "</time></div>"
    ) in body


def test_outbox_filters_by_status(staff_client):
    stored("Went out")
    stored("Bounced", status=OutboxStatus.FAILED)

    body = text(staff_client.get(OUTBOX, {"status": "failed"}))

    assert "Bounced" in body
    assert "Went out" not in body
    assert '<option value="failed" selected>Failed</option>' in body


def test_outbox_pages_by_fifty(staff_client):
    for number in range(51):
        stored(f"Message {number:02d}")

    first = text(staff_client.get(OUTBOX))
    second = text(staff_client.get(OUTBOX, {"page": 2}))

    assert first.count(">Resend<") == 50
    assert second.count(">Resend<") == 1
    assert "Message 00" in second


@pytest.mark.parametrize("size", [1, 12])
def test_outbox_query_count_does_not_grow(staff_client, django_assert_num_queries, size):
    for _ in range(size):
        stored("Receipt", nomination=factories.NominationFactory())

    # session, user, role groups, count for the paginator, the page of messages with
    # their nominations
    with django_assert_num_queries(5):
        response = staff_client.get(OUTBOX)

    assert response.status_code == 200


def test_resend_button_sends_a_new_message_and_returns_to_the_page(
    staff_client, staff, django_capture_on_commit_callbacks
):
    original = stored("Nomination PA-2031-0001 received")

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("nominations:staff_outbox_resend", args=[original.pk]),
            {"next": "/staff/outbox/?status=sent"},
        )

    assert response.status_code == 302
    assert response["Location"] == "/staff/outbox/?status=sent"
    copy = OutboxMessage.objects.get(resend_of=original)
    assert copy.status == OutboxStatus.SENT
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["ana@example.org"], "Nomination PA-2031-0001 received", original.body)
    ]
    assert AuditEvent.objects.get(action="outbox.resend").actor == staff


def test_resend_ignores_a_next_address_off_the_site(staff_client):
    original = stored("Receipt")

    response = staff_client.post(
        reverse("nominations:staff_outbox_resend", args=[original.pk]),
        {"next": "https://evil.example.com/"},
    )

    assert response["Location"] == OUTBOX


@pytest.mark.parametrize("role", ["nominator", "panelist", "selecting_official"])
def test_outbox_forbids_other_roles_and_resends_nothing(client, role):
    original = stored("Receipt")
    client.force_login(getattr(factories, role)())

    pages = [
        client.get(OUTBOX),
        client.post(reverse("nominations:staff_outbox_resend", args=[original.pk])),
    ]

    assert [page.status_code for page in pages] == [403, 403]
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [original.pk]
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="outbox.resend").exists()


def test_outbox_partial_lists_the_nominations_messages_with_resend_buttons(staff):
    nomination = factories.NominationFactory()
    mine = stored("About this one", nomination=nomination)
    stored("About another", nomination=factories.NominationFactory())
    request = RequestFactory().get(f"/staff/nominations/{nomination.pk}/")
    request.user = staff

    html = render_to_string(
        "nominations/_outbox.html",
        {"nomination": nomination, "outbox_messages": outbox_for_nomination(nomination)},
        request=request,
    )

    assert "About this one" in html
    assert "About another" not in html
    assert f'action="/staff/outbox/{mine.pk}/resend/"' in html
    assert f'name="next" value="/staff/nominations/{nomination.pk}/"' in html


def test_outbox_partial_without_messages_says_so(staff):
    nomination = factories.NominationFactory()

    html = render_to_string(
        "nominations/_outbox.html", {"nomination": nomination, "outbox_messages": []}
    )

    assert "No email has been sent about this nomination." in html
