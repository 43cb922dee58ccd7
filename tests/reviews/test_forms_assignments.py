"""The balanced-assignment form takes the same range of k as the panel's settings."""

import pytest

from reviews.forms.assignments import BalancedAssignmentForm


@pytest.mark.parametrize(
    ("k", "error"),
    [
        ("0", "Each nomination needs at least 1 reviewer."),
        ("11", "Enter 10 or fewer reviewers per nomination."),
        ("2.5", "Enter a whole number, like 3."),
    ],
)
def test_balanced_assignment_form_refuses_k_outside_the_panel_settings_range(k, error):
    form = BalancedAssignmentForm({"k": k})

    assert form.errors == {"k": [error]}


@pytest.mark.parametrize("k", ["1", "10"])
def test_balanced_assignment_form_takes_k_at_both_ends(k):
    assert BalancedAssignmentForm({"k": k}).is_valid()
