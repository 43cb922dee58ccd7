"""How far a cycle's panel has got, and who has reviews left to do.

An assignment is *live* as `reviews.selectors.live` defines it for the assignment
overview too: its panelist is active and signed, they have not declined it, and no
conflict that blocks assignment (suggested, declared or confirmed) stands between them
and the nomination. Only live assignments are expected to produce a review. A live
assignment is *submitted* (its review is submitted), a *draft* (a review is saved but not
submitted) or *not started*.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery

from nominations.models import Cycle, Nomination
from reviews.models import Assignment, Panel, PanelMember, Review
from reviews.rules import PANEL_NOMINATION_STATES, SCORING_CYCLE_STATE, SCORING_NOMINATION_STATE
from reviews.selectors.live import is_live, live_assignment
from reviews.states import BLOCKING_STATUSES, ReviewState

NOT_STARTED = "not started"


@dataclass(slots=True)
class PanelistProgress:
    member: PanelMember
    assigned: int = 0  # live assignments
    submitted: int = 0
    drafts: int = 0
    not_started: int = 0
    declined: int = 0
    conflicts: int = 0  # blocking conflicts with the cycle's panel nominations

    @property
    def incomplete(self) -> int:
        return self.drafts + self.not_started

    @property
    def can_be_reminded(self) -> bool:
        return (
            self.member.removed_at is None
            and self.member.attested_at is not None
            and self.incomplete > 0
        )


@dataclass(slots=True)
class NominationProgress:
    nomination: Nomination
    needed: int  # the panel's k
    assigned: int = 0  # live assignments
    submitted: int = 0

    @property
    def missing(self) -> int:
        """Reviewers still to assign: k minus the live assignments, never below 0."""
        return max(0, self.needed - self.assigned)

    @property
    def outstanding(self) -> int:
        """Live assignments still without a submitted review."""
        return self.assigned - self.submitted


@dataclass(frozen=True, slots=True)
class CycleProgress:
    panel: Panel | None
    panelists: tuple[PanelistProgress, ...]  # active seats first, then removed; by name
    nominations: tuple[NominationProgress, ...]  # by reference


def _review_state() -> Subquery:
    return Subquery(
        Review.objects.filter(nomination=OuterRef("nomination"), member=OuterRef("member")).values(
            "state"
        )[:1]
    )


def progress_for_cycle(cycle: Cycle) -> CycleProgress:
    """Per panelist and per nomination counts for the cycle's panel. Four queries."""
    panel = Panel.objects.filter(cycle=cycle).first()
    if panel is None:
        return CycleProgress(panel=None, panelists=(), nominations=())
    members = (
        PanelMember.objects.filter(panel=panel)
        .select_related("user")
        .annotate(
            blocking_conflicts=Count(
                "conflicts",
                filter=Q(
                    conflicts__status__in=BLOCKING_STATUSES,
                    conflicts__nomination__state__in=PANEL_NOMINATION_STATES,
                ),
            )
        )
    )
    by_member = {
        member.pk: PanelistProgress(member=member, conflicts=member.blocking_conflicts)
        for member in members
    }
    by_nomination = {
        nomination.pk: NominationProgress(nomination, needed=panel.reviewers_per_nomination)
        for nomination in Nomination.objects.filter(
            cycle=cycle, state__in=PANEL_NOMINATION_STATES
        ).select_related("nominee")
    }
    assignments = (
        Assignment.objects.filter(
            member__panel=panel,
            nomination__cycle=cycle,
            nomination__state__in=PANEL_NOMINATION_STATES,
        )
        .annotate(review_state=_review_state(), live=is_live())
        .values_list("member_id", "nomination_id", "declined_at", "review_state", "live")
    )
    for member_id, nomination_id, declined_at, review_state, live in assignments:
        panelist = by_member[member_id]
        if declined_at is not None:
            panelist.declined += 1
            continue
        if not live:
            continue
        nomination = by_nomination[nomination_id]
        panelist.assigned += 1
        nomination.assigned += 1
        if review_state == ReviewState.SUBMITTED:
            panelist.submitted += 1
            nomination.submitted += 1
        elif review_state == ReviewState.DRAFT:
            panelist.drafts += 1
        else:
            panelist.not_started += 1
    return CycleProgress(
        panel=panel,
        panelists=tuple(
            sorted(
                by_member.values(),
                key=lambda p: (
                    p.member.removed_at is not None,
                    (p.member.user.full_name or p.member.user.email).casefold(),
                    p.member.pk,
                ),
            )
        ),
        nominations=tuple(
            sorted(
                by_nomination.values(),
                key=lambda p: (p.nomination.reference or "", p.nomination.pk),
            )
        ),
    )


# -- reminders --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReminderItem:
    nomination: Nomination
    status: str  # ReviewState.DRAFT or NOT_STARTED


@dataclass(slots=True)
class ReminderDigest:
    member: PanelMember
    items: list[ReminderItem] = field(default_factory=list)


def reminder_digests(
    *, cycle: Cycle | None = None, member: PanelMember | None = None
) -> list[ReminderDigest]:
    """One digest per panelist who has reviews left to do, with every one of them.

    Covers the live assignments (`reviews.selectors.live`: so only active, signed seats)
    of nominations in review in cycles in panel review (optionally one cycle or one seat)
    without a submitted review: exactly the drafts and not started of the progress page.
    Ordered by cycle, then panelist email; items by reference. One query.
    """
    assignments = (
        Assignment.objects.filter(
            live_assignment(),
            nomination__state=SCORING_NOMINATION_STATE,
            nomination__cycle__state=SCORING_CYCLE_STATE,
        )
        .annotate(review_state=_review_state())
        .filter(Q(review_state__isnull=True) | Q(review_state=ReviewState.DRAFT))
        .select_related("member__user", "member__panel__cycle__program", "nomination__nominee")
        .order_by(
            "member__panel__cycle_id", "member__user__email", "member_id", "nomination__reference"
        )
    )
    if cycle is not None:
        assignments = assignments.filter(nomination__cycle=cycle)
    if member is not None:
        assignments = assignments.filter(member=member)
    digests: dict[int, ReminderDigest] = {}
    for assignment in assignments:
        digest = digests.setdefault(assignment.member_id, ReminderDigest(member=assignment.member))
        status = ReviewState.DRAFT if assignment.review_state == ReviewState.DRAFT else NOT_STARTED
        digest.items.append(ReminderItem(nomination=assignment.nomination, status=status))
    return list(digests.values())


__all__ = [
    "NOT_STARTED",
    "CycleProgress",
    "NominationProgress",
    "PanelistProgress",
    "ReminderDigest",
    "ReminderItem",
    "progress_for_cycle",
    "reminder_digests",
]
