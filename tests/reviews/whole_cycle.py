"""A cycle's results computed whole, the reference the pages' paged path is checked against.

`results_for_cycle` hands the stored tallies of every nomination and panelist to
`reviews.domain.scoring.results_from_tallies`, which ranks the whole cycle in Python, and
names the rows as the pages do (`RowMaker`). The pages never read a cycle whole:
`ranked_results` takes its figures from counts and reads a page of rows at a time. Tests
compare the two, and read the hand-computed examples through this one.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from core.snapshot import consistent_reads
from nominations.models import Cycle, Nomination, RubricCriterion
from reviews.domain.scoring import results_from_tallies
from reviews.rules import PANEL_NOMINATION_STATES
from reviews.selectors.figures import stored_tallies
from reviews.selectors.results import (
    NOTHING_HIDDEN,
    CalibrationRow,
    ResultRow,
    RowMaker,
    panelists_of,
    without,
)


@dataclass(frozen=True, slots=True)
class CycleResults:
    rows: tuple[ResultRow, ...]  # rank order, unscored last, withheld after them
    panelists: tuple[CalibrationRow, ...]  # by panelist name
    panel_mean: Decimal | None
    panel_sd: Decimal | None
    scored: int  # N in the percentile formula

    @property
    def withheld(self) -> tuple[ResultRow, ...]:
        return tuple(row for row in self.rows if row.hidden)

    @property
    def counted(self) -> int:
        return len(self.rows) - len(self.withheld)


def results_for_cycle(cycle: Cycle, *, hidden: Mapping[int, str] = NOTHING_HIDDEN) -> CycleResults:
    """Every row of the cycle's results, computed as if the `hidden` nominations were not
    in the cycle, which come last by reference with their reason."""
    with consistent_reads():
        criteria = tuple(RubricCriterion.objects.filter(cycle=cycle).order_by("position", "pk"))
        nominations = {
            nomination.pk: (nomination.reference or "", nomination.nominee.display_name)
            for nomination in Nomination.objects.filter(
                cycle=cycle, state__in=PANEL_NOMINATION_STATES
            ).select_related("nominee")
        }
        tallies = stored_tallies(cycle)
        names, panelist_tallies = panelists_of(cycle)
    if hidden:
        tallies, panelist_tallies = without(tallies, panelist_tallies, hidden)
    counted = [pk for pk in nominations if pk not in hidden]
    results = results_from_tallies(tallies, panelist_tallies, counted)
    maker = RowMaker(criteria, names)
    rows = [maker.row(result, *nominations[result.nomination_id]) for result in results.nominations]
    withheld = sorted(
        (pk for pk in hidden if pk in nominations), key=lambda pk: (nominations[pk][0], pk)
    )
    rows.extend(maker.withheld(pk, *nominations[pk], hidden[pk]) for pk in withheld)
    first = results.panelists[0] if results.panelists else None
    return CycleResults(
        rows=tuple(rows),
        panelists=maker.calibration(results.panelists),
        panel_mean=first.panel_mean if first else None,
        panel_sd=first.panel_sd if first else None,
        scored=results.scored,
    )
