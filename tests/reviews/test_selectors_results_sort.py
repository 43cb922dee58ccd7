"""Sorting the results page's rows: missing values and withheld rows last, ties in rank
order."""

import pytest

from reviews.selectors.results import results_for_cycle
from reviews.selectors.results_sort import SORT_KEYS, sorted_rows
from tests import factories
from tests.reviews.test_selectors_results import cycle_with

pytestmark = pytest.mark.django_db


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
def test_sorted_rows_puts_missing_values_last_and_keeps_ties_in_rank_order(
    key, descending, expected
):
    cycle, items, (a, b) = cycle_with(nominations=5, panelists=2)
    for nomination, scores in zip(items, ((2, 2), (2, 4), (3, 3), (3, 5)), strict=False):
        for member, overall in zip((a, b), scores, strict=True):
            factories.review_of(nomination, member, overall=overall)
    factories.review_of(items[4], a, overall=9, submitted=False)
    results = results_for_cycle(cycle)

    rows = sorted_rows(results.rows, key=key, descending=descending)

    assert [row.reference for row in rows] == [items[i].reference for i in expected]


def test_sorted_rows_keep_withheld_rows_last():
    cycle, items, (a,) = cycle_with(nominations=3, panelists=1)
    for nomination, overall in zip(items, (2, 3, 4), strict=True):
        factories.review_of(nomination, a, overall=overall)
    results = results_for_cycle(cycle, hidden={items[2].pk: "conflict of interest"})

    for key in SORT_KEYS:
        for descending in (False, True):
            rows = sorted_rows(results.rows, key=key, descending=descending)
            assert rows[-1].nomination_id == items[2].pk, (key, descending)
