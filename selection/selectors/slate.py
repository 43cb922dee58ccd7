"""The slate: a cycle's reviewed nominations in the panel's rank order, with their figures.

Staff advance or set aside each nomination from this list, the decision memo prints it
and the selecting official decides from it. The figures come from the panel's stored
results (`reviews.selectors.results.ranked_results`): the figures of the whole cycle are
summed up in a few indexed queries, and only the rows taken are read, so a page of the
slate, the slate proper (the advanced nominations) and one nomination's row each cost the
same whatever the size of the cycle. Read them inside one `core.snapshot.consistent_reads`
block, so the summary and the rows describe the same moment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone
from django.utils.formats import date_format

from core.paging import SlicedRows
from core.snapshot import consistent_reads
from nominations.models import Cycle, Nomination, SelectionDecision, SlateEntry
from nominations.states import CycleState, NominationState
from reviews.selectors.results import (
    NOTHING_HIDDEN,
    RankedRows,
    ResultRow,
    ResultsPage,
    ranked_results,
    results_hidden_from,
)
from reviews.selectors.scoring import panel_summary
from selection.pdf.decision_memo import DecisionMemo, MemoRow

# What staff decide on (in review) and what they have decided (advanced or not), and
# what the selecting official has made of the slate since.
SLATE_STATES = (
    NominationState.IN_REVIEW,
    NominationState.SHORTLISTED,
    NominationState.NOT_ADVANCED,
    NominationState.SELECTED,
    NominationState.NOT_SELECTED,
    NominationState.AWARDED,
)
# The nominations on the slate itself: advanced, and possibly decided on since.
ADVANCED_STATES = frozenset(
    {
        NominationState.SHORTLISTED,
        NominationState.SELECTED,
        NominationState.NOT_SELECTED,
        NominationState.AWARDED,
    }
)
# The slate page's filter: every reviewed nomination, or those of one staff decision.
SLATE_FILTERS = {
    "all": frozenset(SLATE_STATES),
    "undecided": frozenset({NominationState.IN_REVIEW}),
    "advanced": ADVANCED_STATES,
    "not_advanced": frozenset({NominationState.NOT_ADVANCED}),
}


@dataclass(frozen=True, slots=True)
class SlateRow:
    nomination: Nomination
    result: ResultRow
    entry: SlateEntry | None

    @property
    def advanced(self) -> bool:
        return self.nomination.state in ADVANCED_STATES

    @property
    def in_review(self) -> bool:
        return self.nomination.state == NominationState.IN_REVIEW

    @property
    def briefing_note(self) -> str:
        """The note staff wrote for the official; withheld, like the figures, from a reader
        who is a party to the nomination."""
        if self.result.hidden:
            return f"Briefing note {self.result.withheld_note}"
        return self.entry.briefing_note if self.entry else ""


class SlateRows(SlicedRows):
    """Slate rows in the panel's rank order; a slice reads its result rows and then their
    nominations (with nominee and slate entry): two queries, whatever its length."""

    def __init__(self, cycle: Cycle, results: RankedRows) -> None:
        self.cycle = cycle
        self.results = results

    def total(self) -> int:
        return len(self.results)

    def read(self, start: int, stop: int) -> list[SlateRow]:
        results = self.results[start:stop]
        nominations = Nomination.objects.select_related("nominee", "slate_entry").in_bulk(
            [result.nomination_id for result in results]
        )
        rows = []
        for result in results:
            nomination = nominations[result.nomination_id]
            nomination.cycle = self.cycle
            entry = getattr(nomination, "slate_entry", None)
            rows.append(SlateRow(nomination=nomination, result=result, entry=entry))
        return rows


@dataclass(frozen=True)
class Slate:
    cycle: Cycle
    results: ResultsPage
    rows: SlateRows  # the nominations the filter shows, in rank order, unscored last

    @cached_property
    def advanced(self) -> tuple[SlateRow, ...]:
        """The slate proper, in rank order. Three queries."""
        return tuple(SlateRows(self.cycle, self.results.rows_in(ADVANCED_STATES)))

    @cached_property
    def reviewed(self) -> int:
        """Every nomination the panel reviewed (on the slate, in review or set aside)."""
        return len(self.results.rows_in(SLATE_STATES))

    @cached_property
    def undecided(self) -> int:
        """How many nominations in review staff have not yet advanced or set aside."""
        return len(self.results.rows_in(SLATE_FILTERS["undecided"]))

    def row_of(self, nomination_pk: int) -> SlateRow | None:
        """One nomination's row, with the figures of the whole cycle; None when it is not
        one the panel reviewed. Three queries."""
        rows = SlateRows(self.cycle, self.results.rows_in(SLATE_STATES, pks=[nomination_pk]))
        return rows[0] if rows else None


def slate_for_cycle(
    cycle: Cycle, *, hidden: Mapping[int, str] = NOTHING_HIDDEN, show: str = "all"
) -> Slate:
    """The cycle's reviewed nominations (those of `show`, a key of SLATE_FILTERS) in rank
    order, with figures and slate entries, read as they are taken.

    Four or five queries for the summary, and two for each slice of the rows, through
    indexes. `hidden` (`results_hidden_from` for the reader) withholds the figures of
    the nominations the reader is a party to; with none, everything is shown, as the
    record (the decision memo) needs. Call it and read the rows inside one
    `core.snapshot.consistent_reads` block.
    """
    results = ranked_results(cycle, hidden=hidden)
    return Slate(
        cycle=cycle, results=results, rows=SlateRows(cycle, results.rows_in(SLATE_FILTERS[show]))
    )


def slate_advanced(
    cycle: Cycle, *, hidden: Mapping[int, str] = NOTHING_HIDDEN
) -> tuple[SlateRow, ...]:
    """The slate proper in rank order, read in one snapshot."""
    with consistent_reads():
        return slate_for_cycle(cycle, hidden=hidden).advanced


def slate_ranks(cycle: Cycle) -> list[tuple[int, int | None]]:
    """The slate's (nomination id, panel rank) pairs in rank order, for
    `selection.services.selection`, which may not import this app at module level."""
    return [(row.nomination.pk, row.result.rank) for row in slate_advanced(cycle)]


# -- the decision memo ---------------------------------------------------------------------


def _figure(value, suffix: str = "") -> str:
    return "—" if value is None else f"{value}{suffix}"


def _memo_rank(result: ResultRow) -> str:
    if result.hidden:
        return "Withheld"
    return _figure(result.rank) if result.rank is not None else "Unscored"


def decision_memo_for(
    cycle: Cycle,
    *,
    author: str = "Award staff",
    sender: str = "",
    hidden: Mapping[int, str] = NOTHING_HIDDEN,
) -> DecisionMemo:
    """Everything the decision memo shows, already worded, for the pure PDF builder and
    the HTML page alike, reading only the advanced rows (a dozen queries whatever the
    size of the cycle, in one snapshot). `sender` is its
    FROM line (`author` when empty); its DATE is today in the cycle's zone. `hidden`
    (`results_hidden_from` for the reader) withholds the figures and briefing note of a
    nomination the reader is a party to."""
    with consistent_reads():
        slate = slate_for_cycle(cycle, hidden=hidden)
        advanced, reviewed = slate.advanced, slate.reviewed
    decision = SelectionDecision.objects.filter(cycle=cycle).select_related("decided_by").first()
    signatory_name, signatory_title = cycle.effective_signatory()
    rows = tuple(
        MemoRow(
            rank=_memo_rank(row.result),
            reference=row.nomination.reference or "",
            nominee=row.nomination.nominee.display_name,
            score=_figure(row.result.score),
            percentile=_figure(row.result.percentile),
            reviews=str(row.result.reviews_counted),
            sd=_figure(row.result.sd),
            disagreement=row.result.disagreement,
            briefing_note=row.briefing_note,
        )
        for row in advanced
    )
    decided_on = ""
    if decision is not None:
        decided_on = timezone.localtime(decision.decided_at, cycle.zone).strftime("%B %-d, %Y")
    return DecisionMemo(
        program=cycle.program.name,
        cycle=f"{cycle.award_year} award cycle",
        award_cap=cycle.effective_award_cap,
        rows=rows,
        signatory_name=signatory_name,
        signatory_title=signatory_title,
        author=author,
        reviewed_count=reviewed,
        award_year=cycle.award_year,
        sender=sender,
        dated=date_format(timezone.localdate(timezone=cycle.zone), "F j, Y"),
        signed_name=decision.signed_name if decision else "",
        decided_on=decided_on,
        selected=tuple(decision.selected) if decision else (),
        justification=decision.justification if decision else "",
    )


def cycles_in_selection() -> list[Cycle]:
    """Every cycle whose slate is with the selecting official, newest first. One query."""
    return list(
        Cycle.objects.filter(state=CycleState.SELECTION)
        .select_related("program")
        .order_by("-award_year", "-pk")
    )


@dataclass(frozen=True)
class SlateNomination:
    """One slate nomination as the selecting official reads it: the nomination as
    entered (a blind panel's view: `reviews.selectors.scoring.panel_summary`), its
    panel figures and staff's briefing note."""

    nomination: Nomination
    row: SlateRow | None
    sections: list


def slate_nomination(nomination: Nomination, *, reader) -> SlateNomination:
    hidden = results_hidden_from(user=reader, cycle=nomination.cycle)
    with consistent_reads():
        row = slate_for_cycle(nomination.cycle, hidden=hidden).row_of(nomination.pk)
    return SlateNomination(
        nomination=nomination,
        row=row,
        sections=panel_summary(nomination, blind=True, is_staff=False),
    )


def nomination_on_slate(pk: int) -> Nomination | None:
    return Nomination.objects.select_related("nominee", "cycle__program").filter(pk=pk).first()
