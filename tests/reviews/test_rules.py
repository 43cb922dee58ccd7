"""Permission predicates of panel review (reviews/rules.py)."""

import pytest
from django.utils import timezone

from reviews import rules
from reviews.models import Assignment
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


# -- who may score: an assigned panelist on a signed seat, while the panel scores ---------

CANNOT_OPEN = "You cannot open this nomination, so you cannot score it."
NOT_SCORING = "The panel is not scoring at the moment, so reviews cannot be changed."
NOT_IN_REVIEW = "This nomination is no longer in panel review, so its reviews cannot be changed."
DECLINED = "You declined this assignment, so you cannot score this nomination."
NOT_ASSIGNED = (
    "You are not assigned to score this nomination. You can read it and its "
    "discussion, but only its assigned panelists score it."
)


def _scoring_case(case: str):
    """(user, nomination, seat) for `case`: an assigned panelist on a signed seat of a
    cycle in panel review, with one thing changed."""
    cycle = factories.CycleFactory(state="review")
    nomination = factories.nomination_in("in_review", cycle=cycle)
    user = factories.panelist()
    seat = factories.seat(
        cycle, user, attested=case != "unsigned seat", removed=case == "removed seat"
    )
    if case != "not assigned":
        assignment = Assignment.objects.create(nomination=nomination, member=seat)
        if case == "declined":
            assignment.declined_at = timezone.now()
            assignment.save()
    if case == "conflict confirmed":
        factories.conflict(nomination, seat, status="confirmed")
    if case == "party to it":
        nomination.nominee.contact_email = user.email
        nomination.nominee.save()
    if case == "nomination shortlisted":
        type(nomination).objects.filter(pk=nomination.pk).update(state="shortlisted")
    if case == "cycle in selection":
        type(cycle).objects.filter(pk=cycle.pk).update(state="selection")
    nomination = type(nomination).objects.select_related("cycle").get(pk=nomination.pk)
    if case == "staff":
        return factories.award_staff(), nomination, None
    if case == "no seat":
        return factories.panelist(), nomination, None
    if case == "another's seat":
        return factories.panelist(), nomination, seat
    return user, nomination, seat


@pytest.mark.parametrize(
    ("case", "blocker"),
    [
        ("assigned", ""),
        ("nomination shortlisted", NOT_IN_REVIEW),
        ("cycle in selection", NOT_SCORING),
        ("declined", DECLINED),
        ("not assigned", NOT_ASSIGNED),
        ("unsigned seat", CANNOT_OPEN),
        ("removed seat", CANNOT_OPEN),
        ("conflict confirmed", CANNOT_OPEN),
        ("party to it", CANNOT_OPEN),
        ("no seat", CANNOT_OPEN),
        ("another's seat", CANNOT_OPEN),
        ("staff", CANNOT_OPEN),
    ],
)
def test_can_score_only_an_assigned_panelist_on_a_signed_seat_while_the_panel_scores(case, blocker):
    user, nomination, seat = _scoring_case(case)

    assert rules.why_cannot_score(user, nomination, seat=seat) == blocker
    assert rules.can_score(user, nomination, seat=seat) is (blocker == "")
