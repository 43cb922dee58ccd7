"""Your records (the Privacy Act access download): a person's download holds their own
records and nobody else's, never a secret, and is audited; signed-out visitors are sent
to sign in."""

import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse

from accounts.models import User
from core.models import AuditEvent
from nominations.models import Nomination, OutboxMessage
from records.domain.package import check_package
from reviews.models import Review
from tests import factories

pytestmark = pytest.mark.django_db

PAGE = reverse("records:your_records")
DOWNLOAD = reverse("records:your_records_download")


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())


def download(client, email: str) -> dict[str, bytes]:
    client.force_login(User.objects.get(email=email))
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()} | {"": content}


def test_a_nominators_records_hold_their_nominations_emails_and_actions(demo, client, tmp_path):
    user = User.objects.get(email="nominator@example.org")
    theirs = set(
        AuditEvent.objects.filter(
            Q(actor=user) | Q(object_type="accounts.user", object_id=str(user.pk))
        ).values_list("pk", flat=True)
    )

    files = download(client, "nominator@example.org")

    mine = Nomination.objects.filter(nominator=user)
    folders = {name.split("/")[1] for name in files if name.startswith("nominations/")}
    assert folders == {nomination.reference or f"draft-{nomination.pk}" for nomination in mine}
    submitted = mine.exclude(reference=None).order_by("reference").first()
    record = json.loads(files[f"nominations/{submitted.reference}/nomination.json"])
    assert record["nomination"]["id"] == submitted.pk
    assert "state" not in record["nomination"]
    assert record["state"] == submitted.public_state_name()
    assert len(record["versions"]) == submitted.versions.count() > 0
    assert files[f"nominations/{submitted.reference}/versions/v1.pdf"].startswith(b"%PDF-")
    emails = json.loads(files["emails/emails.json"])
    to_them = [message.pk for message in OutboxMessage.objects.all() if user.email in message.to]
    assert sorted(email["id"] for email in emails) == sorted(to_them)
    assert len(to_them) > 0
    events = [json.loads(line) for line in files["audit.jsonl"].decode().splitlines()]
    assert {event["id"] for event in events} == theirs
    account = json.loads(files["account.json"])
    assert account["account"]["email"] == user.email
    assert "password" not in account["account"]
    assert account["roles"] == ["Nominator"]
    path = tmp_path / "records.zip"
    path.write_bytes(files[""])
    assert check_package(path).ok


def test_a_download_holds_nobody_elses_records(demo, client):
    files = download(client, "nominator@example.org")
    user = User.objects.get(email="nominator@example.org")
    text = b"".join(content for name, content in files.items() if name)
    names = " ".join(files)

    for other in Nomination.objects.exclude(nominator=user).exclude(reference=None):
        assert other.reference not in names
    for other in User.objects.exclude(pk=user.pk):
        assert other.email.encode() not in text, other.email
    assert user.password.encode() not in text


def test_a_panelists_records_hold_the_reviews_they_wrote_and_no_other(demo, client):
    files = download(client, "panelist@example.org")
    user = User.objects.get(email="panelist@example.org")

    panel = json.loads(files["panel.json"])
    assert sorted(review["id"] for review in panel["reviews"]) == sorted(
        Review.objects.filter(member__user=user).values_list("pk", flat=True)
    )
    assert [seat["user_id"] for seat in panel["seats"]] == [user.pk]
    assert all(seat["attested_at"] for seat in panel["seats"])


def test_the_download_is_audited_on_the_account(demo, client):
    download(client, "staff@example.org")
    user = User.objects.get(email="staff@example.org")

    event = AuditEvent.objects.order_by("-pk").first()
    assert (event.action, event.actor, event.object_type, event.object_id) == (
        "records.access_download",
        user,
        "accounts.user",
        str(user.pk),
    )
    assert set(event.data) == {"sha256", "size", "counts"}


def test_the_page_explains_the_download_and_links_it(client):
    client.force_login(factories.nominator())

    response = client.get(PAGE)

    assert response.status_code == 200
    body = response.content.decode()
    assert f'href="{DOWNLOAD}"' in body
    assert "Records others made about you" in body


def test_signed_out_visitors_are_sent_to_sign_in_and_nothing_is_built(client):
    for url in (PAGE, DOWNLOAD):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not AuditEvent.objects.exists()


def test_staffs_records_keep_their_actions_but_not_other_peoples_details(demo, client):
    files = download(client, "staff@example.org")
    user = User.objects.get(email="staff@example.org")

    events = [json.loads(line) for line in files["audit.jsonl"].decode().splitlines()]
    on_nominations = [e for e in events if e["object_type"] == "nominations.nomination"]
    assert on_nominations
    assert all(
        "object_repr" not in e and "note" not in e and "data" not in e for e in on_nominations
    )
    assert all(e["withheld"] == ["object_repr", "note", "data"] for e in on_nominations)
    assert {e["actor_id"] for e in events} <= {user.pk, None}


def test_a_nominators_versions_keep_no_staff_field(demo, client):
    files = download(client, "nominator@example.org")

    versions = [
        version
        for name, content in files.items()
        if name.endswith("/nomination.json")
        for version in json.loads(content)["versions"]
    ]
    assert versions
    for version in versions:
        assert not {"state", "duplicate_case_id", "overdue_notified_for"} & set(
            version["snapshot"]["nomination"]
        )
