"""FILE_STORAGE=s3 end to end, against moto's in-process S3: uploads and certificates
land in the bucket and nowhere on disk, and leave it only through the app's views, to
the people those views let in."""

import hashlib
from io import StringIO
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.urls import reverse
from moto import mock_aws
from storages.backends.s3 import S3Storage

from awards_site.settings import file_storage
from core.models import AuditEvent
from nominations.models import Attachment, Certificate
from tests import factories
from tests.core.pdf_samples import upload, valid_pdf

pytestmark = pytest.mark.django_db

BUCKET = "awards-files"
REGION = "us-east-1"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture
def s3(settings, monkeypatch):
    """The default storage as FILE_STORAGE=s3 configures it, on an empty mocked bucket.

    Assigning settings.STORAGES sends setting_changed, on which Django drops the cached
    `default_storage` (and every FileField's storage, which is that same lazy object);
    pytest-django's `settings` puts STORAGES back afterwards, which drops it again."""
    monkeypatch.setenv("FILE_STORAGE", "s3")
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", BUCKET)
    monkeypatch.setenv("AWS_S3_REGION_NAME", REGION)
    monkeypatch.delenv("AWS_S3_ENDPOINT_URL", raising=False)
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {**settings.STORAGES, "default": file_storage()}
        assert type(storages["default"]) is S3Storage
        assert Attachment.file.field.storage is default_storage
        assert Certificate.file.field.storage is default_storage
        yield client


def bucket(client) -> dict[str, bytes]:
    """Every object in the bucket: key → content."""
    listing = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        for item in listing
    }


def files_on_disk(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def attachment_download_url(attachment) -> str:
    return reverse(
        "nominations:attachment_download", args=[attachment.nomination_id, attachment.pk]
    )


def certificate_download_url(certificate) -> str:
    return reverse(
        "selection:staff_certificate_download", args=[certificate.nomination_id, certificate.pk]
    )


@pytest.fixture
def uploaded(client, s3):
    """A nominator's draft with one PDF uploaded through the real view: (nomination,
    attachment, the PDF's bytes)."""
    nomination = factories.NominationFactory()
    data = valid_pdf("evidence kept in the bucket")
    client.force_login(nomination.nominator)
    response = client.post(
        reverse("nominations:attachment_upload", args=[nomination.pk]),
        {"file": upload(data, "Annual report.pdf")},
    )
    assert response.status_code == 302
    client.logout()
    return nomination, nomination.attachments.get(), data


# -- uploads -------------------------------------------------------------------------------


def test_upload_lands_in_the_bucket_as_a_private_object_and_not_on_disk(s3, uploaded, settings):
    _nomination, attachment, data = uploaded

    assert attachment.file.name.startswith("attachments/")
    assert bucket(s3) == {attachment.file.name: data}
    assert (attachment.size, attachment.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    grants = s3.get_object_acl(Bucket=BUCKET, Key=attachment.file.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert ALL_USERS not in str(grants)
    assert files_on_disk(settings) == []


@pytest.mark.parametrize("who", ["nominator", "staff"])
def test_download_through_the_app_gives_the_exact_bytes(client, s3, uploaded, who):
    nomination, attachment, data = uploaded
    client.force_login(nomination.nominator if who == "nominator" else factories.award_staff())

    response = client.get(attachment_download_url(attachment))

    assert response.status_code == 200
    assert body(response) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="draft-{nomination.pk}-attachment-1.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert "Location" not in response


@pytest.mark.parametrize(
    "make_user", [factories.nominator, factories.panelist, factories.selecting_official]
)
def test_download_by_anyone_else_is_refused_and_changes_nothing(client, s3, uploaded, make_user):
    _nomination, attachment, data = uploaded
    before = bucket(s3)
    events = AuditEvent.objects.count()
    intruder = make_user()
    client.force_login(intruder)

    response = client.get(attachment_download_url(attachment))

    assert response.status_code == 404
    assert data not in body(response)
    assert BUCKET not in body(response).decode()
    assert bucket(s3) == before
    assert list(Attachment.objects.values_list("pk", "file")) == [
        (attachment.pk, attachment.file.name)
    ]
    assert AuditEvent.objects.count() == events + 1
    denial = AuditEvent.objects.latest("pk")
    assert (denial.action, denial.outcome, denial.actor) == (
        "attachment.download",
        "denied",
        intruder,
    )


def test_removed_attachment_leaves_the_bucket_after_commit(
    client, s3, uploaded, django_capture_on_commit_callbacks
):
    nomination, attachment, _data = uploaded
    client.force_login(nomination.nominator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("nominations:attachment_remove", args=[nomination.pk, attachment.pk])
        )

    assert response.status_code == 302
    assert bucket(s3) == {}
    assert not Attachment.objects.exists()


def test_download_of_an_object_missing_from_the_bucket_is_not_found(client, s3, uploaded):
    nomination, attachment, _data = uploaded
    s3.delete_object(Bucket=BUCKET, Key=attachment.file.name)
    client.force_login(nomination.nominator)

    response = client.get(attachment_download_url(attachment))

    assert response.status_code == 404


# -- certificates --------------------------------------------------------------------------


@pytest.fixture
def issued(client, s3):
    """A certificate issued by staff through the real view: (certificate, staff)."""
    staff = factories.award_staff()
    nomination = factories.nomination_in(
        "selected",
        cycle=factories.cycle_in("selection"),
        nominee=factories.NomineeFactory(certificate_name="Restore NYC"),
    )
    factories.citations_approved(nomination, by=staff)
    client.force_login(staff)
    response = client.post(
        reverse("selection:staff_certificate_issue", args=[nomination.pk]),
        {"recipient_name": "Restore NYC", "expected_current": ""},
    )
    assert response.status_code == 302
    return Certificate.objects.get(), staff


def test_issued_certificate_is_written_to_the_bucket_and_not_to_disk(s3, issued, settings):
    certificate, _staff = issued

    stored = bucket(s3)

    assert list(stored) == [f"certificates/{certificate.serial}.pdf"]
    assert certificate.file.name == f"certificates/{certificate.serial}.pdf"
    assert hashlib.sha256(stored[certificate.file.name]).hexdigest() == certificate.sha256
    assert stored[certificate.file.name].startswith(b"%PDF-")
    assert files_on_disk(settings) == []


def test_certificate_download_serves_the_stored_bytes_from_the_bucket(client, s3, issued):
    certificate, _staff = issued

    response = client.get(certificate_download_url(certificate))

    assert response.status_code == 200
    assert body(response) == bucket(s3)[certificate.file.name]
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificate-{certificate.serial}.pdf"'
    )


def test_certificate_download_by_the_nominator_is_refused_and_changes_nothing(client, s3, issued):
    certificate, _staff = issued
    before = bucket(s3)
    events = AuditEvent.objects.count()
    client.force_login(certificate.nomination.nominator)

    response = client.get(certificate_download_url(certificate))

    assert response.status_code == 403
    assert b"%PDF" not in body(response)
    assert bucket(s3) == before
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.latest("pk").outcome == "denied"
    assert not AuditEvent.objects.filter(action="certificate.download").exists()


def test_certificates_command_issues_into_the_bucket_and_copies_out_the_stored_bytes(
    s3, settings, tmp_path
):
    staff = factories.award_staff()
    cycle = factories.cycle_in(
        "announced", award_year=2031, signatory_name="A. Signatory", presentation_place="Here"
    )
    for _ in range(2):
        factories.citations_approved(factories.nomination_in("awarded", cycle=cycle), by=staff)

    call_command(
        "certificates",
        *("--cycle", "2031", "--out", str(tmp_path), "--issue-as", staff.email),
        stdout=StringIO(),
    )

    certificates = list(Certificate.objects.order_by("serial"))
    stored = bucket(s3)
    assert len(certificates) == 2
    assert sorted(stored) == [f"certificates/{c.serial}.pdf" for c in certificates]
    for certificate in certificates:
        copy = (tmp_path / f"{certificate.serial}.pdf").read_bytes()
        assert copy == stored[certificate.file.name]
        assert hashlib.sha256(copy).hexdigest() == certificate.sha256
    assert files_on_disk(settings) == []
