"""The selecting official's decision: who may decide, the cap, the rank order and its
justification, the typed name, and finality."""

import pytest
from django.utils import timezone

from accounts.roles import Role
from core.audit_context import recording_refusals
from core.exceptions import NotPermitted, TransitionBlocked, WorkflowError
from core.models import AuditEvent
from nominations.models import Cycle, Nomination, SelectionDecision
from nominations.states import CycleState, NominationState
from selection.services.selection import (
    SelectionInvalid,
    departs_from_rank_order,
    selection_decide,
    signed_name_matches,
)
from tests import factories
from tests.selection.test_slate import slate_cycle, snapshot

pytestmark = pytest.mark.django_db
S = NominationState


@pytest.fixture
def official():
    return factories.selecting_official(full_name="Antony J. Blinken")


def decide(cycle, actor, selected, justification="", signed_name="Antony J. Blinken"):
    return selection_decide(
        cycle=cycle,
        actor=actor,
        selected=selected,
        justification=justification,
        signed_name=signed_name,
    )


def test_selection_decide_in_rank_order_records_the_decision(official):
    # Ranks: second (20) 1st, third (30) 2nd, first (50) 3rd.
    cycle, [first, second, third] = slate_cycle([5, 2, 3], cap=2)

    decision = decide(cycle, official, [third, second], signed_name="  antony  j. BLINKEN ")

    assert (decision.decided_by, decision.signed_name) == (official, "antony j. BLINKEN")
    assert decision.selected == [second.reference, third.reference]
    assert (decision.out_of_rank_order, decision.justification) == (False, "")
    states = dict(cycle.nominations.values_list("reference", "state"))
    assert states == {
        first.reference: S.NOT_SELECTED,
        second.reference: S.SELECTED,
        third.reference: S.SELECTED,
    }
    assert list(AuditEvent.objects.order_by("pk").values_list("action", "object_repr")) == [
        ("nomination.select", str(second)),
        ("nomination.select", str(third)),
        ("nomination.decline", str(first)),
        ("selection.decide", str(cycle)),
    ]
    event = AuditEvent.objects.get(action="selection.decide")
    assert event.data == {
        "selected": [second.reference, third.reference],
        "not_selected": [first.reference],
        "out_of_rank_order": False,
        "signed_name": "antony j. BLINKEN",
    }
    assert Cycle.objects.get(pk=cycle.pk).state == CycleState.SELECTION


def test_selection_decide_out_of_rank_order_with_a_justification_is_flagged(official):
    cycle, [first, second] = slate_cycle([5, 2], cap=1)

    decision = decide(cycle, official, [first], justification="  Wider reach.  ")

    assert (decision.out_of_rank_order, decision.justification) == (True, "Wider reach.")
    assert decision.selected == [first.reference]
    assert AuditEvent.objects.get(action="selection.decide").note == "Wider reach."


def test_selection_decide_out_of_rank_order_without_justification_is_refused(official):
    cycle, [first, _second] = slate_cycle([5, 2], cap=1)
    before = snapshot(cycle)

    with pytest.raises(SelectionInvalid) as raised:
        decide(cycle, official, [first], justification="   ")

    assert raised.value.by_field == {
        "justification": ["Your selection departs from the panel's rank order: explain why."]
    }
    assert snapshot(cycle) == before


def test_selection_decide_above_the_cap_is_refused(official):
    cycle, nominations = slate_cycle([2, 3, 4], cap=2)
    before = snapshot(cycle)

    with pytest.raises(SelectionInvalid) as raised:
        decide(cycle, official, nominations)

    assert raised.value.by_field == {
        "selected": ["Select no more than 2: the award cap is 2. You selected 3."]
    }
    assert snapshot(cycle) == before


def test_selection_decide_with_nothing_selected_is_refused(official):
    cycle, _ = slate_cycle([2, 3])
    before = snapshot(cycle)

    with pytest.raises(SelectionInvalid) as raised:
        decide(cycle, official, [])

    assert raised.value.by_field == {"selected": ["Select at least one nomination."]}
    assert snapshot(cycle) == before


def test_selection_decide_with_a_nomination_off_the_slate_is_refused(official):
    cycle, nominations = slate_cycle([2])
    other_cycle, [stranger] = slate_cycle([2])
    before = snapshot(cycle)

    with pytest.raises(SelectionInvalid) as raised:
        decide(cycle, official, [*nominations, stranger])

    assert raised.value.by_field["selected"] == ["Select only nominations on this cycle's slate."]
    assert snapshot(cycle) == before


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type your full name to sign."),
        ("Antony Blinken", "The name you typed does not match the full name on your account."),
    ],
)
def test_selection_decide_with_a_wrong_typed_name_is_refused(official, typed, message):
    cycle, nominations = slate_cycle([2])
    before = snapshot(cycle)

    with pytest.raises(SelectionInvalid) as raised:
        decide(cycle, official, nominations, signed_name=typed)

    assert raised.value.by_field == {"signed_name": [message]}
    assert snapshot(cycle) == before


@pytest.mark.parametrize("actor_name", ["staff", "panelist", "other_nominator", "anonymous"])
def test_selection_decide_by_anyone_but_the_official_is_refused(actor_name):
    cycle, nominations = slate_cycle([2])
    before = snapshot(cycle)

    with pytest.raises(NotPermitted) as raised:
        decide(cycle, factories.actor_named(actor_name), nominations)

    assert raised.value.message == "Only the selecting official can decide the slate."
    assert snapshot(cycle) == before


def test_selection_decide_a_second_time_is_refused(official):
    cycle, [first, second] = slate_cycle([2, 3])
    decide(cycle, official, [first])
    before = snapshot(cycle)

    with pytest.raises(WorkflowError) as raised:
        decide(cycle, official, [second])

    assert raised.value.message == (
        f"The selection for {cycle} has already been decided. The decision is final."
    )
    assert snapshot(cycle) == before


def test_a_nomination_refused_inside_the_decision_is_recorded_once_as_the_decision(
    official, monkeypatch
):
    cycle, [first, second] = slate_cycle([2, 3])
    # Declining `second` is refused by its own transition, inside the decision's
    # transaction: its runner leaves the record to selection_decide.
    monkeypatch.setattr(
        Nomination,
        "selection_blockers",
        lambda self: ["the nomination was withdrawn"] if self.pk == second.pk else [],
    )

    with recording_refusals(), pytest.raises(TransitionBlocked) as raised:
        decide(cycle, official, [first])

    assert list(
        AuditEvent.objects.values_list("action", "outcome", "actor", "actor_role", "object_id")
    ) == [
        (
            "selection.decide",
            "denied",
            official.pk,
            Role.SELECTING_OFFICIAL.value,
            str(cycle.pk),
        )
    ]
    assert AuditEvent.objects.get().note == raised.value.message
    assert not SelectionDecision.objects.exists()
    assert set(cycle.nominations.values_list("state", flat=True)) == {S.SHORTLISTED}


def test_selection_decide_refused_for_its_own_inputs_records_nothing(official):
    cycle, [first, _second] = slate_cycle([5, 2], cap=1)

    with recording_refusals(), pytest.raises(SelectionInvalid):
        decide(cycle, official, [first], justification="   ")

    assert not AuditEvent.objects.exists()


def test_selection_decide_outside_selection_is_refused(official):
    cycle, nominations = slate_cycle([2])
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.REVIEW)
    cycle.refresh_from_db()
    before = snapshot(cycle)

    with pytest.raises(WorkflowError) as raised:
        decide(cycle, official, nominations)

    assert raised.value.message == f"{cycle} is not in selection, so its slate cannot be decided."
    assert snapshot(cycle) == before


def test_selection_decide_refuses_an_official_without_a_name_on_the_account():
    nameless = factories.selecting_official(full_name="")
    cycle, nominations = slate_cycle([2])

    with pytest.raises(SelectionInvalid) as raised:
        decide(cycle, nameless, nominations, signed_name="Anyone")

    assert list(raised.value.by_field) == ["signed_name"]
    assert SelectionDecision.objects.count() == 0


# -- pure checks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ranked", "selected", "departs"),
    [
        ([(1, 1), (2, 2), (3, 3)], [1], False),
        ([(1, 1), (2, 2), (3, 3)], [1, 2], False),
        ([(1, 1), (2, 2), (3, 3)], [2], True),
        ([(1, 1), (2, 2), (3, 3)], [1, 3], True),
        ([(1, 1), (2, 2), (3, 2)], [1, 3], False),  # 2 and 3 tie: either is in order
        ([(1, 1), (2, None), (3, None)], [1, 3], False),  # unscored ones tie, last
        ([(1, 1), (2, None)], [2], True),  # an unscored one over a scored one
        ([(1, 1), (2, 2)], [1, 2], False),
    ],
)
def test_departs_from_rank_order_table(ranked, selected, departs):
    assert departs_from_rank_order(ranked, selected) is departs


@pytest.mark.parametrize(
    ("typed", "matches"),
    [
        ("Antony J. Blinken", True),
        ("  ANTONY   j.  blinken ", True),
        ("Antony Blinken", False),
        ("", False),
    ],
)
def test_signed_name_matches_ignores_case_and_spacing(typed, matches):
    user = factories.UserFactory.build(full_name="Antony J. Blinken")
    assert signed_name_matches(typed, user) is matches


def test_selection_decision_time_is_now(official):
    cycle, nominations = slate_cycle([2])
    start = timezone.now()

    decision = decide(cycle, official, nominations)

    assert start <= decision.decided_at <= timezone.now()
