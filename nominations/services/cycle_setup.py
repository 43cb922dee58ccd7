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

The rubric and the checklist are each saved whole from one page (`rubric_update`,
`checklist_update`): rows in order, positions 1, 2, 3 …, removals, in one transaction.

Every write is audited: "cycle.create", "cycle.update", and one "rubric.save",
"rubric.delete", "checklist.save" or "checklist.delete" per criterion or item added,
changed or removed. A refused call raises a WorkflowError and changes nothing. Nothing
here sends email.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.roles import Role
from core.exceptions import ConflictError, IllegalTransition, InvalidInput, NotPermitted
from core.services.audit import audit_record
from core.transitions import save_or_conflict
from nominations import rules
from nominations.models import (
    AwardProgram,
    ChecklistItem,
    ChecklistResult,
    Cycle,
    RubricCriterion,
)
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
    check_cycle_settings(cycle)
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
        check_cycle_settings(locked)
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


@dataclass(frozen=True)
class RubricRow:
    """One criterion as staff want it: `criterion` None adds a new one."""

    name: str
    description: str = ""
    weight: Decimal = Decimal(1)
    criterion: RubricCriterion | None = None


@dataclass(frozen=True)
class ChecklistRow:
    """One checklist item as staff want it: `item` None adds a new one."""

    text: str
    help_text: str = ""
    required: bool = True
    item: ChecklistItem | None = None


def rubric_update(
    *,
    cycle: Cycle,
    actor,
    rows: list[RubricRow],
    remove: Iterable[RubricCriterion] = (),
) -> list[RubricCriterion]:
    """Make the cycle's rubric `rows`, in that order, and remove the criteria `remove`.

    Award staff only, until panel review starts. The rows take the positions 1, 2, 3 …;
    a criterion someone else added meanwhile (in no row) keeps its place after them.
    In one transaction: each criterion added or changed (its position included) is
    saved with one "rubric.save" event, each removed one has one "rubric.delete" event;
    unchanged criteria write nothing. Any refusal changes nothing. Returns the rubric
    in its new order.
    """
    _require_staff(actor, "change the rubric")
    problems = []
    for number, row in enumerate(rows, start=1):
        if not row.name.strip():
            problems.append(f"Criterion {number}: enter the criterion's name.")
        if row.weight <= 0:
            problems.append(f"Criterion {number}: the weight must be more than 0.")
    if problems:
        raise InvalidInput(" ".join(problems), problems=problems)
    with transaction.atomic():
        locked = _locked_cycle(cycle, RUBRIC_STATES, "its rubric")
        return _save_parts(
            locked,
            actor=actor,
            kind=_RUBRIC,
            rows=[
                (
                    row.criterion,
                    {
                        "name": row.name.strip(),
                        "description": row.description.strip(),
                        "weight": row.weight,
                    },
                )
                for row in rows
            ],
            remove=list(remove),
        )


def checklist_update(
    *,
    cycle: Cycle,
    actor,
    rows: list[ChecklistRow],
    remove: Iterable[ChecklistItem] = (),
) -> list[ChecklistItem]:
    """Make the cycle's eligibility checklist `rows`, in that order, and remove `remove`.

    Award staff only, in set-up or while open; an item with recorded results cannot be
    removed (results keep it). Positions, events ("checklist.save", "checklist.delete")
    and refusals as in `rubric_update`. Returns the checklist in its new order.
    """
    _require_staff(actor, "change the checklist")
    problems = [
        f"Item {number}: enter what the item checks."
        for number, row in enumerate(rows, start=1)
        if not row.text.strip()
    ]
    if problems:
        raise InvalidInput(" ".join(problems), problems=problems)
    with transaction.atomic():
        locked = _locked_cycle(cycle, CHECKLIST_STATES, "its checklist")
        return _save_parts(
            locked,
            actor=actor,
            kind=_CHECKLIST,
            rows=[
                (
                    row.item,
                    {
                        "text": row.text.strip(),
                        "help_text": row.help_text.strip(),
                        "required": row.required,
                    },
                )
                for row in rows
            ],
            remove=list(remove),
        )


@dataclass(frozen=True)
class _PartKind:
    model: type[RubricCriterion] | type[ChecklistItem]
    action: str  # the audit events' prefix
    called: str  # "the criterion", in messages
    label: str  # the field that names a part
    audited: tuple[str, ...]  # the fields the "save" event records


_RUBRIC = _PartKind(RubricCriterion, "rubric", "The criterion", "name", ("name", "weight"))
_CHECKLIST = _PartKind(
    ChecklistItem, "checklist", "The checklist item", "text", ("text", "required")
)


def _save_parts(locked: Cycle, *, actor, kind: _PartKind, rows: list, remove: list) -> list:
    """Save `rows` ((part or None, values) in order) and remove `remove`, under the
    cycle's lock. Refuses (ConflictError) a part another tab removed, and (InvalidInput)
    a part of another cycle."""
    current = {part.pk: part for part in kind.model.objects.filter(cycle=locked)}
    for part in [part for part, _values in rows if part is not None] + remove:
        if part.cycle_id != locked.pk:
            raise InvalidInput(f"{kind.called} “{part}” belongs to another cycle.")
        if part.pk not in current:
            raise ConflictError(f"{kind.called} “{part}” was already removed; nothing changed.")
    removed = {part.pk for part in remove}
    if removed & {part.pk for part, _values in rows if part is not None}:
        raise InvalidInput("A part cannot be both kept and removed.")
    if kind is _CHECKLIST:
        with_results = (
            ChecklistResult.objects.filter(item__in=removed).values_list("item__text", flat=True)
        ).first()
        if with_results is not None:
            raise IllegalTransition(
                f"Staff have recorded results for the item “{with_results}”, so it cannot be "
                "removed."
            )
    for pk in sorted(removed):
        part = current.pop(pk)
        audit_record(
            action=f"{kind.action}.delete",
            actor=actor,
            obj=part,
            data={"cycle": locked.pk, kind.label: getattr(part, kind.label)},
            role=Role.AWARD_STAFF,
        )
        part.delete()
    listed = {part.pk for part, _values in rows if part is not None}
    # Parts added meanwhile by someone else keep their order, after the rows.
    others = [part for pk, part in current.items() if pk not in listed]
    ordered = [
        (current[part.pk] if part is not None else kind.model(cycle=locked), values)
        for part, values in rows
    ] + [(part, {}) for part in others]
    saved = []
    for position, (part, values) in enumerate(ordered, start=1):
        values = {**values, "position": position}
        changed = part.pk is None or any(
            getattr(part, name) != value for name, value in values.items()
        )
        for name, value in values.items():
            setattr(part, name, value)
        if changed:
            part.save()
            audit_record(
                action=f"{kind.action}.save",
                actor=actor,
                obj=part,
                data={
                    "cycle": locked.pk,
                    **{name: _json_value(getattr(part, name)) for name in kind.audited},
                    "position": position,
                },
                role=Role.AWARD_STAFF,
            )
        saved.append(part)
    return saved


def _json_value(value):
    return str(value) if isinstance(value, Decimal) else value


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


def check_cycle_settings(cycle: Cycle) -> None:
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
    "ChecklistRow",
    "RubricRow",
    "check_cycle_settings",
    "checklist_update",
    "cycle_create",
    "cycle_update",
    "editable_cycle_fields",
    "rubric_update",
]
