"""Letter requests from the nominator's side, and the endorser's page behind the link."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from nominations.models import EndorsementRequest
from nominations.services.endorsements import endorsement_letter_upload
from nominations.states import EndorsementState
from tests import factories
from tests.core.pdf_samples import EXE, upload, valid_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

LINK = re.compile(r"https?://[^/\s]+(/endorse/[A-Za-z0-9_-]{43}/)")


@pytest.fixture
def nomination():
    return factories.NominationFactory(nominator_name="Jordan Lee")


def request_url(nomination) -> str:
    return reverse("nominations:endorsement_request", args=[nomination.pk])


def ask(client, nomination, capture, email="ana@partner.example.org", **headers):
    client.force_login(nomination.nominator)
    with capture(execute=True):
        response = client.post(
            request_url(nomination),
            {"name": "Ana Ruiz", "email": email, "relationship": "program partner"},
            **headers,
        )
    return response


def endorser_path() -> str:
    return LINK.search(mail.outbox[-1].body).group(1)


# -- the nominator's side ---------------------------------------------------------------------


def test_request_emails_the_endorser_and_lists_the_request(
    client, nomination, django_capture_on_commit_callbacks
):
    response = ask(client, nomination, django_capture_on_commit_callbacks, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    html = response.content.decode()
    assert "We emailed Ana Ruiz a link to upload a letter." in html
    assert '<span class="usa-tag text-no-wrap">Requested</span>' in html
    assert mail.outbox[0].to == ["ana@partner.example.org"]
    assert endorser_path().startswith("/endorse/")


def test_request_form_errors_show_next_to_fields(client, nomination):
    client.force_login(nomination.nominator)

    response = client.post(
        request_url(nomination),
        {"name": "", "email": "nope", "relationship": ""},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert (
        '<span class="usa-error-message" id="id_name-error">'
        "Enter the endorser&#x27;s full name.</span>" in html
    )
    assert "Enter an email address like name@example.org." in html
    assert EndorsementRequest.objects.count() == 0
    assert mail.outbox == []


def test_request_form_marks_its_required_fields_like_the_nomination_form(client, nomination):
    client.force_login(nomination.nominator)

    html = client.get(reverse("nominations:nomination_edit", args=[nomination.pk])).content.decode()

    required = ' <abbr title="required" class="usa-hint usa-hint--required">*</abbr></label>'
    for field_id, label in [
        ("id_name", "Endorser&#x27;s full name"),
        ("id_email", "Endorser&#x27;s email address"),
        ("id_relationship", "How they know the nominee"),
    ]:
        assert f'for="{field_id}">{label}{required}' in html
    assert 'Fields marked with an asterisk (<abbr title="required"' in html


def test_request_fourth_is_refused_with_message(
    client, nomination, django_capture_on_commit_callbacks
):
    for number in range(3):
        ask(client, nomination, django_capture_on_commit_callbacks, email=f"e{number}@example.org")

    response = ask(
        client,
        nomination,
        django_capture_on_commit_callbacks,
        email="e4@example.org",
        HTTP_HX_REQUEST="true",
    )

    assert "You have already asked for 3 letters, the most allowed." in response.content.decode()
    assert EndorsementRequest.objects.count() == 3
    assert len(mail.outbox) == 3


def test_request_by_other_nominator_is_404_and_audited(client, nomination):
    client.force_login(factories.nominator())

    response = client.post(
        request_url(nomination),
        {"name": "Ana Ruiz", "email": "ana@example.org", "relationship": "partner"},
    )

    assert response.status_code == 404
    assert EndorsementRequest.objects.count() == 0
    assert list(AuditEvent.objects.values_list("action", "outcome")) == [
        ("endorsement.request", "denied")
    ]


def test_resend_and_cancel_buttons_work_without_htmx(
    client, nomination, django_capture_on_commit_callbacks
):
    ask(client, nomination, django_capture_on_commit_callbacks)
    old_path = endorser_path()
    endorsement = EndorsementRequest.objects.get()
    args = [nomination.pk, endorsement.pk]

    with django_capture_on_commit_callbacks(execute=True):
        resent = client.post(reverse("nominations:endorsement_resend", args=args), follow=True)
    assert "We sent Ana Ruiz a new link." in resent.content.decode()
    assert endorser_path() != old_path
    assert client.get(old_path).status_code == 404

    cancelled = client.post(reverse("nominations:endorsement_cancel", args=args), follow=True)

    assert "The request to Ana Ruiz was cancelled." in cancelled.content.decode()
    assert EndorsementRequest.objects.get().state == EndorsementState.CANCELLED
    assert client.get(endorser_path()).status_code == 410


def test_cancel_by_other_nominator_is_404_and_changes_nothing(
    client, nomination, django_capture_on_commit_callbacks
):
    ask(client, nomination, django_capture_on_commit_callbacks)
    endorsement = EndorsementRequest.objects.get()
    client.force_login(factories.nominator())

    response = client.post(
        reverse("nominations:endorsement_cancel", args=[nomination.pk, endorsement.pk])
    )

    assert response.status_code == 404
    assert EndorsementRequest.objects.get().state == EndorsementState.REQUESTED
    assert AuditEvent.objects.filter(outcome="denied").count() == 1


# -- the endorser's page ------------------------------------------------------------------------


def test_endorser_page_shows_only_names_program_and_expiry(
    client, nomination, django_capture_on_commit_callbacks
):
    ask(client, nomination, django_capture_on_commit_callbacks)
    client.logout()

    response = client.get(endorser_path())

    assert response.status_code == 200
    html = response.content.decode()
    assert nomination.nominee.display_name in html
    assert "Jordan Lee has nominated" in html
    assert nomination.cycle.program.name in html
    assert nomination.summary not in html
    assert nomination.justification not in html
    assert nomination.nominator.email not in html
    assert html.count('type="file"') == 1
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "same-origin"


def test_endorser_upload_thanks_then_link_is_used(
    client, nomination, django_capture_on_commit_callbacks
):
    ask(client, nomination, django_capture_on_commit_callbacks)
    path = endorser_path()
    client.logout()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"file": upload(valid_pdf(), "letter.pdf")}, follow=True)

    assert response.redirect_chain == [(reverse("nominations:endorse_thanks"), 302)]
    assert "Thank you for your letter" in response.content.decode()
    assert mail.outbox[-1].to == [nomination.nominator.email]
    again = client.post(path, {"file": upload(valid_pdf(), "letter.pdf")})
    assert again.status_code == 410
    assert "This link has already been used" in again.content.decode()


def test_endorser_upload_not_a_pdf_shows_error_and_keeps_link(
    client, nomination, django_capture_on_commit_callbacks
):
    ask(client, nomination, django_capture_on_commit_callbacks)
    path = endorser_path()
    client.logout()

    response = client.post(path, {"file": upload(EXE, "letter.pdf")})

    assert response.status_code == 200
    assert (
        'id="letter-file-error" role="alert">This file is not a PDF.' in response.content.decode()
    )
    assert EndorsementRequest.objects.get().state == EndorsementState.REQUESTED


@pytest.mark.parametrize(
    ("change", "status", "heading"),
    [
        ("unknown", 404, "This link is not valid"),
        ("expired", 410, "This link has expired"),
        ("cancelled", 410, "This request was cancelled"),
        ("received", 410, "This link has already been used"),
    ],
)
def test_endorser_page_unusable_link_says_why(
    client, nomination, django_capture_on_commit_callbacks, change, status, heading
):
    ask(client, nomination, django_capture_on_commit_callbacks)
    path = endorser_path()
    client.logout()
    token = path.split("/")[2]
    if change == "unknown":
        path = f"/endorse/{'A' * 43}/"
    elif change == "expired":
        EndorsementRequest.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    elif change == "cancelled":
        EndorsementRequest.objects.update(state=EndorsementState.CANCELLED)
    else:
        endorsement_letter_upload(token=token, uploaded_file=upload(valid_pdf()))

    response = client.get(path)

    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in response.content.decode()
    assert 'type="file"' not in response.content.decode()


def test_endorser_page_garbage_token_is_404_page(client):
    response = client.get("/endorse/%3Cscript%3E/")

    assert response.status_code == 404
    assert "<h1>This link is not valid</h1>" in response.content.decode()


# -- letter downloads ----------------------------------------------------------------------


def test_letter_download_owner_and_staff_only(
    client, nomination, staff, django_capture_on_commit_callbacks
):
    ask(client, nomination, django_capture_on_commit_callbacks)
    token = endorser_path().split("/")[2]
    data = valid_pdf("Letter body")
    endorsement = endorsement_letter_upload(token=token, uploaded_file=upload(data))
    url = reverse("nominations:letter_download", args=[nomination.pk, endorsement.pk])

    owner = client.get(url)
    assert owner.status_code == 200
    assert b"".join(owner.streaming_content) == data
    assert (
        owner["Content-Disposition"] == f'attachment; filename="draft-{nomination.pk}-letter-1.pdf"'
    )
    assert owner["X-Content-Type-Options"] == "nosniff"
    client.force_login(staff)
    assert client.get(url).status_code == 200

    intruder = factories.nominator()
    client.force_login(intruder)
    denied = client.get(url)

    assert denied.status_code == 404
    assert data not in denied.content
    assert list(AuditEvent.objects.filter(outcome="denied").values_list("action", "actor")) == [
        ("endorsement.letter_download", intruder.pk)
    ]
