"""Staff pages for a nomination returned for information: its actions on the staff
nomination page, taking it back into vetting, extending its due date; who may reach them
and what a refusal leaves."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from nominations.models import OutboxMessage
from nominations.states import CycleState, NominationState
from tests import factories

S = NominationState
pytestmark = pytest.mark.django_db


def detail_url(nomination) -> str:
    return reverse("nominations:staff_nomination", args=[nomination.pk])


def take_back_url(nomination) -> str:
    return reverse("nominations:staff_take_back", args=[nomination.pk])


def extend_url(nomination) -> str:
    return reverse("nominations:staff_extend_due_date", args=[nomination.pk])


def in_days(nomination, days: int) -> dt.date:
    return timezone.localdate(timezone=nomination.cycle.zone) + dt.timedelta(days=days)


@pytest.fixture
def returned():
    cycle = factories.CycleFactory(state=CycleState.CLOSED)
    nomination = factories.nomination_in(S.RETURNED, cycle=cycle)
    nomination.info_request = "Please add the training dates."
    nomination.info_due_date = in_days(nomination, -2)
    nomination.save()
    return nomination


def nothing_changed(nomination, due: dt.date) -> None:
    nomination.refresh_from_db()
    assert (nomination.state, nomination.info_due_date) == (S.RETURNED, due)
    assert (OutboxMessage.objects.count(), len(mail.outbox)) == (0, 0)


# -- the staff nomination page -----------------------------------------------------------------


def test_staff_page_of_an_overdue_return_offers_take_back_and_extend(staff_client, returned):
    html = staff_client.get(detail_url(returned)).content.decode()

    assert "No action is possible" not in html
    assert f'<a class="usa-button" href="{take_back_url(returned)}">Take back into vetting</a>' in (
        html
    )
    assert (
        f'<a class="usa-button" href="{extend_url(returned)}">Extend the response due date</a>'
    ) in html
    due = returned.info_due_date
    assert f"Information requested, due {due:%B} {due.day}, {due.year} (overdue)</h2>" in html


def test_staff_page_of_a_draft_says_whose_move_it_is(staff_client):
    draft = factories.nomination_in(S.DRAFT)

    html = staff_client.get(detail_url(draft)).content.decode()

    assert (
        "<p>Nothing for award staff to do in this state. The next move is the nominator’s "
        "(Submit, Withdraw).</p>"
    ) in html


def test_staff_page_of_a_shortlisted_nomination_names_the_officials_moves(staff_client):
    shortlisted = factories.nomination_in(S.SHORTLISTED)

    html = staff_client.get(detail_url(shortlisted)).content.decode()

    assert "The next move is the selecting official’s (Select, Do not select).</p>" in html


@pytest.mark.parametrize("state", [S.WITHDRAWN, S.INELIGIBLE, S.NOT_SELECTED])
def test_staff_page_of_a_final_state_says_it_is_final(staff_client, state):
    nomination = factories.nomination_in(state)

    html = staff_client.get(detail_url(nomination)).content.decode()

    assert (
        f"<p>The nomination is {nomination.get_state_display().lower()}: that is final, and "
        "nothing more happens to it.</p>"
    ) in html


# -- take back ---------------------------------------------------------------------------------


def test_take_back_page_explains_what_happens(staff_client, returned):
    html = staff_client.get(take_back_url(returned)).content.decode()

    assert "now overdue) ends now." in html
    assert "the nominator can no longer change it or send it back" in html
    assert 'name="reason"' in html


def test_take_back_post_moves_it_into_vetting_and_emails_the_nominator(
    staff_client, staff, returned, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            take_back_url(returned), {"reason": "No answer by the due date.\r\nCalled twice."}
        )

    assert response["Location"] == detail_url(returned)
    returned.refresh_from_db()
    assert returned.state == S.VETTING
    assert list(AuditEvent.objects.values_list("action", "outcome", "actor", "note")) == [
        ("nomination.take_back", "done", staff.pk, "No answer by the due date.\nCalled twice.")
    ]
    assert [m.to for m in mail.outbox] == [[returned.nominator.email]]
    assert "No answer by the due date.\nCalled twice." in mail.outbox[0].body
    page = staff_client.get(detail_url(returned)).content.decode()
    assert "is back in vetting and the nominator was told." in page
    assert ">Clear for the panel</button>" in page
    assert ">Mark ineligible</a>" in page


def test_take_back_without_a_reason_says_so_next_to_the_field(staff_client, returned):
    due = returned.info_due_date

    response = staff_client.post(take_back_url(returned), {"reason": "  "})

    assert response.status_code == 200
    assert (
        '<span class="usa-error-message" id="id_reason-error" data-error-for="id_reason">'
        "Enter the reason for taking the nomination back.</span>"
    ) in response.content.decode()
    nothing_changed(returned, due)
    assert AuditEvent.objects.count() == 0


def test_take_back_of_a_nomination_the_nominator_already_sent_back_is_refused_and_audited(
    staff_client, staff
):
    """Another tab: the nominator resubmitted while staff had the form open."""
    vetting = factories.nomination_in(S.VETTING)

    response = staff_client.post(take_back_url(vetting), {"reason": "Overdue."})

    assert response.status_code == 200
    assert (
        "“Take back into vetting” is not possible for a nomination that is Vetting."
        in response.content.decode()
    )
    vetting.refresh_from_db()
    assert vetting.state == S.VETTING
    assert list(AuditEvent.objects.values_list("action", "outcome", "actor", "from_state")) == [
        ("nomination.take_back", "denied", staff.pk, S.VETTING)
    ]
    assert OutboxMessage.objects.count() == 0


# -- extend the due date -------------------------------------------------------------------


def test_extend_post_sets_the_date_and_emails_the_nominator(
    staff_client, staff, returned, django_capture_on_commit_callbacks
):
    new_date = in_days(returned, 7)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            extend_url(returned), {"due_date": new_date.isoformat(), "note": ""}
        )

    assert response["Location"] == detail_url(returned)
    returned.refresh_from_db()
    assert (returned.state, returned.info_due_date) == (S.RETURNED, new_date)
    assert list(AuditEvent.objects.values_list("action", "outcome", "actor")) == [
        ("nomination.extend_due_date", "done", staff.pk)
    ]
    assert mail.outbox[0].subject.startswith(f"Nomination {returned.reference}: more time")
    page = staff_client.get(detail_url(returned)).content.decode()
    assert f"is now due {new_date:%B} {new_date.day}, {new_date.year}" in page


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (0, "Choose a due date after today."),
        (None, "Enter the new date the response is due."),
    ],
)
def test_extend_refuses_a_bad_date_next_to_the_field(staff_client, returned, days, message):
    due = returned.info_due_date
    posted = {"due_date": "" if days is None else in_days(returned, days).isoformat()}

    response = staff_client.post(extend_url(returned), posted)

    assert (
        '<span class="usa-error-message" id="id_due_date-error" data-error-for="id_due_date">'
        f"{message}</span>"
    ) in response.content.decode()
    nothing_changed(returned, due)
    assert AuditEvent.objects.count() == 0


def test_extend_refuses_a_date_before_the_current_one(staff_client):
    nomination = factories.nomination_in(S.RETURNED)
    nomination.info_due_date = in_days(nomination, 10)
    nomination.save()
    due = nomination.info_due_date

    response = staff_client.post(extend_url(nomination), {"due_date": in_days(nomination, 5)})

    assert (
        f"Choose a date after the current due date, {due:%B} {due.day}, {due.year}."
    ) in response.content.decode()
    nothing_changed(nomination, due)


# -- access --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["nominator", "panelist", "selecting_official"])
def test_other_roles_get_403_and_the_attempt_is_audited(client, returned, role):
    user = getattr(factories, role)()
    client.force_login(user)
    due = returned.info_due_date
    attempts = [
        ("get", take_back_url(returned), {}),
        ("post", take_back_url(returned), {"reason": "Overdue."}),
        ("get", extend_url(returned), {}),
        ("post", extend_url(returned), {"due_date": in_days(returned, 7)}),
    ]

    codes = [getattr(client, method)(url, data).status_code for method, url, data in attempts]

    assert codes == [403, 403, 403, 403]
    assert AuditEvent.objects.filter(outcome="denied", actor=user).count() == 4
    nothing_changed(returned, due)


def test_the_owners_own_nomination_is_not_theirs_to_take_back(client):
    staff_nominator = factories.award_staff()
    own = factories.nomination_in(S.RETURNED, nominator=staff_nominator)
    client.force_login(staff_nominator)

    responses = [
        client.post(take_back_url(own), {"reason": "Mine."}),
        client.post(extend_url(own), {"due_date": in_days(own, 7)}),
    ]

    assert [r.status_code for r in responses] == [403, 403]
    assert list(AuditEvent.objects.values_list("action", "outcome")) == [
        ("nomination.take_back", "denied"),
        ("nomination.extend_due_date", "denied"),
    ]
    own.refresh_from_db()
    assert own.state == S.RETURNED
    html = client.get(detail_url(own)).content.decode()
    assert "Take back into vetting" not in html
