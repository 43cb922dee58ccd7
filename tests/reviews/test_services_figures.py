"""The stored panel figures (reviews.models.figures) against a recompute from scratch.

A Hypothesis state machine applies random sequences of the changes that move the figures,
through their services: reviews saved and submitted (and submitted again), conflicts
declared and decided, assignments declined, seats removed. After every step the stored
tallies must equal `reviews.domain.scoring.tally_reviews` over every review of the
cycle, and what the results and calibration pages make of them (`ranked_results` and
`calibration_for_cycle`, for staff and as if some nominations were withheld, as for a
chair) must equal `panel_results`' arithmetic over the reviews.
"""

import contextlib
import io

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from core.exceptions import ConflictError, IllegalTransition, InvalidInput, NotPermitted
from core.snapshot import consistent_reads
from nominations.models import Cycle
from reviews.domain.scoring import counted_reviews, nomination_score, panel_results, tally_reviews
from reviews.models import Assignment, Conflict, NominationFigures, PanelistFigures, Review
from reviews.selectors.figures import review_records, stored_tallies
from reviews.selectors.results import calibration_for_cycle, ranked_results
from reviews.services.assignments import assignment_decline
from reviews.services.conflicts import conflict_decide, conflict_declare
from reviews.services.figures import panel_figures_rebuild
from reviews.services.panel import panel_member_remove
from reviews.services.reviews import review_save_draft, review_submit
from tests import factories

REFUSED = (ConflictError, IllegalTransition, InvalidInput, NotPermitted)
NOMINATIONS, PANELISTS = 3, 4
index_of = st.integers(min_value=0, max_value=NOMINATIONS - 1)
seat_of = st.integers(min_value=0, max_value=PANELISTS - 1)
score = st.integers(min_value=1, max_value=9)


def stored(cycle: Cycle) -> tuple[dict, dict]:
    tallies = stored_tallies(cycle)
    nominations = {
        nid: (tallies[nid], score, sd)
        for nid, score, sd in NominationFigures.objects.filter(cycle=cycle).values_list(
            "nomination_id", "score", "sd"
        )
    }
    panelists = {row.member_id: row.tally for row in PanelistFigures.objects.filter(cycle=cycle)}
    return nominations, panelists


def recomputed(cycle: Cycle) -> tuple[dict, dict]:
    records = review_records(Review.objects.filter(nomination__cycle=cycle))
    ids = set(cycle.nominations.values_list("pk", flat=True))
    tallies, panelists = tally_reviews(counted_reviews(records, ids))
    return {nid: (t, *nomination_score(t)) for nid, t in tallies.items()}, panelists


def shown(cycle: Cycle, hidden: dict[int, str]) -> tuple[list, list, int]:
    """What the results and calibration pages show, in the domain's terms, rows by id."""
    with consistent_reads():
        page = ranked_results(cycle, hidden=hidden)
        every_row = page.rows[:]
    rows = [
        (
            row.nomination_id,
            row.reviews_counted,
            row.score,
            {column.criterion_id: column.mean for column in row.criteria if column.mean},
            row.sd,
            row.score_range,
            row.disagreement,
            row.mean_z,
            row.rank,
            row.percentile,
            sorted((line.panelist.member_id, line.overall, line.z) for line in row.reviews),
        )
        for row in every_row
        if not row.hidden
    ]
    calibration = [
        (row.panelist.member_id, row.reviews_counted, row.mean, row.sd, row.offset)
        for row in sorted(
            calibration_for_cycle(cycle, hidden=hidden).panelists,
            key=lambda row: row.panelist.member_id,
        )
    ]
    return sorted(rows), calibration, page.scored


def arithmetic(cycle: Cycle, hidden: dict[int, str]) -> tuple[list, list, int]:
    """The same, from every review through `panel_results`, the nominations withheld
    left out."""
    ids = set(cycle.nominations.values_list("pk", flat=True)) - hidden.keys()
    rubric = set(cycle.rubric_criteria.values_list("pk", flat=True))
    records = [
        record
        for record in review_records(Review.objects.filter(nomination__cycle=cycle))
        if record.nomination_id in ids
    ]
    results = panel_results(records, ids)
    rows = [
        (
            result.nomination_id,
            result.reviews_counted,
            result.score,
            {
                mean.criterion_id: mean.mean
                for mean in result.criteria
                if mean.criterion_id in rubric
            },
            result.sd,
            result.score_range,
            result.disagreement,
            result.mean_z,
            result.rank,
            result.percentile,
            sorted((line.panelist_id, line.overall, line.z) for line in result.reviews),
        )
        for result in results.nominations
    ]
    calibration = [
        (entry.panelist_id, entry.reviews_counted, entry.mean, entry.sd, entry.offset)
        for entry in results.panelists
    ]
    return sorted(rows), calibration, results.scored


class PanelFigures(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.cycle = factories.review_cycle(nominations=NOMINATIONS, panelists=PANELISTS)
        self.items = list(self.cycle.nominations.order_by("pk"))
        self.seats = list(self.cycle.panel.members.select_related("user", "panel").order_by("pk"))
        self.criteria = list(self.cycle.rubric_criteria.values_list("pk", flat=True))
        self.staff = factories.award_staff()

    def _revision(self, nomination, member) -> int:
        review = Review.objects.filter(nomination=nomination, member=member).first()
        return review.revision if review else 0

    def _data(self, overall: int, first: int, second: int) -> dict:
        return {
            "overall": overall,
            "criterion_scores": dict(zip(self.criteria, (first, second), strict=True)),
            "strengths": f"Scored {overall}.",
            "weaknesses": "",
        }

    @rule(n=index_of, m=seat_of, overall=score, first=score, second=score, draft=st.booleans())
    def review(self, n, m, overall, first, second, draft):
        nomination, member = self.items[n], self.seats[m]
        write = review_save_draft if draft else review_submit
        with contextlib.suppress(REFUSED):
            write(
                nomination=nomination,
                member=member,
                actor=member.user,
                data=self._data(overall, first, second),
                revision=self._revision(nomination, member),
            )

    @rule(n=index_of, m=seat_of)
    def declare(self, n, m):
        with contextlib.suppress(REFUSED):
            conflict_declare(
                nomination=self.items[n], member=self.seats[m], kind="other", reason="I know them."
            )

    @rule(n=index_of, m=seat_of, decision=st.sampled_from(["confirm", "dismiss", "waive"]))
    def decide(self, n, m, decision):
        conflict = Conflict.objects.filter(nomination=self.items[n], member=self.seats[m]).first()
        if conflict is None:
            return
        with contextlib.suppress(REFUSED):
            conflict_decide(conflict=conflict, actor=self.staff, decision=decision, reason="Seen.")

    @rule(n=index_of, m=seat_of)
    def decline(self, n, m):
        assignment = Assignment.objects.filter(nomination=self.items[n], member=self.seats[m])
        if assignment.exists():
            with contextlib.suppress(REFUSED):
                assignment_decline(
                    assignment=assignment.get(), actor=self.seats[m].user, reason="Travelling."
                )

    @rule(m=seat_of)
    def remove_seat(self, m):
        with contextlib.suppress(REFUSED):
            panel_member_remove(member=self.seats[m], actor=self.staff, reason="Left the agency.")

    @invariant()
    def stored_figures_equal_a_recompute(self):
        assert stored(self.cycle) == recomputed(self.cycle)

    @invariant()
    def results_equal_the_arithmetic(self):
        for hidden in ({}, {self.items[0].pk: "conflict of interest"}):
            assert shown(self.cycle, hidden) == arithmetic(self.cycle, hidden)


@pytest.mark.django_db(transaction=False)
def test_stored_figures_follow_every_change():
    run_state_machine_as_test(
        PanelFigures,
        settings=settings(
            max_examples=25,
            stateful_step_count=15,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )


@pytest.mark.django_db
def test_rebuild_recomputes_figures_that_drifted():
    cycle = factories.review_cycle(nominations=2, panelists=2)
    first, second = cycle.nominations.order_by("pk")
    ana, ben = cycle.panel.members.order_by("pk")
    factories.review_of(first, ana, overall=2)
    factories.review_of(first, ben, overall=6)
    factories.review_of(second, ana, overall=4)
    expected = stored(cycle)
    # Figures written behind the services' back: a row changed, one deleted, one invented.
    NominationFigures.objects.filter(nomination=first).update(score=90, overall_total=1)
    NominationFigures.objects.filter(nomination=second).delete()
    PanelistFigures.objects.filter(member=ben).update(reviews_counted=7)

    out = io.StringIO()
    call_command("rebuild_panel_figures", "--cycle", str(cycle.pk), stdout=out)

    assert stored(cycle) == expected == recomputed(cycle)
    assert out.getvalue() == f"{cycle}: 2 scored nominations, 2 panelists with counted reviews\n"


@pytest.mark.django_db
def test_rebuild_of_a_cycle_without_reviews_stores_nothing():
    cycle = factories.review_cycle(nominations=2, panelists=2)

    assert panel_figures_rebuild(cycle) == (0, 0)
    assert not NominationFigures.objects.filter(cycle=cycle).exists()
