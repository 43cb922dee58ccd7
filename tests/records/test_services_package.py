"""Requesting, building and downloading a cycle's records package: who may, what each
step records, and what a failed build leaves."""

import datetime as dt
import hashlib
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.exceptions import ConflictError, NotPermitted
from core.models import AuditEvent
from records.models import RecordsPackage
from records.services import package as package_services
from records.services.package import (
    records_package_build,
    records_package_download_record,
    records_package_request,
)
from records.states import PackageStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    cycle = factories.review_cycle(nominations=3, panelists=2, criteria=1)
    return cycle


def test_a_request_queues_a_package_and_the_build_stores_it(
    cycle, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        package = records_package_request(cycle=cycle, actor=staff)

    package.refresh_from_db()
    assert package.status == PackageStatus.READY
    with package.file.open("rb") as handle:
        content = handle.read()
    assert package.sha256 == hashlib.sha256(content).hexdigest()
    assert package.size == len(content)
    assert package.steps_done == package.steps_total == 3 + 5
    assert package.percent_done == 100
    with package.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        assert package.files_count == len(archive.namelist())
    request, build = AuditEvent.objects.order_by("pk")
    assert (request.action, request.actor, request.object_id, request.data) == (
        "records_package.request",
        staff,
        str(cycle.pk),
        {"package": package.pk},
    )
    assert (build.action, build.actor, build.actor_role) == (
        "records_package.build",
        staff,
        "Award staff",
    )
    assert build.data == {
        "package": package.pk,
        "sha256": package.sha256,
        "size": package.size,
        "files": package.files_count,
        "audit_head": request.hash,
        "missing_files": 0,
    }
    assert package.audit_head == request.hash


def test_the_stored_package_verifies(cycle, staff, django_capture_on_commit_callbacks, tmp_path):
    with django_capture_on_commit_callbacks(execute=True):
        package = records_package_request(cycle=cycle, actor=staff)
    package.refresh_from_db()
    path = tmp_path / "p.zip"
    with package.file.open("rb") as handle:
        path.write_bytes(handle.read())

    out = StringIO()
    call_command("verify_records_package", str(path), stdout=out)

    assert out.getvalue().splitlines()[1] == f"sha256: {package.sha256}"


@pytest.mark.parametrize("who", ["nominator", "panelist", "selecting_official"])
def test_only_award_staff_may_request_a_package(cycle, who):
    actor = getattr(factories, who)()

    with pytest.raises(NotPermitted, match="Only award staff"):
        records_package_request(cycle=cycle, actor=actor)

    assert not RecordsPackage.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_second_request_while_one_builds_is_refused(cycle, staff):
    first = records_package_request(cycle=cycle, actor=staff)  # on_commit never runs here

    with pytest.raises(ConflictError, match="already being built"):
        records_package_request(cycle=cycle, actor=staff)

    assert list(RecordsPackage.objects.values_list("pk", "status")) == [
        (first.pk, PackageStatus.QUEUED)
    ]
    assert AuditEvent.objects.filter(action="records_package.request").count() == 1


def test_a_build_that_fails_records_the_error_and_stores_nothing(cycle, staff, monkeypatch):
    package = records_package_request(cycle=cycle, actor=staff)

    def broken(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(package_services.CycleRecords, "write", broken)
    records_package_build(package=package)

    package.refresh_from_db()
    assert (package.status, package.error, package.file.name) == (
        PackageStatus.FAILED,
        "RuntimeError: disk full",
        "",
    )
    assert package.finished_at is not None
    assert not AuditEvent.objects.filter(action="records_package.build").exists()


def test_a_package_not_queued_is_not_built_again(cycle, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        package = records_package_request(cycle=cycle, actor=staff)
    package.refresh_from_db()
    name, events = package.file.name, AuditEvent.objects.count()

    records_package_build(package=package)

    package.refresh_from_db()
    assert (package.file.name, AuditEvent.objects.count()) == (name, events)


def test_a_download_is_recorded(cycle, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        package = records_package_request(cycle=cycle, actor=staff)
    package.refresh_from_db()

    records_package_download_record(package=package, actor=staff)

    event = AuditEvent.objects.order_by("-pk").first()
    assert (event.action, event.actor, event.data) == (
        "records_package.download",
        staff,
        {"package": package.pk, "sha256": package.sha256},
    )


def test_a_build_that_died_with_its_worker_does_not_block_the_next(cycle, staff):
    stalled = RecordsPackage.objects.create(
        cycle=cycle,
        requested_by=staff,
        requested_at=timezone.now() - dt.timedelta(hours=3),
        status=PackageStatus.BUILDING,
    )

    fresh = records_package_request(cycle=cycle, actor=staff)

    stalled.refresh_from_db()
    assert (stalled.status, stalled.error) == (
        PackageStatus.FAILED,
        "The build stopped before it finished (the worker was restarted?).",
    )
    assert fresh.status == PackageStatus.QUEUED
