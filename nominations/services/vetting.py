"""Staff's findings on a nomination's eligibility checklist (DESIGN.md §2.3).

The vetting transitions themselves (start_vetting, return_for_info, mark_ineligible,
clear) are in services/nomination.py with the rest of the state machine.
"""

from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from nominations import rules
from nominations.exceptions import ConflictError, IllegalTransition, InvalidInput, NotPermitted
from nominations.models import (
    ChecklistItem,
    ChecklistResult,
    CheckResult,
    Nomination,
    NominationState,
)
from nominations.services.audit import audit_record


def checklist_record_result(
    *, nomination: Nomination, item: ChecklistItem, actor, result: str, note: str = ""
) -> ChecklistResult:
    """Record (or revise) staff's finding on one checklist item, signed by the actor.

    Only while the nomination is in vetting. Creates or updates the ChecklistResult,
    stamps who and when, and writes one "checklist.record" audit event; schedules nothing.
    """
    if nomination.state != NominationState.VETTING:
        raise IllegalTransition(
            "Checks can be recorded only on a nomination in vetting, "
            f"not one that is {nomination.get_state_display()}."
        )
    if not rules.can_vet(nomination, actor):
        raise NotPermitted("Only award staff can record vetting checks.")
    if item.cycle_id != nomination.cycle_id:
        raise InvalidInput("That check belongs to another cycle's checklist.")
    if result not in CheckResult.values:
        raise InvalidInput(f"Choose pass, concern, fail or not applicable, not “{result}”.")

    with transaction.atomic():
        # Re-read the state under the row lock `clear` also takes: a stale copy must not
        # record a finding on a nomination that was cleared meanwhile.
        current = Nomination.objects.select_for_update().values_list("state", flat=True)
        if current.get(pk=nomination.pk) != NominationState.VETTING:
            raise ConflictError(
                "This nomination left vetting while you were working on it, so the check "
                "was not recorded. Reload it to see its current state."
            )
        record, created = ChecklistResult.objects.update_or_create(
            nomination=nomination,
            item=item,
            defaults={
                "result": result,
                "note": note.strip(),
                "checked_by": actor,
                "checked_at": timezone.now(),
            },
        )
        audit_record(
            action="checklist.record",
            actor=actor,
            obj=nomination,
            note=note.strip(),
            data={"item": item.pk, "item_text": item.text, "result": result},
            role=Role.AWARD_STAFF,
        )
    return record
