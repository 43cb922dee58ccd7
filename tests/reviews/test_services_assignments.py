"""Assignment services and the plan's inputs: balanced commit, add, remove, decline."""

import pytest
from django.utils import timezone

from core.exceptions import ConflictError, IllegalTransition, InvalidInput, NotPermitted
from core.models import AuditEvent
from nominations.models import Cycle, Nomination
from nominations.states import CycleState, NominationState
from reviews.models import Assignment, Panel
from reviews.selectors.assignments import assignment_overview, plan_preview
from reviews.services.assignments import (
    STALE_PLAN_MESSAGE,
    assignment_add,
    assignment_decline,
    assignment_remove,
    panel_assign_balanced,
)
from reviews.states import AssignmentSource, ConflictStatus
from tests import factories


def closed_panel(*, nominations=3, panelists=3, cycle_state=CycleState.CLOSED):
    """A closed cycle with cleared nominations and signed panelists, nobody assigned."""
    cycle = factories.CycleFactory(state=cycle_state)
    factories.panel_of(cycle, reviewers_per_nomination=2)
    noms = [
        factories.nomination_in(NominationState.CLEARED, cycle=cycle) for _ in range(nominations)
    ]
    members = [factories.seat(cycle) for _ in range(panelists)]
    return cycle, noms, members


def pairs():
    return sorted(Assignment.objects.values_list("nomination_id", "member_id"))


# -- balanced ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_panel_assign_balanced_commits_the_previewed_plan_and_saves_k_and_cap():
    cycle, noms, members = closed_panel()
    staff = factories.award_staff()
    preview = plan_preview(cycle, k=2, cap=2)

    plan = panel_assign_balanced(
        cycle=cycle, actor=staff, k=2, cap=2, expected_plan_digest=preview.digest
    )

    assert plan == preview.plan
    assert pairs() == sorted(plan.new_pairs)
    assert len(plan.new_pairs) == 6
    assert {load for _, load in plan.loads} == {2}
    assert set(Assignment.objects.values_list("source", "created_by")) == {
        (AssignmentSource.AUTOMATIC, staff.pk)
    }
    panel = Panel.objects.get(cycle=cycle)
    assert (panel.reviewers_per_nomination, panel.max_per_panelist) == (2, 2)
    event = AuditEvent.objects.get()
    assert (event.action, event.data["count"], event.data["k"], event.data["cap"]) == (
        "assignment.balanced",
        6,
        2,
        2,
    )


@pytest.mark.django_db
def test_panel_assign_balanced_refuses_a_stale_preview_and_changes_nothing():
    cycle, noms, members = closed_panel()
    staff = factories.award_staff()
    preview = plan_preview(cycle, k=2, cap=None)
    factories.conflict(noms[0], members[0], status=ConflictStatus.DECLARED)

    with pytest.raises(ConflictError) as raised:
        panel_assign_balanced(
            cycle=cycle, actor=staff, k=2, cap=None, expected_plan_digest=preview.digest
        )

    assert raised.value.message == STALE_PLAN_MESSAGE
    assert pairs() == []
    assert AuditEvent.objects.count() == 0
    assert Panel.objects.get(cycle=cycle).max_per_panelist is None


@pytest.mark.django_db
def test_plan_preview_never_proposes_unassignable_or_declined_pairs_but_does_waived_ones():
    cycle, noms, members = closed_panel(nominations=1, panelists=6)
    [nomination] = noms
    for member, status in zip(
        members[:5], ["suggested", "declared", "confirmed", "waived", "dismissed"], strict=True
    ):
        factories.conflict(nomination, member, status=status)
    Assignment.objects.create(
        nomination=nomination, member=members[5], declined_at=timezone.now(), decline_reason="Busy"
    )

    preview = plan_preview(cycle, k=3, cap=None)

    assert sorted(preview.plan.new_pairs) == [
        (nomination.pk, members[3].pk),
        (nomination.pk, members[4].pk),
    ]
    assert preview.plan.feasible is False
    assert nomination.reference in preview.plan.explanation


@pytest.mark.django_db
def test_plan_preview_keeps_live_assignments_and_places_only_signed_active_panelists():
    cycle, noms, members = closed_panel(nominations=2, panelists=2)
    unsigned = factories.seat(cycle, attested=False)
    factories.seat(cycle, removed=True)
    Assignment.objects.create(nomination=noms[0], member=members[0])

    preview = plan_preview(cycle, k=2, cap=None)

    assert preview.inputs.keep == ((noms[0].pk, members[0].pk),)
    assert preview.inputs.panelists == tuple(sorted(m.pk for m in members))
    assert unsigned.pk not in {m for _, m in preview.plan.new_pairs}
    assert sorted(preview.plan.new_pairs) == [
        (noms[0].pk, members[1].pk),
        (noms[1].pk, members[0].pk),
        (noms[1].pk, members[1].pk),
    ]


@pytest.mark.django_db
def test_plan_preview_same_data_gives_same_digest_and_plan():
    cycle, *_ = closed_panel(nominations=4, panelists=5)

    first, again = plan_preview(cycle, k=3, cap=3), plan_preview(cycle, k=3, cap=3)

    assert (first.digest, first.plan) == (again.digest, again.plan)
    assert plan_preview(cycle, k=2, cap=3).digest != first.digest


@pytest.mark.django_db
@pytest.mark.parametrize("state", [CycleState.OPEN, CycleState.SELECTION])
def test_panel_assign_balanced_refuses_outside_closed_and_review(state):
    cycle, *_ = closed_panel(cycle_state=state)

    with pytest.raises(IllegalTransition):
        panel_assign_balanced(
            cycle=cycle, actor=factories.award_staff(), k=2, cap=None, expected_plan_digest=""
        )

    assert pairs() == []


# -- add ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_assignment_add_creates_manual_assignment_and_audits():
    cycle, [nomination, *_], [member, *_] = closed_panel()
    staff = factories.award_staff()

    assignment = assignment_add(nomination=nomination, member=member, actor=staff)

    assert (assignment.source, assignment.created_by) == (AssignmentSource.MANUAL, staff)
    event = AuditEvent.objects.get()
    assert (event.action, event.object_id, event.data["member"]) == (
        "assignment.add",
        str(nomination.pk),
        member.pk,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("problem", "message"),
    [
        ("suggested", "awaits your decision. Confirm or dismiss it on the conflicts page first."),
        ("declared", "has a conflict with this nomination."),
        ("confirmed", "has a conflict with this nomination."),
        ("duplicate", "is already assigned to this nomination."),
        ("declined", "declined this nomination."),
        ("removed", "was removed from the panel."),
        ("unsigned", "has not signed the attestation yet"),
        ("other_panel", "is not on this cycle's panel."),
    ],
)
def test_assignment_add_refuses(problem, message):
    cycle, [nomination, *_], [member, *_] = closed_panel()
    if problem in {"suggested", "declared", "confirmed"}:
        factories.conflict(nomination, member, status=problem)
    elif problem == "duplicate":
        Assignment.objects.create(nomination=nomination, member=member)
    elif problem == "declined":
        Assignment.objects.create(nomination=nomination, member=member, declined_at=timezone.now())
    elif problem == "removed":
        member = factories.seat(cycle, removed=True)
    elif problem == "unsigned":
        member = factories.seat(cycle, attested=False)
    else:
        member = factories.seat(factories.CycleFactory(state=CycleState.CLOSED))
    before = pairs()

    with pytest.raises(InvalidInput) as raised:
        assignment_add(nomination=nomination, member=member, actor=factories.award_staff())

    assert message in raised.value.message
    assert pairs() == before
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_assignment_add_refuses_non_staff_and_nominations_not_cleared():
    cycle, [nomination, *_], [member, *_] = closed_panel()
    vetting = factories.nomination_in(NominationState.VETTING, cycle=cycle)

    with pytest.raises(NotPermitted):
        assignment_add(nomination=nomination, member=member, actor=member.user)
    with pytest.raises(IllegalTransition):
        assignment_add(nomination=vetting, member=member, actor=factories.award_staff())

    assert pairs() == []


# -- remove -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_assignment_remove_deletes_and_audits_but_refuses_after_a_submitted_review():
    cycle = factories.review_cycle(nominations=2, panelists=1, criteria=1)
    first, second = cycle.nominations.order_by("pk")
    member = factories.panel_of(cycle).members.get()
    factories.review_of(second, member, submitted=True)
    staff = factories.award_staff()
    keep, submitted = Assignment.objects.order_by("nomination")

    assignment_remove(assignment=keep, actor=staff)
    with pytest.raises(IllegalTransition) as raised:
        assignment_remove(assignment=submitted, actor=staff)

    assert "has submitted a review of this nomination, so the assignment stays" in (
        raised.value.message
    )
    assert pairs() == [(second.pk, member.pk)]
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["assignment.remove"]


# -- decline ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_assignment_decline_marks_it_and_opens_a_gap():
    cycle = factories.review_cycle(nominations=1, panelists=2, criteria=1)
    panel = factories.panel_of(cycle)
    panel.reviewers_per_nomination = 2
    panel.save()
    assignment = Assignment.objects.order_by("pk").first()

    assignment_decline(assignment=assignment, actor=assignment.member.user, reason=" Travel. ")

    assignment.refresh_from_db()
    assert assignment.decline_reason == "Travel."
    assert assignment.declined_at is not None
    [row] = assignment_overview(panel, viewer=None).rows
    assert (row.live, row.gap) == (1, 1)
    assert [cell.status for cell in row.cells if cell.assignment.pk == assignment.pk] == [
        "declined"
    ]
    assert AuditEvent.objects.get().action == "assignment.decline"


@pytest.mark.django_db
def test_assignment_decline_refuses_others_empty_reasons_repeats_and_submitted_reviews():
    cycle = factories.review_cycle(nominations=2, panelists=2, criteria=1)
    first, second = cycle.nominations.order_by("pk")
    mine, theirs = Assignment.objects.filter(nomination=first).order_by("pk")
    submitted = Assignment.objects.get(nomination=second, member=mine.member)
    factories.review_of(second, mine.member, submitted=True)
    user = mine.member.user

    with pytest.raises(NotPermitted):
        assignment_decline(assignment=theirs, actor=user, reason="Not mine.")
    with pytest.raises(InvalidInput):
        assignment_decline(assignment=mine, actor=user, reason="  ")
    with pytest.raises(IllegalTransition) as after_submit:
        assignment_decline(assignment=submitted, actor=user, reason="Too late.")
    assignment_decline(assignment=mine, actor=user, reason="Busy.")
    with pytest.raises(IllegalTransition):
        assignment_decline(assignment=mine, actor=user, reason="Again.")

    assert after_submit.value.message == (
        "You have submitted your review of this nomination, so you cannot decline it."
    )
    assert list(Assignment.objects.filter(declined_at__isnull=False)) == [mine]
    assert AuditEvent.objects.count() == 1


# -- overview -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_assignment_overview_marks_conflicts_and_lists_eligible_panelists_lowest_load_first():
    cycle, [first, second, third], [a, b, c] = closed_panel()
    Assignment.objects.create(nomination=first, member=a)
    Assignment.objects.create(nomination=first, member=b)
    Assignment.objects.create(nomination=second, member=a)
    factories.conflict(first, b, status=ConflictStatus.DECLARED)
    factories.conflict(third, c, status=ConflictStatus.SUGGESTED)

    overview = assignment_overview(Panel.objects.get(cycle=cycle), viewer=None)

    rows = {row.nomination.pk: row for row in overview.rows}
    assert sorted((cell.assignment.member_id, cell.status) for cell in rows[first.pk].cells) == [
        (a.pk, "live"),
        (b.pk, "conflict"),
    ]
    assert (rows[first.pk].live, rows[first.pk].gap) == (1, 1)
    assert [m.pk for m, _ in rows[first.pk].eligible] == [c.pk]
    assert [(m.pk, load) for m, load in rows[third.pk].eligible] == [(b.pk, 0), (a.pk, 2)]
    assert {m.pk: load for m, load in overview.loads} == {a.pk: 2, b.pk: 0, c.pk: 0}


# -- states re-checked under the panel's locks ------------------------------------------------


def move_on_behind_the_copies(cycle, nomination_state=NominationState.SHORTLISTED):
    """The cycle leaves panel review after the caller read its copies."""
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.SELECTION)
    Nomination.objects.filter(cycle=cycle).update(state=nomination_state)


@pytest.mark.django_db
def test_assignment_add_rechecks_cycle_and_nomination_under_the_lock():
    cycle, [nomination], [member] = closed_panel(nominations=1, panelists=1)
    stale = Nomination.objects.select_related("cycle").get(pk=nomination.pk)
    move_on_behind_the_copies(cycle)

    with pytest.raises(IllegalTransition):
        assignment_add(nomination=stale, member=member, actor=factories.award_staff())

    assert (Assignment.objects.count(), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_assignment_add_rechecks_the_nomination_state_under_the_lock():
    cycle, [nomination], [member] = closed_panel(nominations=1, panelists=1)
    stale = Nomination.objects.select_related("cycle").get(pk=nomination.pk)
    Nomination.objects.filter(pk=nomination.pk).update(state=NominationState.WITHDRAWN)

    with pytest.raises(IllegalTransition):
        assignment_add(nomination=stale, member=member, actor=factories.award_staff())

    assert (Assignment.objects.count(), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_assignment_remove_rechecks_the_cycle_under_the_lock():
    cycle, [nomination], [member] = closed_panel(nominations=1, panelists=1)
    assignment = Assignment.objects.create(nomination=nomination, member=member)
    stale = Assignment.objects.select_related("nomination__cycle", "member").get(pk=assignment.pk)
    move_on_behind_the_copies(cycle)

    with pytest.raises(IllegalTransition):
        assignment_remove(assignment=stale, actor=factories.award_staff())

    assert Assignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_assignment_decline_rechecks_the_cycle_under_the_lock():
    cycle, [nomination], [member] = closed_panel(nominations=1, panelists=1)
    assignment = Assignment.objects.create(nomination=nomination, member=member)
    stale = Assignment.objects.select_related("nomination__cycle", "member").get(pk=assignment.pk)
    move_on_behind_the_copies(cycle)

    with pytest.raises(IllegalTransition) as raised:
        assignment_decline(assignment=stale, actor=member.user, reason="Too busy.")

    assert "can no longer be declined" in raised.value.message
    assert Assignment.objects.get(pk=assignment.pk).declined_at is None
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_assignment_decline_rechecks_the_seat_under_the_lock():
    cycle, [nomination], [member] = closed_panel(nominations=1, panelists=1)
    assignment = Assignment.objects.create(nomination=nomination, member=member)
    stale = Assignment.objects.select_related("nomination__cycle", "member").get(pk=assignment.pk)
    type(member).objects.filter(pk=member.pk).update(removed_at=timezone.now())

    with pytest.raises(NotPermitted):
        assignment_decline(assignment=stale, actor=member.user, reason="Too busy.")

    assert Assignment.objects.get(pk=assignment.pk).declined_at is None
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_panel_assign_balanced_rechecks_the_cycle_under_the_lock():
    cycle, _, _ = closed_panel()
    preview = plan_preview(cycle, k=2, cap=None)
    stale = Cycle.objects.get(pk=cycle.pk)
    move_on_behind_the_copies(cycle)

    with pytest.raises(IllegalTransition):
        panel_assign_balanced(
            cycle=stale,
            actor=factories.award_staff(),
            k=2,
            cap=None,
            expected_plan_digest=preview.digest,
        )

    assert (Assignment.objects.count(), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("k", [0, 11])
def test_panel_assign_balanced_refuses_k_outside_the_panel_settings_range(k):
    cycle, _, _ = closed_panel()
    preview = plan_preview(cycle, k=2, cap=None)

    with pytest.raises(InvalidInput) as refused:
        panel_assign_balanced(
            cycle=cycle,
            actor=factories.award_staff(),
            k=k,
            cap=None,
            expected_plan_digest=preview.digest,
        )

    assert refused.value.message == "Reviewers per nomination must be from 1 to 10."
    assert (Assignment.objects.count(), AuditEvent.objects.count()) == (0, 0)
    assert Panel.objects.get(cycle=cycle).reviewers_per_nomination == 2
