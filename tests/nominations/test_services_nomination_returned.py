"""Staff's ways out of a return for information: take the nomination back into vetting,
or extend the response due date (DESIGN.md §2.2). Every (state × role) of both is in
test_services_nomination_table.py; here, what each one changes, sends and refuses."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from core.audit_context import recording_refusals
from core.exceptions import IllegalTransition, InvalidInput, NotPermitted
from core.models import AuditEvent
from nominations.models import NominationVersion, OutboxMessage
from nominations.services.nomination import (
    nomination_clear,
    nomination_extend_due_date,
    nomination_mark_ineligible,
    nomination_resubmit,
    nomination_take_back,
    nomination_update_draft,
)
from nominations.states import CycleState, NominationState
from tests import factories

S = NominationState
pytestmark = pytest.mark.django_db


def today(nomination) -> dt.date:
    return timezone.localdate(timezone=nomination.cycle.zone)


def returned(*, due_in_days: int, **kwargs):
    cycle = factories.CycleFactory(state=CycleState.CLOSED, award_year=2022)
    nomination = factories.nomination_in(S.RETURNED, cycle=cycle, **kwargs)
    nomination.info_request = "Please add the dates of the training sessions."
    nomination.info_due_date = today(nomination) + dt.timedelta(days=due_in_days)
    nomination.save()
    return nomination


def unchanged(nomination, *, state=S.RETURNED, due_date=None) -> None:
    """Nothing of the refused call remains: state, due date, version, audit log, outbox."""
    before_due = due_date
    nomination.refresh_from_db()
    assert (nomination.state, nomination.info_due_date) == (state, before_due)
    assert NominationVersion.objects.filter(nomination=nomination).count() == 0
    assert AuditEvent.objects.count() == 0
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


# -- take back -------------------------------------------------------------------------------


@pytest.mark.parametrize("due_in_days", [5, 0, -3], ids=["before", "on", "after"])
def test_take_back_moves_a_returned_nomination_into_vetting_at_any_time(
    staff, due_in_days, django_capture_on_commit_callbacks
):
    nomination = returned(due_in_days=due_in_days)
    due = nomination.info_due_date

    with django_capture_on_commit_callbacks(execute=True):
        nomination_take_back(
            nomination=nomination, actor=staff, reason="  The due date passed without an answer. "
        )

    nomination.refresh_from_db()
    assert (nomination.state, nomination.info_due_date) == (S.VETTING, due)
    event = AuditEvent.objects.get()
    assert (event.action, event.from_state, event.to_state, event.note, event.actor_id) == (
        "nomination.take_back",
        S.RETURNED,
        S.VETTING,
        "The due date passed without an answer.",
        staff.pk,
    )
    assert event.data == {
        "info_due_date": due.isoformat(),
        "overdue": due_in_days < 0,
        "version": 1,
    }
    version = NominationVersion.objects.get(nomination=nomination)
    assert (version.number, version.reason, version.created_by_id) == (1, "take_back", staff.pk)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (
            [nomination.nominator.email],
            f"Nomination {nomination.reference}: award staff will assess it as it stands",
        )
    ]
    assert OutboxMessage.objects.get().template == "nomination_taken_back"


def test_take_back_email_quotes_the_reason_and_says_the_nomination_is_closed_to_changes(
    staff, django_capture_on_commit_callbacks, settings
):
    settings.AWARDS_CONTACT_EMAIL = "tip-awards@state.example.gov"
    nomination = returned(due_in_days=-1)

    with django_capture_on_commit_callbacks(execute=True):
        nomination_take_back(nomination=nomination, actor=staff, reason="No answer by the date.")

    assert mail.outbox[0].body == (
        f"Dear Jordan Lee,\n\n"
        f"Award staff have ended their request for more information on your nomination of "
        f"{nomination.nominee} (reference {nomination.reference}) and taken the nomination "
        f"back into vetting. Their reason:\n\n"
        f"No answer by the date.\n\n"
        f"Staff will assess the nomination as it stands now, with any changes you saved. "
        f"You can no longer change it or send it back. If you have information they should "
        f"see, please write to the award office at tip-awards@state.example.gov.\n\n"
        f"You can follow the status of the nomination on its page (sign in if asked):\n"
        f"{settings.AWARDS_SITE_URL.rstrip('/')}/nominations/{nomination.pk}/\n\n"
        f"{settings.AWARDS_SITE_NAME}\n\n"
    )


def test_take_back_keeps_what_the_nominator_saved_but_did_not_send(staff):
    nomination = returned(due_in_days=5)
    nomination_update_draft(
        nomination=nomination,
        actor=nomination.nominator,
        summary="Trained 40 shelters in 2022.",
    )

    nomination_take_back(nomination=nomination, actor=staff, reason="Staff have what they need.")

    version = NominationVersion.objects.get(nomination=nomination)
    assert version.snapshot["nomination"]["summary"] == "Trained 40 shelters in 2022."


def test_after_take_back_the_nominator_can_no_longer_edit_or_send_it_back(staff):
    nomination = returned(due_in_days=5)
    nomination_take_back(nomination=nomination, actor=staff, reason="Assessing as it stands.")
    events = AuditEvent.objects.count()

    with pytest.raises(IllegalTransition):
        nomination_resubmit(nomination=nomination, actor=nomination.nominator)
    with pytest.raises(IllegalTransition):
        nomination_update_draft(nomination=nomination, actor=nomination.nominator, summary="Late.")

    nomination.refresh_from_db()
    assert (nomination.state, nomination.summary, AuditEvent.objects.count()) == (
        S.VETTING,
        factories.NominationFactory.summary,
        events,
    )


@pytest.mark.parametrize("outcome", ["clear", "mark_ineligible"])
def test_after_take_back_staff_decide_as_usual(staff, outcome):
    nomination = returned(due_in_days=-2)
    nomination_take_back(nomination=nomination, actor=staff, reason="Overdue.")

    if outcome == "clear":
        factories.checklist_passed(nomination, by=staff)
        nomination_clear(nomination=nomination, actor=staff)
    else:
        nomination_mark_ineligible(nomination=nomination, actor=staff, reason="No EIN.")

    nomination.refresh_from_db()
    assert nomination.state == {"clear": S.CLEARED, "mark_ineligible": S.INELIGIBLE}[outcome]


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_take_back_needs_a_reason_and_changes_nothing_without_one(staff, reason):
    nomination = returned(due_in_days=3)
    due = nomination.info_due_date

    with recording_refusals(), pytest.raises(InvalidInput) as caught:
        nomination_take_back(nomination=nomination, actor=staff, reason=reason)

    assert caught.value.problems == ["Enter the reason for taking the nomination back."]
    unchanged(nomination, due_date=due)


def test_take_back_by_staff_who_are_party_to_it_is_refused_and_audited():
    staff_nominator = factories.award_staff()
    nomination = returned(due_in_days=3, nominator=staff_nominator)
    due = nomination.info_due_date

    with recording_refusals(), pytest.raises(NotPermitted):
        nomination_take_back(nomination=nomination, actor=staff_nominator, reason="Mine.")

    nomination.refresh_from_db()
    assert (nomination.state, nomination.info_due_date) == (S.RETURNED, due)
    assert list(
        AuditEvent.objects.values_list("action", "outcome", "from_state", "actor_role")
    ) == [("nomination.take_back", "denied", S.RETURNED, "Award staff")]
    assert (NominationVersion.objects.count(), OutboxMessage.objects.count()) == (0, 0)


@pytest.mark.parametrize("state", sorted(set(S.values) - {S.RETURNED}))
def test_take_back_from_any_other_state_is_refused_and_audited(staff, state):
    nomination = factories.nomination_in(state)

    with recording_refusals(), pytest.raises(IllegalTransition) as caught:
        nomination_take_back(nomination=nomination, actor=staff, reason="Overdue.")

    assert caught.value.message == (
        f"“Take back into vetting” is not possible for a nomination that is "
        f"{nomination.get_state_display()}."
    )
    nomination.refresh_from_db()
    assert nomination.state == state
    assert list(AuditEvent.objects.values_list("action", "outcome")) == [
        ("nomination.take_back", "denied")
    ]
    assert (NominationVersion.objects.count(), OutboxMessage.objects.count()) == (0, 0)


# -- extend the due date ---------------------------------------------------------------------


@pytest.mark.parametrize("due_in_days", [3, -4], ids=["before", "overdue"])
def test_extend_due_date_sets_the_new_date_and_tells_the_nominator(
    staff, due_in_days, django_capture_on_commit_callbacks
):
    nomination = returned(due_in_days=due_in_days)
    previous = nomination.info_due_date
    new_date = today(nomination) + dt.timedelta(days=10)

    with django_capture_on_commit_callbacks(execute=True):
        nomination_extend_due_date(
            nomination=nomination, actor=staff, due_date=new_date, note=" Happy holidays. "
        )

    nomination.refresh_from_db()
    assert (nomination.state, nomination.info_due_date) == (S.RETURNED, new_date)
    assert nomination.edit_blockers() == []
    event = AuditEvent.objects.get()
    assert (event.action, event.from_state, event.to_state, event.note, event.data) == (
        "nomination.extend_due_date",
        S.RETURNED,
        S.RETURNED,
        "Happy holidays.",
        {"previous_due_date": previous.isoformat(), "due_date": new_date.isoformat()},
    )
    message = mail.outbox[0]
    assert message.subject == (
        f"Nomination {nomination.reference}: more time to respond, until "
        f"{new_date:%B} {new_date.day}, {new_date.year}"
    )
    assert (
        f"Please reply by {new_date:%A, %B} {new_date.day}, {new_date.year} "
        f"(it was {previous:%A, %B} {previous.day}, {previous.year}).\n\n"
        "A note from award staff:\n\nHappy holidays.\n\n"
        "Their request was:\n\nPlease add the dates of the training sessions.\n\n"
    ) in message.body
    assert "award staff may take the nomination back and assess it as it stands" in message.body
    assert OutboxMessage.objects.get().template == "nomination_due_date_extended"


def test_extend_due_date_without_a_note_leaves_the_note_out(
    staff, django_capture_on_commit_callbacks
):
    nomination = returned(due_in_days=1)

    with django_capture_on_commit_callbacks(execute=True):
        nomination_extend_due_date(
            nomination=nomination, actor=staff, due_date=today(nomination) + dt.timedelta(days=9)
        )

    assert "A note from award staff" not in mail.outbox[0].body
    assert AuditEvent.objects.get().note == ""


@pytest.mark.parametrize(
    ("due_in_days", "new_in_days", "problem"),
    [
        (-3, 0, "Choose a due date in the future."),
        (-3, -1, "Choose a due date in the future."),
        (5, 5, "Choose a date after the current due date"),
        (5, 2, "Choose a date after the current due date"),
    ],
)
def test_extend_due_date_refuses_a_date_that_is_not_later_and_changes_nothing(
    staff, due_in_days, new_in_days, problem
):
    nomination = returned(due_in_days=due_in_days)
    due = nomination.info_due_date

    with recording_refusals(), pytest.raises(InvalidInput) as caught:
        nomination_extend_due_date(
            nomination=nomination,
            actor=staff,
            due_date=today(nomination) + dt.timedelta(days=new_in_days),
        )

    assert caught.value.problems[0].startswith(problem)
    unchanged(nomination, due_date=due)


@pytest.mark.parametrize("role", ["nominator", "panelist", "selecting_official"])
def test_extend_due_date_by_anyone_but_staff_is_refused_and_audited(role):
    actor = getattr(factories, role)()
    nomination = returned(due_in_days=1)
    due = nomination.info_due_date

    with recording_refusals(), pytest.raises(NotPermitted):
        nomination_extend_due_date(
            nomination=nomination, actor=actor, due_date=due + dt.timedelta(days=7)
        )

    nomination.refresh_from_db()
    assert (nomination.state, nomination.info_due_date) == (S.RETURNED, due)
    assert list(AuditEvent.objects.values_list("action", "outcome", "actor")) == [
        ("nomination.extend_due_date", "denied", actor.pk)
    ]
    assert OutboxMessage.objects.count() == 0


def test_the_owner_cannot_extend_their_own_due_date():
    nomination = returned(due_in_days=-1)

    with recording_refusals(), pytest.raises(NotPermitted):
        nomination_extend_due_date(
            nomination=nomination,
            actor=nomination.nominator,
            due_date=today(nomination) + dt.timedelta(days=7),
        )

    nomination.refresh_from_db()
    assert nomination.response_deadline_passed()
    assert OutboxMessage.objects.count() == 0
