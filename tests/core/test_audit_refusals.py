"""Refusals recorded by the service that refuses (core.services.audit.refusal_audited and
audits_refusals): one denied event, written after the refusal rolled back, by the
outermost service only, during a request or a `recording_refusals()` block."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from accounts.roles import Role
from core.audit_context import recording_refusals, source_ip_bound
from core.exceptions import (
    ConflictError,
    IllegalTransition,
    InvalidInput,
    LimitReached,
    NotPermitted,
    TransitionBlocked,
    WorkflowError,
)
from core.models import AuditEvent
from core.services.audit import audit_record, audits_refusals, guard_reasons, refusal_audited
from tests.factories import CycleFactory, award_staff

pytestmark = pytest.mark.django_db


@audits_refusals("cycle.rename", obj="cycle", role=Role.AWARD_STAFF, from_state=True)
def cycle_rename(*, cycle, actor, error: WorkflowError | None = None):
    """A service that writes its event, then refuses inside its transaction."""
    with transaction.atomic():
        audit_record(action="cycle.rename", actor=actor, obj=cycle)
        if error is not None:
            raise error
    return cycle


@audits_refusals("cycle.rename_all", obj="cycle", role=Role.AWARD_STAFF)
def cycle_rename_all(*, cycle, actor, error: WorkflowError):
    """A service calling another inside its own transaction."""
    with transaction.atomic():
        audit_record(action="cycle.rename_all", actor=actor, obj=cycle)
        cycle_rename(cycle=cycle, actor=actor, error=error)


def test_a_refused_service_records_one_denied_event_naming_everything():
    staff, cycle = award_staff(), CycleFactory()

    with (
        source_ip_bound("198.51.100.7"),
        recording_refusals(),
        pytest.raises(NotPermitted) as caught,
    ):
        cycle_rename(cycle=cycle, actor=staff, error=NotPermitted("Not yours to rename."))

    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.actor_role) == (
        "cycle.rename",
        "denied",
        staff,
        Role.AWARD_STAFF.value,
    )
    assert (event.object_type, event.object_id, event.from_state, event.to_state) == (
        "nominations.cycle",
        str(cycle.pk),
        cycle.state,
        "",
    )
    assert (event.note, event.data, event.source_ip) == ("Not yours to rename.", {}, "198.51.100.7")
    assert caught.value.audited


def test_the_denied_event_outlives_the_transaction_the_refusal_rolled_back():
    staff, cycle = award_staff(), CycleFactory()

    with recording_refusals(), pytest.raises(ConflictError):
        cycle_rename(cycle=cycle, actor=staff, error=ConflictError("Changed meanwhile."))

    # The service's own "done" event rolled back with its transaction; the refusal stays.
    assert list(AuditEvent.objects.values_list("action", "outcome", "note")) == [
        ("cycle.rename", "denied", "Changed meanwhile.")
    ]


def test_a_refusal_inside_an_outer_service_is_recorded_once_by_the_outer_one():
    staff, cycle = award_staff(), CycleFactory()

    with recording_refusals(), pytest.raises(IllegalTransition) as caught:
        cycle_rename_all(cycle=cycle, actor=staff, error=IllegalTransition("Too late."))

    assert list(AuditEvent.objects.values_list("action", "outcome", "from_state", "note")) == [
        ("cycle.rename_all", "denied", "", "Too late.")
    ]
    assert caught.value.audited


def test_an_error_already_on_record_is_not_recorded_again():
    staff, cycle = award_staff(), CycleFactory()
    error = NotPermitted("Not yours.")
    error.audited = True

    with recording_refusals(), pytest.raises(NotPermitted):
        cycle_rename(cycle=cycle, actor=staff, error=error)

    assert not AuditEvent.objects.exists()


def test_a_typing_mistake_is_not_recorded():
    staff, cycle = award_staff(), CycleFactory()

    with recording_refusals(), pytest.raises(InvalidInput) as caught:
        cycle_rename(cycle=cycle, actor=staff, error=InvalidInput("Enter a name."))

    assert not AuditEvent.objects.exists()
    assert not caught.value.audited


def test_nothing_is_recorded_when_code_calls_a_service_outside_a_request():
    staff, cycle = award_staff(), CycleFactory()

    with pytest.raises(NotPermitted) as caught:
        cycle_rename(cycle=cycle, actor=staff, error=NotPermitted("Not yours."))

    assert not AuditEvent.objects.exists()
    assert not caught.value.audited


@pytest.mark.parametrize("actor", [None, AnonymousUser()])
def test_nothing_is_recorded_for_a_refusal_with_no_one_signed_in(actor):
    cycle = CycleFactory()

    with recording_refusals(), pytest.raises(NotPermitted):
        cycle_rename(cycle=cycle, actor=actor, error=NotPermitted("Sign in first."))

    assert not AuditEvent.objects.exists()


def test_a_service_that_succeeds_records_no_refusal():
    staff, cycle = award_staff(), CycleFactory()

    with recording_refusals():
        cycle_rename(cycle=cycle, actor=staff)

    assert list(AuditEvent.objects.values_list("action", "outcome")) == [("cycle.rename", "done")]


def test_only_the_chosen_refusals_are_recorded_with_the_limits_data():
    staff, cycle = award_staff(), CycleFactory()
    limit = LimitReached("Ten a day.", limit="AWARDS_THINGS_PER_DAY", allowed=10)

    with recording_refusals():
        for error in (NotPermitted("Not yours."), limit):
            with (
                pytest.raises(WorkflowError),
                refusal_audited("thing.do", actor=staff, obj=cycle, of=(LimitReached,)),
            ):
                raise error

    event = AuditEvent.objects.get()
    assert (event.action, event.note, event.data) == (
        "thing.do",
        "Ten a day.",
        {"limit": "AWARDS_THINGS_PER_DAY", "allowed": 10},
    )


def test_the_state_that_refused_can_be_read_once_the_service_refused():
    staff, cycle = award_staff(), CycleFactory()
    seen = {"state": "before"}

    with (
        recording_refusals(),
        pytest.raises(NotPermitted),
        refusal_audited("thing.do", actor=staff, obj=cycle, from_state=lambda: seen["state"]),
    ):
        seen["state"] = "after"
        raise NotPermitted("No.")

    assert AuditEvent.objects.get().from_state == "after"


def test_guard_reasons_words_a_blocked_move_as_the_cycle_page_does():
    blocked = TransitionBlocked("cannot open: a; b.", reasons=["a", "b."])

    assert guard_reasons(blocked) == "a; b."
    assert guard_reasons(TransitionBlocked("x", reasons=["tick box X."])) == "tick box X."
    assert guard_reasons(NotPermitted("Not yours.")) == "Not yours."


# The decorator is applied here, when the test runs, not on import as a service's is:
# so that what it does is checked against the code as it is now (make mutation plants
# its bugs after the services were imported).


def test_audits_refusals_names_the_object_actor_state_and_data_the_arguments_give():
    staff, cycle = award_staff(), CycleFactory()

    def rename(*, thing, by, new_name):
        raise NotPermitted("Not yours.")

    audited = audits_refusals(
        "cycle.rename",
        obj=lambda **kwargs: kwargs["thing"],
        actor="by",
        role=Role.AWARD_STAFF,
        from_state=lambda **kwargs: f"asked {kwargs['new_name']}",
        data=lambda **kwargs: {"new_name": kwargs["new_name"]},
    )(rename)

    with recording_refusals(), pytest.raises(NotPermitted):
        audited(thing=cycle, by=staff, new_name="2024")

    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.actor_role, event.object_id) == (
        "cycle.rename",
        "denied",
        staff,
        Role.AWARD_STAFF.value,
        str(cycle.pk),
    )
    assert (event.from_state, event.note, event.data) == (
        "asked 2024",
        "Not yours.",
        {"new_name": "2024"},
    )
    assert audited.__name__ == "rename"


@pytest.mark.parametrize("from_state", [True, False])
def test_audits_refusals_records_the_state_on_call_only_when_asked(from_state):
    staff, cycle = award_staff(), CycleFactory()

    def rename(*, cycle, actor):
        raise NotPermitted("Not yours.")

    audited = audits_refusals("cycle.rename", obj="cycle", from_state=from_state)(rename)

    with recording_refusals(), pytest.raises(NotPermitted):
        audited(cycle=cycle, actor=staff)

    assert AuditEvent.objects.get().from_state == (cycle.state if from_state else "")


def test_audits_refusals_passes_the_result_of_a_service_that_succeeds():
    cycle = CycleFactory()

    audited = audits_refusals("cycle.rename", obj="cycle")(lambda **kwargs: kwargs["cycle"])

    with recording_refusals():
        assert audited(cycle=cycle, actor=award_staff()) == cycle
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("of", "unless", "recorded"),
    [
        ((LimitReached,), (), ["Ten a day."]),
        ((WorkflowError,), (LimitReached,), ["Not yours."]),
    ],
    ids=["only-of", "all-but-unless"],
)
def test_audits_refusals_records_the_classes_of_and_not_those_of_unless(of, unless, recorded):
    staff, cycle = award_staff(), CycleFactory()

    def act(*, cycle, actor, error):
        raise error

    audited = audits_refusals("thing.do", obj="cycle", of=of, unless=unless, note=str)(act)

    with recording_refusals():
        for error in (NotPermitted("Not yours."), LimitReached("Ten a day.", limit="X", allowed=1)):
            with pytest.raises(WorkflowError):
                audited(cycle=cycle, actor=staff, error=error)

    assert list(AuditEvent.objects.values_list("note", flat=True)) == recorded
    # Without from_state or role: no state, and the actor's own role.
    event = AuditEvent.objects.get()
    assert (event.from_state, event.actor_role) == ("", Role.AWARD_STAFF.value)
