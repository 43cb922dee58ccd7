"""Permission predicates of panel review (reviews/rules.py)."""

import pytest

from reviews import rules
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("make_user", "may"),
    [
        (factories.award_staff, True),
        (factories.panelist, True),
        (factories.nominator, False),
        (factories.selecting_official, False),
    ],
)
def test_may_view_some_results_only_for_staff_and_panelists(make_user, may):
    assert rules.may_view_some_results(make_user()) is may
