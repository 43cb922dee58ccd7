"""Assigning panelists to nominations: the balanced assignment, manual additions and
removals by staff, and a panelist declining (DESIGN.md §2.4).

Each writer locks the cycle's Panel row first, then the cycle's and the nomination's
rows, in the global order described in `reviews.services.conflicts` ("Lock order"), so
assignments and conflicts of one panel change one transaction at a time, a balanced
assignment is planned and written from the same data, and a review cannot be submitted
while its assignment is being removed or declined (the review services take the same
locks). Assignments change while the cycle is closed or in review, for nominations
cleared or in review; those states are checked again under the locks.

A staff writer refused for who the actor is (NotPermitted: a party to the nomination),
not for the state of the data, records the refusal as a denied "assignment.denied".
"""

from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from core.exceptions import ConflictError, IllegalTransition, InvalidInput, NotPermitted
from core.services.audit import audit_record, audits_refusals
from nominations.models import Cycle, Nomination
from nominations.rules import is_party_to
from nominations.selectors.parties import party_nomination_ids
from reviews import rules
from reviews.domain.assignments import AssignmentPlan
from reviews.models import Assignment, Conflict, PanelMember, Review
from reviews.selectors.assignments import plan_preview
from reviews.services.conflicts import (
    conflicts_record_parties,
    lock_panel,
    lock_panel_nomination,
)
from reviews.services.figures import panel_figures_refresh
from reviews.services.panel import MAX_REVIEWERS, MIN_REVIEWERS
from reviews.states import UNASSIGNABLE_STATUSES, AssignmentSource, ConflictStatus, ReviewState

STALE_PLAN_MESSAGE = (
    "Assignments, conflicts or panelists changed since you previewed the plan, so it was "
    "not committed. Check the fresh preview below and commit again."
)


def _check_staff(actor) -> None:
    if not rules.can_manage_panel(actor):
        raise NotPermitted("Only award staff change assignments.")


def _check_party(nomination: Nomination, actor) -> None:
    if not rules.can_handle_panel_nomination(actor, nomination):
        raise NotPermitted(
            "You are a party to this nomination, so another member of award staff assigns "
            "its panelists."
        )


def _check_cycle(cycle: Cycle) -> None:
    if cycle.state not in rules.ASSIGNMENT_CYCLE_STATES:
        raise IllegalTransition(
            "Assignments can change only after nominations close and until panel review ends."
        )


def _check_nomination(nomination: Nomination) -> None:
    _check_cycle(nomination.cycle)
    if nomination.state not in rules.ASSIGNMENT_NOMINATION_STATES:
        raise IllegalTransition(
            "Only nominations cleared for the panel or in review are assigned to panelists."
        )


@audits_refusals("assignment.denied", obj="cycle", of=(NotPermitted,))
def panel_assign_balanced(
    *, cycle: Cycle, actor, k: int, cap: int | None, expected_plan_digest: str
) -> AssignmentPlan:
    """Commit the balanced assignment staff previewed.

    Records the panel's party conflicts first (`conflicts_record_parties`). Refused
    (nothing written) when the plan would assign a nomination the actor is a party to.
    Under the panel lock, plans again from the data as it now stands with `k` and `cap`;
    if the inputs' digest is not `expected_plan_digest` (something changed since the
    preview) raises ConflictError and writes nothing. Otherwise creates the plan's new
    assignments (source automatic, created_by the actor), saves k and the cap on the
    panel, and writes one "assignment.balanced" audit event with the count and the
    pairs. Returns the plan. Schedules nothing (panelists see their assignments on
    their dashboard).
    """
    _check_staff(actor)
    _check_cycle(cycle)
    if not MIN_REVIEWERS <= k <= MAX_REVIEWERS:
        raise InvalidInput(
            f"Reviewers per nomination must be from {MIN_REVIEWERS} to {MAX_REVIEWERS}."
        )
    if cap is not None and cap < 1:
        raise InvalidInput("The cap must be at least 1, or left blank for no cap.")
    with transaction.atomic():
        panel = lock_panel(cycle.pk)
        _check_cycle(panel.cycle)
        conflicts_record_parties(panel=panel, actor=actor)
        preview = plan_preview(cycle, k=k, cap=cap)
        if preview.digest != expected_plan_digest:
            raise ConflictError(STALE_PLAN_MESSAGE)
        plan = preview.plan
        own = party_nomination_ids(
            actor, Nomination.objects.filter(pk__in={n for n, _ in plan.new_pairs})
        )
        if own:
            references = ", ".join(
                sorted(preview.nominations[pk].reference or f"Nomination {pk}" for pk in own)
            )
            raise NotPermitted(
                f"You are a party to {references}, so another member of award staff runs "
                "the balanced assignment."
            )
        Assignment.objects.bulk_create(
            [
                Assignment(
                    nomination_id=n,
                    member_id=m,
                    source=AssignmentSource.AUTOMATIC,
                    created_by=actor,
                )
                for n, m in plan.new_pairs
            ]
        )
        panel.reviewers_per_nomination = k
        panel.max_per_panelist = cap
        panel.save(update_fields=["reviewers_per_nomination", "max_per_panelist"])
        count = len(plan.new_pairs)
        audit_record(
            action="assignment.balanced",
            actor=actor,
            obj=cycle,
            note=f"{count} new assignment{'' if count == 1 else 's'}. {plan.explanation}".strip(),
            data={
                "k": k,
                "cap": cap,
                "count": count,
                "feasible": plan.feasible,
                "digest": preview.digest,
                "pairs": [list(pair) for pair in plan.new_pairs],
            },
            role=Role.AWARD_STAFF,
        )
    return plan


@audits_refusals("assignment.denied", obj="nomination", of=(NotPermitted,))
def assignment_add(*, nomination: Nomination, member: PanelMember, actor) -> Assignment:
    """Staff assign one panelist to one nomination (also how a gap is filled).

    Refuses staff who are a party to the nomination, a panelist of another panel, a
    removed or unsigned one, a pair that already has an assignment (declined ones
    included), a panelist who is a party to the nomination, and a pair with a suggested,
    declared, confirmed or party conflict. Creates a manual assignment and writes one
    "assignment.add" audit event. Schedules nothing.
    """
    _check_staff(actor)
    _check_party(nomination, actor)
    _check_nomination(nomination)
    with transaction.atomic():
        _panel, nomination = lock_panel_nomination(nomination)
        _check_nomination(nomination)
        member = PanelMember.objects.select_related("user", "panel").get(pk=member.pk)
        name = member.user.full_name or member.user.email
        if member.panel.cycle_id != nomination.cycle_id:
            raise InvalidInput(f"{name} is not on this cycle's panel.")
        if member.removed_at is not None:
            raise InvalidInput(f"{name} was removed from the panel.")
        if member.attested_at is None:
            raise InvalidInput(
                f"{name} has not signed the attestation yet, so has not had the chance to "
                "declare conflicts. Assign them once they have signed."
            )
        existing = Assignment.objects.filter(nomination=nomination, member=member).first()
        if existing is not None:
            raise InvalidInput(
                f"{name} declined this nomination."
                if existing.declined_at
                else f"{name} is already assigned to this nomination."
            )
        status = (
            Conflict.objects.filter(nomination=nomination, member=member)
            .values_list("status", flat=True)
            .first()
        )
        if status != ConflictStatus.PARTY and is_party_to(member.user, nomination):
            raise InvalidInput(
                f"{name} is a party to this nomination (its nominator, nominee, nominee "
                "contact or an endorser), so they cannot review it."
            )
        if status == ConflictStatus.SUGGESTED:
            raise InvalidInput(
                f"A possible conflict between {name} and this nomination awaits your "
                "decision. Confirm or dismiss it on the conflicts page first."
            )
        if status in UNASSIGNABLE_STATUSES:
            raise InvalidInput(f"{name} has a conflict with this nomination.")
        assignment = Assignment.objects.create(
            nomination=nomination, member=member, source=AssignmentSource.MANUAL, created_by=actor
        )
        audit_record(
            action="assignment.add",
            actor=actor,
            obj=nomination,
            note=f"Assigned {name}.",
            data={"assignment": assignment.pk, "member": member.pk},
            role=Role.AWARD_STAFF,
        )
    return assignment


@audits_refusals(
    "assignment.denied", obj=lambda assignment, **_: assignment.nomination, of=(NotPermitted,)
)
def assignment_remove(*, assignment: Assignment, actor) -> None:
    """Staff take an assignment away.

    Refuses when the panelist has submitted a review of the nomination: the review
    stays on record with the assignment it was made under (if it should not count, the
    conflict is what says so). A draft review is kept but, without the assignment, can
    no longer be scored or submitted. Deletes the assignment and writes one
    "assignment.remove" audit event. Schedules nothing.
    """
    _check_staff(actor)
    _check_party(assignment.nomination, actor)
    _check_nomination(assignment.nomination)
    with transaction.atomic():
        _panel, nomination = lock_panel_nomination(assignment.nomination)
        _check_nomination(nomination)
        locked = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("member__user")
            .filter(pk=assignment.pk)
            .first()
        )
        if locked is None:
            raise ConflictError("This assignment was already removed.")
        name = locked.member.user.full_name or locked.member.user.email
        if Review.objects.filter(
            nomination_id=locked.nomination_id,
            member_id=locked.member_id,
            state=ReviewState.SUBMITTED,
        ).exists():
            raise IllegalTransition(
                f"{name} has submitted a review of this nomination, so the assignment stays: "
                "a submitted review is kept with the assignment it was made under."
            )
        locked.delete()
        audit_record(
            action="assignment.remove",
            actor=actor,
            obj=nomination,
            note=f"Removed {name}.",
            data={
                "member": locked.member_id,
                "source": locked.source,
                "was_declined": locked.declined_at is not None,
            },
            role=Role.AWARD_STAFF,
        )


def assignment_decline(*, assignment: Assignment, actor, reason: str) -> Assignment:
    """The assigned panelist declines, with a reason.

    Refuses anyone but the assigned panelist (on an active, signed seat), an assignment
    already declined, and one whose review they have submitted. Sets declined_at and
    decline_reason; the assignment stays, marked, and stops counting toward k, so staff
    see a gap to fill. Writes one "assignment.decline" audit event. Schedules nothing.
    """
    reason = reason.strip()
    if not rules.can_decline_assignment(actor, assignment):
        raise NotPermitted("You cannot decline this assignment.")
    if not reason:
        raise InvalidInput("Say why you are declining.")
    with transaction.atomic():
        _panel, nomination = lock_panel_nomination(assignment.nomination)
        locked = Assignment.objects.select_for_update(no_key=True).filter(pk=assignment.pk).first()
        if locked is None:
            raise ConflictError("Staff removed this assignment.")
        locked.nomination = nomination
        locked.member = PanelMember.objects.get(pk=locked.member_id)
        if nomination.cycle.state not in rules.ASSIGNMENT_CYCLE_STATES or (
            nomination.state not in rules.ASSIGNMENT_NOMINATION_STATES
        ):
            raise IllegalTransition(
                "Panel review of this nomination has closed, so its assignments can no "
                "longer be declined."
            )
        if not rules.can_decline_assignment(actor, locked):
            raise NotPermitted("You cannot decline this assignment.")
        if locked.declined_at is not None:
            raise IllegalTransition("You have already declined this nomination.")
        if Review.objects.filter(
            nomination_id=locked.nomination_id,
            member_id=locked.member_id,
            state=ReviewState.SUBMITTED,
        ).exists():
            raise IllegalTransition(
                "You have submitted your review of this nomination, so you cannot decline it."
            )
        locked.declined_at = timezone.now()
        locked.decline_reason = reason
        locked.save(update_fields=["declined_at", "decline_reason"])
        panel_figures_refresh(
            cycle_id=assignment.nomination.cycle_id, nominations=[locked.nomination_id]
        )
        audit_record(
            action="assignment.decline",
            actor=actor,
            obj=assignment.nomination,
            note=reason,
            data={"assignment": locked.pk, "member": locked.member_id},
            role=Role.PANELIST,
        )
    assignment.declined_at = locked.declined_at
    assignment.decline_reason = locked.decline_reason
    return assignment
