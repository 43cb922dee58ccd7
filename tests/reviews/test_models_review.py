"""Review's state machine: a protected `state` and its one transition, `submit`.

The table is the one in docs/architecture.md ("Review"). The service that makes the move,
with its checks, audit event and versions, is tested in test_services_reviews.py.
"""

import pytest
from django.utils import timezone
from django_fsm import TransitionNotAllowed, can_proceed, has_transition_perm

from core.transitions import reload_workflow_object
from nominations.models import Cycle, Nomination
from nominations.states import CycleState, NominationState
from reviews import rules
from reviews.models import Assignment, Review
from reviews.states import ReviewState
from tests import factories

pytestmark = pytest.mark.django_db

# transition: (source states, target state), as documented
REVIEW_TABLE = {
    "submit": ({ReviewState.DRAFT, ReviewState.SUBMITTED}, ReviewState.SUBMITTED),
}


def scoring_review(state: str = ReviewState.DRAFT) -> Review:
    """A review in `state` by an assigned panelist, while the panel is scoring."""
    cycle = factories.review_cycle(nominations=1, panelists=1, criteria=1)
    nomination = cycle.nominations.get()
    member = factories.panel_of(cycle).members.get()
    return factories.review_of(nomination, member, submitted=state == ReviewState.SUBMITTED)


def test_review_transitions_are_the_documented_table():
    field = Review._meta.get_field("state")
    declared = {}
    for t in field.get_all_transitions(Review):
        sources, target = declared.setdefault(t.name, (set(), t.target))
        assert t.target == target
        sources.add(t.source)

    assert declared == REVIEW_TABLE


def test_review_state_cannot_be_assigned_directly():
    review = Review.objects.get(pk=scoring_review().pk)

    with pytest.raises(AttributeError, match="Direct state modification is not allowed"):
        review.state = ReviewState.SUBMITTED

    assert review.state == ReviewState.DRAFT
    assert Review.objects.get(pk=review.pk).state == ReviewState.DRAFT


def test_review_state_of_a_new_review_cannot_be_assigned_after_construction():
    review = Review()  # the default, draft, is set by the constructor

    with pytest.raises(AttributeError, match="Direct state modification is not allowed"):
        review.state = ReviewState.SUBMITTED

    assert review.state == ReviewState.DRAFT


def test_review_is_created_in_a_state_through_the_constructor():
    review = scoring_review(ReviewState.SUBMITTED)

    assert Review.objects.get(pk=review.pk).state == ReviewState.SUBMITTED


@pytest.mark.parametrize("transition", REVIEW_TABLE)
@pytest.mark.parametrize("state", ReviewState.values)
def test_review_transition_table(state, transition):
    sources, target = REVIEW_TABLE[transition]
    review = scoring_review(state)
    method = getattr(review, transition)

    if state not in sources:
        assert not can_proceed(method)
        with pytest.raises(TransitionNotAllowed):
            method()
        assert review.state == state
        return

    before = timezone.now()
    method()

    assert review.state == target
    assert review.submitted_at >= before
    assert Review.objects.get(pk=review.pk).state == state  # the transition never saves


@pytest.mark.parametrize(
    ("cycle_state", "nomination_state"),
    [
        (CycleState.SELECTION, NominationState.IN_REVIEW),
        (CycleState.REVIEW, NominationState.SHORTLISTED),
    ],
)
def test_review_submit_is_guarded_by_the_panel_scoring(cycle_state, nomination_state):
    review = scoring_review()
    Cycle.objects.filter(pk=review.nomination.cycle_id).update(state=cycle_state)
    Nomination.objects.filter(pk=review.nomination_id).update(state=nomination_state)
    review = Review.objects.select_related("nomination__cycle").get(pk=review.pk)

    assert review.submit_blockers() == [rules.SCORING_CLOSED_MESSAGE]
    assert not can_proceed(review.submit)
    with pytest.raises(TransitionNotAllowed):
        review.submit()
    assert review.state == ReviewState.DRAFT


def test_review_submit_blockers_are_empty_while_the_panel_scores():
    assert scoring_review().submit_blockers() == []


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("author", True),
        ("author who declined", False),
        ("author removed from the panel", False),
        ("another panelist", False),
        ("staff", False),
    ],
)
def test_review_submit_permission_is_the_reviews_own_panelist_who_may_score(who, allowed):
    review = scoring_review()
    member = review.member
    user = member.user
    if who == "author who declined":
        Assignment.objects.filter(member=member).update(declined_at=timezone.now())
    elif who == "author removed from the panel":
        type(member).objects.filter(pk=member.pk).update(removed_at=timezone.now())
        member.refresh_from_db()
    elif who == "another panelist":
        user = factories.seat(review.nomination.cycle).user
    elif who == "staff":
        user = factories.award_staff()

    assert has_transition_perm(review.submit, user) is allowed


def test_review_reloads_its_protected_state_from_the_database():
    review = scoring_review()
    Review.objects.filter(pk=review.pk).update(state=ReviewState.SUBMITTED)

    reload_workflow_object(review)

    assert review.state == ReviewState.SUBMITTED
