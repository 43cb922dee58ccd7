"""Cycle set-up services: validation, what may change in each state, rubric and checklist."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from core.exceptions import ConflictError, IllegalTransition, InvalidInput, NotPermitted
from core.models import AuditEvent
from nominations.models import ChecklistItem, ChecklistResult, CheckResult, Cycle, RubricCriterion
from nominations.services.cycle_setup import (
    ChecklistRow,
    RubricRow,
    checklist_update,
    cycle_create,
    cycle_update,
    rubric_update,
)
from nominations.states import CycleState
from tests import factories

pytestmark = pytest.mark.django_db
S = CycleState


def test_cycle_create_saves_in_setup_with_one_audit_event(staff):
    program = factories.AwardProgramFactory()
    opens = timezone.now() + dt.timedelta(days=1)

    cycle = cycle_create(
        program=program,
        actor=staff,
        fields={"award_year": 2031, "award_cap": 4, "opens_at": opens},
    )

    cycle.refresh_from_db()
    assert (cycle.program, cycle.award_year, cycle.award_cap, cycle.state) == (
        program,
        2031,
        4,
        S.SETUP,
    )
    event = AuditEvent.objects.get(action="cycle.create")
    assert (event.actor, event.object_id, event.data) == (
        staff,
        str(cycle.pk),
        {"program": program.pk, "award_year": 2031},
    )


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        (
            {"award_year": 2031, "award_cap": 6},
            "The award cap must be between 1 and the program's cap of 5.",
        ),
        (
            {
                "award_year": 2031,
                "award_cap": 5,
                "opens_at": timezone.now(),
                "deadline": timezone.now() - dt.timedelta(days=1),
            },
            "The deadline must be after the opening date.",
        ),
        (
            {
                "award_year": 2031,
                "award_cap": 5,
                "performance_start": dt.date(2022, 2, 1),
                "performance_end": dt.date(2022, 1, 1),
            },
            "The performance window must end after it starts.",
        ),
    ],
)
def test_cycle_create_refuses_invalid_settings_and_saves_nothing(staff, fields, problem):
    program = factories.AwardProgramFactory()

    with pytest.raises(InvalidInput) as raised:
        cycle_create(program=program, actor=staff, fields=fields)

    assert raised.value.problems == [problem]
    assert Cycle.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_cycle_create_refuses_a_second_cycle_for_the_same_year(staff):
    cycle = factories.CycleFactory(award_year=2031)

    with pytest.raises(InvalidInput, match="already has a cycle for 2031"):
        cycle_create(
            program=cycle.program, actor=staff, fields={"award_year": 2031, "award_cap": 5}
        )

    assert Cycle.objects.count() == 1


@pytest.mark.parametrize("role", ["nominator", "panelist", "selecting_official"])
def test_cycle_create_by_anyone_but_staff_is_refused(role):
    program = factories.AwardProgramFactory()

    with pytest.raises(NotPermitted):
        cycle_create(
            program=program,
            actor=getattr(factories, role)(),
            fields={"award_year": 2031, "award_cap": 5},
        )

    assert Cycle.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_cycle_update_in_setup_changes_anything_and_audits_old_and_new(staff):
    cycle = factories.CycleFactory(state=S.SETUP, award_cap=5, public_call=True)

    cycle_update(cycle=cycle, actor=staff, fields={"award_cap": 3, "public_call": False})

    cycle.refresh_from_db()
    assert (cycle.award_cap, cycle.public_call) == (3, False)
    event = AuditEvent.objects.get(action="cycle.update")
    assert event.data == {"award_cap": [5, 3], "public_call": [True, False]}


def test_cycle_update_to_a_year_the_program_already_has_is_refused_and_changes_nothing(staff):
    taken = factories.CycleFactory(state=S.SETUP, award_year=2031)
    cycle = factories.CycleFactory(state=S.SETUP, program=taken.program, award_year=2032)

    with pytest.raises(InvalidInput) as refused:
        cycle_update(cycle=cycle, actor=staff, fields={"award_year": 2031, "award_cap": 2})

    assert refused.value.message == (f"{taken.program.short_name} already has a cycle for 2031.")
    cycle.refresh_from_db()
    assert (cycle.award_year, AuditEvent.objects.count()) == (2032, 0)


def test_cycle_update_with_nothing_changed_writes_nothing(staff):
    cycle = factories.CycleFactory(state=S.SETUP, award_cap=5)

    cycle_update(cycle=cycle, actor=staff, fields={"award_cap": 5})

    assert AuditEvent.objects.count() == 0


def test_open_cycle_deadline_can_be_extended(staff):
    cycle = factories.CycleFactory(state=S.OPEN)
    later = cycle.deadline + dt.timedelta(days=7)

    cycle_update(cycle=cycle, actor=staff, fields={"deadline": later})

    cycle.refresh_from_db()
    assert cycle.deadline == later


def test_open_cycle_deadline_cannot_move_earlier(staff):
    cycle = factories.CycleFactory(state=S.OPEN)
    deadline = cycle.deadline

    with pytest.raises(InvalidInput, match="can only be extended"):
        cycle_update(cycle=cycle, actor=staff, fields={"deadline": deadline - dt.timedelta(days=1)})

    cycle.refresh_from_db()
    assert cycle.deadline == deadline
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("state", "fields"),
    [
        (S.OPEN, {"opens_at": timezone.now() - dt.timedelta(days=20)}),
        (S.OPEN, {"privacy_purpose": "Something else."}),
        (S.CLOSED, {"deadline": timezone.now() + dt.timedelta(days=60)}),
        (S.ANNOUNCED, {"award_cap": 2}),
        (S.ARCHIVED, {"presentation_place": "Washington, DC"}),
    ],
)
def test_cycle_update_refuses_fields_fixed_in_the_state(staff, state, fields):
    cycle = factories.CycleFactory(state=state)
    before = {name: getattr(cycle, name) for name in fields}

    with pytest.raises(IllegalTransition, match="cannot change"):
        cycle_update(cycle=cycle, actor=staff, fields=fields)

    cycle.refresh_from_db()
    assert {name: getattr(cycle, name) for name in fields} == before
    assert AuditEvent.objects.count() == 0


def test_rubric_update_adds_changes_orders_and_removes_with_one_event_each(staff):
    cycle = factories.CycleFactory(state=S.SETUP, configured=False)
    impact = RubricCriterion.objects.create(cycle=cycle, position=0, name="Impact")
    kept = RubricCriterion.objects.create(cycle=cycle, position=0, name="Kept as is")
    gone = RubricCriterion.objects.create(cycle=cycle, position=0, name="Gone")
    RubricCriterion.objects.filter(pk=kept.pk).update(position=2)

    saved = rubric_update(
        cycle=cycle,
        actor=staff,
        rows=[
            RubricRow(name=" Reach ", description="Who.", weight=Decimal("1.5")),
            RubricRow(name="Kept as is", criterion=kept),
            RubricRow(name="Lasting impact", criterion=impact),
        ],
        remove=[gone],
    )

    assert [(c.position, c.name) for c in saved] == [
        (1, "Reach"),
        (2, "Kept as is"),
        (3, "Lasting impact"),
    ]
    assert list(
        RubricCriterion.objects.values_list("position", "name", "description", "weight")
    ) == [
        (1, "Reach", "Who.", Decimal("1.50")),
        (2, "Kept as is", "", Decimal("1.00")),
        (3, "Lasting impact", "", Decimal("1.00")),
    ]
    # "Kept as is" was already at position 2 and unchanged: no event for it.
    assert [(event.action, event.data) for event in AuditEvent.objects.order_by("pk")] == [
        ("rubric.delete", {"cycle": cycle.pk, "name": "Gone"}),
        ("rubric.save", {"cycle": cycle.pk, "name": "Reach", "weight": "1.5", "position": 1}),
        (
            "rubric.save",
            {"cycle": cycle.pk, "name": "Lasting impact", "weight": "1", "position": 3},
        ),
    ]


def test_rubric_update_keeps_a_criterion_added_meanwhile_after_the_rows(staff):
    cycle = factories.CycleFactory(state=S.SETUP, configured=False)
    impact = RubricCriterion.objects.create(cycle=cycle, position=1, name="Impact")
    RubricCriterion.objects.create(cycle=cycle, position=2, name="Added in another tab")

    rubric_update(cycle=cycle, actor=staff, rows=[RubricRow(name="Impact", criterion=impact)])

    assert list(RubricCriterion.objects.values_list("position", "name")) == [
        (1, "Impact"),
        (2, "Added in another tab"),
    ]


def test_rubric_is_fixed_once_review_started(staff):
    cycle = factories.CycleFactory(state=S.REVIEW, configured=False)
    criterion = RubricCriterion.objects.create(cycle=cycle, name="Impact")

    with pytest.raises(IllegalTransition, match="cannot change its rubric"):
        rubric_update(cycle=cycle, actor=staff, rows=[RubricRow(name="Another")])
    with pytest.raises(IllegalTransition, match="cannot change its rubric"):
        rubric_update(cycle=cycle, actor=staff, rows=[], remove=[criterion])

    assert list(RubricCriterion.objects.values_list("name", flat=True)) == ["Impact"]
    assert AuditEvent.objects.count() == 0


def test_rubric_criterion_needs_a_name_and_a_positive_weight(staff):
    cycle = factories.CycleFactory(state=S.SETUP, configured=False)

    with pytest.raises(InvalidInput) as error:
        rubric_update(
            cycle=cycle,
            actor=staff,
            rows=[RubricRow(name="  "), RubricRow(name="Impact", weight=Decimal(0))],
        )

    assert error.value.problems == [
        "Criterion 1: enter the criterion's name.",
        "Criterion 2: the weight must be more than 0.",
    ]
    assert RubricCriterion.objects.count() == 0


def test_rubric_update_refuses_another_cycles_criterion_and_changes_nothing(staff):
    cycle = factories.CycleFactory(state=S.SETUP, configured=False)
    theirs = RubricCriterion.objects.create(
        cycle=factories.CycleFactory(state=S.SETUP, configured=False), name="Theirs"
    )

    with pytest.raises(InvalidInput, match="belongs to another cycle"):
        rubric_update(
            cycle=cycle,
            actor=staff,
            rows=[RubricRow(name="Mine"), RubricRow(name="Hijacked", criterion=theirs)],
        )

    assert list(RubricCriterion.objects.values_list("name", flat=True)) == ["Theirs"]
    assert AuditEvent.objects.count() == 0


def test_checklist_update_adds_changes_and_removes_with_one_event_each(staff):
    cycle = factories.CycleFactory(state=S.SETUP, configured=False)
    item = ChecklistItem.objects.create(cycle=cycle, position=1, text="Not debarred (SAM.gov)")
    gone = ChecklistItem.objects.create(cycle=cycle, position=2, text="Gone")

    checklist_update(
        cycle=cycle,
        actor=staff,
        rows=[
            ChecklistRow(text="Clearance"),
            ChecklistRow(text="Not debarred", required=False, help_text="SAM", item=item),
        ],
        remove=[gone],
    )

    assert list(ChecklistItem.objects.values_list("position", "text", "required", "help_text")) == [
        (1, "Clearance", True, ""),
        (2, "Not debarred", False, "SAM"),
    ]
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "checklist.delete",
        "checklist.save",
        "checklist.save",
    ]


def test_checklist_item_with_results_cannot_be_removed(staff):
    nomination = factories.nomination_in("vetting")
    item = ChecklistItem.objects.create(cycle=nomination.cycle, text="Not debarred")
    ChecklistResult.objects.create(nomination=nomination, item=item, result=CheckResult.PASS)
    events = AuditEvent.objects.count()
    before = list(ChecklistItem.objects.values_list("pk", "position", "text"))

    with pytest.raises(IllegalTransition, match="recorded results"):
        checklist_update(
            cycle=nomination.cycle, actor=staff, rows=[ChecklistRow(text="New")], remove=[item]
        )

    assert list(ChecklistItem.objects.values_list("pk", "position", "text")) == before
    assert AuditEvent.objects.count() == events


def test_checklist_is_fixed_once_the_cycle_closes(staff):
    cycle = factories.CycleFactory(state=S.CLOSED, configured=False)

    with pytest.raises(IllegalTransition, match="cannot change its checklist"):
        checklist_update(cycle=cycle, actor=staff, rows=[ChecklistRow(text="New check")])

    assert ChecklistItem.objects.count() == 0


@pytest.mark.parametrize("role", ["nominator", "panelist", "selecting_official"])
def test_rubric_and_checklist_changes_by_anyone_but_staff_are_refused(role):
    cycle = factories.CycleFactory(state=S.SETUP, configured=False)
    actor = getattr(factories, role)()

    with pytest.raises(NotPermitted):
        rubric_update(cycle=cycle, actor=actor, rows=[RubricRow(name="Impact")])
    with pytest.raises(NotPermitted):
        checklist_update(cycle=cycle, actor=actor, rows=[ChecklistRow(text="Check")])

    assert RubricCriterion.objects.count() == 0
    assert ChecklistItem.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_rubric_and_checklist_removed_from_a_stale_copy_are_refused_with_one_event(staff):
    """Two tabs remove the same criterion and item: the second removal changes nothing and
    writes nothing, so each removal has exactly one audit event."""
    cycle = factories.CycleFactory(state=S.SETUP, configured=False)
    criterion = RubricCriterion.objects.create(cycle=cycle, name="Impact")
    item = ChecklistItem.objects.create(cycle=cycle, text="Not debarred")
    stale_criterion = RubricCriterion.objects.get(pk=criterion.pk)
    stale_item = ChecklistItem.objects.get(pk=item.pk)
    rubric_update(cycle=cycle, actor=staff, rows=[], remove=[criterion])
    checklist_update(cycle=cycle, actor=staff, rows=[], remove=[item])

    with pytest.raises(ConflictError) as criterion_gone:
        rubric_update(cycle=cycle, actor=staff, rows=[], remove=[stale_criterion])
    with pytest.raises(ConflictError) as item_gone:
        checklist_update(cycle=cycle, actor=staff, rows=[], remove=[stale_item])

    assert criterion_gone.value.message == (
        "The criterion “Impact” was already removed; nothing changed."
    )
    assert item_gone.value.message == (
        "The checklist item “Not debarred” was already removed; nothing changed."
    )
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "rubric.delete",
        "checklist.delete",
    ]
