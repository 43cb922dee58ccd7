"""Panel results arithmetic: pure functions over plain records, no database.

A selector builds one ``ReviewRecord`` per review from a single query and calls
``panel_results``; the results page, its CSV export, calibration and the slate show its
output. Scores are on the scale of ``reviews.domain.scale`` (the NIH's 1 to 9, lower is better).

A review *counts* when it is submitted, its panelist is not conflicted, and it was not
declined. Drafts never count. Everything below is computed from counted reviews only.

Rounding: every rounded figure uses ``ROUND_HALF_UP`` on ``Decimal`` (half away from
zero), never Python's ``round`` (banker's rounding turns 22.5 into 22). Overall scores and
per-criterion means are quotients of integers, computed with 28 significant digits, so a
true half (22.5, 2.125) is represented exactly and a value that is not a half cannot be
rounded onto one; the result is the exact half-up rounding. Variances are kept as exact
fractions, so the disagreement flag has no floating-point edge.

Choices (see docs/workflow.md, "Panel scoring (formulas)"):
- Standard deviations are *sample* SDs (n - 1): a panel's scores are a sample of the
  opinions it could have produced, and a panelist's scores a sample of their judgement.
- Disagreement: SD >= 2.0 by default (two descriptor steps on the 1-9 scale, a quarter of
  its 8-point span; the NIH has no official threshold, so it is a parameter) or a range
  (max - min) of 4 or more.
- Rank: competition ranking on the whole-number overall score (20, 30, 30, 40 ranks
  1, 2, 2, 4); nominations without counted reviews are unscored, have no rank or
  percentile and come last.
- Percentile: ceil(100 x (r - 0.5) / N) with r the average of the ranks a tie occupies
  and N the number of scored nominations, clamped to 1-99 (NIH practice).
- z-score of a review: (score - panelist's mean) / panelist's sample SD over all their
  counted scores in the cycle; None when the panelist has fewer than 2 counted scores or
  an SD of 0. A nomination's mean z is the mean of its reviews' z that are not None.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal
from enum import StrEnum
from fractions import Fraction
from functools import reduce

from reviews.domain.scale import SCORE_MAX, SCORE_MIN, is_score

DEFAULT_DISAGREEMENT_SD = Decimal("2.0")
DEFAULT_DISAGREEMENT_RANGE = 4

_CONTEXT = Context(prec=28, rounding=ROUND_HALF_UP)


class ReviewStatus(StrEnum):
    SUBMITTED = "submitted"
    DRAFT = "draft"
    DECLINED = "declined"


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One panelist's review of one nomination, as read from the database."""

    nomination_id: int
    panelist_id: int
    overall: int | None
    criteria: Mapping[int, int] = field(default_factory=dict)
    status: ReviewStatus = ReviewStatus.SUBMITTED
    conflicted: bool = False

    @property
    def counts(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED and not self.conflicted


@dataclass(frozen=True, slots=True)
class CriterionMean:
    criterion_id: int
    mean: Decimal  # 2 decimals, half-up
    reviews: int


@dataclass(frozen=True, slots=True)
class ReviewScore:
    """A counted review's raw overall score beside its panelist-normalized z."""

    panelist_id: int
    overall: int
    z: Decimal | None  # 2 decimals, half away from zero


@dataclass(frozen=True, slots=True)
class NominationResult:
    nomination_id: int
    reviews_counted: int
    score: int | None  # mean overall x 10, whole number, 10-90; None when unscored
    criteria: tuple[CriterionMean, ...]  # by criterion id
    sd: Decimal | None  # sample SD of overall scores, 2 decimals; None below 2 reviews
    score_range: int | None  # max - min of overall scores; None when unscored
    disagreement: bool
    mean_z: Decimal | None
    rank: int | None
    percentile: int | None
    reviews: tuple[ReviewScore, ...]  # by panelist id


@dataclass(frozen=True, slots=True)
class PanelistCalibration:
    """A panelist's counted overall scores against the whole panel's."""

    panelist_id: int
    reviews_counted: int
    mean: Decimal  # 2 decimals
    sd: Decimal | None  # sample SD, 2 decimals; None below 2 reviews
    panel_mean: Decimal
    panel_sd: Decimal | None
    offset: Decimal  # mean - panel mean, 2 decimals; negative scores more favourably


@dataclass(frozen=True, slots=True)
class PanelResults:
    nominations: tuple[NominationResult, ...]  # rank order, unscored last
    panelists: tuple[PanelistCalibration, ...]  # by panelist id, counted reviews only
    scored: int  # N in the percentile formula


class _Tally:
    """Running count, sum and sum of squares: mean and variance without a second scan."""

    __slots__ = ("n", "total", "squares")

    def __init__(self) -> None:
        self.n = 0
        self.total = 0
        self.squares = 0

    def add(self, value: int) -> None:
        self.n += 1
        self.total += value
        self.squares += value * value

    def mean(self) -> Fraction:
        return Fraction(self.total, self.n)

    def variance(self) -> Fraction | None:
        if self.n < 2:
            return None
        return Fraction(self.n * self.squares - self.total * self.total, self.n * (self.n - 1))


def round_half_up(value: Fraction | Decimal, places: int = 0) -> Decimal:
    """Round to ``places`` decimals, halves away from zero, whatever the caller's context."""
    exact = _decimal(value) if isinstance(value, Fraction) else value
    return exact.quantize(Decimal(f"1e{-places}"), context=_CONTEXT)


def _decimal(value: Fraction) -> Decimal:
    return _CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))


def _sqrt(value: Fraction) -> Decimal:
    return _CONTEXT.sqrt(_decimal(value))


def _mean(values: list[Decimal]) -> Decimal:
    # Our context, not the caller's thread-local one, so results never depend on it.
    return _CONTEXT.divide(reduce(_CONTEXT.add, values), Decimal(len(values)))


def _sd(tally: _Tally) -> Decimal | None:
    variance = tally.variance()
    return None if variance is None else round_half_up(_sqrt(variance), 2)


def _check_score(value: object, what: str) -> int:
    """A stored score, checked; a record that breaks the scale is a bug, so ValueError."""
    if is_score(value):
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be a whole number, got {value!r}")
    raise ValueError(f"{what} must be between {SCORE_MIN} and {SCORE_MAX}, got {value}")


def panel_results(
    reviews: Iterable[ReviewRecord],
    nomination_ids: Iterable[int],
    *,
    disagreement_sd: Decimal = DEFAULT_DISAGREEMENT_SD,
    disagreement_range: int = DEFAULT_DISAGREEMENT_RANGE,
) -> PanelResults:
    """Score, rank and calibrate one cycle's panel from its review records.

    Raises ``ValueError`` for a record outside ``nomination_ids``, an unknown status, a
    counted review without a valid 1-9 overall or criterion score, or two counted reviews
    by one panelist of one nomination. O(n log n) in the number of records.
    """
    cycle = frozenset(nomination_ids)
    counted: list[tuple[ReviewRecord, int]] = []  # with its checked overall score
    seen: set[tuple[int, int]] = set()
    for record in reviews:
        if record.nomination_id not in cycle:
            raise ValueError(f"review of nomination {record.nomination_id} is not in the cycle")
        ReviewStatus(record.status)  # unknown statuses are refused, not ignored
        if not record.counts:
            continue
        key = (record.nomination_id, record.panelist_id)
        if key in seen:
            raise ValueError(f"panelist {key[1]} has two counted reviews of nomination {key[0]}")
        seen.add(key)
        overall = _check_score(record.overall, f"overall score of review {key}")
        for criterion_id, value in record.criteria.items():
            _check_score(value, f"criterion {criterion_id} score of review {key}")
        counted.append((record, overall))
    # A canonical order makes the Decimal sums of z-scores independent of input order.
    counted.sort(key=lambda pair: (pair[0].nomination_id, pair[0].panelist_id))

    panel = _Tally()
    by_panelist: defaultdict[int, _Tally] = defaultdict(_Tally)
    by_nomination: defaultdict[int, _Tally] = defaultdict(_Tally)
    by_criterion: defaultdict[int, defaultdict[int, _Tally]] = defaultdict(
        lambda: defaultdict(_Tally)
    )
    for record, overall in counted:
        panel.add(overall)
        by_panelist[record.panelist_id].add(overall)
        by_nomination[record.nomination_id].add(overall)
        criteria = by_criterion[record.nomination_id]
        for criterion_id, value in record.criteria.items():
            criteria[criterion_id].add(value)

    # A panelist's scores are whole numbers 1-9, so each (panelist, score) has one z: it is
    # computed once, with the panelist's exact mean and SD (no z when the variance is 0 or
    # undefined, n < 2), and shared by every review that gave it.
    z_of: dict[tuple[int, int], tuple[Decimal, Decimal] | None] = {}
    reviews_of: dict[int, list[ReviewScore]] = {}
    z_values: dict[int, list[Decimal]] = {}
    for record, overall in counted:
        key = (record.panelist_id, overall)
        if key not in z_of:
            tally = by_panelist[record.panelist_id]
            variance = tally.variance()
            z_of[key] = None
            if variance:
                z = _CONTEXT.divide(_decimal(overall - tally.mean()), _sqrt(variance))
                z_of[key] = (z, round_half_up(z, 2))
        z_pair = z_of[key]
        if z_pair is not None:
            z_values.setdefault(record.nomination_id, []).append(z_pair[0])
        reviews_of.setdefault(record.nomination_id, []).append(
            ReviewScore(
                panelist_id=record.panelist_id,
                overall=overall,
                z=None if z_pair is None else z_pair[1],
            )
        )

    figures = _TallyFigures(Fraction(disagreement_sd) ** 2)
    scores = {nid: figures.score(t) for nid, t in by_nomination.items()}
    ranks, percentiles = _rank(scores)
    results: list[NominationResult] = []
    for nid in sorted(cycle, key=lambda n: (n not in scores, scores.get(n, 0), n)):
        tally = by_nomination.get(nid)
        sd, sd_disagrees = figures.spread(tally) if tally else (None, False)
        nomination_reviews = reviews_of.get(nid, [])
        overalls = [r.overall for r in nomination_reviews]
        score_range = max(overalls) - min(overalls) if overalls else None
        zs = z_values.get(nid)
        results.append(
            NominationResult(
                nomination_id=nid,
                reviews_counted=tally.n if tally else 0,
                score=scores.get(nid),
                criteria=tuple(
                    CriterionMean(cid, figures.mean(t), t.n)
                    for cid, t in sorted(by_criterion.get(nid, {}).items())
                ),
                sd=sd,
                score_range=score_range,
                disagreement=sd_disagrees
                or (score_range is not None and score_range >= disagreement_range),
                mean_z=round_half_up(_mean(zs), 2) if zs else None,
                rank=ranks.get(nid),
                percentile=percentiles.get(nid),
                reviews=tuple(nomination_reviews),  # canonical order: by panelist id
            )
        )

    if not panel.n:
        return PanelResults(nominations=tuple(results), panelists=(), scored=0)
    panel_mean = round_half_up(panel.mean(), 2)
    panel_sd = _sd(panel)
    calibration = tuple(
        PanelistCalibration(
            panelist_id=pid,
            reviews_counted=t.n,
            mean=round_half_up(t.mean(), 2),
            sd=_sd(t),
            panel_mean=panel_mean,
            panel_sd=panel_sd,
            offset=round_half_up(t.mean() - panel.mean(), 2),
        )
        for pid, t in sorted(by_panelist.items())
    )
    return PanelResults(nominations=tuple(results), panelists=calibration, scored=len(scores))


class _TallyFigures:
    """A tally's rounded figures, computed once per distinct (n, total, squares).

    At 10,000 nominations of three 1-9 scores most tallies repeat, and exact Fraction and
    Decimal arithmetic is the slow part; each figure is the same expression as before,
    evaluated once and looked up after.
    """

    __slots__ = ("threshold", "scores", "means", "spreads")

    def __init__(self, threshold: Fraction) -> None:
        self.threshold = threshold  # the disagreement SD, squared
        self.scores: dict[tuple[int, int], int] = {}
        self.means: dict[tuple[int, int], Decimal] = {}
        self.spreads: dict[tuple[int, int, int], tuple[Decimal | None, bool]] = {}

    def score(self, tally: _Tally) -> int:
        """Mean x 10, a whole number."""
        key = (tally.n, tally.total)
        if key not in self.scores:
            self.scores[key] = int(round_half_up(tally.mean() * 10))
        return self.scores[key]

    def mean(self, tally: _Tally) -> Decimal:
        """Mean, 2 decimals."""
        key = (tally.n, tally.total)
        if key not in self.means:
            self.means[key] = round_half_up(tally.mean(), 2)
        return self.means[key]

    def spread(self, tally: _Tally) -> tuple[Decimal | None, bool]:
        """(sample SD, 2 decimals, or None below 2; whether the exact SD reaches the
        disagreement threshold)."""
        key = (tally.n, tally.total, tally.squares)
        if key not in self.spreads:
            variance = tally.variance()
            self.spreads[key] = (
                _sd(tally),
                variance is not None and variance >= self.threshold,
            )
        return self.spreads[key]


def _rank(scores: dict[int, int]) -> tuple[dict[int, int], dict[int, int]]:
    """Competition ranks and NIH percentiles (ties share their average rank, ceil, 1-99)."""
    # Tied nominations share their rank and percentile, so their order does not matter.
    ordered = sorted(scores.items(), key=lambda item: item[1])
    total = len(ordered)
    ranks: dict[int, int] = {}
    percentiles: dict[int, int] = {}
    start = 0
    while start < total:
        end = start
        while end < total and ordered[end][1] == ordered[start][1]:
            end += 1
        # Positions start+1 .. end share the tie; their average rank is (start+1+end)/2.
        average_rank = Fraction(start + 1 + end, 2)
        # At least 1 (the average rank is at least 1), at most 99 once capped.
        percentile = math.ceil(100 * (average_rank - Fraction(1, 2)) / total)
        for nid, _ in ordered[start:end]:
            ranks[nid] = start + 1
            percentiles[nid] = min(99, percentile)
        start = end
    return ranks, percentiles
