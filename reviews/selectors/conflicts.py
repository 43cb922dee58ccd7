"""Reads for conflicts: a panelist's list of the panel's nominations with their own
assignment and conflict on each, and the staff list of a cycle's conflicts."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery

from core.paging import SlicedRows
from nominations.models import Cycle, Nomination
from nominations.selectors.parties import party_nomination_ids
from reviews import rules
from reviews.models import Assignment, Conflict, PanelMember, Review
from reviews.states import BLOCKING_STATUSES, ConflictStatus, ReviewState


def panel_nominations_for(member: PanelMember) -> PanelNominations:
    """Every nomination the member's panel sees, in reference order (their sequence in
    the cycle), read a slice at a time; see `PanelNominations`. The member's user, panel
    and cycle must be loaded (`rules.signed_seat_on` does the panel and cycle)."""
    return PanelNominations(member)


class PanelNominations(SlicedRows):
    """The panel's nominations, each annotated with the member's own `conflict_status`,
    `assignment_id`, `assignment_declined_at` (None when not assigned), and given
    `conflict_blocks`, `assignment_status` (assigned, declined, not assigned, conflict)
    and `can_decline` (assigned, not yet submitted, while assignments may change). A
    nomination the member is a party to reads as a "party" conflict. A slice reads its
    nominations in one query, after the count and the party rule's two, read once."""

    def __init__(self, member: PanelMember) -> None:
        self.member = member
        self.seen = Nomination.objects.filter(
            cycle_id=member.panel.cycle_id, state__in=rules.PANEL_NOMINATION_STATES
        )
        self._parties: frozenset[int] | None = None

    def total(self) -> int:
        return self.seen.count()

    def read(self, start: int, stop: int) -> list[Nomination]:
        member = self.member
        own_conflict = Conflict.objects.filter(nomination=OuterRef("pk"), member=member)
        own_assignment = Assignment.objects.filter(nomination=OuterRef("pk"), member=member)
        nominations = list(
            self.seen.select_related("nominee")
            .annotate(
                conflict_status=Subquery(own_conflict.values("status")[:1]),
                assignment_id=Subquery(own_assignment.values("pk")[:1]),
                assignment_declined_at=Subquery(own_assignment.values("declined_at")[:1]),
                review_submitted=Exists(
                    Review.objects.filter(
                        nomination=OuterRef("pk"), member=member, state=ReviewState.SUBMITTED
                    )
                ),
            )
            .order_by("sequence", "pk")[start:stop]
        )
        if self._parties is None:
            # A nomination the member is a party to is a blocking conflict before any row
            # says so.
            self._parties = frozenset(party_nomination_ids(member.user, self.seen))
        for nomination in nominations:
            if nomination.pk in self._parties:
                nomination.conflict_status = ConflictStatus.PARTY
            nomination.conflict_blocks = nomination.conflict_status in BLOCKING_STATUSES
            if nomination.assignment_id is None:
                nomination.assignment_status = "not assigned"
            elif nomination.conflict_blocks:
                nomination.assignment_status = "conflict"
            elif nomination.assignment_declined_at is not None:
                nomination.assignment_status = "declined"
            else:
                nomination.assignment_status = "assigned"
            # Once their review is submitted a panelist can no longer decline it.
            nomination.can_decline = (
                nomination.assignment_status == "assigned"
                and not nomination.review_submitted
                and nomination.state in rules.ASSIGNMENT_NOMINATION_STATES
                and member.panel.cycle.state in rules.ASSIGNMENT_CYCLE_STATES
            )
        return nominations


STATUS_ORDER = [
    ConflictStatus.PARTY,
    ConflictStatus.SUGGESTED,
    ConflictStatus.DECLARED,
    ConflictStatus.CONFIRMED,
    ConflictStatus.DISMISSED,
    ConflictStatus.WAIVED,
]


def cycle_conflicts(cycle: Cycle, *, status: str = "") -> QuerySet[Conflict]:
    """The cycle's conflicts (of one status when given), with nomination, nominee,
    panelist and decider joined: one query. Ordered by nomination, then panelist."""
    conflicts = Conflict.objects.filter(nomination__cycle=cycle).select_related(
        "nomination__nominee", "member__user", "decided_by"
    )
    if status:
        conflicts = conflicts.filter(status=status)
    return conflicts.order_by("nomination__sequence", "nomination_id", "member__user__email")


def conflict_status_counts(
    cycle: Cycle, *, leaving_out: Collection[int] = ()
) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, in the page's order, leaving out the
    conflicts of the nominations `leaving_out` names. One query."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    rows = (
        Conflict.objects.filter(nomination__cycle=cycle)
        .exclude(nomination_id__in=list(leaving_out))
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts.update(dict(rows))
    return [(status, ConflictStatus(status).label, counts[status]) for status in STATUS_ORDER]
