"""A cycle's panel results and calibration, read in three queries and scored in one pass.

`results_for_cycle` reads the rubric, the cycle's panel nominations (with nominees) and
every review of them (with its panelist, whether a blocking conflict stands between the
two, and whether the panelist declined the assignment), turns the reviews into
`reviews.domain.scoring.ReviewRecord`s and hands them to
`reviews.domain.scoring.panel_results`, which does all the arithmetic. The rows it returns
are ready for the results page, the CSV export and the calibration page; nothing in them
queries the database again.

A removed panelist's submitted reviews still count, marked: every line that shows one
says so.

What a chair may not see (`results_hidden_from`: a nomination they are conflicted on, or
one assigned to them that they have not reviewed yet) is not merely blanked out: the
results are computed as if those nominations were not in the cycle, so that no rank,
percentile, z, panelist mean or count of the others gives their figures away. The
hidden nominations are listed last, with the reason and no figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from nominations.models import Cycle, Nomination, Nominee, RubricCriterion
from nominations.selectors.parties import party_nomination_ids
from reviews.domain.scoring import ReviewRecord, ReviewStatus, panel_results
from reviews.models import Assignment, Conflict, Review
from reviews.rules import PANEL_NOMINATION_STATES, is_award_staff
from reviews.states import BLOCKING_STATUSES, ReviewState


@dataclass(frozen=True, slots=True)
class PanelistName:
    member_id: int
    name: str
    removed: bool


@dataclass(frozen=True, slots=True)
class ReviewLine:
    """One counted review: the raw overall score beside its panelist-normalized z."""

    panelist: PanelistName
    overall: int
    z: Decimal | None


@dataclass(frozen=True, slots=True)
class CriterionColumn:
    criterion_id: int
    name: str
    mean: Decimal | None  # None when no counted review scored this criterion


@dataclass(frozen=True, slots=True)
class ResultRow:
    nomination_id: int
    reference: str
    nominee: str
    reviews_counted: int
    score: int | None
    criteria: tuple[CriterionColumn, ...]  # rubric order
    sd: Decimal | None
    score_range: int | None
    disagreement: bool
    mean_z: Decimal | None
    rank: int | None
    percentile: int | None
    reviews: tuple[ReviewLine, ...]  # by panelist name
    withheld: str = ""  # why its figures are withheld from this reader; "" when shown

    @property
    def hidden(self) -> bool:
        return bool(self.withheld)

    @property
    def withheld_note(self) -> str:
        """ "withheld: conflict of interest", "withheld until you submit your own review"."""
        if not self.withheld:
            return ""
        return f"withheld{' ' if self.withheld.startswith('until ') else ': '}{self.withheld}"

    @property
    def scored(self) -> bool:
        return self.score is not None


@dataclass(frozen=True, slots=True)
class CalibrationRow:
    panelist: PanelistName
    reviews_counted: int
    mean: Decimal
    sd: Decimal | None
    offset: Decimal  # panelist mean - panel mean; negative scores more favourably

    @property
    def leaning(self) -> str:
        """Plain words for the offset: lower scores are better on the NIH scale."""
        if self.reviews_counted < 2:
            return "too few reviews to tell"
        if self.offset < 0:
            return "kinder than the panel"
        if self.offset > 0:
            return "harsher than the panel"
        return "same as the panel"


@dataclass(frozen=True, slots=True)
class CycleResults:
    cycle: Cycle
    criteria: tuple[RubricCriterion, ...]
    rows: tuple[ResultRow, ...]  # rank order, unscored last, withheld after them
    panelists: tuple[CalibrationRow, ...]  # by panelist name
    panel_mean: Decimal | None
    panel_sd: Decimal | None
    scored: int  # N in the percentile formula

    @property
    def withheld(self) -> tuple[ResultRow, ...]:
        """The rows left out of every figure, by reference."""
        return tuple(row for row in self.rows if row.hidden)

    @property
    def counted(self) -> int:
        """The nominations the figures are computed over (scored or not)."""
        return len(self.rows) - len(self.withheld)

    @property
    def withheld_reasons(self) -> tuple[str, ...]:
        """Each distinct reason once, in the order the rows give them."""
        return tuple(dict.fromkeys(row.withheld for row in self.withheld))


NOTHING_HIDDEN: Mapping[int, str] = MappingProxyType({})


def results_for_cycle(cycle: Cycle, *, hidden: Mapping[int, str] = NOTHING_HIDDEN) -> CycleResults:
    """Score, rank and calibrate the cycle's panel nominations. Three queries.

    `hidden` maps nominations to withhold from the reader to the reason
    (`results_hidden_from`): every figure (scores, ranks, percentiles, z, calibration,
    panel mean and SD, the scored count) is computed as if they were not in the cycle,
    and they are listed last, by reference, with their reason and no figures.
    """
    criteria = tuple(RubricCriterion.objects.filter(cycle=cycle).order_by("position", "pk"))
    rubric_ids = {criterion.pk for criterion in criteria}
    # Plain tuples of the columns shown and computed with, not model instances: at 10,000
    # nominations and 30,000 reviews, building instances cost more than all the arithmetic.
    nominations = {
        pk: (reference or "", _NomineeName(*nominee).display_name)
        for pk, reference, *nominee in (
            Nomination.objects.filter(cycle=cycle, state__in=PANEL_NOMINATION_STATES)
            .order_by()
            .values_list(
                "pk", "reference", *(f"nominee__{name}" for name in _NomineeName.__slots__)
            )
        )
    }
    withheld = sorted(
        (pk for pk in hidden if pk in nominations),
        key=lambda pk: (nominations[pk][0], pk),
    )
    counted = [pk for pk in nominations if pk not in hidden]
    reviews = (
        Review.objects.filter(
            nomination__cycle=cycle, nomination__state__in=PANEL_NOMINATION_STATES
        )
        .annotate(
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
            removed=ExpressionWrapper(
                Q(member__removed_at__isnull=False), output_field=BooleanField()
            ),
        )
        .order_by("nomination", "member")
    )
    if hidden:
        reviews = reviews.exclude(nomination__in=list(hidden))
    names: dict[int, PanelistName] = {}
    records: list[ReviewRecord] = []
    for (
        nomination_id,
        member_id,
        overall,
        criterion_scores,
        state,
        conflicted,
        declined,
        full_name,
        email,
        removed,
    ) in reviews.values_list(
        "nomination_id",
        "member_id",
        "overall",
        "criterion_scores",
        "state",
        "conflicted",
        "declined",
        "member__user__full_name",
        "member__user__email",
        "removed",
    ):
        if member_id not in names:
            names[member_id] = PanelistName(
                member_id=member_id, name=full_name or email, removed=bool(removed)
            )
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
                criteria=_rubric_scores(criterion_scores, rubric_ids),
                status=status,
                conflicted=conflicted,
            )
        )

    results = panel_results(records, counted)
    criterion_names = [(criterion.pk, criterion.name) for criterion in criteria]
    # Rows share their immutable parts: a criterion's column per mean, a panelist's line
    # per (score, z), a nomination's review lines in the panelists' name order.
    columns: dict[tuple[int, Decimal | None], CriterionColumn] = {}
    lines: dict[tuple[int, int, Decimal | None], ReviewLine] = {}
    order = {
        member_id: position
        for position, member_id in enumerate(
            sorted(names, key=lambda pk: (names[pk].name.casefold(), pk))
        )
    }
    rows = []
    for result in results.nominations:
        reference, nominee = nominations[result.nomination_id]
        means = {mean.criterion_id: mean.mean for mean in result.criteria}
        row_columns = []
        for pk, name in criterion_names:
            mean = means.get(pk)
            column = columns.get((pk, mean))
            if column is None:
                column = columns[pk, mean] = CriterionColumn(pk, name, mean)
            row_columns.append(column)
        row_lines = []
        for score in sorted(result.reviews, key=lambda score: order[score.panelist_id]):
            key = (score.panelist_id, score.overall, score.z)
            line = lines.get(key)
            if line is None:
                line = lines[key] = ReviewLine(names[score.panelist_id], score.overall, score.z)
            row_lines.append(line)
        rows.append(
            ResultRow(
                nomination_id=result.nomination_id,
                reference=reference,
                nominee=nominee,
                reviews_counted=result.reviews_counted,
                score=result.score,
                criteria=tuple(row_columns),
                sd=result.sd,
                score_range=result.score_range,
                disagreement=result.disagreement,
                mean_z=result.mean_z,
                rank=result.rank,
                percentile=result.percentile,
                reviews=tuple(row_lines),
            )
        )
    unscored = tuple(CriterionColumn(pk, name, None) for pk, name in criterion_names)
    rows.extend(
        ResultRow(
            nomination_id=pk,
            reference=nominations[pk][0],
            nominee=nominations[pk][1],
            reviews_counted=0,
            score=None,
            criteria=unscored,
            sd=None,
            score_range=None,
            disagreement=False,
            mean_z=None,
            rank=None,
            percentile=None,
            reviews=(),
            withheld=hidden[pk],
        )
        for pk in withheld
    )
    panelists = tuple(
        sorted(
            (
                CalibrationRow(
                    panelist=names[entry.panelist_id],
                    reviews_counted=entry.reviews_counted,
                    mean=entry.mean,
                    sd=entry.sd,
                    offset=entry.offset,
                )
                for entry in results.panelists
            ),
            key=lambda row: (row.panelist.name.casefold(), row.panelist.member_id),
        )
    )
    first = results.panelists[0] if results.panelists else None
    return CycleResults(
        cycle=cycle,
        criteria=criteria,
        rows=tuple(rows),
        panelists=panelists,
        panel_mean=first.panel_mean if first else None,
        panel_sd=first.panel_sd if first else None,
        scored=results.scored,
    )


class _NomineeName:
    """The nominee columns `Nominee.display_name` reads, under Nominee's own properties: the
    naming rule stays in one place, without a model instance per row."""

    __slots__ = ("kind", "honorific", "full_name", "certificate_name", "legal_name")
    is_individual = Nominee.is_individual
    display_name = Nominee.display_name

    def __init__(self, kind, honorific, full_name, certificate_name, legal_name) -> None:
        self.kind = kind
        self.honorific = honorific
        self.full_name = full_name
        self.certificate_name = certificate_name
        self.legal_name = legal_name


def _rubric_scores(criterion_scores: dict | None, rubric_ids: set[int]) -> dict[int, int]:
    # Scores of a criterion since removed from the rubric are left out, not averaged.
    return {
        int(key): value
        for key, value in (criterion_scores or {}).items()
        if key.isdigit() and int(key) in rubric_ids
    }


# -- what a chair may not see ------------------------------------------------------------

CONFLICT_OF_INTEREST = "conflict of interest"
UNTIL_OWN_REVIEW = "until you submit your own review"
PARTY = "you are a party to this nomination"


def results_hidden_from(*, user, cycle: Cycle) -> dict[int, str]:
    """The nominations whose figures the user may not see, with the reason.

    For every reader, the nominations they are a party to (nominations/domain/parties.py):
    no one reads the panel's scores and reviewers of a nomination they made, are the
    nominee or contact of, or were asked to endorse. For a chair (the only other reader
    of the results) also the nominations they have a blocking conflict with (they may not
    open them, so not their scores either), and those assigned to them, not declined,
    that they have not submitted a review of yet (panelists never see others' scores
    before submitting their own). Three queries for staff, four otherwise.
    """
    party = party_nomination_ids(
        user, Nomination.objects.filter(cycle=cycle, state__in=PANEL_NOMINATION_STATES)
    )
    hidden = dict.fromkeys(party, PARTY)
    if is_award_staff(user):
        return hidden
    seat = {"member__user": user, "member__panel__cycle": cycle, "member__removed_at__isnull": True}
    rows = (
        Nomination.objects.filter(cycle=cycle, state__in=PANEL_NOMINATION_STATES)
        .annotate(
            conflicted=Exists(
                Conflict.objects.filter(
                    nomination=OuterRef("pk"), status__in=BLOCKING_STATUSES, **seat
                )
            ),
            unreviewed=Exists(
                Assignment.objects.filter(
                    nomination=OuterRef("pk"), declined_at__isnull=True, **seat
                ).exclude(
                    Exists(
                        Review.objects.filter(
                            nomination=OuterRef("nomination"),
                            member=OuterRef("member"),
                            state=ReviewState.SUBMITTED,
                        )
                    )
                )
            ),
        )
        .filter(Q(conflicted=True) | Q(unreviewed=True))
        .values_list("pk", "conflicted")
    )
    for pk, conflicted in rows:
        hidden.setdefault(pk, CONFLICT_OF_INTEREST if conflicted else UNTIL_OWN_REVIEW)
    return hidden


# -- sorting the results page by a column ---------------------------------------------------

SORT_KEYS = ("rank", "score", "percentile", "sd", "reviews", "reference", "nominee")


def sorted_rows(rows: tuple[ResultRow, ...], *, key: str, descending: bool) -> list[ResultRow]:
    """The rows sorted by one column; a row without a value (unscored) comes after those
    with one, and the withheld rows after all, in their given order.

    Ties keep rank order, then reference, so the order is the same on every request.
    """
    value = {
        "rank": lambda row: row.rank,
        "score": lambda row: row.score,
        "percentile": lambda row: row.percentile,
        "sd": lambda row: row.sd,
        "reviews": lambda row: row.reviews_counted,
        "reference": lambda row: row.reference,
        "nominee": lambda row: row.nominee.casefold(),
    }[key]
    # Withheld rows come last whatever the column: their place must not hint at anything.
    present = [row for row in rows if not row.hidden and value(row) is not None]
    missing = [row for row in rows if not row.hidden and value(row) is None]
    withheld = [row for row in rows if row.hidden]
    # Stable sorts: first the tie order, then the column.
    present.sort(key=lambda row: row.reference)
    present.sort(key=lambda row: (row.rank is None, row.rank or 0))
    present.sort(key=value, reverse=descending)
    return present + missing + withheld
