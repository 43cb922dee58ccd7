"""A cycle's panel results and calibration, from the stored tallies, a page at a time.

`ranked_results` reads the rubric, the stored tallies of the cycle's panelists
(`reviews.models.figures`, kept equal to the reviews by `reviews.services.figures`) with
their names, and the number of nominations at each score; `PanelFigures`
(`reviews.domain.scoring`) turns them into the panel's figures, from which any row's
rank, percentile and z follow. Its `rows` (`RankedRows`) read only the rows a page shows,
in the order asked, through the nominations' stored figures; `stream` reads them all for
the CSV export. No review is read. `calibration_for_cycle` gives each panelist's figures
against the panel's.

A removed panelist's submitted reviews still count, marked: every line that shows one
says so.

What a chair may not see (`results_hidden_from`: a nomination they are conflicted on, or
one assigned to them that they have not reviewed yet) is not merely blanked out: the
results are computed as if those nominations were not in the cycle, so that no rank,
percentile, z, panelist mean or count of the others gives their figures away. The
hidden nominations are listed last, with the reason and no figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from core.paging import SlicedRows
from core.snapshot import consistent_reads
from nominations.models import Cycle, Nomination, Nominee, RubricCriterion
from nominations.selectors.parties import party_nomination_ids
from reviews.domain.scoring import (
    NominationResult,
    NominationTally,
    PanelFigures,
    PanelistCalibration,
    PanelistTally,
    nomination_score,
)
from reviews.models import Assignment, Conflict, NominationFigures, Review
from reviews.rules import PANEL_NOMINATION_STATES, is_award_staff
from reviews.selectors.figures import TALLY_COLUMNS, stored_panelists, stored_tallies, tally_of
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


NOTHING_HIDDEN: Mapping[int, str] = MappingProxyType({})


class RowMaker:
    """Result rows from the domain's figures, with the criteria's and panelists' names.
    Each row is made afresh and nothing is kept: a page makes a hundred, and the CSV
    export makes every row of the cycle one after the other, in flat memory."""

    def __init__(self, criteria: tuple[RubricCriterion, ...], names: dict[int, PanelistName]):
        self.criteria = [(criterion.pk, criterion.name) for criterion in criteria]
        self.names = names
        # A nomination's review lines come in the panelists' name order.
        self.order = {
            member_id: position
            for position, member_id in enumerate(
                sorted(names, key=lambda pk: (names[pk].name.casefold(), pk))
            )
        }

    def row(self, result: NominationResult, reference: str, nominee: str) -> ResultRow:
        means = {mean.criterion_id: mean.mean for mean in result.criteria}
        columns = tuple(CriterionColumn(pk, name, means.get(pk)) for pk, name in self.criteria)
        lines = tuple(
            ReviewLine(self.names[score.panelist_id], score.overall, score.z)
            for score in sorted(result.reviews, key=lambda score: self.order[score.panelist_id])
        )
        return ResultRow(
            nomination_id=result.nomination_id,
            reference=reference,
            nominee=nominee,
            reviews_counted=result.reviews_counted,
            score=result.score,
            criteria=columns,
            sd=result.sd,
            score_range=result.score_range,
            disagreement=result.disagreement,
            mean_z=result.mean_z,
            rank=result.rank,
            percentile=result.percentile,
            reviews=lines,
        )

    def withheld(self, pk: int, reference: str, nominee: str, reason: str) -> ResultRow:
        return ResultRow(
            nomination_id=pk,
            reference=reference,
            nominee=nominee,
            reviews_counted=0,
            score=None,
            criteria=tuple(CriterionColumn(pk, name, None) for pk, name in self.criteria),
            sd=None,
            score_range=None,
            disagreement=False,
            mean_z=None,
            rank=None,
            percentile=None,
            reviews=(),
            withheld=reason,
        )

    def calibration(self, entries: Iterable[PanelistCalibration]) -> tuple[CalibrationRow, ...]:
        rows = (
            CalibrationRow(
                panelist=self.names[entry.panelist_id],
                reviews_counted=entry.reviews_counted,
                mean=entry.mean,
                sd=entry.sd,
                offset=entry.offset,
            )
            for entry in entries
        )
        return tuple(
            sorted(rows, key=lambda row: (row.panelist.name.casefold(), row.panelist.member_id))
        )


@dataclass(frozen=True, slots=True)
class Calibration:
    panelists: tuple[CalibrationRow, ...]  # by panelist name
    panel_mean: Decimal | None
    panel_sd: Decimal | None
    withheld: tuple[ResultRow, ...]  # the nominations left out, by reference


def calibration_for_cycle(
    cycle: Cycle, *, hidden: Mapping[int, str] = NOTHING_HIDDEN
) -> Calibration:
    """Each panelist's counted scores against the panel's, as the results page gives
    them (without the `hidden` nominations), from the panelists' stored tallies: one
    query, three with nominations withheld (which they are, and their tallies, taken
    off the panelists')."""
    with consistent_reads():
        names, tallies = panelists_of(cycle)
        withheld = _withheld(
            Nomination.objects.filter(cycle=cycle, state__in=PANEL_NOMINATION_STATES), hidden
        )
        if withheld:
            theirs = stored_tallies(cycle, nominations=[pk for pk, *_ in withheld])
            _, tallies = without(theirs, tallies, theirs.keys())
    entries = PanelFigures(tallies, {}).calibration()
    maker = RowMaker((), names)
    return Calibration(
        panelists=maker.calibration(entries),
        panel_mean=entries[0].panel_mean if entries else None,
        panel_sd=entries[0].panel_sd if entries else None,
        withheld=tuple(
            maker.withheld(pk, reference, nominee, hidden[pk])
            for pk, reference, nominee, _ in withheld
        ),
    )


def panelists_of(cycle: Cycle) -> tuple[dict[int, PanelistName], dict[int, PanelistTally]]:
    """The names and stored tallies of the cycle's panelists with a counted review (every
    panelist a counted review names has a stored tally, so their names come with it)."""
    panelists = stored_panelists(cycle)
    names = {
        row.tally.panelist_id: PanelistName(
            member_id=row.tally.panelist_id,
            name=row.full_name or row.email,
            removed=row.removed,
        )
        for row in panelists
    }
    return names, {row.tally.panelist_id: row.tally for row in panelists}


def without(
    tallies: Mapping[int, NominationTally],
    panelists: Mapping[int, PanelistTally],
    hidden: Iterable[int],
) -> tuple[dict[int, NominationTally], dict[int, PanelistTally]]:
    """The tallies as if the `hidden` nominations were not in the cycle: theirs left out,
    and their counted reviews taken off their panelists' tallies."""
    hidden = set(hidden)
    sums = {pid: [t.n, t.total, t.squares] for pid, t in panelists.items()}
    for nid in hidden & tallies.keys():
        for pid, overall in tallies[nid].reviews:
            entry = sums[pid]
            entry[0] -= 1
            entry[1] -= overall
            entry[2] -= overall * overall
    return (
        {nid: tally for nid, tally in tallies.items() if nid not in hidden},
        {pid: PanelistTally(pid, *entry) for pid, entry in sums.items() if entry[0]},
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
    before submitting their own). Two queries for staff, three otherwise.
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


# -- the results page: one page of the ranked rows, read through the stored figures -------

SORT_KEYS = ("rank", "score", "percentile", "sd", "reviews", "reference", "nominee")


@dataclass(frozen=True)
class ResultsPage:
    """The results page's figures: the summary, and `rows`, every row in the order asked
    for, which reads from the database only the slice taken of it (a page)."""

    cycle: Cycle
    criteria: tuple[RubricCriterion, ...]
    rows: RankedRows
    withheld: tuple[ResultRow, ...]  # by reference; last in `rows` in every order
    scored: int  # N in the percentile formula
    panel_mean: Decimal | None
    panel_sd: Decimal | None
    figures: PanelFigures
    maker: RowMaker
    ranked: QuerySet[Nomination]  # the panel's nominations with figures shown
    withheld_states: Mapping[int, str]  # each withheld nomination's state

    @property
    def counted(self) -> int:
        """The nominations the figures are computed over (scored or not)."""
        return len(self.rows) - len(self.withheld)

    def rows_in(
        self,
        states: Iterable[str] | None = None,
        *,
        pks: Iterable[int] | None = None,
        sort: str = "rank",
        descending: bool = False,
    ) -> RankedRows:
        """Some of the rows, with the figures of the whole cycle (rank, percentile, z):
        the nominations in `states` and/or among `pks`, in the order asked for, withheld
        ones last."""
        nominations, withheld = self.ranked, self.withheld
        if states is not None:
            states = frozenset(states)
            nominations = nominations.filter(state__in=states)
            withheld = tuple(
                row for row in withheld if self.withheld_states[row.nomination_id] in states
            )
        if pks is not None:
            pks = frozenset(pks)
            nominations = nominations.filter(pk__in=pks)
            withheld = tuple(row for row in withheld if row.nomination_id in pks)
        return RankedRows(
            nominations,
            figures=self.figures,
            maker=self.maker,
            sort=sort,
            descending=descending,
            withheld=withheld,
        )


def ranked_results(
    cycle: Cycle,
    *,
    hidden: Mapping[int, str] = NOTHING_HIDDEN,
    sort: str = "rank",
    descending: bool = False,
) -> ResultsPage:
    """The cycle's results (`reviews.domain.scoring`'s figures over the stored tallies),
    sorted by one column, for a page of them to be shown: rank, score and percentile
    follow the score, a row without a value (unscored) comes after those with one, ties
    keep rank order then reference, and the rows withheld from the reader (`hidden`) come
    last, by reference.

    Three queries, each through an index: the rubric, the panelists' tallies and the
    number of nominations at each score (ranks and percentiles); two more with `hidden`
    (the withheld nominations, and their tallies, taken off the panelists' and the
    counts); then two for a page taken from its rows (their count, and the page).
    Sorting by nominee reads every row's name, the one order the database cannot give.
    Call it, and take the slices of its rows, inside one `core.snapshot.consistent_reads`
    block: the counts and tallies read here must describe the rows read later.
    """
    criteria = tuple(RubricCriterion.objects.filter(cycle=cycle).order_by("position", "pk"))
    names, panelist_tallies = panelists_of(cycle)
    counts = Counter(
        dict(
            NominationFigures.objects.filter(cycle=cycle)
            .order_by()
            .values_list("score")
            .annotate(count=Count("pk"))
        )
    )
    panel = Nomination.objects.filter(cycle=cycle, state__in=PANEL_NOMINATION_STATES)
    withheld = _withheld(panel, hidden)
    if withheld:
        theirs = stored_tallies(cycle, nominations=[pk for pk, *_ in withheld])
        counts.subtract(nomination_score(tally)[0] for tally in theirs.values())
        _, panelist_tallies = without(theirs, panelist_tallies, theirs.keys())
        panel = panel.exclude(pk__in=[pk for pk, *_ in withheld])
    figures = PanelFigures(panelist_tallies, +counts)
    maker = RowMaker(criteria, names)
    withheld_rows = tuple(
        maker.withheld(pk, reference, nominee, hidden[pk]) for pk, reference, nominee, _ in withheld
    )
    panel_mean, panel_sd = figures.panel()
    rows = RankedRows(
        panel,
        figures=figures,
        maker=maker,
        sort=sort,
        descending=descending,
        withheld=withheld_rows,
    )
    return ResultsPage(
        cycle=cycle,
        criteria=criteria,
        rows=rows,
        withheld=withheld_rows,
        scored=figures.scored,
        panel_mean=panel_mean,
        panel_sd=panel_sd,
        figures=figures,
        maker=maker,
        ranked=panel,
        withheld_states={pk: state for pk, _, _, state in withheld},
    )


_NOMINEE_COLUMNS = tuple(f"nominee__{name}" for name in _NomineeName.__slots__)
_FIGURE_COLUMNS = tuple(f"panel_figures__{column}" for column in TALLY_COLUMNS)
_ROW_COLUMNS = ("pk", "reference", *_NOMINEE_COLUMNS, *_FIGURE_COLUMNS)


def _withheld(panel: QuerySet[Nomination], hidden: Mapping[int, str]) -> list[tuple]:
    """(id, reference, nominee, state) of the `hidden` nominations of `panel`, by
    reference; one query, none when nothing is hidden."""
    if not hidden:
        return []
    return sorted(
        (
            (pk, reference or "", _NomineeName(*nominee).display_name, state)
            for pk, reference, state, *nominee in panel.filter(pk__in=list(hidden)).values_list(
                "pk", "reference", "state", *_NOMINEE_COLUMNS
            )
        ),
        key=lambda item: (item[1], item[0]),
    )


class RankedRows(SlicedRows):
    """The rows of the panel's nominations in one order, then the withheld ones; taking a
    slice reads only the rows in it (one query), so a paginator pages through it."""

    def __init__(
        self,
        nominations: QuerySet[Nomination],
        *,
        figures: PanelFigures,
        maker: RowMaker,
        sort: str,
        descending: bool,
        withheld: tuple[ResultRow, ...],
    ) -> None:
        if sort not in SORT_KEYS:
            raise ValueError(f"unknown sort {sort!r}")
        self.nominations = nominations
        self.figures = figures
        self.maker = maker
        self.sort = sort
        self.descending = descending
        self.withheld = withheld
        self._ranked: int | None = None

    def total(self) -> int:
        self._ranked = self.nominations.count()
        return self._ranked + len(self.withheld)

    def read(self, start: int, stop: int) -> list[ResultRow]:
        ranked = self._ranked or 0
        rows = self._read(start, min(stop, ranked)) if start < ranked else []
        rows.extend(self.withheld[max(start - ranked, 0) : max(stop - ranked, 0)])
        return rows

    def stream(self, chunk_size: int = 1000) -> Iterator[ResultRow]:
        """Every row in order, the ranked ones through one query read `chunk_size` rows
        at a time (a server-side cursor on PostgreSQL), so memory stays flat however
        many there are; then the withheld ones."""
        if self.sort == "nominee":
            order = self._by_name()
            for start in range(0, len(order), chunk_size):
                yield from self._rows_of(order[start : start + chunk_size])
        else:
            rows = self.nominations.order_by(*self._order()).values_list(*_ROW_COLUMNS)
            for row in rows.iterator(chunk_size=chunk_size):
                yield self._row(*row)
        yield from self.withheld

    def _rows_of(self, order: list[int]) -> list[ResultRow]:
        found = {
            row[0]: row for row in self.nominations.filter(pk__in=order).values_list(*_ROW_COLUMNS)
        }
        return [self._row(*found[pk]) for pk in order]

    def _read(self, start: int, stop: int) -> list[ResultRow]:
        if stop <= start:
            return []
        columns = _ROW_COLUMNS
        if self.sort == "nominee":
            return self._rows_of(self._by_name()[start:stop])
        found_rows = self.nominations.order_by(*self._order()).values_list(*columns)[start:stop]
        return [self._row(*row) for row in found_rows]

    def _order(self) -> list:
        score = F("panel_figures__score")
        direction = "desc" if self.descending else "asc"

        def sorted_by(expression):
            return getattr(expression, direction)(nulls_last=True)

        by_score = score.asc(nulls_last=True)
        return {
            "rank": [sorted_by(score)],
            "score": [sorted_by(score)],
            "percentile": [sorted_by(score)],
            "sd": [sorted_by(F("panel_figures__sd")), by_score],
            "reviews": [sorted_by(Coalesce("panel_figures__reviews_counted", 0)), by_score],
            "reference": [sorted_by(F("reference"))],
        }[self.sort] + ["reference", "pk"]

    def _by_name(self) -> list[int]:
        rows = [
            (pk, _NomineeName(*nominee).display_name.casefold(), reference or "", score)
            for pk, reference, score, *nominee in self.nominations.values_list(
                "pk", "reference", "panel_figures__score", *_NOMINEE_COLUMNS
            )
        ]
        # Stable sorts: first the tie order (rank, then reference), then the name.
        rows.sort(key=lambda row: (row[3] is None, row[3] or 0, row[2], row[0]))
        rows.sort(key=lambda row: row[1], reverse=self.descending)
        return [row[0] for row in rows]

    def _row(
        self,
        pk,
        reference,
        kind,
        honorific,
        full_name,
        certificate_name,
        legal_name,
        n,
        total,
        squares,
        criteria,
        reviews,
    ) -> ResultRow:
        tally = tally_of(pk, n, total, squares, criteria, reviews) if n else None
        nominee = _NomineeName(kind, honorific, full_name, certificate_name, legal_name)
        return self.maker.row(self.figures.result(pk, tally), reference or "", nominee.display_name)
