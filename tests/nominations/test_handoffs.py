"""Hand-offs of vetting: the nominator's response reaches staff (an email and the staff
home), an overdue response shows on the staff home, and the nominator's home lists the
requests they have to answer."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.exceptions import TransitionBlocked
from nominations.models import OutboxMessage
from nominations.services.nomination import nomination_resubmit, nomination_take_back
from nominations.states import CycleState, NominationState
from tests import factories

pytestmark = pytest.mark.django_db
SITE = "http://testserver.example"
STAFF_HOME = reverse("nominations:staff_home")
MY_NOMINATIONS = reverse("nominations:my_nominations")


@pytest.fixture(autouse=True)
def site(settings):
    settings.AWARDS_SITE_URL = SITE
    settings.AWARDS_SITE_NAME = "Award Nominations"


def turn(client, user, url):
    client.force_login(user)
    return [(i.text, i.count, i.url) for i in client.get(url).context["turn"]]


def returned(cycle=None, **kwargs):
    cycle = cycle or factories.cycle_in(CycleState.CLOSED, award_year=2030)
    return factories.nomination_in(
        NominationState.RETURNED, cycle=cycle, info_request="Add the dates.", **kwargs
    )


def test_the_nominators_response_emails_each_member_of_staff(django_capture_on_commit_callbacks):
    factories.award_staff(email="zoe@example.gov", full_name="Zoe Park")
    nomination = returned(info_due_date=dt.date(2031, 1, 5))

    with django_capture_on_commit_callbacks(execute=True):
        nomination_resubmit(nomination=nomination, actor=nomination.nominator)

    templates = [m.template for m in OutboxMessage.objects.order_by("pk")]
    assert templates == ["nomination_resubmitted", "response_received"]
    email = mail.outbox[1]
    assert email.to == ["zoe@example.gov"]
    assert email.subject == f"{nomination.reference}: the nominator sent the requested information"
    assert email.body.startswith(f"Dear Zoe Park,\n\nThe nominator of {nomination.reference} (")
    link = SITE + reverse("nominations:staff_nomination", args=[nomination.pk])
    assert f"Read the response and continue vetting:\n{link}\n" in email.body


def test_a_refused_response_emails_nobody(django_capture_on_commit_callbacks):
    factories.award_staff()
    nomination = returned(justification="")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionBlocked):
        nomination_resubmit(nomination=nomination, actor=nomination.nominator)

    nomination.refresh_from_db()
    assert nomination.state == NominationState.RETURNED
    assert mail.outbox == []
    assert not OutboxMessage.objects.exists()


def test_a_nomination_staff_took_back_is_not_a_response_to_read(client, staff):
    cycle = factories.cycle_in(CycleState.CLOSED, award_year=2030)
    today = timezone.localdate(timezone=cycle.zone)
    taken = returned(cycle, info_due_date=today)
    nomination_take_back(nomination=taken, actor=staff, reason="The nominator did not answer.")
    assert taken.state == NominationState.VETTING

    assert turn(client, staff, STAFF_HOME) == []


def test_staff_home_lists_responses_to_read_and_overdue_responses(client, staff):
    cycle = factories.cycle_in(CycleState.CLOSED, award_year=2030)
    today = timezone.localdate(timezone=cycle.zone)
    late = returned(cycle, info_due_date=today - dt.timedelta(days=1))
    due_today = returned(cycle, info_due_date=today)  # not overdue yet
    answered = returned(cycle, info_due_date=today)
    nomination_resubmit(nomination=answered, actor=answered.nominator)
    name = f"{cycle.program.short_name} 2030"

    assert turn(client, staff, STAFF_HOME) == [
        (
            f"overdue response ({name})",
            1,
            reverse("nominations:staff_nomination", args=[late.pk]),
        ),
        (
            f"response from a nominator to read ({name})",
            1,
            reverse("nominations:staff_nomination", args=[answered.pk]),
        ),
    ]
    late2 = returned(cycle, info_due_date=today - dt.timedelta(days=3))
    queue = reverse("nominations:staff_queue")
    items = turn(client, staff, STAFF_HOME)
    assert items[0] == (
        f"overdue responses ({name})",
        2,
        f"{queue}?state=returned&overdue=yes&cycle={cycle.pk}",
    )
    # The nominators' homes: the one still in time is asked to answer; past the due
    # date, the nominator cannot answer any more, so it is staff's turn alone.
    assert turn(client, due_today.nominator, MY_NOMINATIONS) == [
        (
            f"request for information to answer by {today:%B} {today.day}, {today.year}: "
            f"{due_today.reference}",
            1,
            reverse("nominations:nomination_detail", args=[due_today.pk]),
        )
    ]
    assert turn(client, late2.nominator, MY_NOMINATIONS) == []


def test_nominator_home_lists_only_their_own_requests_to_answer(client):
    mine = returned(info_due_date=dt.date(2031, 1, 5))
    factories.nomination_in(NominationState.SUBMITTED, nominator=mine.nominator)
    other = factories.nominator()

    assert turn(client, mine.nominator, MY_NOMINATIONS) == [
        (
            f"request for information to answer by January 5, 2031: {mine.reference}",
            1,
            reverse("nominations:nomination_detail", args=[mine.pk]),
        )
    ]
    client.force_login(mine.nominator)
    body = client.get(MY_NOMINATIONS).content.decode()
    assert body.index('id="your-turn-heading"') < body.index("<table")
    assert turn(client, other, MY_NOMINATIONS) == []


@pytest.mark.parametrize("size", [1, 6])
def test_my_nominations_with_your_turn_query_count_does_not_grow(
    client, django_assert_num_queries, size
):
    user = factories.nominator()
    cycle = factories.cycle_in(CycleState.CLOSED)
    for _ in range(size):
        returned(cycle, nominator=user, info_due_date=dt.date(2031, 1, 5))
    client.force_login(user)

    # session, user, role groups, nominations with cycle and nominee, open cycles
    with django_assert_num_queries(5):
        response = client.get(MY_NOMINATIONS)

    assert len(response.context["turn"]) == size


@pytest.mark.parametrize("size", [1, 6])
def test_staff_home_with_vetting_items_query_count_does_not_grow(
    client, staff, django_assert_num_queries, size
):
    cycle = factories.cycle_in(CycleState.CLOSED)
    today = timezone.localdate(timezone=cycle.zone)
    for _ in range(size):
        returned(cycle, info_due_date=today - dt.timedelta(days=1))
        answered = returned(cycle, info_due_date=today)
        nomination_resubmit(nomination=answered, actor=answered.nominator)
    client.force_login(staff)

    # session, user, role groups, the "Your turn" items (one query each: responses and
    # overdue, and the party rule's two over them; conflicts, signed selections,
    # citations, requests about records), the cycles in progress, counts, action queues
    with django_assert_num_queries(13):
        response = client.get(STAFF_HOME)

    assert [item.count for item in response.context["turn"]] == [size, size]


def test_staff_home_never_counts_a_response_on_a_nomination_the_viewer_is_a_party_to(
    client,
):
    contact = factories.award_staff()
    cycle = factories.cycle_in(CycleState.CLOSED, award_year=2030)
    today = timezone.localdate(timezone=cycle.zone)
    late = returned(cycle, info_due_date=today - dt.timedelta(days=1))
    answered = returned(cycle, info_due_date=today)
    nomination_resubmit(nomination=answered, actor=answered.nominator)
    for nomination in (late, answered):
        nomination.nominee.contact_email = contact.email
        nomination.nominee.save()

    assert turn(client, contact, STAFF_HOME) == []


def test_the_response_is_never_announced_to_staff_who_are_parties(
    django_capture_on_commit_callbacks,
):
    factories.award_staff(email="zoe@example.gov")
    contact = factories.award_staff(email="sam@example.gov")
    nomination = returned(info_due_date=dt.date(2031, 1, 5))
    nomination.nominee.contact_email = contact.email
    nomination.nominee.save()

    with django_capture_on_commit_callbacks(execute=True):
        nomination_resubmit(nomination=nomination, actor=nomination.nominator)

    staff_emails = [m.to for m in mail.outbox if m.to != [nomination.nominator.email]]
    assert staff_emails == [["zoe@example.gov"]]
