"""Conflict's state machine: a protected `status`, its transitions and optimistic locking.

The table is the one in docs/architecture.md ("Conflict"). The services that make the
moves, with their checks, messages and audit events, are tested in
test_services_conflicts.py and test_parties.py.
"""

import pytest
from django.db import transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed, has_transition_perm

from core.transitions import reload_workflow_object
from nominations.models import Cycle
from nominations.states import CycleState
from reviews import rules
from reviews.models import Conflict
from reviews.states import ConflictKind, ConflictStatus
from tests import factories

pytestmark = pytest.mark.django_db

ALL_BUT_PARTY = {
    ConflictStatus.SUGGESTED,
    ConflictStatus.DECLARED,
    ConflictStatus.CONFIRMED,
    ConflictStatus.DISMISSED,
    ConflictStatus.WAIVED,
}
# transition: (source states, target state), as documented
CONFLICT_TABLE = {
    "declare": (
        {ConflictStatus.SUGGESTED, ConflictStatus.DISMISSED, ConflictStatus.WAIVED},
        ConflictStatus.DECLARED,
    ),
    "record_party": (ALL_BUT_PARTY, ConflictStatus.PARTY),
    "confirm": ({ConflictStatus.SUGGESTED, ConflictStatus.DECLARED}, ConflictStatus.CONFIRMED),
    "dismiss": ({ConflictStatus.SUGGESTED}, ConflictStatus.DISMISSED),
    "waive": ({ConflictStatus.DECLARED, ConflictStatus.CONFIRMED}, ConflictStatus.WAIVED),
}
GUARDED = ("declare", "confirm", "dismiss", "waive")


def conflict_in(status: str, *, cycle_state: str = CycleState.REVIEW) -> Conflict:
    """A conflict in `status` between the one panelist and the one nomination of a cycle
    in `cycle_state`, with an earlier staff decision on the row."""
    cycle = factories.review_cycle(nominations=1, panelists=1, criteria=1)
    if cycle_state != CycleState.REVIEW:
        Cycle.objects.filter(pk=cycle.pk).update(state=cycle_state)
    nomination = cycle.nominations.get()
    member = factories.panel_of(cycle).members.get()
    factories.conflict(nomination, member, status=status)
    Conflict.objects.filter(nomination=nomination).update(
        decided_by=factories.award_staff(), decided_at=timezone.now(), decision_reason="Earlier."
    )
    return Conflict.objects.select_related("nomination__cycle", "member__user").get(
        nomination=nomination
    )


def move(conflict: Conflict, transition: str, actor=None) -> None:
    """Call the raw transition with the arguments its service passes."""
    if transition == "declare":
        conflict.declare(kind=ConflictKind.FINANCIAL, reason="I hold shares.")
    elif transition == "record_party":
        conflict.record_party(reason="They nominated it.")
    else:
        getattr(conflict, transition)(by=actor, reason="Staff looked into it.")


def test_conflict_transitions_are_the_documented_table():
    field = Conflict._meta.get_field("status")
    declared = {}
    for t in field.get_all_transitions(Conflict):
        sources, target = declared.setdefault(t.name, (set(), t.target))
        assert t.target == target
        sources.add(t.source)

    assert declared == CONFLICT_TABLE


def test_conflict_status_cannot_be_assigned_directly():
    conflict = conflict_in(ConflictStatus.SUGGESTED)

    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        conflict.status = ConflictStatus.CONFIRMED

    assert conflict.status == ConflictStatus.SUGGESTED
    assert Conflict.objects.get(pk=conflict.pk).status == ConflictStatus.SUGGESTED


def test_conflict_status_of_a_new_conflict_cannot_be_assigned_after_construction():
    conflict = Conflict(status=ConflictStatus.DECLARED)

    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        conflict.status = ConflictStatus.CONFIRMED

    assert conflict.status == ConflictStatus.DECLARED


@pytest.mark.parametrize("transition", CONFLICT_TABLE)
@pytest.mark.parametrize("status", ConflictStatus.values)
def test_conflict_transition_table(status, transition):
    sources, target = CONFLICT_TABLE[transition]
    conflict = conflict_in(status)
    staff = factories.award_staff()

    if status not in sources:
        assert not can_proceed(getattr(conflict, transition))
        with pytest.raises(TransitionNotAllowed):
            move(conflict, transition, staff)
        assert conflict.status == status
        return

    move(conflict, transition, staff)

    assert conflict.status == target
    assert Conflict.objects.get(pk=conflict.pk).status == status  # the transition never saves
    if transition in ("declare", "record_party"):
        # A declaration or a party finding replaces the earlier staff decision.
        assert (conflict.decided_by, conflict.decided_at, conflict.decision_reason) == (
            None,
            None,
            "",
        )
        assert conflict.kind == (
            ConflictKind.FINANCIAL if transition == "declare" else ConflictKind.PARTY
        )
    else:
        assert (conflict.decided_by, conflict.decision_reason) == (staff, "Staff looked into it.")


@pytest.mark.parametrize("transition", GUARDED)
def test_conflict_transitions_are_refused_once_panel_review_closed(transition):
    sources, _target = CONFLICT_TABLE[transition]
    status = sorted(sources)[0]
    conflict = conflict_in(status, cycle_state=CycleState.SELECTION)

    assert conflict.change_blockers() == [rules.CONFLICTS_CLOSED_MESSAGE]
    assert not can_proceed(getattr(conflict, transition))
    with pytest.raises(TransitionNotAllowed):
        move(conflict, transition, factories.award_staff())
    assert conflict.status == status


@pytest.mark.parametrize("cycle_state", [CycleState.CLOSED, CycleState.REVIEW])
def test_conflict_change_blockers_are_empty_while_assignments_may_change(cycle_state):
    assert conflict_in(ConflictStatus.DECLARED, cycle_state=cycle_state).change_blockers() == []


def test_conflict_record_party_has_no_guard():
    """A party is a fact, recorded whenever it is found (the system acts, nobody decides)."""
    conflict = conflict_in(ConflictStatus.WAIVED, cycle_state=CycleState.SELECTION)

    conflict.record_party(reason="They wrote a letter of support.")

    assert conflict.status == ConflictStatus.PARTY


@pytest.mark.parametrize(
    ("who", "declare", "decide"),
    [
        ("the conflict's panelist", True, False),
        ("another panelist", False, False),
        ("staff", False, True),
        ("staff who nominated it", False, False),
    ],
)
def test_conflict_transition_permissions(who, declare, decide):
    conflict = conflict_in(ConflictStatus.SUGGESTED)
    if who == "the conflict's panelist":
        user = conflict.member.user
    elif who == "another panelist":
        user = factories.seat(conflict.nomination.cycle).user
    elif who == "staff":
        user = factories.award_staff()
    else:
        user = conflict.nomination.nominator
        user.groups.add(*factories.award_staff().groups.all())

    assert has_transition_perm(conflict.declare, user) is declare
    for transition in ("confirm", "dismiss"):
        assert has_transition_perm(getattr(conflict, transition), user) is decide


def test_conflict_stale_copy_is_not_saved_over_a_newer_decision():
    conflict = conflict_in(ConflictStatus.SUGGESTED)
    stale = Conflict.objects.get(pk=conflict.pk)
    staff = factories.award_staff()
    conflict.confirm(by=staff, reason="Confirmed first.")
    conflict.save()

    stale.dismiss(by=staff, reason="Dismissed from an old page.")
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        stale.save()

    stored = Conflict.objects.get(pk=conflict.pk)
    assert (stored.status, stored.decision_reason) == (ConflictStatus.CONFIRMED, "Confirmed first.")


def test_conflict_reloads_its_protected_status_from_the_database():
    conflict = conflict_in(ConflictStatus.SUGGESTED)
    Conflict.objects.filter(pk=conflict.pk).update(status=ConflictStatus.CONFIRMED)

    reload_workflow_object(conflict)

    assert conflict.status == ConflictStatus.CONFIRMED
