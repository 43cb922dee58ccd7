"""Setting up a cycle in the app: its settings, its rubric and its checklist.

What may still change once the cycle is under way (enforced here, shown on the pages):

- In set-up, everything.
- While open: the deadline may move later (an extension), never earlier; the award cap,
  the signatory and the presentation details may change. The window's opening, the time
  zone, the performance window, the award year, public/agency-only and the Privacy Act
  and PRA texts are fixed: nominators have already read and relied on them.
- Closed, in review or in selection: the award cap, the signatory and the presentation
  details. Announced: the signatory and presentation details. Archived: nothing.
- The rubric may change until panel review starts (set-up, open, closed); after that
  scores depend on it. The checklist may change in set-up and while open; an item with
  recorded results cannot be removed (results keep it).

Every write is one audit event ("cycle.create", "cycle.update", "rubric.save",
"rubric.delete", "checklist.save", "checklist.delete"). A refused call raises a
WorkflowError and changes nothing. Nothing here sends email.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.roles import Role
from core.exceptions import IllegalTransition, InvalidInput, NotPermitted
from core.services.audit import audit_record
from core.transitions import refuse_if_gone, save_or_conflict
from nominations import rules
from nominations.models import AwardProgram, ChecklistItem, Cycle, RubricCriterion
from nominations.states import CycleState

S = CycleState
SETUP_ONLY_FIELDS = frozenset(
    {
        "award_year",
        "opens_at",
        "time_zone",
        "performance_start",
        "performance_end",
        "public_call",
        "privacy_authority",
        "privacy_purpose",
        "privacy_routine_uses",
        "privacy_disclosure",
        "privacy_notice_url",
        "pra_control_number",
        "pra_expires_on",
        "pra_burden_minutes",
        "pra_statement",
    }
)
PRESENTATION_FIELDS = frozenset(
    {
        "signatory_name",
        "signatory_title",
        "presentation_date",
        "presentation_event",
        "presentation_place",
    }
)
CYCLE_FIELDS = SETUP_ONLY_FIELDS | PRESENTATION_FIELDS | {"deadline", "award_cap"}
AWARD_CAP_STATES = frozenset({S.SETUP, S.OPEN, S.CLOSED, S.REVIEW, S.SELECTION})
RUBRIC_STATES = frozenset({S.SETUP, S.OPEN, S.CLOSED})
CHECKLIST_STATES = frozenset({S.SETUP, S.OPEN})


def editable_cycle_fields(cycle: Cycle) -> frozenset[str]:
    """The settings that may still change in the cycle's current state."""
    if cycle.state == S.SETUP:
        return CYCLE_FIELDS
    fields: set[str] = set()
    if cycle.state != S.ARCHIVED:
        fields |= PRESENTATION_FIELDS
    if cycle.state in AWARD_CAP_STATES:
        fields.add("award_cap")
    if cycle.state == S.OPEN:
        fields.add("deadline")
    return frozenset(fields)


def cycle_create(*, program: AwardProgram, actor, fields: dict) -> Cycle:
    """Create a cycle in set-up for `program` with `fields` (any of CYCLE_FIELDS).

    Award staff only. Creates one Cycle with one "cycle.create" audit event.
    """
    _require_staff(actor, "set up a cycle")
    unknown = set(fields) - CYCLE_FIELDS
    if unknown:
        raise InvalidInput(f"These are not cycle settings: {', '.join(sorted(unknown))}.")
    cycle = Cycle(program=program, **fields)
    _check_settings(cycle)
    try:
        with transaction.atomic():
            cycle.save()
            audit_record(
                action="cycle.create",
                actor=actor,
                obj=cycle,
                to_state=cycle.state,
                data={"program": program.pk, "award_year": cycle.award_year},
                role=Role.AWARD_STAFF,
            )
    except IntegrityError as error:
        raise InvalidInput(
            f"{program.short_name} already has a cycle for {cycle.award_year}."
        ) from error
    return cycle


def cycle_update(*, cycle: Cycle, actor, fields: dict) -> Cycle:
    """Change the cycle's settings to `fields`, within what its state allows.

    Award staff only. Saves only the fields that changed, with one "cycle.update" audit
    event listing each old and new value; schedules nothing. Changing nothing writes
    nothing.
    """
    _require_staff(actor, "change this cycle")
    unknown = set(fields) - CYCLE_FIELDS
    if unknown:
        raise InvalidInput(f"These are not cycle settings: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        locked = (
            Cycle.objects.select_for_update(no_key=True).select_related("program").get(pk=cycle.pk)
        )
        changed = {
            name: (getattr(locked, name), value)
            for name, value in fields.items()
            if getattr(locked, name) != value
        }
        if not changed:
            return locked
        refused = sorted(set(changed) - editable_cycle_fields(locked))
        if refused:
            labels = ", ".join(str(Cycle._meta.get_field(name).verbose_name) for name in refused)
            raise IllegalTransition(
                f"A cycle that is {locked.get_state_display()} cannot change: {labels}."
            )
        old_deadline = locked.deadline
        for name, (_old, new) in changed.items():
            setattr(locked, name, new)
        if locked.state == S.OPEN and "deadline" in changed:
            if old_deadline and locked.deadline and locked.deadline < old_deadline:
                raise InvalidInput(
                    "While the cycle is open the deadline can only be extended, not moved earlier."
                )
            if locked.deadline is None or locked.deadline <= timezone.now():
                raise InvalidInput("The new deadline must be in the future.")
        _check_settings(locked)
        try:
            # A savepoint: the form checks the program's years, but another member of
            # staff may take the same year between that check and this save.
            with transaction.atomic():
                save_or_conflict(locked, [*sorted(changed), "updated_at"])
        except IntegrityError as error:
            raise InvalidInput(
                f"{locked.program.short_name} already has a cycle for {locked.award_year}."
            ) from error
        audit_record(
            action="cycle.update",
            actor=actor,
            obj=locked,
            data={name: [old, new] for name, (old, new) in changed.items()},
            role=Role.AWARD_STAFF,
        )
    return locked


def rubric_criterion_save(
    *,
    cycle: Cycle,
    actor,
    name: str,
    description: str = "",
    weight: Decimal = Decimal(1),
    position: int = 0,
    criterion: RubricCriterion | None = None,
) -> RubricCriterion:
    """Add a criterion to the cycle's rubric, or change `criterion`.

    Award staff only, until panel review starts. Saves one RubricCriterion with one
    "rubric.save" audit event.
    """
    _require_staff(actor, "change the rubric")
    name = name.strip()
    if not name:
        raise InvalidInput("Enter the criterion's name.")
    if weight <= 0:
        raise InvalidInput("The weight must be more than 0.")
    with transaction.atomic():
        locked = _locked_cycle(cycle, RUBRIC_STATES, "its rubric")
        criterion = criterion or RubricCriterion(cycle=locked)
        if criterion.cycle_id != locked.pk:
            raise InvalidInput("That criterion belongs to another cycle.")
        criterion.name, criterion.description = name, description.strip()
        criterion.weight, criterion.position = weight, position
        criterion.save()
        audit_record(
            action="rubric.save",
            actor=actor,
            obj=criterion,
            data={"cycle": locked.pk, "name": name, "weight": str(weight), "position": position},
            role=Role.AWARD_STAFF,
        )
    return criterion


def rubric_criterion_delete(*, criterion: RubricCriterion, actor) -> None:
    """Remove a criterion, until panel review starts, with one "rubric.delete" event."""
    _require_staff(actor, "change the rubric")
    with transaction.atomic():
        _locked_cycle(criterion.cycle, RUBRIC_STATES, "its rubric")
        refuse_if_gone(criterion, f"The criterion “{criterion.name}”")
        audit_record(
            action="rubric.delete",
            actor=actor,
            obj=criterion,
            data={"cycle": criterion.cycle_id, "name": criterion.name},
            role=Role.AWARD_STAFF,
        )
        criterion.delete()


def checklist_item_save(
    *,
    cycle: Cycle,
    actor,
    text: str,
    help_text: str = "",
    required: bool = True,
    position: int = 0,
    item: ChecklistItem | None = None,
) -> ChecklistItem:
    """Add an item to the cycle's eligibility checklist, or change `item`.

    Award staff only, in set-up or while open. Saves one ChecklistItem with one
    "checklist.save" audit event.
    """
    _require_staff(actor, "change the checklist")
    text = text.strip()
    if not text:
        raise InvalidInput("Enter what the item checks.")
    with transaction.atomic():
        locked = _locked_cycle(cycle, CHECKLIST_STATES, "its checklist")
        item = item or ChecklistItem(cycle=locked)
        if item.cycle_id != locked.pk:
            raise InvalidInput("That item belongs to another cycle.")
        item.text, item.help_text = text, help_text.strip()
        item.required, item.position = required, position
        item.save()
        audit_record(
            action="checklist.save",
            actor=actor,
            obj=item,
            data={"cycle": locked.pk, "text": text, "required": required, "position": position},
            role=Role.AWARD_STAFF,
        )
    return item


def checklist_item_delete(*, item: ChecklistItem, actor) -> None:
    """Remove an item with no recorded results, with one "checklist.delete" event."""
    _require_staff(actor, "change the checklist")
    with transaction.atomic():
        _locked_cycle(item.cycle, CHECKLIST_STATES, "its checklist")
        refuse_if_gone(item, f"The checklist item “{item.text}”")
        if item.results.exists():
            raise IllegalTransition(
                "Staff have recorded results for this item, so it cannot be removed."
            )
        audit_record(
            action="checklist.delete",
            actor=actor,
            obj=item,
            data={"cycle": item.cycle_id, "text": item.text},
            role=Role.AWARD_STAFF,
        )
        item.delete()


def _require_staff(actor, action: str) -> None:
    if not rules.can_manage_cycle(actor, None):
        raise NotPermitted(f"Only award staff can {action}.")


def _locked_cycle(cycle: Cycle, states: frozenset[str], what: str) -> Cycle:
    locked = Cycle.objects.select_for_update(no_key=True).get(pk=cycle.pk)
    if locked.state not in states:
        raise IllegalTransition(
            f"A cycle that is {locked.get_state_display()} cannot change {what}."
        )
    return locked


def _check_settings(cycle: Cycle) -> None:
    """The checks the cycle form also makes, so no caller can skip them."""
    problems = []
    if not cycle.award_year:
        problems.append("Enter the award year.")
    if not cycle.award_cap or cycle.award_cap > cycle.program.award_cap:
        problems.append(
            f"The award cap must be between 1 and the program's cap of {cycle.program.award_cap}."
        )
    if cycle.opens_at and cycle.deadline and cycle.deadline <= cycle.opens_at:
        problems.append("The deadline must be after the opening date.")
    if (
        cycle.performance_start
        and cycle.performance_end
        and cycle.performance_end < cycle.performance_start
    ):
        problems.append("The performance window must end after it starts.")
    if problems:
        raise InvalidInput(" ".join(problems), problems=problems)


__all__ = [
    "CYCLE_FIELDS",
    "checklist_item_delete",
    "checklist_item_save",
    "cycle_create",
    "cycle_update",
    "editable_cycle_fields",
    "rubric_criterion_delete",
    "rubric_criterion_save",
]
