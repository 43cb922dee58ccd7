"""The next nomination a panelist is to score: the home page's order, open work only."""

import pytest
from django.utils import timezone

from nominations.models import Cycle, Nomination
from nominations.states import CycleState, NominationState
from reviews.models import Assignment, PanelMember
from reviews.selectors.home import next_nomination_to_score
from reviews.states import ConflictStatus
from tests import factories

pytestmark = pytest.mark.django_db


def queue(nominations=3):
    cycle = factories.review_cycle(nominations=nominations, panelists=1)
    member = PanelMember.objects.select_related("user").get(panel__cycle=cycle)
    return list(cycle.nominations.order_by("reference")), member


def test_next_nomination_to_score_follows_the_reference_order():
    (first, second, third), member = queue()

    assert next_nomination_to_score(user=member.user, member=member, after=first) == second
    assert next_nomination_to_score(user=member.user, member=member, after=second) == third
    assert next_nomination_to_score(user=member.user, member=member, after=third) == first


@pytest.mark.parametrize(
    "closed",
    ["submitted", "declined", "confirmed conflict", "waived conflict", "not in review"],
)
def test_next_nomination_to_score_leaves_out_work_that_is_not_open(closed):
    (first, second, third), member = queue()
    if closed == "submitted":
        factories.review_of(second, member, submitted=True)
    elif closed == "declined":
        Assignment.objects.filter(member=member, nomination=second).update(
            declined_at=timezone.now(), decline_reason="Away"
        )
    elif closed == "confirmed conflict":
        factories.conflict(second, member, status=ConflictStatus.CONFIRMED)
    elif closed == "waived conflict":
        factories.conflict(second, member, status=ConflictStatus.WAIVED)
    else:
        Nomination.objects.filter(pk=second.pk).update(state=NominationState.SHORTLISTED)

    upcoming = next_nomination_to_score(user=member.user, member=member, after=first)

    # A waived conflict no longer stands between the panelist and the nomination.
    assert upcoming == (second if closed == "waived conflict" else third)


def test_next_nomination_to_score_none_once_the_panel_stops_scoring():
    (first, _second, _third), member = queue()
    Cycle.objects.filter(pk=first.cycle_id).update(state=CycleState.SELECTION)

    assert next_nomination_to_score(user=member.user, member=member, after=first) is None


def test_next_nomination_to_score_none_when_the_only_one_is_done():
    (only,), member = queue(nominations=1)

    assert next_nomination_to_score(user=member.user, member=member, after=only) is None
