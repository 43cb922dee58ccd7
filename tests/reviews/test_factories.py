"""The panel-review factories build what their docstrings promise."""

import pytest

from nominations.states import CycleState, NominationState
from reviews.models import Assignment
from reviews.states import ReviewState
from tests import factories


@pytest.mark.django_db
def test_review_cycle_seats_and_assigns_every_panelist():
    cycle = factories.review_cycle(nominations=2, panelists=3, criteria=2)

    assert cycle.state == CycleState.REVIEW
    assert cycle.rubric_criteria.count() == 2
    assert set(cycle.nominations.values_list("state", flat=True)) == {NominationState.IN_REVIEW}
    assert cycle.panel.members.filter(attested_at__isnull=False).count() == 3
    assert Assignment.objects.filter(nomination__cycle=cycle).count() == 6


@pytest.mark.django_db
def test_review_of_scores_every_criterion_with_the_overall_by_default():
    cycle = factories.review_cycle(nominations=1, panelists=1, criteria=2)
    nomination = cycle.nominations.get()
    member = cycle.panel.members.get()

    review = factories.review_of(nomination, member, overall=4)

    criteria = list(cycle.rubric_criteria.values_list("pk", flat=True))
    assert review.criterion_scores == {str(criteria[0]): 4, str(criteria[1]): 4}
    assert review.state == ReviewState.SUBMITTED
