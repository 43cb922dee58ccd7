"""Panel results arithmetic against hand-computed examples, plus Hypothesis properties.

Pure functions: no database, so no django_db mark.
"""

from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from statistics import variance

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviews.domain.scoring import (
    CriterionMean,
    NominationTally,
    PanelFigures,
    PanelistCalibration,
    PanelistTally,
    ReviewRecord,
    ReviewScore,
    ReviewStatus,
    panel_results,
    results_from_tallies,
)

SUBMITTED, DRAFT, DECLINED = ReviewStatus.SUBMITTED, ReviewStatus.DRAFT, ReviewStatus.DECLINED


def reviews_of(nomination_id: int, *overalls: int, first_panelist: int = 1) -> list[ReviewRecord]:
    """Submitted, unconflicted reviews of one nomination by panelists 1, 2, 3, ..."""
    return [
        ReviewRecord(nomination_id, first_panelist + index, overall)
        for index, overall in enumerate(overalls)
    ]


def by_id(results):
    return {n.nomination_id: n for n in results.nominations}


# --- overall score: mean x 10, half-up --------------------------------------------------


@pytest.mark.parametrize(
    ("overalls", "expected"),
    [
        # 2+2+2+3 = 9; 9/4 = 2.25; x10 = 22.5; half-up -> 23 (round() would give 22)
        ((2, 2, 2, 3), 23),
        # 13 twos + 7 threes = 26+21 = 47; 47/20 = 2.35; x10 = 23.5 -> 24
        ((2,) * 13 + (3,) * 7, 24),
        # 11 twos + 9 threes = 22+27 = 49; 49/20 = 2.45; x10 = 24.5 -> 25 (round() gives 24)
        ((2,) * 11 + (3,) * 9, 25),
        # 1+2+2 = 5; 5/3 = 1.666...; x10 = 16.67 -> 17
        ((1, 2, 2), 17),
        # 1+1+2 = 4; 4/3 = 1.333...; x10 = 13.33 -> 13
        ((1, 1, 2), 13),
        # extremes: all 1 -> 10, all 9 -> 90
        ((1, 1, 1), 10),
        ((9, 9), 90),
    ],
)
def test_score_is_mean_times_ten_rounded_half_up(overalls, expected):
    results = panel_results(reviews_of(1, *overalls), {1})

    assert results.nominations[0].score == expected
    assert results.nominations[0].reviews_counted == len(overalls)


def test_criterion_means_two_decimals_half_up():
    records = [
        # criterion 10: 1, 2, 2 -> 5/3 = 1.666... -> 1.67 over 3 reviews
        # criterion 11: 3, 4    -> 7/2 = 3.5      -> 3.50 over 2 reviews (third left it blank)
        ReviewRecord(1, 1, 2, {10: 1, 11: 3}),
        ReviewRecord(1, 2, 3, {10: 2, 11: 4}),
        ReviewRecord(1, 3, 3, {10: 2}),
        # criterion 12 on nomination 2: seven 2s and one 3 -> 17/8 = 2.125 -> 2.13 (not 2.12)
        *[ReviewRecord(2, p, 2, {12: 2}) for p in range(1, 8)],
        ReviewRecord(2, 8, 2, {12: 3}),
    ]

    results = by_id(panel_results(records, {1, 2}))

    assert results[1].criteria == (
        CriterionMean(10, Decimal("1.67"), 3),
        CriterionMean(11, Decimal("3.50"), 2),
    )
    assert results[2].criteria == (CriterionMean(12, Decimal("2.13"), 8),)


# --- rank and percentile ------------------------------------------------------------------


def test_ties_share_rank_and_average_rank_percentile():
    # scores 20, 30, 30, 40 -> competition ranks 1, 2, 2, 4
    # percentile ranks 1, 2.5, 2.5, 4 with N = 4:
    #   100 x (1 - 0.5) / 4 = 12.5 -> up to 13
    #   100 x (2.5 - 0.5) / 4 = 50 -> 50
    #   100 x (4 - 0.5) / 4 = 87.5 -> up to 88
    records = reviews_of(1, 2) + reviews_of(2, 3) + reviews_of(3, 3) + reviews_of(4, 4)

    results = panel_results(records, {1, 2, 3, 4})

    assert [(n.nomination_id, n.score, n.rank, n.percentile) for n in results.nominations] == [
        (1, 20, 1, 13),
        (2, 30, 2, 50),
        (3, 30, 2, 50),
        (4, 40, 4, 88),
    ]
    assert results.scored == 4


def test_percentile_single_nomination_is_fifty():
    # 100 x (1 - 0.5) / 1 = 50
    results = panel_results(reviews_of(7, 5), {7})

    assert (results.nominations[0].rank, results.nominations[0].percentile) == (1, 50)


def test_percentile_clamped_to_99():
    # 59 nominations tie at 10 and one scores 90, N = 60.
    # The tie occupies ranks 1..59, average 30: 100 x 29.5 / 60 = 49.17 -> 50.
    # The last has rank 60: 100 x 59.5 / 60 = 99.17 -> 100 -> clamped to 99.
    records = [r for nid in range(1, 60) for r in reviews_of(nid, 1)] + reviews_of(60, 9)

    results = by_id(panel_results(records, range(1, 61)))

    assert {(n.rank, n.percentile) for nid, n in results.items() if nid < 60} == {(1, 50)}
    assert (results[60].rank, results[60].percentile) == (60, 99)


def test_unscored_nominations_come_last_without_rank():
    records = [
        *reviews_of(1, 5),  # 50
        *reviews_of(2, 2),  # 20
        ReviewRecord(3, 1, 1, status=DRAFT),  # a draft only: unscored
    ]  # nomination 4 has no review at all

    results = panel_results(records, {4, 3, 2, 1})

    assert [(n.nomination_id, n.score, n.rank, n.percentile) for n in results.nominations] == [
        (2, 20, 1, 25),  # 100 x 0.5 / 2 = 25
        (1, 50, 2, 75),  # 100 x 1.5 / 2 = 75
        (3, None, None, None),
        (4, None, None, None),
    ]
    assert results.scored == 2
    unscored = results.nominations[3]
    assert (unscored.reviews_counted, unscored.sd, unscored.mean_z, unscored.reviews) == (
        0,
        None,
        None,
        (),
    )
    assert (unscored.disagreement, unscored.score_range, unscored.criteria) == (False, None, ())


# --- what counts ----------------------------------------------------------------------------


def test_conflicted_declined_and_draft_reviews_do_not_count():
    records = [
        ReviewRecord(1, 1, 2, {10: 2}),
        ReviewRecord(1, 2, 4, {10: 4}),
        ReviewRecord(1, 3, 9, {10: 9}, conflicted=True),  # submitted but conflicted
        ReviewRecord(1, 4, None, status=DECLINED),
        ReviewRecord(1, 5, 1, {10: 1}, status=DRAFT),
        ReviewRecord(1, 6, None, status=DRAFT),  # an empty draft is not an error
        ReviewRecord(1, 7, 7, status=DECLINED),  # a declined score is ignored too
    ]

    results = panel_results(records, {1})
    nomination = results.nominations[0]

    # counted: 2 and 4 -> mean 3 -> 30; criterion 10: (2 + 4) / 2 = 3.00
    assert nomination.reviews_counted == 2
    assert nomination.score == 30
    assert nomination.criteria == (CriterionMean(10, Decimal("3.00"), 2),)
    assert [r.panelist_id for r in nomination.reviews] == [1, 2]
    # only panelists with counted reviews are calibrated
    assert [p.panelist_id for p in results.panelists] == [1, 2]


# --- spread and disagreement -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overalls", "sd", "score_range", "disagreement"),
    [
        # one review: no sample SD; range 0
        ((4,), None, 0, False),
        # 3, 5: mean 4, squares 1 + 1 = 2, /(2-1) = 2, sqrt = 1.414 -> 1.41; range 2
        ((3, 5), Decimal("1.41"), 2, False),
        # 2, 5: mean 3.5, squares 2.25 + 2.25 = 4.5, sqrt 4.5 = 2.121 -> 2.12 >= 2.0; range 3
        ((2, 5), Decimal("2.12"), 3, True),
        # five 3s and a 7: mean 22/6, squares 5 x (2/3)^2 + (10/3)^2 = 20/9 + 100/9 = 120/9,
        # /5 = 8/3, sqrt = 1.633 -> 1.63 < 2.0, but range 4 flags it
        ((3, 3, 3, 3, 3, 7), Decimal("1.63"), 4, True),
        # 2, 4, 6: mean 4, squares 4 + 0 + 4 = 8, /2 = 4, SD exactly 2.00; range 4
        ((2, 4, 6), Decimal("2.00"), 4, True),
    ],
)
def test_sd_range_and_disagreement(overalls, sd, score_range, disagreement):
    nomination = panel_results(reviews_of(1, *overalls), {1}).nominations[0]

    assert (nomination.sd, nomination.score_range, nomination.disagreement) == (
        sd,
        score_range,
        disagreement,
    )


def test_disagreement_threshold_compares_the_variance_with_the_sd_squared():
    # 3, 5: variance 2. An SD of 1.2 is a variance of 1.44 (not 2.4): they disagree.
    records = reviews_of(1, 3, 5)

    results = panel_results(records, {1}, disagreement_sd=Decimal("1.2"), disagreement_range=9)

    assert results.nominations[0].disagreement is True


def test_disagreement_threshold_is_inclusive_and_configurable():
    # 2, 4, 6 has SD exactly 2 (variance 4); the range rule is switched off with 9.
    records = reviews_of(1, 2, 4, 6)

    at_two = panel_results(records, {1}, disagreement_sd=Decimal("2"), disagreement_range=9)
    above = panel_results(records, {1}, disagreement_sd=Decimal("2.01"), disagreement_range=9)

    assert at_two.nominations[0].disagreement is True
    assert above.nominations[0].disagreement is False


# --- z-normalization and calibration ---------------------------------------------------------


def small_panel() -> list[ReviewRecord]:
    """Three panelists score three nominations.

    P1: N1=2, N2=4, N3=6  mean 4, SD sqrt((4+0+4)/2) = 2      z = -1, 0, +1
    P2: N1=1, N2=1, N3=4  mean 2, SD sqrt((1+1+4)/2) = sqrt 3 z = -1/1.732 = -0.577 (-0.58),
                                                                 -0.58, 2/1.732 = 1.155 (1.15)
    P3: N1=5, N2=5, N3=5  SD 0                                 z = None
    """
    scores = {1: (2, 4, 6), 2: (1, 1, 4), 3: (5, 5, 5)}
    return [
        ReviewRecord(nomination, panelist, overall)
        for panelist, row in scores.items()
        for nomination, overall in zip((1, 2, 3), row, strict=True)
    ]


def test_z_scores_for_a_small_panel():
    results = by_id(panel_results(small_panel(), {1, 2, 3}))

    assert results[1].reviews == (
        ReviewScore(1, 2, Decimal("-1.00")),
        ReviewScore(2, 1, Decimal("-0.58")),
        ReviewScore(3, 5, None),
    )
    assert results[2].reviews == (
        ReviewScore(1, 4, Decimal("0.00")),
        ReviewScore(2, 1, Decimal("-0.58")),
        ReviewScore(3, 5, None),
    )
    assert results[3].reviews == (
        ReviewScore(1, 6, Decimal("1.00")),
        ReviewScore(2, 4, Decimal("1.15")),
        ReviewScore(3, 5, None),
    )
    # mean z over the reviews that have one (P3's are None):
    # N1: (-1 - 0.57735) / 2 = -0.7887 -> -0.79
    # N2: (0 - 0.57735) / 2 = -0.2887 -> -0.29
    # N3: (1 + 1.15470) / 2 = 1.0774 -> 1.08
    assert [results[n].mean_z for n in (1, 2, 3)] == [
        Decimal("-0.79"),
        Decimal("-0.29"),
        Decimal("1.08"),
    ]


def test_mean_z_averages_the_exact_z_scores_not_the_rounded_ones():
    # P1 gives 3, 2, 5: mean 10/3, variance 7/3, so N3's 5 has z = (5/3) / 1.5275 = 1.0911
    # P2 gives 2, 8, 8: mean 6, variance 12, so N3's 8 has z = 2 / 3.4641 = 0.5774
    # N3: (1.0911 + 0.5774) / 2 = 0.8342 -> 0.83; the shown z-scores 1.09 and 0.58 would
    # average 0.835 -> 0.84.
    records = [
        ReviewRecord(1, 1, 3),
        ReviewRecord(2, 1, 2),
        ReviewRecord(3, 1, 5),
        ReviewRecord(1, 2, 2),
        ReviewRecord(2, 2, 8),
        ReviewRecord(3, 2, 8),
    ]

    n3 = panel_results(records, {1, 2, 3}).nominations[-1]

    assert [review.z for review in n3.reviews] == [Decimal("1.09"), Decimal("0.58")]
    assert (n3.nomination_id, n3.mean_z) == (3, Decimal("0.83"))


def test_small_panel_scores_ranks_and_spread():
    results = panel_results(small_panel(), {1, 2, 3})

    # N1: 2+1+5 = 8, 8/3 = 2.667 -> 26.67 -> 27; deviations -2/3, -5/3, 7/3:
    #     (4 + 25 + 49)/9 = 78/9, /2 = 13/3, sqrt = 2.082 -> 2.08 >= 2.0; range 5-1 = 4
    # N2: 4+1+5 = 10, 10/3 -> 33.33 -> 33; deviations 2/3, -7/3, 5/3: same 2.08; range 4
    # N3: 6+4+5 = 15, 5 -> 50; deviations 1, -1, 0: 2/2 = 1 -> 1.00; range 2
    # percentiles, N = 3: 100 x 0.5/3 = 16.7 -> 17; 100 x 1.5/3 = 50; 100 x 2.5/3 = 83.3 -> 84
    summary = [
        (n.nomination_id, n.score, n.sd, n.score_range, n.disagreement, n.rank, n.percentile)
        for n in results.nominations
    ]
    assert summary == [
        (1, 27, Decimal("2.08"), 4, True, 1, 17),
        (2, 33, Decimal("2.08"), 4, True, 2, 50),
        (3, 50, Decimal("1.00"), 2, False, 3, 84),
    ]


def test_calibration_against_the_panel():
    results = panel_results(small_panel(), {1, 2, 3})

    # panel: 2,4,6,1,1,4,5,5,5: sum 33, mean 33/9 = 3.667 -> 3.67
    #   sum of squares 149; variance (149 - 33^2/9) / 8 = (149 - 121) / 8 = 3.5; SD 1.871 -> 1.87
    # offsets: P1 4 - 11/3 = 1/3 -> 0.33; P2 2 - 11/3 = -5/3 -> -1.67; P3 5 - 11/3 = 4/3 -> 1.33
    panel_mean, panel_sd = Decimal("3.67"), Decimal("1.87")
    assert results.panelists == (
        PanelistCalibration(
            1, 3, Decimal("4.00"), Decimal("2.00"), panel_mean, panel_sd, Decimal("0.33")
        ),
        PanelistCalibration(
            2, 3, Decimal("2.00"), Decimal("1.73"), panel_mean, panel_sd, Decimal("-1.67")
        ),
        PanelistCalibration(
            3, 3, Decimal("5.00"), Decimal("0.00"), panel_mean, panel_sd, Decimal("1.33")
        ),
    )


def test_panel_figures_give_the_panel_mean_and_sd_alone_as_calibration_gives_them():
    tallies = {
        1: PanelistTally(1, 3, 12, 56),  # 2, 4, 6
        2: PanelistTally(2, 3, 6, 18),  # 1, 1, 4
        3: PanelistTally(3, 3, 15, 75),  # 5, 5, 5
    }

    figures = PanelFigures(tallies, {})

    assert figures.panel() == (Decimal("3.67"), Decimal("1.87"))
    assert {(c.panel_mean, c.panel_sd) for c in figures.calibration()} == {figures.panel()}
    assert PanelFigures({1: PanelistTally(1, 1, 4, 16)}, {}).panel() == (Decimal("4.00"), None)
    assert PanelFigures({}, {}).panel() == (None, None)


def test_panelist_with_one_counted_score_has_no_z_or_sd():
    # P1 scored two nominations but is conflicted on one, so one counted score: no SD, no z.
    records = [
        ReviewRecord(1, 1, 3),
        ReviewRecord(2, 1, 7, conflicted=True),
        ReviewRecord(2, 2, 4),
    ]

    results = panel_results(records, {1, 2})

    assert results.nominations[0].reviews == (ReviewScore(1, 3, None),)
    assert results.nominations[0].mean_z is None
    # panel: 3 and 4 -> mean 3.50, SD sqrt(0.5) = 0.707 -> 0.71; P1 offset 3 - 3.5 = -0.50
    assert results.panelists[0] == PanelistCalibration(
        1, 1, Decimal("3.00"), None, Decimal("3.50"), Decimal("0.71"), Decimal("-0.50")
    )


def test_no_counted_reviews_at_all():
    results = panel_results([ReviewRecord(1, 1, None, status=DRAFT)], {1, 2})

    assert [(n.nomination_id, n.score, n.rank) for n in results.nominations] == [
        (1, None, None),
        (2, None, None),
    ]
    assert (results.panelists, results.scored) == ((), 0)


def test_results_do_not_depend_on_the_callers_decimal_context():
    expected = panel_results(small_panel(), {1, 2, 3})

    with localcontext(prec=2, rounding=ROUND_HALF_EVEN):
        assert panel_results(small_panel(), {1, 2, 3}) == expected


# --- refused input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (ReviewRecord(9, 1, 3), "review of nomination 9 is not in the cycle"),
        (ReviewRecord(1, 1, None), "overall score of review (1, 1) must be a whole number"),
        (ReviewRecord(1, 1, 10), "overall score of review (1, 1) must be between 1 and 9"),
        (ReviewRecord(1, 1, 0), "overall score of review (1, 1) must be between 1 and 9"),
        (ReviewRecord(1, 1, True), "overall score of review (1, 1) must be a whole number"),
        (ReviewRecord(1, 1, 3, {5: 12}), "criterion 5 score of review (1, 1) must be between"),
        (ReviewRecord(1, 1, 3, status="pending"), "'pending' is not a valid ReviewStatus"),
    ],
)
def test_invalid_records_are_refused(record, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        panel_results([record], {1})


def test_two_counted_reviews_by_one_panelist_of_one_nomination_are_refused():
    records = [ReviewRecord(1, 1, 3), ReviewRecord(1, 1, 4)]

    with pytest.raises(ValueError, match="panelist 1 has two counted reviews of nomination 1"):
        panel_results(records, {1})


def test_plain_status_strings_are_accepted():
    records = [ReviewRecord(1, 1, 3, status="submitted"), ReviewRecord(1, 2, 9, status="draft")]

    assert panel_results(records, {1}).nominations[0].score == 30


# --- properties -------------------------------------------------------------------------------

NOMINATIONS = range(1, 7)
PANELISTS = range(1, 6)
score = st.integers(min_value=1, max_value=9)


@st.composite
def cycles(draw):
    """Records over up to 6 nominations and 5 panelists, at most one per pair."""
    nomination_ids = draw(st.sets(st.sampled_from(NOMINATIONS), min_size=1))
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(sorted(nomination_ids)), st.sampled_from(PANELISTS)),
            unique=True,
            max_size=20,
        )
    )
    records = []
    for nomination_id, panelist_id in pairs:
        status = draw(st.sampled_from(ReviewStatus))
        overall = draw(st.none() | score) if status != SUBMITTED else draw(score)
        criteria = draw(st.dictionaries(st.sampled_from([10, 11, 12]), score, max_size=3))
        records.append(
            ReviewRecord(nomination_id, panelist_id, overall, criteria, status, draw(st.booleans()))
        )
    return records, nomination_ids


@settings(max_examples=150)
@given(cycles())
def test_scores_within_scale_and_percentiles_follow_scores(cycle):
    records, nomination_ids = cycle

    results = panel_results(records, nomination_ids)

    scored = [n for n in results.nominations if n.score is not None]
    assert len(results.nominations) == len(nomination_ids)
    assert results.scored == len(scored)
    assert all(10 <= n.score <= 90 for n in scored)
    assert all(1 <= n.percentile <= 99 for n in scored)
    assert all(Decimal(1) <= c.mean <= Decimal(9) for n in scored for c in n.criteria)
    # output is in score order, unscored last, and percentiles never decrease with score
    assert [n.score for n in scored] == sorted(n.score for n in scored)
    assert results.nominations[len(scored) :] == tuple(
        n for n in results.nominations if n.score is None
    )
    assert [n.percentile for n in scored] == sorted(n.percentile for n in scored)
    for n in scored:
        # competition rank: one more than the number of strictly better scores
        assert n.rank == 1 + sum(other.score < n.score for other in scored)
        assert (n.disagreement, n.reviews_counted) == (
            # exact oracle: the rule compares the unrounded SD, i.e. variance >= 2.0 ** 2
            (len(n.reviews) > 1 and variance([Fraction(r.overall) for r in n.reviews]) >= 4)
            or n.score_range >= 4,
            len(n.reviews),
        )


@settings(max_examples=100)
@given(st.data())
def test_permuting_records_changes_nothing(data):
    records, nomination_ids = data.draw(cycles())
    shuffled = data.draw(st.permutations(records))

    assert panel_results(shuffled, nomination_ids) == panel_results(records, nomination_ids)


@settings(max_examples=100)
@given(st.data())
def test_adding_a_conflicted_or_draft_review_changes_nothing(data):
    records, nomination_ids = data.draw(cycles())
    extra = ReviewRecord(
        data.draw(st.sampled_from(sorted(nomination_ids))),
        data.draw(st.sampled_from(PANELISTS)),
        data.draw(st.none() | score),
        data.draw(st.dictionaries(st.sampled_from([10, 11, 12]), score, max_size=3)),
        *data.draw(
            st.sampled_from([(DRAFT, False), (DRAFT, True), (SUBMITTED, True), (DECLINED, True)])
        ),
    )
    position = data.draw(st.integers(min_value=0, max_value=len(records)))

    with_extra = [*records[:position], extra, *records[position:]]

    assert panel_results(with_extra, nomination_ids) == panel_results(records, nomination_ids)


def test_the_best_of_sixty_is_the_first_percentile():
    # One scores 10 and 59 tie at 90, N = 60: rank 1, 100 x 0.5 / 60 = 0.83 -> up to 1.
    records = reviews_of(1, 1) + [r for nid in range(2, 61) for r in reviews_of(nid, 9)]

    results = by_id(panel_results(records, range(1, 61)))

    assert (results[1].rank, results[1].percentile) == (1, 1)


def test_two_counted_reviews_by_one_panelist_are_refused_naming_both():
    records = [ReviewRecord(4, 7, 3), ReviewRecord(4, 7, 5)]

    with pytest.raises(ValueError) as refused:
        panel_results(records, {4})

    assert str(refused.value) == "panelist 7 has two counted reviews of nomination 4"


def test_a_panelist_s_calibration_mean_has_two_decimals():
    records = [ReviewRecord(1, 1, 1), ReviewRecord(2, 1, 1), ReviewRecord(3, 1, 2)]

    calibration = panel_results(records, {1, 2, 3}).panelists[0]

    assert str(calibration.mean) == "1.33"


def test_results_from_tallies_leave_out_a_tally_of_a_nomination_not_in_the_cycle():
    """A tally of a nomination outside `nomination_ids` (one withheld from the reader) is
    neither listed, ranked nor counted among the scored."""
    inside = NominationTally(1, n=1, total=3, squares=9, criteria=(), reviews=((7, 3),))
    outside = NominationTally(2, n=1, total=1, squares=1, criteria=(), reviews=((7, 1),))
    panelists = {7: PanelistTally(7, n=1, total=3, squares=9)}

    results = results_from_tallies({1: inside, 2: outside}, panelists, [1])

    assert [(r.nomination_id, r.rank, r.percentile) for r in results.nominations] == [(1, 1, 50)]
    assert results.scored == 1
