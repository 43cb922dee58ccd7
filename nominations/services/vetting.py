"""Staff's findings on a nomination's eligibility checklist (DESIGN.md §2.3).

The vetting transitions themselves (start_vetting, return_for_info, mark_ineligible,
clear) are in services/nomination.py with the rest of the state machine.
"""

from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from core.exceptions import ConflictError, IllegalTransition, InvalidInput, NotPermitted
from core.services.audit import audit_record
from core.uploads import CheckedPdf, UploadedFileLike
from nominations import rules
from nominations.models import ChecklistItem, ChecklistResult, CheckResult, Nomination
from nominations.services.attachments import checked_upload, stored_pdf
from nominations.states import NominationState

CONFLICT = (
    "Someone else changed this check while you were working on it, so your change was "
    "not saved. Their finding is shown now; record yours again if it still applies."
)


def checklist_record_result(
    *,
    nomination: Nomination,
    item: ChecklistItem,
    actor,
    result: str,
    note: str = "",
    evidence: UploadedFileLike | None = None,
    expected_revision: int | None = None,
) -> ChecklistResult:
    """Record (or revise) staff's finding on one checklist item, signed by the actor.

    Only while the nomination is in vetting. Creates or updates the ChecklistResult,
    stamps who and when, adds one to its revision, and writes one "checklist.record"
    audit event. `evidence`, if given, must pass the upload checks; it is stored under a
    generated name and replaces earlier evidence, whose file is deleted after commit.
    `expected_revision` is the revision the actor's form showed (0 before any finding):
    if someone saved the finding since, ConflictError and nothing changes. Schedules
    only that file deletion.
    """
    if nomination.state != NominationState.VETTING:
        raise IllegalTransition(
            "Checks can be recorded only on a nomination in vetting, "
            f"not one that is {nomination.get_state_display()}."
        )
    if not rules.can_vet(actor, nomination):
        raise NotPermitted("Only award staff can record vetting checks.")
    if item.cycle_id != nomination.cycle_id:
        raise InvalidInput("That check belongs to another cycle's checklist.")
    if result not in CheckResult.values:
        raise InvalidInput(f"Choose pass, concern, fail or not applicable, not “{result}”.")

    checked = checked_upload(evidence) if evidence is not None else None
    if checked is None:
        return _save_finding(nomination, item, actor, result, note.strip(), expected_revision)
    # Written to storage first, under a generated name; deleted again if the save fails.
    holder = ChecklistResult(nomination=nomination, item=item)
    with stored_pdf(holder.evidence, checked) as stored_name:
        return _save_finding(
            nomination, item, actor, result, note.strip(), expected_revision, (stored_name, checked)
        )


def _save_finding(
    nomination: Nomination,
    item: ChecklistItem,
    actor,
    result: str,
    note: str,
    expected_revision: int | None,
    evidence: tuple[str, CheckedPdf] | None = None,
) -> ChecklistResult:
    with transaction.atomic():
        # Re-read the state under the row lock `clear` also takes: a stale copy must not
        # record a finding on a nomination that was cleared meanwhile. The lock also
        # queues two staff saving findings on this nomination at once, so the revision
        # read below is current.
        current = Nomination.objects.select_for_update(no_key=True).values_list("state", flat=True)
        if current.get(pk=nomination.pk) != NominationState.VETTING:
            raise ConflictError(
                "This nomination left vetting while you were working on it, so the check "
                "was not recorded. Reload it to see its current state."
            )
        record = ChecklistResult.objects.filter(nomination=nomination, item=item).first()
        if record is None:
            record = ChecklistResult(nomination=nomination, item=item)
        if expected_revision is not None and expected_revision != record.revision:
            raise ConflictError(CONFLICT)
        record.result = result
        record.note = note
        record.checked_by = actor
        record.checked_at = timezone.now()
        record.revision += 1
        data = {"item": item.pk, "item_text": item.text, "result": result}
        replaced_file = ""
        if evidence is not None:
            stored_name, checked = evidence
            replaced_file = record.evidence.name or ""
            record.evidence.name = stored_name
            record.evidence_name = checked.name
            record.evidence_size = checked.size
            record.evidence_sha256 = checked.sha256
            data["evidence"] = {
                "name": checked.name,
                "size": checked.size,
                "sha256": checked.sha256,
            }
        record.save()
        audit_record(
            action="checklist.record",
            actor=actor,
            obj=nomination,
            note=note,
            data=data,
            role=Role.AWARD_STAFF,
        )
        if replaced_file:
            storage = record.evidence.storage
            transaction.on_commit(lambda: storage.delete(replaced_file))
    return record
