"""The transition runner (core/transitions.py): the order of its checks.

Its docstring fixes the order so that errors are predictable: the state, then the
actor's permission, then the guards, then the service's own arguments. A call that fails
several checks is refused by the first, and the later ones are not run: a service's
`validate` never runs for someone not allowed, nor while a guard blocks the move, so
a form is not told to correct a field for a move that cannot happen anyway.
"""

from types import SimpleNamespace

import pytest

from accounts.roles import Role
from core.audit_context import recording_refusals
from core.exceptions import (
    ConflictError,
    IllegalTransition,
    InvalidInput,
    NotPermitted,
    TransitionBlocked,
)
from core.models import AuditEvent
from core.transitions import (
    _raise_if_blocked,
    blockers_for,
    run_transition,
    save_or_conflict,
    transition_label,
)
from core.workflow import no_blockers
from nominations.models import Cycle, Nomination
from nominations.states import CycleState, NominationState
from tests.factories import (
    CycleFactory,
    UserFactory,
    award_staff,
    checklist_passed,
    nomination_in,
)

pytestmark = pytest.mark.django_db

S = NominationState


@pytest.mark.parametrize(
    ("state", "staff_acts", "checks_passed", "refused_with"),
    [
        (S.SUBMITTED, False, False, IllegalTransition),
        (S.VETTING, False, False, NotPermitted),
        (S.VETTING, True, False, TransitionBlocked),
        (S.VETTING, True, True, InvalidInput),
    ],
    ids=[
        "an-illegal-state-before-a-missing-permission",
        "a-missing-permission-before-a-blocked-guard",
        "a-blocked-guard-before-invalid-input",
        "invalid-input-last",
    ],
)
def test_run_transition_refuses_with_the_first_failing_check_in_the_documented_order(
    state, staff_acts, checks_passed, refused_with
):
    """`clear` asked of a nomination failing every check from `refused_with` on: by its
    nominator (who may not clear) or by staff, with or without the checklist passed (the
    guard), and with arguments the service's `validate` rejects."""
    staff = award_staff()
    nomination = nomination_in(state, cycle=CycleFactory(state=CycleState.CLOSED))
    if checks_passed:
        checklist_passed(nomination, by=staff)
    validated = []

    def validate() -> None:
        validated.append(True)
        raise InvalidInput("Enter the note.")

    with recording_refusals(), pytest.raises(refused_with):
        run_transition(
            nomination,
            "clear",
            actor=staff if staff_acts else nomination.nominator,
            validate=validate,
        )

    assert validated == ([True] if refused_with is InvalidInput else [])
    nomination.refresh_from_db()
    assert nomination.state == state
    # Every refusal but a typing mistake is recorded, once; nothing is done.
    expected_events = [] if refused_with is InvalidInput else [("nomination.clear", "denied")]
    assert list(AuditEvent.objects.values_list("action", "outcome")) == expected_events


def test_run_transition_saves_only_what_the_move_changed_not_a_stale_copys_other_fields():
    nomination = nomination_in(S.SUBMITTED)
    stale = type(nomination).objects.get(pk=nomination.pk)
    # Someone else changes another field after `stale` was read.
    type(nomination).objects.filter(pk=nomination.pk).update(excluded_reviewers="Dr. Ana Ruiz")

    run_transition(stale, "start_vetting", actor=award_staff())

    nomination.refresh_from_db()
    assert (nomination.state, nomination.excluded_reviewers) == (S.VETTING, "Dr. Ana Ruiz")


def test_a_blocked_move_is_refused_with_each_reason_without_its_final_period():
    transition = SimpleNamespace(conditions=[no_blockers("send_blockers")])
    reasons = ["the cover sheet is missing Form X.", "the rubric is empty"]
    obj = SimpleNamespace(send_blockers=lambda: reasons)

    with pytest.raises(TransitionBlocked) as blocked:
        _raise_if_blocked(obj, "send_to_panel", transition)

    assert str(blocked.value) == (
        "cannot send to panel: the cover sheet is missing Form X; the rubric is empty"
    )
    assert blocked.value.reasons == reasons


def test_blockers_for_names_a_plain_condition_that_fails():
    def is_open(obj):
        return obj.open

    def is_ready(obj):
        return obj.ready

    transition = SimpleNamespace(conditions=[is_open, is_ready])

    assert blockers_for(SimpleNamespace(open=True, ready=False), transition) == [
        "the condition is_ready is not met"
    ]


def test_a_move_saved_over_someone_else_s_is_refused_with_a_reload_message():
    nomination = nomination_in(S.SUBMITTED)
    stale = type(nomination).objects.get(pk=nomination.pk)
    type(nomination).objects.filter(pk=nomination.pk).update(state=S.VETTING)
    stale.start_vetting()

    with pytest.raises(ConflictError) as conflict:
        save_or_conflict(stale, ["state"])

    assert str(conflict.value) == (
        "This nomination was changed by someone else while you were working on it, so "
        "nothing was saved. Reload it to see its current state."
    )


def test_a_move_and_a_refused_move_record_the_transition_s_role_not_the_actor_s_first():
    """Someone who is both award staff and a nominator acts as a nominator when they
    withdraw their own nomination: the event says so, not their most privileged role."""
    both = UserFactory(roles=[Role.AWARD_STAFF, Role.NOMINATOR])
    own = nomination_in(S.SUBMITTED, nominator=both)
    someone_elses = nomination_in(S.SUBMITTED)

    run_transition(own, "withdraw", actor=both)
    with recording_refusals(), pytest.raises(NotPermitted):
        run_transition(someone_elses, "withdraw", actor=both)

    assert list(AuditEvent.objects.values_list("action", "outcome", "actor_role", "note")) == [
        ("nomination.withdraw", "done", "Nominator", ""),  # no note given, none recorded
        (
            "nomination.withdraw",
            "denied",
            "Nominator",
            "You are not allowed to “Withdraw” this nomination.",
        ),
    ]


@pytest.mark.parametrize("model", [Cycle, Nomination], ids=["cycle", "nomination"])
def test_every_transition_the_runner_moves_declares_its_role_and_label(model):
    """The runner records `custom["role"]` in every event and shows `custom["label"]` in
    every refusal, with no fallback: a transition added without them fails here, not in
    an audit event with no role."""
    field = model._meta.get_field("state")
    undeclared = [
        t.name
        for t in field.get_all_transitions(model)
        if not (t.custom.get("role") in list(Role) and t.custom.get("label"))
    ]
    assert undeclared == []


def test_transition_label_is_the_label_the_transition_declares():
    assert transition_label(nomination_in(S.SUBMITTED), "start_vetting") == "Start vetting"
    assert transition_label(CycleFactory(), "start_review") == "Start panel review"
