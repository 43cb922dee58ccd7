"""Reads for assignment: the inputs of a balanced plan (and its digest), and the staff
overview of who reviews what, each panelist's load and each nomination's gap.

Who counts. The planner places only active panelists who have signed the attestation:
until they sign, panelists have not seen the nominations and so have not had the
chance to declare their conflicts, and `start_review` needs signed panelists anyway.
An assignment is *live*, and counts toward k and toward its panelist's load, as
`reviews.selectors.live` defines it (the progress page uses the same definition): its
panelist is active and signed, it is not declined, and the pair has no conflict that
blocks assignment (suggested, declared or confirmed). Live pairs are kept by the
planner; declined pairs and unassignable conflicts are passed to it as conflicts, so it
never proposes them.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.paging import SlicedRows
from nominations.models import Cycle, Nomination
from nominations.selectors.parties import parties_among, party_nomination_ids
from reviews import rules
from reviews.domain.assignments import AssignmentPlan, plan_balanced_assignment
from reviews.models import Assignment, Conflict, Panel, PanelMember, Review
from reviews.selectors.live import is_live
from reviews.states import UNASSIGNABLE_STATUSES, ConflictStatus, ReviewState

type Pair = tuple[int, int]


@dataclass(frozen=True)
class PlanInputs:
    nominations: tuple[int, ...]
    panelists: tuple[int, ...]
    conflicts: tuple[Pair, ...]
    keep: tuple[Pair, ...]
    k: int
    cap: int | None

    @property
    def digest(self) -> str:
        """A hash of every input: a commit whose inputs hash differently is stale."""
        payload = json.dumps(
            [self.nominations, self.panelists, self.conflicts, self.keep, self.k, self.cap]
        )
        return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class PlanPreview:
    inputs: PlanInputs
    plan: AssignmentPlan
    nominations: dict[int, Nomination]
    members: dict[int, PanelMember]

    @property
    def digest(self) -> str:
        return self.inputs.digest

    @property
    def new_rows(self) -> list[tuple[Nomination, PanelMember]]:
        return [(self.nominations[n], self.members[m]) for n, m in self.plan.new_pairs]

    @property
    def load_rows(self) -> list[tuple[PanelMember, int, int]]:
        """(member, load after the plan, new assignments in it), in the plan's order."""
        added = defaultdict(int)
        for _, m in self.plan.new_pairs:
            added[m] += 1
        return [(self.members[m], load, added[m]) for m, load in self.plan.loads]


def nomination_label(nomination: Nomination) -> str:
    return f"{nomination.reference or f'Nomination {nomination.pk}'} ({nomination.nominee})"


def plan_preview(cycle: Cycle, *, k: int, cap: int | None) -> PlanPreview:
    """The balanced plan for the cycle as the data stands now. Six queries."""
    nominations = {
        n.pk: n
        for n in Nomination.objects.filter(
            cycle=cycle, state__in=rules.ASSIGNMENT_NOMINATION_STATES
        ).select_related("nominee")
    }
    members = {
        m.pk: m
        for m in PanelMember.objects.filter(
            panel__cycle=cycle, removed_at__isnull=True, attested_at__isnull=False
        ).select_related("user")
    }
    blocked = set(
        Conflict.objects.filter(
            nomination__in=list(nominations), status__in=UNASSIGNABLE_STATUSES
        ).values_list("nomination_id", "member_id")
    )
    # A party is never assigned, even before a conflict records it.
    member_of_user = {m.user_id: pk for pk, m in members.items()}
    blocked |= {
        (nomination_id, member_of_user[user_id])
        for user_id, nomination_id in parties_among(
            users=[m.user for m in members.values()], nominations=nominations.values()
        )
    }
    conflicts, keep = set(blocked), set()
    for pair, declined in (
        ((n, m), declined_at is not None)
        for n, m, declined_at in Assignment.objects.filter(
            nomination__in=list(nominations), member__in=list(members)
        ).values_list("nomination_id", "member_id", "declined_at")
    ):
        if declined:
            conflicts.add(pair)
        elif pair not in blocked:
            keep.add(pair)
    inputs = PlanInputs(
        nominations=tuple(sorted(nominations)),
        panelists=tuple(sorted(members)),
        conflicts=tuple(sorted(conflicts)),
        keep=tuple(sorted(keep)),
        k=k,
        cap=cap,
    )
    plan = plan_balanced_assignment(
        nominations=inputs.nominations,
        panelists=inputs.panelists,
        conflicts=inputs.conflicts,
        keep=inputs.keep,
        k=k,
        cap=cap,
        labels={pk: nomination_label(n) for pk, n in nominations.items()},
    )
    return PlanPreview(inputs=inputs, plan=plan, nominations=nominations, members=members)


# -- the overview ---------------------------------------------------------------------------


@dataclass
class AssignmentCell:
    assignment: Assignment
    status: str
    """live, declined, conflict (blocking), suggested, unsigned or removed."""
    label: str


@dataclass
class NominationRow:
    nomination: Nomination
    withheld: bool = False
    """The viewer is a party to the nomination: its assignments are not shown to them."""
    cells: list[AssignmentCell] = field(default_factory=list)
    live: int = 0
    gap: int = 0
    eligible: list[tuple[PanelMember, int]] = field(default_factory=list)
    """Panelists who could fill the gap, lowest load first: (member, load)."""


@dataclass
class AssignmentOverview:
    panel: Panel
    rows: AssignmentRows  # the nominations shown, in reference order, read as sliced
    loads: list[tuple[PanelMember, int]]
    k: int
    short_count: int  # nominations short of k (those withheld from the viewer left out)
    gap_total: int  # reviewers missing in all

    def position_of(self, nomination_pk: int) -> int | None:
        """Where a nomination comes among the rows shown (None when it is not one)."""
        return self.rows.position_of(nomination_pk)


CELL_LABELS = {
    "live": "Assigned",
    "declined": "Declined",
    "conflict": "Conflict",
    "suggested": "Possible conflict: decide it",
    "unsigned": "Not signed yet",
    "removed": "Removed from the panel",
}


def assignment_overview(panel: Panel, *, viewer, short_only: bool = False) -> AssignmentOverview:
    """Per nomination cleared or in review (or only those short of the panel's k): its
    assignments with their status, how many are live, how far it is short, and who could
    fill the gap (never a party to it); per active panelist, their live load. A
    nomination the viewer is a party to is listed without its assignments (`withheld`).

    Five queries for the summary, whatever the size of the panel: the panelists, the
    party rule's two, the live assignments counted per panelist, and the nominations
    short of k with their live counts; the rows are read as they are sliced (see
    `AssignmentRows`)."""
    cycle = panel.cycle
    k = panel.reviewers_per_nomination
    assignable = Nomination.objects.filter(
        cycle=cycle, state__in=rules.ASSIGNMENT_NOMINATION_STATES
    )
    members = list(PanelMember.objects.filter(panel=panel).select_related("user"))
    withheld = party_nomination_ids(viewer, assignable)
    live = Assignment.objects.order_by().alias(live=is_live()).filter(live=True)
    load = Counter(
        dict(
            live.filter(nomination__in=assignable)
            .values("member_id")
            .annotate(n=Count("pk"))
            .values_list("member_id", "n")
        )
    )
    # Only the nominations short of k come back, each with its live count.
    live_count = (
        live.filter(nomination=OuterRef("pk"))
        .values("nomination")
        .annotate(n=Count("pk"))
        .values("n")
    )
    short = {
        pk: k - count
        for pk, count in assignable.exclude(pk__in=withheld)
        .annotate(live_count=Coalesce(Subquery(live_count), 0))
        .filter(live_count__lt=k)
        .values_list("pk", "live_count")
    }
    loads = sorted(
        ((m, load[m.pk]) for m in members if m.removed_at is None),
        key=lambda pair: (pair[0].user.email,),
    )
    shown = assignable.filter(pk__in=list(short)) if short_only else assignable
    return AssignmentOverview(
        panel=panel,
        rows=AssignmentRows(panel, shown, members=members, load=load, withheld=withheld),
        loads=loads,
        k=k,
        short_count=len(short),
        gap_total=sum(short.values()),
    )


class AssignmentRows(SlicedRows):
    """The overview's rows for the given nominations in reference order (their sequence in
    the cycle); a slice reads its ids (walking the (cycle, sequence, state) index), its
    nominations, their conflicts, their assignments and which panelists are parties to
    them, whatever its length."""

    def __init__(
        self,
        panel: Panel,
        nominations: QuerySet[Nomination],
        *,
        members: list[PanelMember],
        load: Mapping[int, int],
        withheld: Collection[int],
    ) -> None:
        self.panel = panel
        self.nominations = nominations.order_by("sequence", "pk")
        self.members = {m.pk: m for m in members}
        self.candidates = [m for m in members if m.removed_at is None and m.attested_at is not None]
        self.load = load
        self.withheld = withheld

    def total(self) -> int:
        return self.nominations.count()

    def position_of(self, nomination_pk: int) -> int | None:
        """Where a nomination comes among the rows (None when it is not one). Two queries."""
        found = self.nominations.filter(pk=nomination_pk).values_list("sequence", flat=True)
        if not found:
            return None
        sequence = found[0]
        if sequence is None:  # never submitted, so never cleared for the panel
            return None
        before = Q(sequence__lt=sequence) | Q(sequence=sequence, pk__lt=nomination_pk)
        return self.nominations.filter(before).count()

    def read(self, start: int, stop: int) -> list[NominationRow]:
        ids = list(self.nominations.values_list("pk", flat=True)[start:stop])
        found = Nomination.objects.select_related("nominee").in_bulk(ids)
        nominations = [found[pk] for pk in ids]
        conflicts = {
            (n, m): status
            for n, m, status in Conflict.objects.filter(nomination__in=ids).values_list(
                "nomination_id", "member_id", "status"
            )
        }
        assignments = (
            Assignment.objects.filter(nomination__in=ids)
            .annotate(
                live=is_live(),
                # A pair with a submitted review cannot be removed: the overview says so.
                review_submitted=Exists(
                    Review.objects.filter(
                        nomination=OuterRef("nomination"),
                        member=OuterRef("member"),
                        state=ReviewState.SUBMITTED,
                    )
                ),
            )
            .order_by("member__user__email", "pk")
        )
        by_nomination: dict[int, list[Assignment]] = defaultdict(list)
        for assignment in assignments:
            assignment.member = self.members[assignment.member_id]
            by_nomination[assignment.nomination_id].append(assignment)
        parties = parties_among(users=[m.user for m in self.candidates], nominations=nominations)
        k = self.panel.reviewers_per_nomination
        rows = []
        for nomination in nominations:
            row = NominationRow(nomination=nomination)
            rows.append(row)
            if nomination.pk in self.withheld:
                row.withheld = True
                continue
            for assignment in by_nomination[nomination.pk]:
                status = cell_status(
                    assignment, conflicts.get((nomination.pk, assignment.member_id))
                )
                row.cells.append(AssignmentCell(assignment, status, CELL_LABELS[status]))
                row.live += status == "live"
            row.gap = max(0, k - row.live)
            if row.gap:
                taken = {a.member_id for a in by_nomination[nomination.pk]}
                row.eligible = sorted(
                    (
                        (m, self.load[m.pk])
                        for m in self.candidates
                        if m.pk not in taken
                        and conflicts.get((nomination.pk, m.pk)) not in UNASSIGNABLE_STATUSES
                        and (m.user_id, nomination.pk) not in parties
                    ),
                    key=lambda pair: (pair[1], pair[0].user.email),
                )
        return rows


def cell_status(assignment: Assignment, conflict_status: str | None) -> str:
    """ "live" when the assignment is annotated live (`reviews.selectors.live`, the one
    definition), otherwise why not, in the words of `CELL_LABELS`."""
    if assignment.live:
        return "live"
    member = assignment.member
    if member.removed_at is not None:
        return "removed"
    if assignment.declined_at is not None:
        return "declined"
    if conflict_status == ConflictStatus.SUGGESTED:
        return "suggested"
    if member.attested_at is None:
        return "unsigned"
    return "conflict"
