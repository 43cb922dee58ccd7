"""Reads for the panelist's dashboard, and the next nomination to score after one."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import CharField, Exists, OuterRef, Subquery
from django.db.models.functions import Cast

from core.models import AuditEvent
from nominations.models import Cycle, Nomination
from nominations.states import CycleState
from reviews import rules
from reviews.models import Assignment, Conflict, PanelMember, Review
from reviews.states import BLOCKING_STATUSES, ReviewState

# The order of a seat's assignments on the home page, which "Submit and go to next"
# follows too.
ASSIGNMENT_ORDER = ("nomination__reference", "nomination_id")

# Panel review is over in these cycle states (the panel scored while the cycle was in review).
REVIEW_CLOSED_CYCLE_STATES = frozenset(
    {CycleState.SELECTION, CycleState.ANNOUNCED, CycleState.ARCHIVED}
)

# A row's status: the review's own state once there is a review, unless a conflict or a
# decline comes first.
NOT_STARTED, DRAFT, SUBMITTED, DECLINED, CONFLICT = (
    "not_started",
    ReviewState.DRAFT,
    ReviewState.SUBMITTED,
    "declined",
    "conflict",
)
STATUS_LABELS = {
    NOT_STARTED: "Not started",
    DRAFT: "Draft",
    SUBMITTED: "Submitted",
    DECLINED: "Declined",
    CONFLICT: "Conflict",
}


@dataclass
class AssignmentRow:
    """One assigned nomination and where the panelist is with it."""

    assignment: Assignment
    status: str
    cycle_state: str = rules.SCORING_CYCLE_STATE

    @property
    def nomination(self):
        return self.assignment.nomination

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def can_open(self) -> bool:
        """Whether the scoring page would open for the panelist, as far as the row tells
        (`rules.can_open_nomination` on a signed seat): not while a conflict stands, and
        only while the panel sees its cycle's nominations (until the announcement). The
        home page links only to what opens."""
        return (
            self.status != CONFLICT
            and self.cycle_state in rules.PANEL_CYCLE_STATES
            and self.nomination.state in rules.PANEL_NOMINATION_STATES
        )


@dataclass
class SeatWork:
    """A seat and, once its attestation is signed, its assignments and progress.

    An unsigned seat carries no rows: its panelist sees only the prompt to sign.
    """

    member: PanelMember
    rows: list[AssignmentRow] = field(default_factory=list)
    sees_results: bool = False  # `rules.can_view_results`: a signed chair's seat
    # When staff sent the slate for selection, which ended the panel's scoring.
    review_closed_at: datetime | None = None

    @property
    def signed(self) -> bool:
        return self.member.attested_at is not None

    @property
    def review_closed(self) -> bool:
        """Panel review is over: the cycle is in selection, announced or archived."""
        return self.member.panel.cycle.state in REVIEW_CLOSED_CYCLE_STATES

    @property
    def sees_nominations(self) -> bool:
        """Whether the panel's nominations are open to the panel (`rules.PANEL_CYCLE_STATES`,
        which the panel's nominations list and the scoring page both require)."""
        return self.member.panel.cycle.state in rules.PANEL_CYCLE_STATES

    @property
    def conflicts_may_change(self) -> bool:
        return rules.conflicts_may_change(self.member.panel.cycle)

    @property
    def to_review(self) -> int:
        """Assignments that count: not declined and not blocked by a conflict."""
        return sum(1 for row in self.rows if row.status not in {DECLINED, CONFLICT})

    @property
    def submitted(self) -> int:
        return sum(1 for row in self.rows if row.status == SUBMITTED)


def assignment_status(*, declined: bool, conflicted: bool, review_state: str | None) -> str:
    """A conflict trumps everything, then a decline, then the review's own state."""
    if conflicted:
        return CONFLICT
    if declined:
        return DECLINED
    if review_state == ReviewState.SUBMITTED:
        return SUBMITTED
    if review_state == ReviewState.DRAFT:
        return DRAFT
    return NOT_STARTED


# The seat's cycle's latest "Send the slate for selection", the move out of panel review
# (an audit event: the cycle keeps no date of its own for it).
_review_closed_at = AuditEvent.objects.filter(
    action=f"{Cycle._meta.model_name}.start_selection",
    outcome="done",
    object_type=Cycle._meta.label_lower,
    object_id=Cast(OuterRef("panel__cycle_id"), output_field=CharField()),
).order_by("-pk")


def panel_seats_for(*, user) -> list[SeatWork]:
    """The user's current seats (not removed), newest cycle first, each with its
    assignments (signed seats only) and their status.

    Two queries whatever the number of seats and assignments: the seats with cycle and
    program and, as a subquery, when their cycle's panel review closed; then the signed
    seats' assignments with nomination and nominee, the panelist's review state and
    whether a blocking conflict stands, as subqueries. A signed chair's seat asks
    `rules.can_view_results` too (for the links to the results and calibration), which
    reads the seat again: one more query per such seat.
    """
    members = list(
        PanelMember.objects.filter(user=user, removed_at__isnull=True)
        .select_related("panel__cycle__program")
        .annotate(review_closed_at=Subquery(_review_closed_at.values("created_at")[:1]))
        .order_by("-panel__cycle__award_year", "pk")
    )
    work = {
        member.pk: SeatWork(
            member=member,
            sees_results=bool(member.is_chair and member.attested_at)
            and rules.can_view_results(user, member.panel.cycle),
            review_closed_at=member.review_closed_at,
        )
        for member in members
    }
    signed = [member.pk for member in members if member.attested_at]
    if signed:
        pair = {"member": OuterRef("member"), "nomination": OuterRef("nomination")}
        assignments = (
            Assignment.objects.filter(member_id__in=signed)
            .select_related("nomination__nominee")
            .annotate(
                review_state=Subquery(Review.objects.filter(**pair).values("state")[:1]),
                conflicted=Exists(Conflict.objects.filter(**pair, status__in=BLOCKING_STATUSES)),
            )
            .order_by(*ASSIGNMENT_ORDER)
        )
        for assignment in assignments:
            status = assignment_status(
                declined=assignment.declined_at is not None,
                conflicted=assignment.conflicted,
                review_state=assignment.review_state,
            )
            seat = work[assignment.member_id]
            seat.rows.append(AssignmentRow(assignment, status, seat.member.panel.cycle.state))
    return list(work.values())


def next_nomination_to_score(*, user, member: PanelMember, after: Nomination) -> Nomination | None:
    """The next nomination assigned to `member` (a seat of `user`) that still needs
    their review, in the home page's order: the first after `after`, else the first
    before it (one skipped earlier); None when every one is done.

    Still needs a review: the assignment not declined, no blocking conflict, no submitted
    review (a draft still counts), and the nomination open for scoring (it in review, its
    cycle in panel review). Each candidate is checked with `rules.can_score` as well,
    which also turns away one the panelist has become a party to, so the page it leads to
    opens for scoring; usually the first candidate passes.
    """
    pair = {"member": OuterRef("member"), "nomination": OuterRef("nomination")}
    open_assignments = (
        Assignment.objects.filter(
            member=member,
            declined_at__isnull=True,
            nomination__state=rules.SCORING_NOMINATION_STATE,
            nomination__cycle__state=rules.SCORING_CYCLE_STATE,
        )
        .exclude(nomination=after)
        .exclude(Exists(Conflict.objects.filter(**pair, status__in=BLOCKING_STATUSES)))
        .exclude(Exists(Review.objects.filter(**pair, state=ReviewState.SUBMITTED)))
        .select_related("nomination__cycle")
        .order_by(*ASSIGNMENT_ORDER)
    )
    candidates = [assignment.nomination for assignment in open_assignments]
    here = (after.reference or "", after.pk)
    later = [n for n in candidates if (n.reference or "", n.pk) > here]
    earlier = [n for n in candidates if (n.reference or "", n.pk) < here]
    for nomination in later + earlier:
        if rules.can_score(user, nomination, seat=member):
            return nomination
    return None


__all__ = [
    "ASSIGNMENT_ORDER",
    "REVIEW_CLOSED_CYCLE_STATES",
    "STATUS_LABELS",
    "AssignmentRow",
    "SeatWork",
    "assignment_status",
    "next_nomination_to_score",
    "panel_seats_for",
]
