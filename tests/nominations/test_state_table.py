"""No dead ends: every state of a nomination that is not final has a way forward for
someone, and every one but a draft a way that waits on nobody but staff or the selecting
official (a nominator who never answers must not hold up the cycle). The final states
are written down in `nominations.states.FINAL_STATES`."""

import datetime as dt

import pytest
from django.utils import timezone

from nominations.models import Nomination
from nominations.services import nomination as services
from nominations.states import FINAL_STATES, NominationState
from tests.factories import actor_named, nomination_ready_for

S = NominationState
ROLES = ("owner", "staff", "panelist", "official")

# For each state that is not final, the move that takes it forward without the
# nominator (a draft excepted: it is the nominator's own and holds up nobody), in the
# cycle state the nomination is in when it is there, and who makes it.
WAY_FORWARD = {
    S.DRAFT: ("submit", "owner"),
    S.SUBMITTED: ("start_vetting", "staff"),
    S.VETTING: ("clear", "staff"),
    S.RETURNED: ("take_back", "staff"),
    S.CLEARED: ("send_to_panel", "staff"),
    S.IN_REVIEW: ("advance", "staff"),
    S.SHORTLISTED: ("select", "official"),
    S.SELECTED: ("award", "staff"),
}
ARGUMENTS = {"take_back": {"reason": "The response is overdue."}}


def transitions_from(state: str) -> list:
    return [
        transition
        for transition in Nomination._meta.get_field("state").get_all_transitions(Nomination)
        if transition.source in (state, "*", "+")
    ]


def test_the_final_states_are_exactly_those_no_transition_leaves():
    left = {t.source for t in Nomination._meta.get_field("state").get_all_transitions(Nomination)}

    assert set(S.values) - left == FINAL_STATES


def test_every_state_is_either_final_or_has_a_way_forward_written_down():
    assert set(WAY_FORWARD) == set(S.values) - FINAL_STATES


@pytest.mark.django_db
@pytest.mark.parametrize("state", S.values)
def test_state_table_who_may_move_a_nomination_in_each_state(state):
    """Over NominationState × the roles: which transitions each role holds the permission
    for. A final state offers nobody anything; any other offers someone something, and
    every one but a draft offers staff or the official something."""
    movers = {}
    for role in ROLES:
        nomination = nomination_ready_for("submit", state=state)
        actor = actor_named(role, nomination)
        movers[role] = {
            transition.name
            for transition in transitions_from(state)
            if transition.has_perm(nomination, actor)
        }

    if state in FINAL_STATES:
        assert movers == {role: set() for role in ROLES}
        return
    assert any(movers.values())
    assert movers["panelist"] == set()  # the panel scores; it never moves a nomination
    if state != S.DRAFT:
        assert movers["staff"] | movers["official"]
    transition, role = WAY_FORWARD[state]
    assert transition in movers[role]


@pytest.mark.django_db
@pytest.mark.parametrize("state", sorted(WAY_FORWARD))
def test_the_way_forward_from_each_state_can_be_taken(state):
    """Through its service, with what the guards need in place (the records staff make:
    checks, citations, a certificate), the move leaves the state."""
    transition, role = WAY_FORWARD[state]
    nomination = nomination_ready_for(transition, state=state)
    actor = actor_named(role, nomination)

    getattr(services, f"nomination_{transition}")(
        nomination=nomination, actor=actor, **ARGUMENTS.get(transition, {})
    )

    nomination.refresh_from_db()
    assert nomination.state != state


@pytest.mark.django_db
def test_an_overdue_return_is_no_longer_the_nominators_alone_to_move(staff):
    """The dead end of issue 15: past the due date the nominator can only withdraw it,
    and staff can take it back or give more time."""
    nomination = nomination_ready_for("take_back", state=S.RETURNED)
    nomination.info_due_date = timezone.localdate(timezone=nomination.cycle.zone) - dt.timedelta(
        days=1
    )
    nomination.save()

    assert {
        t.name for t in nomination.get_available_user_state_transitions(nomination.nominator)
    } == {"withdraw"}
    assert {t.name for t in nomination.get_available_user_state_transitions(staff)} == {
        "take_back",
        "extend_due_date",
    }
