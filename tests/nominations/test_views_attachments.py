"""The documents page, attachment upload/remove and downloads: access, answers, headers."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from core.uploads import NOT_A_PDF
from nominations.models import Attachment, EndorsementRequest
from nominations.services.attachments import attachment_add
from nominations.states import NominationState
from tests import factories
from tests.core.pdf_samples import HTML, upload, valid_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def documents_url(nomination) -> str:
    return reverse("nominations:nomination_documents", args=[nomination.pk])


def upload_url(nomination) -> str:
    return reverse("nominations:attachment_upload", args=[nomination.pk])


def download_url(attachment) -> str:
    return reverse(
        "nominations:attachment_download", args=[attachment.nomination_id, attachment.pk]
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def nomination():
    return factories.NominationFactory()


def attach(nomination, data=None, name="evidence.pdf") -> Attachment:
    return attachment_add(
        nomination=nomination,
        actor=nomination.nominator,
        uploaded_file=upload(data or valid_pdf(), name),
    )


# -- the documents page --------------------------------------------------------------------


def test_documents_page_owner_sees_both_sections(client, nomination):
    attach(nomination, name="Annual report.pdf")
    client.force_login(nomination.nominator)

    response = client.get(documents_url(nomination))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Annual report.pdf" in html
    assert 'accept="application/pdf,.pdf"' in html
    assert "PDF only, 10 MB or smaller. You can add 4 more files." in html
    assert "Letters of support" in html
    assert "<script>" not in html.replace('<script src="', "")


def test_documents_page_anonymous_is_sent_to_sign_in(client, nomination):
    response = client.get(documents_url(nomination))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={documents_url(nomination)}"


def test_documents_page_other_nominator_gets_404_and_is_audited(client, nomination):
    intruder = factories.nominator()
    client.force_login(intruder)

    response = client.get(documents_url(nomination))

    assert response.status_code == 404
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.object_id) == (
        "nomination.documents",
        "denied",
        intruder,
        str(nomination.pk),
    )


# -- upload --------------------------------------------------------------------------------


def test_upload_without_htmx_redirects_back_with_message(client, nomination):
    client.force_login(nomination.nominator)

    response = client.post(
        upload_url(nomination), {"file": upload(valid_pdf(), "Report.pdf")}, follow=True
    )

    assert response.redirect_chain == [(documents_url(nomination), 302)]
    assert "“Report.pdf” was uploaded." in response.content.decode()
    assert nomination.attachments.get().original_name == "Report.pdf"


def test_upload_safe_next_is_followed_and_offsite_next_is_not(client, nomination):
    client.force_login(nomination.nominator)
    local = reverse("nominations:my_nominations")

    first = client.post(upload_url(nomination), {"file": upload(valid_pdf()), "next": local})
    second = client.post(
        upload_url(nomination), {"file": upload(valid_pdf()), "next": "https://evil.example/"}
    )

    assert first["Location"] == local
    assert second["Location"] == documents_url(nomination)


def test_upload_with_htmx_returns_the_refreshed_partial(client, nomination):
    client.force_login(nomination.nominator)

    response = client.post(
        upload_url(nomination), {"file": upload(valid_pdf(), "Report.pdf")}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="nomination-attachments"')
    assert "“Report.pdf” was uploaded." in html
    assert "<html" not in html


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_upload_spoofed_html_shows_error_next_to_field(client, nomination, htmx):
    client.force_login(nomination.nominator)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}

    response = client.post(
        upload_url(nomination),
        {"file": upload(HTML, "report.pdf", content_type="application/pdf")},
        **headers,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        f'<span class="usa-error-message" id="attachment-file-error" role="alert">{NOT_A_PDF}'
        in html
    )
    assert "usa-form-group--error" in html
    assert Attachment.objects.count() == 0


def test_upload_without_a_file_asks_for_one(client, nomination):
    client.force_login(nomination.nominator)

    response = client.post(upload_url(nomination), {}, HTTP_HX_REQUEST="true")

    assert "Choose a PDF file to upload." in response.content.decode()


def test_upload_sixth_file_is_refused_with_message(client, nomination):
    for number in range(5):
        attach(nomination, valid_pdf(f"page {number}"))
    client.force_login(nomination.nominator)

    response = client.post(
        upload_url(nomination), {"file": upload(valid_pdf())}, HTTP_HX_REQUEST="true"
    )

    assert "This nomination already has 5 files, the most allowed." in response.content.decode()
    assert nomination.attachments.count() == 5


def test_upload_by_other_nominator_is_404_audited_and_stores_nothing(client, nomination):
    intruder = factories.nominator()
    client.force_login(intruder)

    response = client.post(upload_url(nomination), {"file": upload(valid_pdf())})

    assert response.status_code == 404
    assert Attachment.objects.count() == 0
    assert list(AuditEvent.objects.values_list("action", "outcome")) == [
        ("attachment.add", "denied")
    ]


def test_upload_get_is_not_allowed(client, nomination):
    client.force_login(nomination.nominator)

    assert client.get(upload_url(nomination)).status_code == 405


# -- remove --------------------------------------------------------------------------------


def test_remove_asks_for_confirmation_then_removes(client, nomination):
    attachment = attach(nomination, name="Old.pdf")
    url = reverse("nominations:attachment_remove", args=[nomination.pk, attachment.pk])
    client.force_login(nomination.nominator)

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "“Old.pdf” will be removed" in confirm.content.decode()
    assert Attachment.objects.count() == 1

    response = client.post(url, {"next": documents_url(nomination)})

    assert response.status_code == 302
    assert Attachment.objects.count() == 0


def test_remove_by_other_nominator_is_404_and_changes_nothing(client, nomination):
    attachment = attach(nomination)
    url = reverse("nominations:attachment_remove", args=[nomination.pk, attachment.pk])
    client.force_login(factories.nominator())

    response = client.post(url)

    assert response.status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert AuditEvent.objects.filter(outcome="denied").count() == 1


# -- download ------------------------------------------------------------------------------


def test_download_owner_gets_pdf_as_attachment_with_generated_name(client, nomination):
    attach(nomination)
    data = valid_pdf("second")
    second = attach(nomination, data, name="<script>.pdf")
    client.force_login(nomination.nominator)

    response = client.get(download_url(second))

    assert response.status_code == 200
    assert body(response) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="draft-{nomination.pk}-attachment-2.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_download_name_uses_reference_once_submitted(client):
    nomination = factories.nomination_in(NominationState.RETURNED)
    attachment = attach(nomination)
    client.force_login(nomination.nominator)

    response = client.get(download_url(attachment))

    assert response["Content-Disposition"] == (
        f'attachment; filename="{nomination.reference}-attachment-1.pdf"'
    )


def test_download_staff_may(client, nomination, staff):
    attachment = attach(nomination)
    client.force_login(staff)

    response = client.get(download_url(attachment))

    assert response.status_code == 200
    assert AuditEvent.objects.filter(outcome="denied").count() == 0


@pytest.mark.parametrize(
    "make_user", [factories.nominator, factories.panelist, factories.selecting_official]
)
def test_download_others_get_404_one_denied_event_and_no_bytes(client, nomination, make_user):
    data = valid_pdf("confidential evidence")
    attachment = attach(nomination, data)
    events_before = AuditEvent.objects.count()
    intruder = make_user()
    client.force_login(intruder)

    response = client.get(download_url(attachment))

    assert response.status_code == 404
    assert data not in body(response)
    assert b"%PDF" not in body(response)
    assert AuditEvent.objects.count() == events_before + 1
    event = AuditEvent.objects.order_by("-pk").first()
    assert (event.action, event.outcome, event.actor, event.object_id) == (
        "attachment.download",
        "denied",
        intruder,
        str(attachment.pk),
    )


def test_download_anonymous_is_sent_to_sign_in(client, nomination):
    attachment = attach(nomination)

    response = client.get(download_url(attachment))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert AuditEvent.objects.filter(outcome="denied").count() == 0


def test_download_attachment_under_the_wrong_nomination_is_404(client, nomination):
    attachment = attach(nomination)
    client.force_login(nomination.nominator)
    other = factories.NominationFactory(nominator=nomination.nominator)

    url = reverse("nominations:attachment_download", args=[other.pk, attachment.pk])

    assert client.get(url).status_code == 404


# -- query budget --------------------------------------------------------------------------


def add_documents(nomination, count: int) -> None:
    for number in range(count):
        Attachment.objects.create(
            nomination=nomination,
            file=f"attachments/fake-{number}.pdf",
            original_name=f"file {number}.pdf",
            size=100,
            sha256="0" * 64,
            uploaded_by=nomination.nominator,
        )
        EndorsementRequest.objects.create(
            nomination=nomination,
            name=f"Endorser {number}",
            email=f"e{number}@example.org",
            relationship="partner",
            token_hash=f"{nomination.pk:032d}{number:032d}",
            expires_at="2099-01-01T00:00:00Z",
            sent_at="2024-01-01T00:00:00Z",
        )


@pytest.mark.parametrize("count", [1, 5])
def test_nomination_files_context_costs_two_queries(django_assert_num_queries, nomination, count):
    from nominations.selectors.attachments import nomination_files_context

    add_documents(nomination, count)

    with django_assert_num_queries(2):
        context = nomination_files_context(nomination)
        assert len(context["attachments"]) == count
        assert [r.public_state for r in context["endorsement_requests"]] == ["requested"] * count


@pytest.mark.parametrize("count", [1, 5])
def test_documents_page_query_budget(client, django_assert_num_queries, nomination, count):
    add_documents(nomination, count)
    client.force_login(nomination.nominator)

    with django_assert_num_queries(6):
        response = client.get(documents_url(nomination))

    assert response.content.decode().count('data-label="Endorser"') == count
