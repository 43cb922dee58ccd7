"""Keeping the stored panel figures (`reviews.models.figures`) equal to the reviews.

`panel_figures_refresh` runs inside the transaction of every change that moves them (a
review submitted, a conflict declared, suggested, recorded or decided, an assignment
declined) with the nominations it touched: it recomputes their tallies and those of the
panelists who reviewed them, from the reviews, so the figures are never more than one
transaction behind and never drift. `panel_figures_rebuild` recomputes a whole cycle
(`manage.py rebuild_panel_figures`, and the migration that added them).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from nominations.models import Cycle
from reviews.domain.scoring import (
    NominationTally,
    PanelistTally,
    counted_reviews,
    nomination_score,
    tally_reviews,
)
from reviews.models import NominationFigures, PanelistFigures, Review
from reviews.rules import PANEL_NOMINATION_STATES
from reviews.selectors.figures import review_records


def panel_figures_refresh(*, cycle_id: int, nominations: Iterable[int]) -> None:
    """Recompute the stored tallies of `nominations` (ids, of cycle `cycle_id`) and of
    every panelist with a review of one of them. Call it inside the change's transaction,
    after the change is saved."""
    ids = set(nominations)
    if not ids:
        return
    own = review_records(_panel_reviews(cycle_id).filter(nomination_id__in=ids))
    tallies, _ = tally_reviews(counted_reviews(own, ids))
    members = {record.panelist_id for record in own}
    theirs = review_records(_panel_reviews(cycle_id).filter(member_id__in=members))
    _, panelists = tally_reviews(
        counted_reviews(theirs, {record.nomination_id for record in theirs})
    )
    with transaction.atomic():
        NominationFigures.objects.filter(nomination_id__in=ids - tallies.keys()).delete()
        PanelistFigures.objects.filter(member_id__in=members - panelists.keys()).delete()
        _store(cycle_id, tallies.values(), panelists.values())


def panel_figures_rebuild(cycle: Cycle) -> tuple[int, int]:
    """Recompute every stored tally of `cycle` from its reviews; (nominations, panelists)
    stored."""
    records = review_records(_panel_reviews(cycle.pk))
    tallies, panelists = tally_reviews(
        counted_reviews(records, {record.nomination_id for record in records})
    )
    with transaction.atomic():
        NominationFigures.objects.filter(cycle=cycle).delete()
        PanelistFigures.objects.filter(cycle=cycle).delete()
        _store(cycle.pk, tallies.values(), panelists.values())
    return len(tallies), len(panelists)


def _panel_reviews(cycle_id: int):
    return Review.objects.filter(
        nomination__cycle_id=cycle_id, nomination__state__in=PANEL_NOMINATION_STATES
    )


def _store(
    cycle_id: int, tallies: Iterable[NominationTally], panelists: Iterable[PanelistTally]
) -> None:
    rows = []
    for tally in tallies:
        score, sd = nomination_score(tally)
        rows.append(
            NominationFigures(
                nomination_id=tally.nomination_id,
                cycle_id=cycle_id,
                reviews_counted=tally.n,
                overall_total=tally.total,
                overall_squares=tally.squares,
                score=score,
                sd=sd,
                criteria=[list(entry) for entry in tally.criteria],
                reviews=[list(entry) for entry in tally.reviews],
            )
        )
    NominationFigures.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["nomination"],
        update_fields=[
            "reviews_counted",
            "overall_total",
            "overall_squares",
            "score",
            "sd",
            "criteria",
            "reviews",
        ],
    )
    PanelistFigures.objects.bulk_create(
        [
            PanelistFigures(
                member_id=tally.panelist_id,
                cycle_id=cycle_id,
                reviews_counted=tally.n,
                overall_total=tally.total,
                overall_squares=tally.squares,
            )
            for tally in panelists
        ],
        batch_size=500,
        update_conflicts=True,
        unique_fields=["member"],
        update_fields=["reviews_counted", "overall_total", "overall_squares"],
    )
