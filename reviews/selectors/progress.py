"""How far a cycle's panel has got, and who has reviews left to do.

An assignment is *live* as `reviews.selectors.live` defines it for the assignment
overview too: its panelist is active and signed, they have not declined it, and no
conflict that blocks assignment (suggested, declared or confirmed) stands between them
and the nomination. Only live assignments are expected to produce a review. A live
assignment is *submitted* (its review is submitted), a *draft* (a review is saved but not
submitted) or *not started*.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)

from core.paging import SlicedRows
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


class NominationProgressRows(SlicedRows):
    """The panel's nominations in reference order (their sequence in the cycle), each
    with its live assignments and submitted reviews; a slice reads its nominations and
    then their assignments: two queries, whatever the size of the cycle."""

    def __init__(self, panel: Panel, nominations: QuerySet[Nomination]) -> None:
        self.panel = panel
        self.nominations = nominations.select_related("nominee").order_by("sequence", "pk")

    def total(self) -> int:
        return self.nominations.count()

    def read(self, start: int, stop: int) -> list[NominationProgress]:
        rows = {
            nomination.pk: NominationProgress(
                nomination, needed=self.panel.reviewers_per_nomination
            )
            for nomination in self.nominations[start:stop]
        }
        counts = (
            _assignments(self.panel)
            .filter(nomination_id__in=list(rows))
            .values("nomination_id")
            .annotate(**_LIVE_COUNTS)
            .values_list("nomination_id", "assigned", "submitted")
        )
        for nomination_id, assigned, submitted in counts:
            rows[nomination_id].assigned = assigned
            rows[nomination_id].submitted = submitted
        return list(rows.values())


@dataclass(frozen=True, slots=True)
class CycleProgress:
    panel: Panel | None
    panelists: tuple[PanelistProgress, ...]  # active seats first, then removed; by name
    nominations: Sequence[NominationProgress]  # in reference order, read as sliced


def _review_state() -> Subquery:
    return Subquery(
        Review.objects.filter(nomination=OuterRef("nomination"), member=OuterRef("member"))
        .order_by()
        .values("state")[:1]
    )


def _assignments(panel: Panel) -> QuerySet[Assignment]:
    """The assignments of the panel's seats to its cycle's panel nominations, each with
    its review's state (`review_state`, None before any: a join through the review's
    unique (nomination, member) index), whether it is live and whether it is declined."""
    return (
        Assignment.objects.filter(
            member__panel=panel,
            nomination__cycle_id=panel.cycle_id,
            nomination__state__in=PANEL_NOMINATION_STATES,
        )
        .order_by()
        .annotate(
            own_review=FilteredRelation(
                "nomination__reviews", condition=Q(nomination__reviews__member=F("member"))
            )
        )
        .annotate(
            review_state=F("own_review__state"),
            live=is_live(),
            declined=ExpressionWrapper(Q(declined_at__isnull=False), output_field=BooleanField()),
        )
    )


_LIVE_COUNTS = {
    "assigned": Count("pk", filter=Q(live=True)),
    "submitted": Count("pk", filter=Q(live=True, review_state=ReviewState.SUBMITTED)),
}


def progress_for_cycle(cycle: Cycle) -> CycleProgress:
    """Per panelist and per nomination counts for the cycle's panel. Three queries (the
    panel, its panelists with their conflicts, their assignments counted in the database),
    and two for each slice of the nominations, which are read as they are taken."""
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
    # Counted in the database by (panelist, live, review state, declined): a few rows per
    # panelist, each condition worked out once per assignment.
    groups = (
        _assignments(panel)
        .values("member_id", "live", "review_state", "declined")
        .annotate(count=Count("pk"))
        .values_list("member_id", "live", "review_state", "declined", "count")
    )
    for member_id, live, review_state, declined, count in groups:
        panelist = by_member[member_id]
        if declined:
            panelist.declined += count
        elif not live:
            continue
        elif review_state == ReviewState.SUBMITTED:
            panelist.submitted += count
        elif review_state == ReviewState.DRAFT:
            panelist.drafts += count
        else:
            panelist.not_started += count
    for panelist in by_member.values():
        panelist.assigned = panelist.submitted + panelist.drafts + panelist.not_started
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
        nominations=NominationProgressRows(
            panel, Nomination.objects.filter(cycle=cycle, state__in=PANEL_NOMINATION_STATES)
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
    "NominationProgressRows",
    "PanelistProgress",
    "ReminderDigest",
    "ReminderItem",
    "progress_for_cycle",
    "reminder_digests",
]
