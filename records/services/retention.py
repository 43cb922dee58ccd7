"""Disposal under the retention schedule (docs/records.md, "Retention and disposal"):
`retention_apply` disposes of every record due, each in its own transaction with one
"retention.dispose" audit event that names it by id only; the schedule's edits are
audited too.

What disposal leaves, so counts and the audit chain still hold:

- a draft never submitted: nothing (the nomination and its nominee are deleted);
- a nomination not awarded: its row (reference, cycle, state, dates, the criteria ticked)
  and its nominee's kind; every name, address, text and file is gone: the nominee's
  details, the nominator's contact details and answers, every version, attachment,
  letter and checklist evidence, the endorsers' names and addresses, the panel's
  comments and the reviews' written parts (their scores stay, so the panel's figures
  do), conflict reasons, and its emails' recipients, subjects and bodies;
- an email: its row and status, without recipients, subject, body or attachments;
- a records package: its row and SHA-256, without the file.

The audit log is not touched: its events are a record series of their own (the log's
hash chain is what proves every other record), kept whole; docs/records.md says how.
"""

import logging
from datetime import date

from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from accounts.roles import Role
from core.exceptions import InvalidInput, NotPermitted
from core.services.audit import audit_record
from nominations import rules
from nominations.models import (
    Attachment,
    Citation,
    Nomination,
    NominationVersion,
    Nominee,
    OutboxMessage,
    SlateEntry,
)
from nominations.states import NominationState
from records.domain.retention import Disposal, Series
from records.models import RecordsPackage, RetentionSchedule
from records.selectors.retention import disposals_due
from records.states import PackageStatus
from reviews.models import Assignment, Comment, Conflict, Review, ReviewVersion

logger = logging.getLogger(__name__)

NOMINATION_TEXT = (
    "nominator_name",
    "nominator_title",
    "nominator_organization",
    "nominator_phone",
    "summary",
    "justification",
    "suggested_citation",
    "excluded_reviewers",
    "info_request",
    "ineligible_reason",
    "withdrawal_reason",
)
# Every field of the nominee but its kind and id, blanked.
NOMINEE_KEPT = {"id", "kind"}


def retention_schedule_update(*, program, actor, years: dict[str, int | None]):
    """Set the program's schedule (`years`: series → years, None to keep permanently).
    Award staff only. One "retention.schedule_update" audit event with the values
    before and after."""
    if not rules.is_award_staff(actor):
        raise NotPermitted("Only award staff can change the retention schedule.")
    for series, value in years.items():
        if series not in set(Series):
            raise InvalidInput(f"Unknown record series: {series}.")
        if value is not None and not 0 <= value <= 100:
            raise InvalidInput("Give a number of years from 0 to 100, or leave it blank.")
    with transaction.atomic():
        schedule, _ = RetentionSchedule.objects.select_for_update().get_or_create(program=program)
        before = {series: schedule.years(series) for series in years}
        for series, value in years.items():
            setattr(schedule, f"{series}_years", value)
        schedule.save()
        audit_record(
            action="retention.schedule_update",
            actor=actor,
            obj=program,
            data={"before": before, "after": dict(years)},
            role=Role.AWARD_STAFF,
        )
    return schedule


def retention_apply(*, today: date | None = None, dry_run: bool = False) -> list[Disposal]:
    """Dispose of every record due by `today` (the site's date); return them. With
    `dry_run`, only list them. A record that changed meanwhile (say, deleted) is skipped
    and logged; the others go on."""
    due = disposals_due(by=today or timezone.localdate())
    if dry_run:
        return due
    done = []
    for item in due:
        try:
            DISPOSERS[item.series](item)
        except (Nomination.DoesNotExist, OutboxMessage.DoesNotExist, RecordsPackage.DoesNotExist):
            # Deleted meanwhile, or no longer due (a draft whose cycle's deadline was
            # moved later): left alone.
            logger.info("%s is no longer due; left alone.", item.label)
            continue
        done.append(item)
    return done


def _record(item: Disposal, obj, data: dict) -> None:
    audit_record(
        action="retention.dispose",
        obj=obj,
        data={"series": item.series.value, "due": item.due.isoformat(), **data},
    )


def _delete_files_on_commit(files: list[FieldFile]) -> None:
    names = [(stored.storage, stored.name) for stored in files if stored]

    def delete() -> None:
        for storage, name in names:
            try:
                storage.delete(name)
            except Exception:  # Local or object storage: log it and go on.
                logger.exception("A disposed file could not be deleted: %s", name)

    transaction.on_commit(delete, robust=True)


def _dispose_draft(item: Disposal) -> None:
    with transaction.atomic():
        # Never before the deadline: a schedule of 0 years counts days, and the cycle
        # may still take the draft until the deadline's very minute.
        nomination = Nomination.objects.select_for_update().get(
            pk=item.pk, state=NominationState.DRAFT, cycle__deadline__lt=timezone.now()
        )
        attachments = list(nomination.attachments.all())
        letters = list(nomination.endorsement_requests.all())
        _delete_files_on_commit(
            [attachment.file for attachment in attachments] + [letter.letter for letter in letters]
        )
        nominee = nomination.nominee
        # Blank first, so that the event's description of the object names nobody.
        _blank_nominee(nominee.pk)
        nomination.refresh_from_db()
        _record(
            item,
            nomination,
            {"nomination": nomination.pk, "attachments": len(attachments), "letters": len(letters)},
        )
        OutboxMessage.objects.filter(nomination=nomination).update(
            to=[], subject="", body="", attachments=[], sealed_link="", disposed_at=timezone.now()
        )
        nomination.delete()
        Nominee.objects.filter(pk=nominee.pk).delete()


def _dispose_not_awarded(item: Disposal) -> None:
    now = timezone.now()
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().get(
            pk=item.pk, disposed_at__isnull=True
        )
        attachments = list(Attachment.objects.filter(nomination=nomination))
        letters = list(nomination.endorsement_requests.all())
        checks = list(nomination.checklist_results.exclude(evidence=""))
        _delete_files_on_commit(
            [attachment.file for attachment in attachments]
            + [letter.letter for letter in letters]
            + [check.evidence for check in checks]
        )
        counts = {
            "nomination": nomination.pk,
            "versions": NominationVersion.objects.filter(nomination=nomination).delete()[0],
            "attachments": Attachment.objects.filter(nomination=nomination).delete()[0],
            "letters": len(letters),
            "evidence": len(checks),
            "comments": Comment.objects.filter(nomination=nomination).delete()[0],
            "review_versions": ReviewVersion.objects.filter(review__nomination=nomination).delete()[
                0
            ],
            "emails": OutboxMessage.objects.filter(
                nomination=nomination, disposed_at__isnull=True
            ).update(to=[], subject="", body="", attachments=[], sealed_link="", disposed_at=now),
        }
        nomination.endorsement_requests.update(
            name="", email="", mailbox="", relationship="", letter="", letter_original_name=""
        )
        SlateEntry.objects.filter(nomination=nomination).update(briefing_note="")
        Assignment.objects.filter(nomination=nomination).update(decline_reason="")
        nomination.checklist_results.update(note="", evidence="", evidence_name="")
        Review.objects.filter(nomination=nomination).update(strengths="", weaknesses="")
        Conflict.objects.filter(nomination=nomination).update(reason="", decision_reason="")
        Citation.objects.filter(nomination=nomination).delete()
        _blank_nominee(nomination.nominee_id)
        Nomination.objects.filter(pk=nomination.pk).update(
            **dict.fromkeys(NOMINATION_TEXT, ""), disposed_at=now
        )
        nomination.refresh_from_db()
        _record(item, nomination, counts)
    # Every records package of the cycle built so far holds a copy of it.
    for package in RecordsPackage.objects.filter(
        cycle_id=nomination.cycle_id, status=PackageStatus.READY
    ).values_list("pk", flat=True):
        _dispose_package(
            Disposal(
                Series.PACKAGES,
                f"Records package #{package}",
                "records.recordspackage",
                package,
                item.due,
            )
        )


def _blank_nominee(pk: int) -> None:
    Nominee.objects.filter(pk=pk).update(
        **{
            field.attname: field.get_default()
            for field in Nominee._meta.concrete_fields
            if field.attname not in NOMINEE_KEPT
        }
    )


def _dispose_email(item: Disposal) -> None:
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(
            pk=item.pk, disposed_at__isnull=True
        )
        OutboxMessage.objects.filter(pk=message.pk).update(
            to=[], subject="", body="", attachments=[], sealed_link="", disposed_at=timezone.now()
        )
        message.refresh_from_db()
        _record(item, message, {"message": message.pk})


def _dispose_package(item: Disposal) -> None:
    with transaction.atomic():
        package = RecordsPackage.objects.select_for_update().get(
            pk=item.pk, status=PackageStatus.READY
        )
        _delete_files_on_commit([package.file])
        RecordsPackage.objects.filter(pk=package.pk).update(status=PackageStatus.DISPOSED, file="")
        _record(item, package, {"package": package.pk, "sha256": package.sha256})


DISPOSERS = {
    Series.DRAFTS: _dispose_draft,
    Series.NOT_AWARDED: _dispose_not_awarded,
    Series.EMAILS: _dispose_email,
    Series.PACKAGES: _dispose_package,
}
