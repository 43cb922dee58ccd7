"""The records package of a cycle: requested by award staff, built by the worker,
downloaded by award staff. Each step is one audit event (docs/records.md)."""

import datetime as dt
import logging
import tempfile
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from core.exceptions import ConflictError, NotPermitted
from core.services.audit import audit_record, audits_refusals
from nominations import rules
from nominations.models import Cycle
from records.domain.package import write_package
from records.models import RecordsPackage
from records.selectors.contents import CycleRecords, package_steps
from records.states import PackageStatus

logger = logging.getLogger(__name__)

# Progress is saved at most this often (in steps), so a large cycle's build does not
# write a row per nomination.
PROGRESS_EVERY = 25
BUSY_STATES = (PackageStatus.QUEUED, PackageStatus.BUILDING)
# A build still busy this long after it was asked for has died with its worker (a large
# cycle takes minutes): it is marked failed, so that it can be built again.
STALLED_AFTER = dt.timedelta(hours=2)
STALLED = "The build stopped before it finished (the worker was restarted?)."


@audits_refusals("records_package.request", obj="cycle", role=Role.AWARD_STAFF)
def records_package_request(*, cycle: Cycle, actor) -> RecordsPackage:
    """Queue a build of the cycle's records package for award staff.

    Refused (NotPermitted) for anyone else, and (ConflictError) while another build of
    the cycle is queued or running; one busy for over STALLED_AFTER is marked failed.
    Creates the RecordsPackage (queued) with one "records_package.request" audit event;
    schedules the build after commit.
    """
    if not rules.is_award_staff(actor):
        raise NotPermitted("Only award staff can build a records package.")
    with transaction.atomic():
        Cycle.objects.select_for_update(no_key=True).filter(pk=cycle.pk).values_list("pk").get()
        now = timezone.now()
        RecordsPackage.objects.filter(
            cycle=cycle, status__in=BUSY_STATES, requested_at__lt=now - STALLED_AFTER
        ).update(status=PackageStatus.FAILED, error=STALLED, finished_at=now)
        if RecordsPackage.objects.filter(cycle=cycle, status__in=BUSY_STATES).exists():
            raise ConflictError(
                "A records package of this cycle is already being built; wait for it to finish."
            )
        package = RecordsPackage.objects.create(
            cycle=cycle,
            requested_by=actor,
            requested_at=timezone.now(),
            status=PackageStatus.QUEUED,
            steps_total=package_steps(cycle),
        )
        audit_record(
            action="records_package.request",
            actor=actor,
            obj=cycle,
            data={"package": package.pk},
            role=Role.AWARD_STAFF,
        )
        from records.tasks import build_records_package

        transaction.on_commit(lambda: build_records_package.enqueue(package.pk))
    return package


def records_package_build(*, package: RecordsPackage) -> RecordsPackage:
    """Write the package to a temporary file, then store it: status building with its
    progress saved as it goes, then ready (file, size, SHA-256, audit head) or failed
    (the error, logged). One "records_package.build" audit event, as the person who
    asked for it, records the file's SHA-256: the anchor a later check compares with.
    A package that is not queued is left alone."""
    claimed = RecordsPackage.objects.filter(pk=package.pk, status=PackageStatus.QUEUED).update(
        status=PackageStatus.BUILDING, steps_done=0
    )
    if not claimed:
        return package
    package.refresh_from_db()
    cycle = Cycle.objects.select_related("program").get(pk=package.cycle_id)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if done % PROGRESS_EVERY == 0:
            RecordsPackage.objects.filter(pk=package.pk).update(steps_done=done)

    try:
        with tempfile.TemporaryDirectory(prefix="records-package-") as folder:
            path = Path(folder) / "package.zip"
            with path.open("w+b") as target:
                written = write_package(
                    target,
                    lambda writer: (
                        CycleRecords(writer, cycle, step=step).write()
                        | {"requested_by": package.requested_by.email}
                    ),
                )
                stamp = timezone.localtime(timezone=cycle.zone).strftime("%Y%m%d-%H%M%S")
                name = f"records-{cycle.program.reference_prefix}-{cycle.award_year}-{stamp}.zip"
                package.file.save(name, File(target), save=False)
    except Exception as error:
        logger.exception("Records package %s of %s failed.", package.pk, cycle)
        package.status = PackageStatus.FAILED
        package.error = f"{type(error).__name__}: {error}"
        package.finished_at = timezone.now()
        package.save(update_fields=["status", "error", "finished_at"])
        return package
    package.status = PackageStatus.READY
    package.steps_done = package.steps_total = done
    package.size = written.size
    package.sha256 = written.sha256
    package.files_count = written.files
    package.audit_head = written.description["audit"]["head"]
    package.missing_files = written.description["missing_files"]
    package.finished_at = timezone.now()
    with transaction.atomic():
        package.save()
        audit_record(
            action="records_package.build",
            actor=package.requested_by,
            obj=cycle,
            data={"package": package.pk, **written.audit_data},
            role=Role.AWARD_STAFF,
        )
    return package


def records_package_download_record(*, package: RecordsPackage, actor) -> None:
    """One "records_package.download" audit event: the package holds every record of
    the cycle, personal data included."""
    audit_record(
        action="records_package.download",
        actor=actor,
        obj=package.cycle,
        data={"package": package.pk, "sha256": package.sha256},
        role=Role.AWARD_STAFF,
    )
