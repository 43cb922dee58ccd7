"""Award staff are told, once per due date, of responses that became overdue."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from nominations.models import Nomination
from nominations.services.nomination import nomination_extend_due_date, nomination_take_back
from nominations.services.overdue import overdue_responses_notify
from nominations.states import CycleState, NominationState
from tests import factories

pytestmark = pytest.mark.django_db
SITE = "https://awards.example.gov"


@pytest.fixture(autouse=True)
def site(settings):
    settings.AWARDS_SITE_URL = SITE + "/"


def returned(cycle, due: dt.date, name: str) -> Nomination:
    return factories.nomination_in(
        NominationState.RETURNED,
        cycle=cycle,
        info_request="Add the dates.",
        info_due_date=due,
        nominee=factories.NomineeFactory(legal_name=name),
    )


def test_each_member_of_staff_gets_one_digest_of_the_newly_overdue(
    django_capture_on_commit_callbacks,
):
    zoe = factories.award_staff(email="zoe@example.gov", full_name="Zoe Park")
    cycle = factories.cycle_in(CycleState.CLOSED, award_year=2030)
    today = timezone.localdate(timezone=cycle.zone)
    late = returned(cycle, today - dt.timedelta(days=1), "Polaris Project")
    returned(cycle, today, "Safe Horizon, Inc.")  # due today: not overdue yet

    with django_capture_on_commit_callbacks(execute=True):
        notices = overdue_responses_notify()

    assert [(n.to, n.references) for n in notices] == [(zoe.email, [late.reference])]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["zoe@example.gov"], "1 overdue response to a request for information")
    ]
    due = late.info_due_date
    assert mail.outbox[0].body == (
        "Dear Zoe Park,\n\n"
        "A nominator has not answered a request for information by its due date. Until "
        "staff act, the nomination waits: take it back into vetting to assess it as it "
        "stands, or extend the due date to give the nominator more time.\n\n"
        f"{late.reference} (Polaris Project, {cycle.program.short_name} 2030), due "
        f"{due:%B} {due.day}, {due.year}:\n"
        f"{SITE}{reverse('nominations:staff_nomination', args=[late.pk])}\n\n"
        "Award Nominations\n\n"
    )


def test_a_nomination_is_reported_once_per_due_date(django_capture_on_commit_callbacks):
    staff = factories.award_staff()
    cycle = factories.cycle_in(CycleState.CLOSED, award_year=2030)
    today = timezone.localdate(timezone=cycle.zone)
    late = returned(cycle, today - dt.timedelta(days=1), "Polaris Project")
    with django_capture_on_commit_callbacks(execute=True):
        overdue_responses_notify()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_responses_notify() == []
    assert mail.outbox == []

    # Staff give more time; when that date passes too, they hear again.
    nomination_extend_due_date(nomination=late, actor=staff, due_date=today + dt.timedelta(days=3))
    mail.outbox.clear()
    later = timezone.now() + dt.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        notices = overdue_responses_notify(now=later)
    assert [n.references for n in notices] == [[late.reference]]


def test_a_party_is_never_told_and_a_taken_back_nomination_is_not_overdue(
    django_capture_on_commit_callbacks,
):
    contact = factories.award_staff(email="sam@example.gov")
    other = factories.award_staff(email="zoe@example.gov")
    cycle = factories.cycle_in(CycleState.CLOSED, award_year=2030)
    today = timezone.localdate(timezone=cycle.zone)
    theirs = returned(cycle, today - dt.timedelta(days=1), "Polaris Project")
    theirs.nominee.contact_email = contact.email
    theirs.nominee.save()
    taken = returned(cycle, today - dt.timedelta(days=2), "Safe Horizon, Inc.")
    nomination_take_back(nomination=taken, actor=other, reason="No answer.")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        notices = overdue_responses_notify()

    assert [(n.to, n.references) for n in notices] == [("zoe@example.gov", [theirs.reference])]
    assert [m.to for m in mail.outbox] == [["zoe@example.gov"]]


def test_the_command_says_who_was_told(capsys):
    factories.award_staff(email="zoe@example.gov")
    cycle = factories.cycle_in(CycleState.CLOSED, award_year=2030)
    today = timezone.localdate(timezone=cycle.zone)

    call_command("send_overdue_notices")
    assert capsys.readouterr().out == "No response became overdue.\n"

    late = returned(cycle, today - dt.timedelta(days=1), "Polaris Project")
    call_command("send_overdue_notices")
    assert capsys.readouterr().out == f"Told zoe@example.gov: {late.reference}\n"
