"""A cycle's results: hand-computed examples end to end through the database, the whole
cycle at once (`tests.reviews.whole_cycle`) and a page at a time (`ranked_results`)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.rules import is_award_staff
from nominations.states import NominationState
from reviews.models import Assignment, PanelMember
from reviews.selectors.results import (
    CONFLICT_OF_INTEREST,
    SORT_KEYS,
    UNTIL_OWN_REVIEW,
    ranked_results,
    results_hidden_from,
)
from reviews.states import ConflictStatus
from tests import factories
from tests.reviews.whole_cycle import results_for_cycle

pytestmark = pytest.mark.django_db


def cycle_with(*, nominations: int, panelists: int, criteria: int = 2):
    cycle = factories.review_cycle(nominations=nominations, panelists=panelists, criteria=criteria)
    items = list(cycle.nominations.order_by("reference"))
    members = list(PanelMember.objects.filter(panel__cycle=cycle).order_by("pk"))
    return cycle, items, members


def row_for(results, nomination):
    return next(row for row in results.rows if row.nomination_id == nomination.pk)


def test_results_three_reviews_2_3_3_score_27_with_criterion_means_and_sd():
    cycle, (first, _), (a, b, c) = cycle_with(nominations=2, panelists=3)
    factories.review_of(first, a, overall=2, criteria=[2, 4])
    factories.review_of(first, b, overall=3, criteria=[3, 4])
    factories.review_of(first, c, overall=3, criteria=[3, 5])

    row = row_for(results_for_cycle(cycle), first)

    assert row.reference == first.reference
    assert row.nominee == first.nominee.display_name
    assert row.reviews_counted == 3
    assert row.score == 27  # 8 / 3 = 2.667 x 10 = 26.67
    assert [(c.name, c.mean) for c in row.criteria] == [
        ("Criterion 1", Decimal("2.67")),
        ("Criterion 2", Decimal("4.33")),
    ]
    assert row.sd == Decimal("0.58")  # sqrt(1/3)
    assert (row.score_range, row.disagreement) == (1, False)
    assert (row.rank, row.percentile) == (1, 50)


def test_results_exclude_conflicted_declined_and_draft_reviews():
    cycle, (first, _), (a, b, c) = cycle_with(nominations=2, panelists=3)
    declining = factories.seat(cycle)
    Assignment.objects.create(
        nomination=first, member=declining, declined_at=timezone.now(), decline_reason="Busy."
    )
    factories.review_of(first, a, overall=4)
    factories.review_of(first, b, overall=9)
    factories.conflict(first, b, status=ConflictStatus.DECLARED)
    factories.review_of(first, c, overall=1, submitted=False)
    factories.review_of(first, declining, overall=1)

    row = row_for(results_for_cycle(cycle), first)

    assert (row.reviews_counted, row.score, row.sd) == (1, 40, None)
    assert [(line.panelist.member_id, line.overall) for line in row.reviews] == [(a.pk, 4)]


def test_results_suggested_dismissed_and_waived_conflicts_do_not_exclude():
    cycle, (first, _), (a, b, c) = cycle_with(nominations=2, panelists=3)
    for member, status in (
        (a, ConflictStatus.SUGGESTED),
        (b, ConflictStatus.DISMISSED),
        (c, ConflictStatus.WAIVED),
    ):
        factories.review_of(first, member, overall=5)
        factories.conflict(first, member, status=status)

    assert row_for(results_for_cycle(cycle), first).reviews_counted == 3


def test_results_confirmed_conflict_excludes():
    cycle, (first, _), (a, b, _c) = cycle_with(nominations=2, panelists=3)
    factories.review_of(first, a, overall=2)
    factories.review_of(first, b, overall=8)
    factories.conflict(first, b, status=ConflictStatus.CONFIRMED)

    assert row_for(results_for_cycle(cycle), first).score == 20


def test_results_removed_panelists_review_counts_and_is_marked():
    cycle, (first, _), (a, b, _c) = cycle_with(nominations=2, panelists=3)
    a.user.full_name = "Avery Stone"
    a.user.save()
    b.user.full_name = "Blake Moss"
    b.user.save()
    factories.review_of(first, a, overall=2)
    factories.review_of(first, b, overall=4)
    PanelMember.objects.filter(pk=b.pk).update(removed_at=timezone.now())

    results = results_for_cycle(cycle)

    row = row_for(results, first)
    assert (row.reviews_counted, row.score) == (2, 30)
    assert [(line.panelist.name, line.panelist.removed, line.overall) for line in row.reviews] == [
        ("Avery Stone", False, 2),
        ("Blake Moss", True, 4),
    ]
    assert [(p.panelist.name, p.panelist.removed) for p in results.panelists] == [
        ("Avery Stone", False),
        ("Blake Moss", True),
    ]


def test_results_ties_share_percentile_ranks_compete_and_unscored_last():
    cycle, items, (a,) = cycle_with(nominations=5, panelists=1)
    for nomination, overall in zip(items, (2, 3, 3, 4), strict=False):
        factories.review_of(nomination, a, overall=overall)

    results = results_for_cycle(cycle)

    assert results.scored == 4
    assert [(row.reference, row.score, row.rank, row.percentile) for row in results.rows] == [
        (items[0].reference, 20, 1, 13),
        (items[1].reference, 30, 2, 50),
        (items[2].reference, 30, 2, 50),
        (items[3].reference, 40, 4, 88),
        (items[4].reference, None, None, None),
    ]
    # One panelist scoring 2, 3, 3, 4: mean 3, SD sqrt(2/3) = 0.8165.
    assert [row.mean_z for row in results.rows] == [
        Decimal("-1.22"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("1.22"),
        None,
    ]
    assert [line.z for line in results.rows[0].reviews] == [Decimal("-1.22")]


def test_results_calibration_offsets_against_the_panel_mean():
    cycle, (first, second), (a, b) = cycle_with(nominations=2, panelists=2)
    factories.review_of(first, a, overall=2)
    factories.review_of(second, a, overall=4)
    factories.review_of(first, b, overall=4)
    factories.review_of(second, b, overall=6)

    results = results_for_cycle(cycle)

    # Panel: 2, 4, 4, 6 → mean 4, sample SD sqrt(8/3) = 1.633.
    assert (results.panel_mean, results.panel_sd) == (Decimal("4.00"), Decimal("1.63"))
    assert sorted(
        (p.panelist.member_id, p.reviews_counted, p.mean, p.sd, p.offset, p.leaning)
        for p in results.panelists
    ) == [
        (a.pk, 2, Decimal("3.00"), Decimal("1.41"), Decimal("-1.00"), "kinder than the panel"),
        (b.pk, 2, Decimal("5.00"), Decimal("1.41"), Decimal("1.00"), "harsher than the panel"),
    ]


def test_results_disagreement_flag_on_range_of_four():
    cycle, (first, _), (a, b, _c) = cycle_with(nominations=2, panelists=3)
    factories.review_of(first, a, overall=2)
    factories.review_of(first, b, overall=6)

    row = row_for(results_for_cycle(cycle), first)

    assert (row.sd, row.score_range, row.disagreement) == (Decimal("2.83"), 4, True)


def test_results_leave_out_nominations_not_before_the_panel_and_stale_criteria():
    cycle, (first, _), (a, _b, _c) = cycle_with(nominations=2, panelists=3)
    withdrawn = factories.nomination_in(NominationState.WITHDRAWN, cycle=cycle)
    review = factories.review_of(first, a, overall=3, criteria=[3, 3])
    review.criterion_scores["999999"] = 9  # a criterion since removed from the rubric
    review.save()

    results = results_for_cycle(cycle)

    assert withdrawn.pk not in [row.nomination_id for row in results.rows]
    assert [c.mean for c in row_for(results, first).criteria] == [Decimal("3.00")] * 2


def test_results_empty_cycle_has_no_panel_figures():
    cycle = factories.CycleFactory(state="review")

    results = results_for_cycle(cycle)

    assert (results.rows, results.panelists, results.panel_mean, results.scored) == (
        (),
        (),
        None,
        0,
    )


@pytest.mark.parametrize("size", [2, 12])
def test_ranked_results_page_query_count_does_not_grow(django_assert_num_queries, size):
    cycle, items, members = cycle_with(nominations=size, panelists=3)
    for nomination in items:
        for member in members:
            factories.review_of(nomination, member, overall=3)
    factories.conflict(items[0], members[0])

    # rubric, the panelists' tallies with names, the count at each score, the count of
    # rows, then the page's rows with their nominees and tallies
    with django_assert_num_queries(5):
        rows = ranked_results(cycle).rows[0:2]

    assert len(rows) == 2


def test_results_with_hidden_nominations_are_computed_as_if_they_were_not_in_the_cycle():
    # a: 2, 9, 4; b: 4, 9, 6. Without the middle nomination: a 2, 4 and b 4, 6.
    cycle, items, (a, b) = cycle_with(nominations=3, panelists=2)
    for member, scores in ((a, (2, 9, 4)), (b, (4, 9, 6))):
        for nomination, overall in zip(items, scores, strict=True):
            factories.review_of(nomination, member, overall=overall)
    without = cycle_with(nominations=2, panelists=2)
    for member, scores in zip(without[2], ((2, 4), (4, 6)), strict=True):
        for nomination, overall in zip(without[1], scores, strict=True):
            factories.review_of(nomination, member, overall=overall)

    results = results_for_cycle(cycle, hidden={items[1].pk: "conflict of interest"})
    reference = results_for_cycle(without[0])

    def figures(row):
        return (
            row.reviews_counted,
            row.score,
            row.sd,
            row.mean_z,
            row.rank,
            row.percentile,
            sorted((line.overall, line.z) for line in row.reviews),
        )

    assert [figures(row) for row in results.rows[:2]] == [figures(row) for row in reference.rows]
    assert [figures(row) for row in results.rows] == [
        (
            2,
            30,
            Decimal("1.41"),
            Decimal("-0.71"),
            1,
            25,
            [(2, Decimal("-0.71")), (4, Decimal("-0.71"))],
        ),
        (
            2,
            50,
            Decimal("1.41"),
            Decimal("0.71"),
            2,
            75,
            [(4, Decimal("0.71")), (6, Decimal("0.71"))],
        ),
        (0, None, None, None, None, None, []),
    ]
    assert [(row.nomination_id, row.withheld, row.hidden) for row in results.rows] == [
        (items[0].pk, "", False),
        (items[2].pk, "", False),
        (items[1].pk, "conflict of interest", True),
    ]
    assert [c.mean for c in results.rows[2].criteria] == [None, None]
    assert (results.scored, results.counted, results.panel_mean, results.panel_sd) == (
        2,
        2,
        reference.panel_mean,
        reference.panel_sd,
    )
    assert sorted((p.reviews_counted, p.mean, p.sd, p.offset) for p in results.panelists) == [
        (2, Decimal("3.00"), Decimal("1.41"), Decimal("-1.00")),
        (2, Decimal("5.00"), Decimal("1.41"), Decimal("1.00")),
    ]
    assert tuple(row.withheld for row in results.withheld) == ("conflict of interest",)


def test_results_a_panelist_who_only_scored_hidden_nominations_is_not_calibrated():
    cycle, (shown, hidden), (a, b) = cycle_with(nominations=2, panelists=2)
    factories.review_of(hidden, a, overall=7)
    factories.review_of(shown, b, overall=2)

    results = results_for_cycle(cycle, hidden={hidden.pk: "conflict of interest"})

    assert [(p.panelist.member_id, p.mean) for p in results.panelists] == [(b.pk, Decimal("2.00"))]
    assert results.panel_mean == Decimal("2.00")


def test_results_hidden_from_staff_is_nothing():
    cycle, (first, _), (a, _b, _c) = cycle_with(nominations=2, panelists=3)
    staff = factories.award_staff()

    assert results_hidden_from(user=staff, cycle=cycle) == {}


def test_results_hidden_from_a_chair_names_conflicts_and_unreviewed_assignments():
    cycle, items, (chair,) = cycle_with(nominations=6, panelists=1)
    PanelMember.objects.filter(pk=chair.pk).update(is_chair=True)
    conflicted, not_started, draft, submitted, declined, suggested = items
    factories.conflict(conflicted, chair)  # assigned, unreviewed too: the conflict wins
    factories.review_of(draft, chair, overall=3, submitted=False)
    factories.review_of(submitted, chair, overall=3)
    Assignment.objects.filter(nomination=declined, member=chair).update(
        declined_at=timezone.now(), decline_reason="Busy."
    )
    factories.conflict(suggested, chair, status=ConflictStatus.SUGGESTED)
    unassigned = factories.nomination_in(NominationState.IN_REVIEW, cycle=cycle)
    other_cycle, (elsewhere,), _ = cycle_with(nominations=1, panelists=0)
    elsewhere_seat = factories.seat(other_cycle, chair.user, chair=True)
    Assignment.objects.create(nomination=elsewhere, member=elsewhere_seat)

    hidden = results_hidden_from(user=chair.user, cycle=cycle)

    assert hidden == {
        conflicted.pk: CONFLICT_OF_INTEREST,
        not_started.pk: UNTIL_OWN_REVIEW,
        draft.pk: UNTIL_OWN_REVIEW,
        suggested.pk: UNTIL_OWN_REVIEW,
    }
    assert unassigned.pk not in hidden
    assert results_hidden_from(user=chair.user, cycle=other_cycle) == {
        elsewhere.pk: UNTIL_OWN_REVIEW
    }


def test_results_hidden_from_three_queries(django_assert_num_queries):
    cycle, items, (chair,) = cycle_with(nominations=3, panelists=1)
    factories.conflict(items[0], chair)
    user = PanelMember.objects.select_related("user").get(pk=chair.pk).user
    user.groups.all()  # the role lookup is not what is counted here
    is_award_staff(user)

    # the party rule's two (the user's addresses, the nominations they made, are the
    # contact or individual nominee of, or endorsed), then conflicts and assignments
    with django_assert_num_queries(3):
        hidden = results_hidden_from(user=user, cycle=cycle)

    assert len(hidden) == 3


# -- sorting the results page's rows: missing values and withheld rows last, ties in rank order


@pytest.mark.parametrize(
    ("key", "descending", "expected"),
    [
        ("score", False, [0, 1, 2, 3, 4]),
        ("score", True, [3, 1, 2, 0, 4]),
        ("rank", True, [3, 1, 2, 0, 4]),
        ("percentile", False, [0, 1, 2, 3, 4]),
        ("reference", True, [4, 3, 2, 1, 0]),
        ("reviews", True, [0, 1, 2, 3, 4]),
        ("sd", False, [0, 2, 1, 3, 4]),
        ("sd", True, [1, 3, 0, 2, 4]),
    ],
)
def test_ranked_rows_put_missing_values_last_and_keep_ties_in_rank_order(key, descending, expected):
    cycle, items, (a, b) = cycle_with(nominations=5, panelists=2)
    for nomination, scores in zip(items, ((2, 2), (2, 4), (3, 3), (3, 5)), strict=False):
        for member, overall in zip((a, b), scores, strict=True):
            factories.review_of(nomination, member, overall=overall)
    factories.review_of(items[4], a, overall=9, submitted=False)

    rows = ranked_results(cycle, sort=key, descending=descending).rows

    assert [row.reference for row in rows[:]] == [items[i].reference for i in expected]


def test_ranked_rows_keep_withheld_rows_last():
    cycle, items, (a,) = cycle_with(nominations=3, panelists=1)
    for nomination, overall in zip(items, (2, 3, 4), strict=True):
        factories.review_of(nomination, a, overall=overall)
    hidden = {items[2].pk: "conflict of interest"}

    for key in SORT_KEYS:
        for descending in (False, True):
            rows = ranked_results(cycle, hidden=hidden, sort=key, descending=descending).rows[:]
            assert rows[-1].nomination_id == items[2].pk, (key, descending)
            assert rows[-1].withheld == "conflict of interest"


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", SORT_KEYS)
def test_ranked_rows_are_results_for_cycle_rows_in_the_order_asked(key, descending):
    """Each page read through the stored figures holds the very rows `results_for_cycle`
    computes for the whole cycle, withheld rows and the chair's adjustments included."""
    cycle, items, members = cycle_with(nominations=7, panelists=3)
    scores = ((2, 2, 5), (2, 4, 4), (3, 3, 3), (3, 5, 1), (9, 9, 9), (1, None, None))
    for nomination, row in zip(items, scores, strict=False):
        for member, overall in zip(members, row, strict=True):
            if overall is not None:
                factories.review_of(nomination, member, overall=overall)
    hidden = {items[1].pk: "until you submit your own review"}
    whole = {row.nomination_id: row for row in results_for_cycle(cycle, hidden=hidden).rows}

    page = ranked_results(cycle, hidden=hidden, sort=key, descending=descending)
    rows = page.rows[0:3] + page.rows[3:5] + page.rows[5:]

    assert sorted(row.nomination_id for row in rows) == sorted(whole)
    assert rows == [whole[row.nomination_id] for row in rows]
    assert rows[-1].nomination_id == items[1].pk
    assert (page.scored, page.counted, len(page.withheld)) == (5, 6, 1)
    # Streamed in chunks smaller than the cycle, for the CSV: the same rows in the same order.
    assert list(page.rows.stream(chunk_size=2)) == rows
