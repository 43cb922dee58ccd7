"""Linking nominations of the same nominee into one duplicate case (DESIGN.md §2.3).

A case only groups nominations, so staff vet them together: every nomination and every
letter of support is kept, whatever is linked or unlinked.
"""

from django.db import transaction

from accounts.roles import Role
from core.exceptions import InvalidInput, NotPermitted
from core.services.audit import audit_record
from nominations import rules
from nominations.models import DuplicateCase, Nomination
from nominations.states import NominationState


def duplicate_link(*, nominations: list[Nomination], actor, note: str = "") -> DuplicateCase:
    """Link two or more nominations of one cycle into one duplicate case.

    Reuses the case one of them is already in (the oldest, when several are: the others
    are merged into it and deleted); otherwise creates a case. Writes one
    "duplicate.link" audit event. Schedules nothing.
    """
    pks = sorted({nomination.pk for nomination in nominations})
    if len(pks) < 2:
        raise InvalidInput("Choose at least two nominations to link.")
    for nomination in nominations:
        _check_may_link(nomination, actor)
    if len({nomination.cycle_id for nomination in nominations}) != 1:
        raise InvalidInput("Only nominations of the same cycle can be linked.")

    with transaction.atomic():
        locked = list(
            Nomination.objects.select_for_update(no_key=True).filter(pk__in=pks).order_by("pk")
        )
        for nomination in locked:
            _check_may_link(nomination, actor)
        existing = sorted({n.duplicate_case_id for n in locked if n.duplicate_case_id})
        if existing:
            case = DuplicateCase.objects.get(pk=existing[0])
            merged = existing[1:]
            Nomination.objects.filter(duplicate_case_id__in=merged).update(duplicate_case=case)
            DuplicateCase.objects.filter(pk__in=merged).delete()
            if note.strip():
                case.note = f"{case.note}\n\n{note.strip()}".strip()
                case.save(update_fields=["note"])
        else:
            merged = []
            case = DuplicateCase.objects.create(
                cycle_id=locked[0].cycle_id, note=note.strip(), created_by=actor
            )
        Nomination.objects.filter(pk__in=pks).update(duplicate_case=case)
        for nomination in nominations:
            nomination.duplicate_case = case
        audit_record(
            action="duplicate.link",
            actor=actor,
            obj=case,
            note=note.strip(),
            data={
                "nominations": pks,
                "references": [n.reference for n in locked],
                "merged_cases": merged,
            },
            role=Role.AWARD_STAFF,
        )
    return case


def duplicate_unlink(*, nomination: Nomination, actor) -> None:
    """Take a nomination out of its duplicate case.

    A case left with a single nomination no longer groups anything: that nomination is
    unlinked too and the case is deleted. Writes one "duplicate.unlink" audit event.
    Schedules nothing.
    """
    _check_may_link(nomination, actor)
    with transaction.atomic():
        locked = Nomination.objects.select_for_update(no_key=True).get(pk=nomination.pk)
        case_id = locked.duplicate_case_id
        if case_id is None:
            raise InvalidInput("This nomination is not linked to other nominations.")
        Nomination.objects.filter(pk=nomination.pk).update(duplicate_case=None)
        remaining = list(
            Nomination.objects.filter(duplicate_case_id=case_id).values_list("pk", flat=True)
        )
        dissolved = len(remaining) < 2
        if dissolved:
            Nomination.objects.filter(pk__in=remaining).update(duplicate_case=None)
            DuplicateCase.objects.filter(pk=case_id).delete()
        nomination.duplicate_case = None
        audit_record(
            action="duplicate.unlink",
            actor=actor,
            obj=nomination,
            data={"case": case_id, "case_dissolved": dissolved, "remaining": remaining},
            role=Role.AWARD_STAFF,
        )


def _check_may_link(nomination: Nomination, actor) -> None:
    if not rules.can_vet(actor, nomination):
        raise NotPermitted("Only award staff can link nominations, and not their own.")
    if nomination.state == NominationState.DRAFT:
        raise InvalidInput("A draft is not a nomination yet, so it cannot be linked.")
