import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from core.audit_context import recording_refusals
from core.exceptions import (
    IllegalTransition,
    InvalidInput,
    NotPermitted,
    TransitionBlocked,
)
from core.models import AuditEvent
from nominations.models import ChecklistResult, Cycle, Nomination, NominationVersion
from nominations.services.nomination import (
    nomination_award,
    nomination_clear,
    nomination_mark_ineligible,
    nomination_resubmit,
    nomination_return_for_info,
    nomination_select,
    nomination_send_to_panel,
    nomination_submit,
    nomination_update_draft,
    nomination_withdraw,
)
from nominations.states import CycleState, NominationState
from tests.factories import (
    CycleFactory,
    NominationFactory,
    checklist_passed,
    citations_approved,
    nomination_in,
)

S = NominationState


# -- submit -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_nomination_submit_assigns_the_next_reference_and_keeps_version_one():
    cycle = CycleFactory(state=CycleState.OPEN, award_year=2023)
    nomination = NominationFactory(cycle=cycle)

    nomination_submit(nomination=nomination, actor=nomination.nominator)

    nomination.refresh_from_db()
    assert (nomination.state, nomination.reference, nomination.sequence) == (
        S.SUBMITTED,
        "PA-2023-0001",
        1,
    )
    assert nomination.submitted_at is not None
    assert Cycle.objects.get(pk=cycle.pk).reference_counter == 1
    version = NominationVersion.objects.get()
    assert (version.number, version.reason, version.created_by) == (
        1,
        "submit",
        nomination.nominator,
    )
    assert version.snapshot["nomination"]["reference"] == "PA-2023-0001"
    assert version.snapshot["nomination"]["performance_start"] == "2022-01-01"
    assert version.snapshot["nominee"]["legal_name"] == nomination.nominee.legal_name
    event = AuditEvent.objects.get()
    assert (event.data, event.note) == ({"reference": "PA-2023-0001", "version": 1}, "")


@pytest.mark.django_db
def test_nomination_submit_records_the_nominators_note():
    nomination = NominationFactory()

    nomination_submit(nomination=nomination, actor=nomination.nominator, note="Final version")

    assert AuditEvent.objects.get().note == "Final version"


@pytest.mark.django_db
def test_nomination_submit_numbers_a_cycles_nominations_in_order_without_gaps():
    cycle = CycleFactory(state=CycleState.OPEN, award_year=2023)
    drafts = [NominationFactory(cycle=cycle) for _ in range(3)]
    other_cycle_draft = NominationFactory()

    for draft in [drafts[1], other_cycle_draft, drafts[0], drafts[2]]:
        nomination_submit(nomination=draft, actor=draft.nominator)

    assert [Nomination.objects.get(pk=d.pk).reference for d in drafts] == [
        "PA-2023-0002",
        "PA-2023-0001",
        "PA-2023-0003",
    ]
    assert Nomination.objects.get(pk=other_cycle_draft.pk).sequence == 1


@pytest.mark.django_db
def test_nomination_submit_of_an_incomplete_draft_is_blocked_with_reasons():
    nomination = NominationFactory(summary="", criterion_innovation=False)

    with pytest.raises(TransitionBlocked) as caught:
        nomination_submit(nomination=nomination, actor=nomination.nominator)

    assert caught.value.reasons == ["Choose at least one criterion.", "Enter a summary."]
    nomination.refresh_from_db()
    assert (nomination.state, nomination.reference) == (S.DRAFT, None)
    assert Cycle.objects.get(pk=nomination.cycle_id).reference_counter == 0
    assert (AuditEvent.objects.count(), NominationVersion.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_nomination_submit_after_the_deadline_is_blocked():
    cycle = CycleFactory(state=CycleState.OPEN, deadline=timezone.now() - dt.timedelta(seconds=1))
    nomination = NominationFactory(cycle=cycle)

    with pytest.raises(TransitionBlocked) as caught:
        nomination_submit(nomination=nomination, actor=nomination.nominator)

    assert caught.value.reasons == ["The cycle is not accepting nominations."]


@pytest.mark.django_db
def test_nomination_submit_sees_a_cycle_closed_after_the_nomination_was_read():
    nomination = NominationFactory()
    Cycle.objects.filter(pk=nomination.cycle_id).update(state=CycleState.CLOSED)

    with pytest.raises(TransitionBlocked):
        nomination_submit(nomination=nomination, actor=nomination.nominator)

    nomination.refresh_from_db()
    assert nomination.state == S.DRAFT


@pytest.mark.django_db
def test_nomination_illegal_move_message_names_the_state():
    nomination = nomination_in(S.WITHDRAWN)

    with pytest.raises(IllegalTransition) as caught:
        nomination_submit(nomination=nomination, actor=nomination.nominator)

    assert caught.value.message == "“Submit” is not possible for a nomination that is Withdrawn."


# -- the other moves' own rules ---------------------------------------------------------------


@pytest.mark.django_db
def test_nomination_withdraw_stores_the_reason_and_notes_it_in_the_audit_event():
    nomination = nomination_in(S.SUBMITTED)

    nomination_withdraw(nomination=nomination, actor=nomination.nominator, reason=" Duplicate. ")

    nomination.refresh_from_db()
    assert (nomination.state, nomination.withdrawal_reason) == (S.WITHDRAWN, "Duplicate.")
    assert AuditEvent.objects.get().note == " Duplicate. "


@pytest.mark.django_db
def test_nomination_return_for_info_stores_message_and_due_date(staff):
    nomination = nomination_in(S.VETTING)
    due = timezone.localdate() + dt.timedelta(days=14)

    nomination_return_for_info(
        nomination=nomination, actor=staff, message="Add dates.", due_date=due
    )

    nomination.refresh_from_db()
    assert (nomination.state, nomination.info_request, nomination.info_due_date) == (
        S.RETURNED,
        "Add dates.",
        due,
    )
    event = AuditEvent.objects.get()
    assert (event.note, event.data) == ("Add dates.", {"due_date": due.isoformat()})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("message", "days", "problems"),
    [
        ("  ", 14, ["Enter the message to the nominator."]),
        ("Add dates.", 0, ["Choose a due date in the future."]),
        ("", -1, ["Enter the message to the nominator.", "Choose a due date in the future."]),
    ],
)
def test_nomination_return_for_info_needs_a_message_and_a_future_date(
    staff, message, days, problems
):
    nomination = nomination_in(S.VETTING)
    due = timezone.localdate() + dt.timedelta(days=days)

    with pytest.raises(InvalidInput) as caught:
        nomination_return_for_info(
            nomination=nomination, actor=staff, message=message, due_date=due
        )

    assert caught.value.problems == problems
    nomination.refresh_from_db()
    assert (nomination.state, nomination.info_request) == (S.VETTING, "")
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_nomination_return_for_info_by_a_nominator_is_refused_before_input_is_checked():
    nomination = nomination_in(S.VETTING)

    with pytest.raises(NotPermitted):
        nomination_return_for_info(
            nomination=nomination,
            actor=nomination.nominator,
            message="",
            due_date=dt.date(2000, 1, 1),
        )


@pytest.mark.django_db
def test_nomination_mark_ineligible_needs_a_reason(staff):
    nomination = nomination_in(S.VETTING)

    with pytest.raises(InvalidInput) as caught:
        nomination_mark_ineligible(nomination=nomination, actor=staff, reason=" ")

    assert caught.value.message == "Enter the reason the nomination is not eligible."
    nomination.refresh_from_db()
    assert nomination.state == S.VETTING
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_nomination_resubmit_keeps_the_next_version_with_the_changes(staff):
    nomination = nomination_in(S.VETTING)
    nomination_return_for_info(
        nomination=nomination,
        actor=staff,
        message="Add dates.",
        due_date=timezone.localdate() + dt.timedelta(days=7),
    )
    NominationVersion.objects.create(
        nomination=nomination,
        number=1,
        reason="submit",
        snapshot={},
        created_by=nomination.nominator,
    )
    nomination_update_draft(
        nomination=nomination, actor=nomination.nominator, summary="With dates."
    )

    nomination_resubmit(nomination=nomination, actor=nomination.nominator)

    nomination.refresh_from_db()
    assert nomination.state == S.VETTING
    version = nomination.versions.get(number=2)
    assert (version.reason, version.snapshot["nomination"]["summary"]) == (
        "resubmit",
        "With dates.",
    )


@pytest.mark.django_db
def test_nomination_resubmit_of_an_incomplete_nomination_is_blocked():
    nomination = nomination_in(S.RETURNED, justification="")

    with pytest.raises(TransitionBlocked) as caught:
        nomination_resubmit(nomination=nomination, actor=nomination.nominator)

    assert caught.value.reasons == ["Enter the detailed justification."]


@pytest.mark.django_db
def test_nomination_clear_without_the_required_checks_is_blocked(staff):
    nomination = nomination_in(S.VETTING)

    with pytest.raises(TransitionBlocked) as caught:
        nomination_clear(nomination=nomination, actor=staff)

    assert caught.value.reasons == [
        "required check not passed: Nominee type allowed by the statute"
    ]
    nomination.refresh_from_db()
    assert nomination.state == S.VETTING
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("result", "signed"),
    [("pass", False), ("concern", True), ("fail", True), ("na", True)],
    ids=["pass-without-a-checker", "concern", "fail", "not-applicable"],
)
def test_nomination_clear_needs_each_required_check_passed_and_signed_by_a_checker(
    staff, result, signed
):
    """A "pass" nobody signed (no recorded checker) clears nothing, any more than a
    concern, a failure or "not applicable" does (DESIGN §2.3)."""
    nomination = nomination_in(S.VETTING)
    checklist_passed(nomination, by=staff)
    item = nomination.cycle.checklist_items.get(required=True)
    ChecklistResult.objects.filter(nomination=nomination, item=item).update(
        result=result, checked_by=staff if signed else None
    )

    with pytest.raises(TransitionBlocked) as caught:
        nomination_clear(nomination=nomination, actor=staff)

    assert caught.value.reasons == [f"required check not passed: {item.text}"]
    nomination.refresh_from_db()
    assert nomination.state == S.VETTING
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_nomination_clear_with_each_required_check_passed_and_signed_clears(staff):
    nomination = nomination_in(S.VETTING)
    checklist_passed(nomination, by=staff)

    nomination_clear(nomination=nomination, actor=staff)

    nomination.refresh_from_db()
    assert nomination.state == S.CLEARED
    assert list(AuditEvent.objects.values_list("action", "outcome")) == [
        ("nomination.clear", "done")
    ]


@pytest.mark.django_db
def test_a_refused_transition_called_directly_records_one_denied_event_when_asked(staff):
    nomination = nomination_in(S.VETTING)

    # No view and no request: a caller acting for a person turns the recording on.
    with recording_refusals(), pytest.raises(TransitionBlocked) as caught:
        nomination_clear(nomination=nomination, actor=staff)

    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.actor_role) == (
        "nomination.clear",
        "denied",
        staff,
        Role.AWARD_STAFF.value,
    )
    assert (event.object_type, event.object_id, event.from_state, event.to_state) == (
        "nominations.nomination",
        str(nomination.pk),
        S.VETTING,
        "",
    )
    assert (event.note, event.data) == (caught.value.message, {})
    assert caught.value.audited
    nomination.refresh_from_db()
    assert nomination.state == S.VETTING


@pytest.mark.django_db
def test_a_transition_refused_for_its_own_input_records_nothing(staff):
    nomination = nomination_in(S.VETTING)

    with recording_refusals(), pytest.raises(InvalidInput):
        nomination_mark_ineligible(nomination=nomination, actor=staff, reason=" ")

    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_the_nominators_own_refused_submit_records_nothing():
    nomination = NominationFactory(summary="")

    with recording_refusals(), pytest.raises(TransitionBlocked):
        nomination_submit(nomination=nomination, actor=nomination.nominator)

    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_nomination_send_to_panel_outside_panel_review_is_blocked(staff):
    nomination = nomination_in(S.CLEARED, cycle=CycleFactory(state=CycleState.CLOSED))

    with pytest.raises(TransitionBlocked) as caught:
        nomination_send_to_panel(nomination=nomination, actor=staff)

    assert caught.value.reasons == ["the cycle is not in panel review"]


@pytest.mark.django_db
def test_nomination_select_beyond_the_award_cap_is_blocked(official):
    cycle = CycleFactory(state=CycleState.SELECTION, award_cap=1)
    nomination_in(S.SELECTED, cycle=cycle)
    nomination = nomination_in(S.SHORTLISTED, cycle=cycle)

    with pytest.raises(TransitionBlocked) as caught:
        nomination_select(nomination=nomination, actor=official, rationale="Strong.")

    assert caught.value.reasons == ["the award cap of 1 is already reached"]
    nomination.refresh_from_db()
    assert nomination.state == S.SHORTLISTED


@pytest.mark.django_db
def test_nomination_select_records_the_rationale(official):
    nomination = nomination_in(S.SHORTLISTED, cycle=CycleFactory(state=CycleState.SELECTION))

    nomination_select(nomination=nomination, actor=official, rationale="Ranked first.")

    event = AuditEvent.objects.get()
    assert (event.note, event.actor_role, event.actor_email) == (
        "Ranked first.",
        Role.SELECTING_OFFICIAL.value,
        official.email,
    )


@pytest.mark.django_db
def test_nomination_award_without_a_certificate_is_blocked(staff):
    nomination = nomination_in(S.SELECTED, cycle=CycleFactory(state=CycleState.ANNOUNCED))
    citations_approved(nomination, by=staff)

    with pytest.raises(TransitionBlocked) as caught:
        nomination_award(nomination=nomination, actor=staff)

    assert caught.value.reasons == ["no certificate has been issued"]
