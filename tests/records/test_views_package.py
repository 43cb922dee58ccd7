"""The cycle's records packages page: award staff build, watch and download; a party to
one of the cycle's nominations and every other role are refused; the list's queries do
not grow with the packages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from records.models import RecordsPackage
from records.states import PackageStatus
from tests import factories

pytestmark = pytest.mark.django_db


def page_url(cycle) -> str:
    return reverse("records:packages", args=[cycle.pk])


def download_url(package) -> str:
    return reverse("records:package_download", args=[package.cycle_id, package.pk])


@pytest.fixture
def cycle():
    return factories.review_cycle(nominations=2, panelists=1, criteria=1)


def test_staff_build_a_package_and_download_it(
    client, staff, cycle, django_capture_on_commit_callbacks
):
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(page_url(cycle))
    response = client.get(posted["Location"])

    package = RecordsPackage.objects.get()
    assert package.status == PackageStatus.READY
    body = response.content.decode()
    assert "The records package is being built." in body
    assert download_url(package) in body
    assert package.sha256 in body
    download = client.get(download_url(package))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content).startswith(b"PK")
    assert AuditEvent.objects.order_by("-pk").first().action == "records_package.download"


def test_a_package_building_shows_its_progress_and_reloads_itself(client, staff, cycle):
    RecordsPackage.objects.create(
        cycle=cycle,
        requested_by=staff,
        requested_at=timezone.now(),
        status=PackageStatus.BUILDING,
        steps_done=3,
        steps_total=12,
    )
    client.force_login(staff)

    body = client.get(page_url(cycle)).content.decode()

    assert '<progress id="progress-' in body and 'value="25"' in body
    assert 'hx-trigger="every 2s"' in body
    assert 'disabled aria-disabled="true"' in body


def test_a_second_build_while_one_runs_is_refused_with_a_message(client, staff, cycle):
    RecordsPackage.objects.create(
        cycle=cycle, requested_by=staff, requested_at=timezone.now(), status=PackageStatus.QUEUED
    )
    client.force_login(staff)

    response = client.post(page_url(cycle), follow=True)

    assert [str(message) for message in response.context["messages"]] == [
        "A records package of this cycle is already being built; wait for it to finish."
    ]
    assert RecordsPackage.objects.count() == 1


def test_a_failed_build_says_so(client, staff, cycle):
    RecordsPackage.objects.create(
        cycle=cycle,
        requested_by=staff,
        requested_at=timezone.now(),
        status=PackageStatus.FAILED,
        error="RuntimeError: disk full",
    )
    client.force_login(staff)

    body = client.get(page_url(cycle)).content.decode()

    assert "The build failed: RuntimeError: disk full." in body


def test_staff_who_are_a_party_to_a_nomination_of_the_cycle_are_refused(client, cycle):
    party = factories.award_staff()
    nomination = cycle.nominations.first()
    nomination.nominator = party
    nomination.save()
    client.force_login(party)

    page = client.post(page_url(cycle))

    assert page.status_code == 403
    assert not RecordsPackage.objects.exists()
    assert list(AuditEvent.objects.values_list("action", "outcome")) == [("party.denied", "denied")]


def test_a_package_of_another_cycle_or_not_ready_is_not_found(client, staff, cycle):
    other = factories.review_cycle(nominations=1, panelists=1, criteria=1)
    building = RecordsPackage.objects.create(
        cycle=cycle, requested_by=staff, requested_at=timezone.now(), status=PackageStatus.BUILDING
    )
    client.force_login(staff)

    wrong_cycle = reverse("records:package_download", args=[other.pk, building.pk])

    assert client.get(wrong_cycle).status_code == 404
    assert client.get(download_url(building)).status_code == 404
    assert not AuditEvent.objects.filter(action="records_package.download").exists()


@pytest.mark.parametrize("packages", [1, 12])
def test_the_page_reads_a_fixed_number_of_queries(
    client, staff, cycle, django_assert_num_queries, packages
):
    for _ in range(packages):
        RecordsPackage.objects.create(
            cycle=cycle,
            requested_by=factories.award_staff(),
            requested_at=timezone.now(),
            status=PackageStatus.READY,
            size=10,
            sha256="0" * 64,
            files_count=3,
        )
    client.force_login(staff)

    with django_assert_num_queries(QUERY_BUDGET):
        response = client.get(page_url(cycle))

    assert len(response.context["packages"]) == packages


# Session, user and roles; the cycle; the party check (the account's email addresses,
# then the cycle's nominations that name them); the packages with who asked for each.
QUERY_BUDGET = 7
