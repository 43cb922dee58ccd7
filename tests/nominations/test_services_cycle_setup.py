"""Cycle set-up services: validation, what may change in each state, rubric and checklist."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from core.exceptions import ConflictError, IllegalTransition, InvalidInput, NotPermitted
from core.models import AuditEvent
from nominations.models import ChecklistItem, ChecklistResult, CheckResult, Cycle, RubricCriterion
from nominations.services.cycle_setup import (
    checklist_item_delete,
    checklist_item_save,
    cycle_create,
    cycle_update,
    rubric_criterion_delete,
    rubric_criterion_save,
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


def test_rubric_criterion_add_change_and_remove_are_audited(staff):
    cycle = factories.CycleFactory(state=S.SETUP, configured=False)

    criterion = rubric_criterion_save(
        cycle=cycle, actor=staff, name=" Impact ", description="Reach.", weight=Decimal("1.5")
    )
    rubric_criterion_save(
        cycle=cycle, actor=staff, criterion=criterion, name="Lasting impact", position=2
    )
    criterion.refresh_from_db()
    assert (criterion.name, criterion.description, criterion.weight, criterion.position) == (
        "Lasting impact",
        "",
        Decimal("1.00"),
        2,
    )

    rubric_criterion_delete(criterion=criterion, actor=staff)

    assert RubricCriterion.objects.count() == 0
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "rubric.save",
        "rubric.save",
        "rubric.delete",
    ]


def test_rubric_is_fixed_once_review_started(staff):
    cycle = factories.CycleFactory(state=S.REVIEW, configured=False)
    criterion = RubricCriterion.objects.create(cycle=cycle, name="Impact")

    with pytest.raises(IllegalTransition, match="cannot change its rubric"):
        rubric_criterion_save(cycle=cycle, actor=staff, name="Another")
    with pytest.raises(IllegalTransition, match="cannot change its rubric"):
        rubric_criterion_delete(criterion=criterion, actor=staff)

    assert list(RubricCriterion.objects.values_list("name", flat=True)) == ["Impact"]
    assert AuditEvent.objects.count() == 0


def test_rubric_criterion_needs_a_name_and_a_positive_weight(staff):
    cycle = factories.CycleFactory(state=S.SETUP, configured=False)

    with pytest.raises(InvalidInput, match="Enter the criterion's name."):
        rubric_criterion_save(cycle=cycle, actor=staff, name="  ")
    with pytest.raises(InvalidInput, match="The weight must be more than 0."):
        rubric_criterion_save(cycle=cycle, actor=staff, name="Impact", weight=Decimal(0))

    assert RubricCriterion.objects.count() == 0


def test_checklist_item_add_change_and_remove_are_audited(staff):
    cycle = factories.CycleFactory(state=S.SETUP, configured=False)

    item = checklist_item_save(cycle=cycle, actor=staff, text="Not debarred (SAM.gov)")
    checklist_item_save(
        cycle=cycle, actor=staff, item=item, text="Not debarred", required=False, help_text="SAM"
    )
    item.refresh_from_db()
    assert (item.text, item.required, item.help_text) == ("Not debarred", False, "SAM")

    checklist_item_delete(item=item, actor=staff)

    assert ChecklistItem.objects.count() == 0
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "checklist.save",
        "checklist.save",
        "checklist.delete",
    ]


def test_checklist_item_with_results_cannot_be_removed(staff):
    nomination = factories.nomination_in("vetting")
    item = ChecklistItem.objects.create(cycle=nomination.cycle, text="Not debarred")
    ChecklistResult.objects.create(nomination=nomination, item=item, result=CheckResult.PASS)
    events = AuditEvent.objects.count()

    with pytest.raises(IllegalTransition, match="recorded results"):
        checklist_item_delete(item=item, actor=staff)

    assert ChecklistItem.objects.filter(pk=item.pk).exists()
    assert AuditEvent.objects.count() == events


def test_checklist_is_fixed_once_the_cycle_closes(staff):
    cycle = factories.CycleFactory(state=S.CLOSED, configured=False)

    with pytest.raises(IllegalTransition, match="cannot change its checklist"):
        checklist_item_save(cycle=cycle, actor=staff, text="New check")

    assert ChecklistItem.objects.count() == 0


@pytest.mark.parametrize("role", ["nominator", "panelist", "selecting_official"])
def test_rubric_and_checklist_changes_by_anyone_but_staff_are_refused(role):
    cycle = factories.CycleFactory(state=S.SETUP, configured=False)
    actor = getattr(factories, role)()

    with pytest.raises(NotPermitted):
        rubric_criterion_save(cycle=cycle, actor=actor, name="Impact")
    with pytest.raises(NotPermitted):
        checklist_item_save(cycle=cycle, actor=actor, text="Check")

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
    rubric_criterion_delete(criterion=criterion, actor=staff)
    checklist_item_delete(item=item, actor=staff)

    with pytest.raises(ConflictError) as criterion_gone:
        rubric_criterion_delete(criterion=stale_criterion, actor=staff)
    with pytest.raises(ConflictError) as item_gone:
        checklist_item_delete(item=stale_item, actor=staff)

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
