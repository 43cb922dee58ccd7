"""The panel's review records and stored tallies, as `reviews.domain.scoring` takes them.

`review_records` turns reviews into `ReviewRecord`s in one query: with whether a blocking
conflict stands between the panelist and the nomination, and whether they declined the
assignment, so the domain decides which reviews count. `stored_tallies` and
`stored_panelists` read what `reviews.services.figures` keeps of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q, QuerySet

from nominations.models import Cycle
from reviews.domain.scoring import NominationTally, PanelistTally, ReviewRecord, ReviewStatus
from reviews.models import Assignment, Conflict, NominationFigures, PanelistFigures, Review
from reviews.states import BLOCKING_STATUSES, ReviewState


def review_records(reviews: QuerySet[Review]) -> list[ReviewRecord]:
    """One record per review of `reviews`, its criterion scores keyed by criterion id (every
    criterion scored; the reader keeps those of its rubric). One query."""
    rows = (
        reviews.annotate(
            conflicted=Exists(
                Conflict.objects.filter(
                    nomination=OuterRef("nomination"),
                    member=OuterRef("member"),
                    status__in=BLOCKING_STATUSES,
                )
            ),
            declined=Exists(
                Assignment.objects.filter(
                    nomination=OuterRef("nomination"),
                    member=OuterRef("member"),
                    declined_at__isnull=False,
                )
            ),
        )
        .order_by()
        .values_list(
            "nomination_id",
            "member_id",
            "overall",
            "criterion_scores",
            "state",
            "conflicted",
            "declined",
        )
    )
    records = []
    for nomination_id, member_id, overall, scores, state, conflicted, declined in rows:
        if declined:
            status = ReviewStatus.DECLINED
        elif state == ReviewState.SUBMITTED:
            status = ReviewStatus.SUBMITTED
        else:
            status = ReviewStatus.DRAFT
        records.append(
            ReviewRecord(
                nomination_id=nomination_id,
                panelist_id=member_id,
                overall=overall,
                criteria={
                    int(key): value for key, value in (scores or {}).items() if key.isdigit()
                },
                status=status,
                conflicted=conflicted,
            )
        )
    return records


def stored_tallies(
    cycle: Cycle, *, nominations: Iterable[int] | None = None
) -> dict[int, NominationTally]:
    """The cycle's stored nomination tallies (of `nominations` only, when given). One
    query."""
    rows = NominationFigures.objects.filter(cycle=cycle)
    if nominations is not None:
        rows = rows.filter(nomination_id__in=list(nominations))
    # Plain columns, not model instances: at 10,000 nominations the instances cost more
    # than the arithmetic.
    return {
        row[0]: tally_of(*row)
        for row in rows.order_by().values_list("nomination_id", *TALLY_COLUMNS)
    }


# A stored nomination tally's columns, as `tally_of` takes them after the nomination's id.
TALLY_COLUMNS = ("reviews_counted", "overall_total", "overall_squares", "criteria", "reviews")


def tally_of(
    nomination_id: int, n: int, total: int, squares: int, criteria: list, reviews: list
) -> NominationTally:
    """A nomination's tally from its stored columns (`TALLY_COLUMNS`)."""
    return NominationTally(
        nomination_id=nomination_id,
        n=n,
        total=total,
        squares=squares,
        criteria=tuple(map(tuple, criteria)),
        reviews=tuple(map(tuple, reviews)),
    )


class StoredPanelist(NamedTuple):
    tally: PanelistTally
    full_name: str
    email: str
    removed: bool


def stored_panelists(cycle: Cycle) -> list[StoredPanelist]:
    """The cycle's stored panelist tallies, with each panelist's name, address and whether
    they left the panel: plain tuples, one query."""
    return [
        StoredPanelist(PanelistTally(member_id, n, total, squares), full_name, email, removed)
        for member_id, n, total, squares, full_name, email, removed in (
            PanelistFigures.objects.filter(cycle=cycle)
            .order_by()
            .values_list(
                "member_id",
                "reviews_counted",
                "overall_total",
                "overall_squares",
                "member__user__full_name",
                "member__user__email",
                Q(member__removed_at__isnull=False),
            )
        )
    ]
