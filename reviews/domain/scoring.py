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
from collections import Counter, defaultdict
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

    @classmethod
    def of(cls, n: int, total: int, squares: int) -> _Tally:
        tally = cls()
        tally.n, tally.total, tally.squares = n, total, squares
        return tally

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


@dataclass(frozen=True, slots=True)
class PanelistTally:
    """A panelist's counted overall scores in a cycle: their count, sum and sum of squares
    (all their mean, SD and every z-score of their reviews need)."""

    panelist_id: int
    n: int
    total: int
    squares: int


@dataclass(frozen=True, slots=True)
class NominationTally:
    """A nomination's counted reviews, summed: what its figures are computed from, and what
    `reviews.models.NominationFigures` stores so they need not be read again."""

    nomination_id: int
    n: int
    total: int
    squares: int
    criteria: tuple[tuple[int, int, int], ...]  # (criterion id, count, sum), by criterion id
    reviews: tuple[tuple[int, int], ...]  # (panelist id, overall score), by panelist id


def counted_reviews(
    reviews: Iterable[ReviewRecord], nomination_ids: Iterable[int]
) -> list[tuple[ReviewRecord, int]]:
    """The reviews that count, each with its checked overall score, by (nomination,
    panelist): a canonical order, so the Decimal sums of z-scores never depend on the
    order the records came in.

    Raises ``ValueError`` for a record outside ``nomination_ids``, an unknown status, a
    counted review without a valid 1-9 overall or criterion score, or two counted reviews
    by one panelist of one nomination.
    """
    cycle = frozenset(nomination_ids)
    counted: list[tuple[ReviewRecord, int]] = []
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
    counted.sort(key=lambda pair: (pair[0].nomination_id, pair[0].panelist_id))
    return counted


def tally_reviews(
    counted: Iterable[tuple[ReviewRecord, int]],
) -> tuple[dict[int, NominationTally], dict[int, PanelistTally]]:
    """Each nomination's and each panelist's tally of `counted_reviews`' output; only
    nominations and panelists with a counted review have one."""
    by_panelist: defaultdict[int, _Tally] = defaultdict(_Tally)
    by_nomination: defaultdict[int, _Tally] = defaultdict(_Tally)
    by_criterion: defaultdict[int, defaultdict[int, _Tally]] = defaultdict(
        lambda: defaultdict(_Tally)
    )
    reviews: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
    for record, overall in counted:
        by_panelist[record.panelist_id].add(overall)
        by_nomination[record.nomination_id].add(overall)
        reviews[record.nomination_id].append((record.panelist_id, overall))
        criteria = by_criterion[record.nomination_id]
        for criterion_id, value in record.criteria.items():
            criteria[criterion_id].add(value)
    nominations = {
        nid: NominationTally(
            nomination_id=nid,
            n=tally.n,
            total=tally.total,
            squares=tally.squares,
            criteria=tuple(
                (cid, criterion.n, criterion.total)
                for cid, criterion in sorted(by_criterion[nid].items())
            ),
            reviews=tuple(sorted(reviews[nid])),
        )
        for nid, tally in by_nomination.items()
    }
    panelists = {
        pid: PanelistTally(panelist_id=pid, n=tally.n, total=tally.total, squares=tally.squares)
        for pid, tally in by_panelist.items()
    }
    return nominations, panelists


def panel_results(
    reviews: Iterable[ReviewRecord],
    nomination_ids: Iterable[int],
    *,
    disagreement_sd: Decimal = DEFAULT_DISAGREEMENT_SD,
    disagreement_range: int = DEFAULT_DISAGREEMENT_RANGE,
) -> PanelResults:
    """Score, rank and calibrate one cycle's panel from its review records.

    Raises ``ValueError`` as `counted_reviews` does. O(n log n) in the number of records.
    """
    cycle = frozenset(nomination_ids)
    nominations, panelists = tally_reviews(counted_reviews(reviews, cycle))
    return results_from_tallies(
        nominations,
        panelists,
        cycle,
        disagreement_sd=disagreement_sd,
        disagreement_range=disagreement_range,
    )


def results_from_tallies(
    nominations: Mapping[int, NominationTally],
    panelists: Mapping[int, PanelistTally],
    nomination_ids: Iterable[int],
    *,
    disagreement_sd: Decimal = DEFAULT_DISAGREEMENT_SD,
    disagreement_range: int = DEFAULT_DISAGREEMENT_RANGE,
) -> PanelResults:
    """Score, rank and calibrate one cycle's panel from its tallies (`tally_reviews`'s, or
    the stored ones). `nominations` holds a tally for each scored nomination of
    `nomination_ids` (others are unscored) and `panelists` one for every panelist those
    tallies' reviews name. O(n log n) in the number of nominations.
    """
    cycle = frozenset(nomination_ids)
    scored = {nid: tally for nid, tally in nominations.items() if nid in cycle and tally.n}
    scores = {nid: nomination_score(tally)[0] for nid, tally in scored.items()}
    figures = PanelFigures(
        panelists,
        Counter(scores.values()),
        disagreement_sd=disagreement_sd,
        disagreement_range=disagreement_range,
    )
    order = sorted(cycle, key=lambda n: (n not in scores, scores.get(n, 0), n))
    return PanelResults(
        nominations=tuple(figures.result(nid, scored.get(nid)) for nid in order),
        panelists=figures.calibration(),
        scored=len(scores),
    )


class PanelFigures:
    """The figures of any of a cycle's nominations, one at a time, and the panel's
    calibration, from the panelists' tallies and the number of scored nominations at
    each score: what ranks, percentiles and z-scores depend on beyond the nomination's
    own tally. A page of results needs only its own rows' tallies besides these.
    """

    def __init__(
        self,
        panelists: Mapping[int, PanelistTally],
        score_counts: Mapping[int, int],
        *,
        disagreement_sd: Decimal = DEFAULT_DISAGREEMENT_SD,
        disagreement_range: int = DEFAULT_DISAGREEMENT_RANGE,
    ) -> None:
        self._tallies = {
            pid: _Tally.of(t.n, t.total, t.squares) for pid, t in panelists.items() if t.n
        }
        self._figures = _TallyFigures(Fraction(disagreement_sd) ** 2)
        self._range = disagreement_range
        self._places = _rank(score_counts)
        self.scored = sum(score_counts.values())
        # A panelist's scores are whole numbers 1-9, so each (panelist, score) has one z:
        # computed once, with the panelist's exact mean and SD (none when the variance is
        # 0 or undefined, n < 2), and shared by every review that gave it.
        self._z: dict[tuple[int, int], tuple[Decimal, Decimal] | None] = {}

    def z(self, panelist_id: int, overall: int) -> tuple[Decimal, Decimal] | None:
        """(exact z, z to 2 decimals) of a counted review, or None."""
        key = (panelist_id, overall)
        if key not in self._z:
            tally = self._tallies[panelist_id]
            variance = tally.variance()
            self._z[key] = None
            if variance:
                z = _CONTEXT.divide(_decimal(overall - tally.mean()), _sqrt(variance))
                self._z[key] = (z, round_half_up(z, 2))
        return self._z[key]

    def place(self, score: int) -> tuple[int, int]:
        """(rank, percentile) of a scored nomination's score among the cycle's."""
        return self._places[score]

    def result(self, nid: int, counts: NominationTally | None) -> NominationResult:
        """One nomination's figures; unscored without a tally (or one of no review)."""
        if counts is None or not counts.n:
            return _unscored(nid)
        tally = _Tally.of(counts.n, counts.total, counts.squares)
        score = self._figures.score(tally)
        sd, sd_disagrees = self._figures.spread(tally)
        overalls = [overall for _pid, overall in counts.reviews]
        score_range = max(overalls) - min(overalls)
        lines, zs = [], []
        for pid, overall in counts.reviews:
            pair = self.z(pid, overall)
            if pair is not None:
                zs.append(pair[0])
            lines.append(
                ReviewScore(panelist_id=pid, overall=overall, z=None if pair is None else pair[1])
            )
        rank, percentile = self.place(score)
        return NominationResult(
            nomination_id=nid,
            reviews_counted=counts.n,
            score=score,
            criteria=tuple(
                CriterionMean(cid, self._figures.mean(_Tally.of(n, total, 0)), n)
                for cid, n, total in counts.criteria
            ),
            sd=sd,
            score_range=score_range,
            disagreement=sd_disagrees or score_range >= self._range,
            mean_z=round_half_up(_mean(zs), 2) if zs else None,
            rank=rank,
            percentile=percentile,
            reviews=tuple(lines),
        )

    def _panel(self) -> _Tally:
        return _Tally.of(
            sum(t.n for t in self._tallies.values()),
            sum(t.total for t in self._tallies.values()),
            sum(t.squares for t in self._tallies.values()),
        )

    def panel(self) -> tuple[Decimal | None, Decimal | None]:
        """The panel's mean and SD over every counted review, as `calibration` gives them
        (both None before any review counts), without each panelist's."""
        panel = self._panel()
        if not panel.n:
            return None, None
        return round_half_up(panel.mean(), 2), _sd(panel)

    def calibration(self) -> tuple[PanelistCalibration, ...]:
        """Each panelist with a counted review against the whole panel, by panelist id."""
        panel = self._panel()
        if not panel.n:
            return ()
        panel_mean, panel_sd = self.panel()
        return tuple(
            PanelistCalibration(
                panelist_id=pid,
                reviews_counted=t.n,
                mean=round_half_up(t.mean(), 2),
                sd=_sd(t),
                panel_mean=panel_mean,
                panel_sd=panel_sd,
                offset=round_half_up(t.mean() - panel.mean(), 2),
            )
            for pid, t in sorted(self._tallies.items())
        )


def nomination_score(tally: NominationTally) -> tuple[int, Decimal | None]:
    """A scored nomination's whole-number score and SD (2 decimals, None below 2 reviews),
    as `results_from_tallies` gives them: stored beside the tally for sorting."""
    counts = _Tally.of(tally.n, tally.total, tally.squares)
    return int(round_half_up(counts.mean() * 10)), _sd(counts)


def _unscored(nid: int) -> NominationResult:
    return NominationResult(
        nomination_id=nid,
        reviews_counted=0,
        score=None,
        criteria=(),
        sd=None,
        score_range=None,
        disagreement=False,
        mean_z=None,
        rank=None,
        percentile=None,
        reviews=(),
    )


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


def _rank(score_counts: Mapping[int, int]) -> dict[int, tuple[int, int]]:
    """Score → (competition rank, NIH percentile), from how many nominations have each
    score: ties share their average rank for the percentile (ceil, 1-99)."""
    total = sum(score_counts.values())
    places: dict[int, tuple[int, int]] = {}
    start = 0
    for score in sorted(score for score, count in score_counts.items() if count):
        end = start + score_counts[score]
        # Positions start+1 .. end share the tie; their average rank is (start+1+end)/2.
        average_rank = Fraction(start + 1 + end, 2)
        # At least 1 (the average rank is at least 1), at most 99 once capped.
        percentile = math.ceil(100 * (average_rank - Fraction(1, 2)) / total)
        places[score] = (start + 1, min(99, percentile))
        start = end
    return places
