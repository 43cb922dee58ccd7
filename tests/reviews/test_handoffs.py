"""Hand-offs to the panel: the email each panelist gets when review starts, and the
"Your turn" items of the panelist's home."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from core.exceptions import IllegalTransition, NotPermitted, TransitionBlocked
from nominations.models import OutboxMessage
from nominations.services.cycle import cycle_start_review
from nominations.states import CycleState, NominationState
from reviews.models import Assignment
from reviews.services.conflicts import conflict_declare, conflicts_suggest
from reviews.services.invitations import panel_invite
from reviews.states import ConflictStatus
from tests import factories
from tests.reviews.test_services_conflicts import suggestion_setup

PANELIST_HOME = reverse("reviews:panelist_home")
SITE = "http://testserver.example"


@pytest.fixture(autouse=True)
def site(settings):
    settings.AWARDS_SITE_URL = SITE
    settings.AWARDS_SITE_NAME = "Award Nominations"


def closed_cycle_with_panel():
    """A closed cycle with two cleared nominations, a panel due March 14, 2031, Ana
    assigned both, Ben one, and Cy on the panel without a signed attestation."""
    cycle = factories.cycle_in(CycleState.CLOSED, award_year=2030)
    first, second = (factories.nomination_in(NominationState.CLEARED, cycle=cycle) for _ in "ab")
    panel = factories.panel_of(cycle)
    panel.review_due = dt.date(2031, 3, 14)
    panel.save()
    ana = factories.seat(cycle, factories.panelist(email="ana@example.gov", full_name="Ana Diaz"))
    ben = factories.seat(cycle, factories.panelist(email="ben@example.gov", full_name="Ben Ode"))
    cy = factories.seat(
        cycle, factories.panelist(email="cy@example.gov", full_name="Cy Moe"), attested=False
    )
    for member, nominations in ((ana, [first, second]), (ben, [first])):
        for nomination in nominations:
            Assignment.objects.create(nomination=nomination, member=member)
    return cycle, panel, (ana, ben, cy)


@pytest.mark.django_db
def test_start_review_emails_each_panelist_their_share(staff, django_capture_on_commit_callbacks):
    cycle, panel, _ = closed_cycle_with_panel()
    name = f"{cycle.program.short_name} 2030"

    with django_capture_on_commit_callbacks(execute=True):
        cycle_start_review(cycle=cycle, actor=staff)

    assert [(email.to, email.subject) for email in mail.outbox] == [
        (["ana@example.gov"], f"{name} panel review has started: 2 nominations for you"),
        (["ben@example.gov"], f"{name} panel review has started: 1 nomination for you"),
        (["cy@example.gov"], f"{name} panel review has started"),
    ]
    ana, ben, cy = (email.body for email in mail.outbox)
    assert ana.startswith("Dear Ana Diaz,\n\n")
    assert "2 nominations are assigned to you." in ana
    assert "1 nomination is assigned to you." in ben
    for body in (ana, ben, cy):
        assert "Please submit your scores by Friday, March 14, 2031." in body
    for body in (ana, ben):
        assert f"open your panel dashboard to start:\n{SITE}{PANELIST_HOME}\n" in body
    assert "No nomination is assigned to you yet" in cy
    attestation = SITE + reverse("reviews:attestation_sign", args=[panel.pk])
    assert f"confidentiality statement:\n{attestation}\n" in cy
    assert list(OutboxMessage.objects.values_list("template", flat=True)) == ["review_started"] * 3


@pytest.mark.django_db
def test_a_refused_start_of_review_emails_nobody(staff, django_capture_on_commit_callbacks):
    cycle, _, _ = closed_cycle_with_panel()
    factories.nomination_in(NominationState.CLEARED, cycle=cycle)  # assigned to nobody

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionBlocked):
        cycle_start_review(cycle=cycle, actor=staff)

    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED
    assert mail.outbox == []
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_panelist_home_your_turn_lists_reviews_to_submit_and_attestations(
    client, staff, django_capture_on_commit_callbacks
):
    cycle, panel, (ana, ben, cy) = closed_cycle_with_panel()
    with django_capture_on_commit_callbacks(execute=True):
        cycle_start_review(cycle=cycle, actor=staff)
    first = Assignment.objects.filter(member=ana).order_by("nomination__reference").first()
    name = f"{cycle.program.short_name} 2030"

    def turn_of(member):
        client.force_login(member.user)
        response = client.get(PANELIST_HOME)
        return response, [(i.text, i.count, i.url) for i in response.context["turn"]]

    response, ana_turn = turn_of(ana)
    assert ana_turn == [
        (
            f"reviews to submit for the {name} panel, due March 14, 2031",
            2,
            reverse("reviews:review_nomination", args=[first.nomination_id]),
        )
    ]
    body = response.content.decode()
    assert body.index('id="your-turn-heading"') < body.index("Nominations assigned to you")
    assert f"<strong>2</strong> reviews to submit for the {name} panel" in body
    assert turn_of(ben)[1][0][:2] == (
        f"review to submit for the {name} panel, due March 14, 2031",
        1,
    )
    assert turn_of(cy)[1] == [
        (
            f"attestation to sign for the {name} panel",
            1,
            reverse("reviews:attestation_sign", args=[panel.pk]),
        )
    ]
    # Someone on no panel has nothing in the section.
    client.force_login(factories.panelist())
    response = client.get(PANELIST_HOME)
    assert response.context["turn"] == []
    assert "Nothing is waiting for you." in response.content.decode()


@pytest.mark.django_db
def test_panelist_home_your_turn_leaves_submitted_reviews_and_closed_cycles_out(client):
    cycle = factories.review_cycle(nominations=2, panelists=1)
    member = cycle.panel.members.get()
    first, second = (a.nomination for a in member.assignments.order_by("nomination__reference"))
    factories.review_of(first, member, overall=3)
    client.force_login(member.user)

    turn = client.get(PANELIST_HOME).context["turn"]

    assert [(item.count, item.url) for item in turn] == [
        (1, reverse("reviews:review_nomination", args=[second.pk]))
    ]
    type(cycle).objects.filter(pk=cycle.pk).update(state=CycleState.SELECTION)
    assert client.get(PANELIST_HOME).context["turn"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 6])
def test_panelist_home_with_your_turn_query_count_does_not_grow(
    client, django_assert_num_queries, size
):
    user = factories.panelist()
    cycle = factories.review_cycle(nominations=size, panelists=0)
    factories.seat(factories.cycle_in(CycleState.CLOSED), user, attested=False)
    member = factories.seat(cycle, user)
    for nomination in cycle.nominations.all():
        Assignment.objects.create(nomination=nomination, member=member)
    client.force_login(user)

    # session, user, role groups, seats with cycle and program, assignments with status
    with django_assert_num_queries(5):
        response = client.get(PANELIST_HOME)

    assert [item.count for item in response.context["turn"]] == [1, size]


# -- conflicts to decide, for staff -----------------------------------------------------------

STAFF_HOME = reverse("nominations:staff_home")


@pytest.mark.django_db
def test_a_declared_conflict_emails_award_staff(django_capture_on_commit_callbacks):
    cycle = factories.review_cycle(nominations=1, panelists=1)
    member = cycle.panel.members.select_related("user").get()
    nomination = cycle.nominations.get()
    factories.award_staff(email="zoe@example.gov", full_name="Zoe Park")
    name = f"{cycle.program.short_name} {cycle.award_year}"

    with django_capture_on_commit_callbacks(execute=True):
        conflict_declare(
            nomination=nomination, member=member, kind="other", reason="I advise them."
        )

    [email] = mail.outbox
    assert email.to == ["zoe@example.gov"]
    assert email.subject == f"{name} panel: 1 declared conflict of interest to decide"
    assert email.body.startswith(
        f"Dear Zoe Park,\n\n{member.user.full_name} declared a conflict of interest on the "
        f"{name} panel. Confirm it or waive it;"
    )
    link = SITE + reverse("reviews:conflict_list", args=[cycle.pk]) + "?status=declared"
    assert f"Decide:\n{link}\n" in email.body


@pytest.mark.django_db
def test_a_refused_declaration_emails_nobody(django_capture_on_commit_callbacks):
    cycle = factories.review_cycle(nominations=1, panelists=1)
    member = cycle.panel.members.get()
    nomination = cycle.nominations.get()
    factories.award_staff()
    factories.conflict(nomination, member)  # already declared

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(IllegalTransition):
        conflict_declare(nomination=nomination, member=member, kind="other", reason="Again.")

    assert mail.outbox == []
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_suggested_conflicts_email_the_other_members_of_staff(
    django_capture_on_commit_callbacks,
):
    staff, cycle, *_ = suggestion_setup()  # two suggestions to make
    factories.award_staff(email="zoe@example.gov", full_name="Zoe Park")
    name = f"{cycle.program.short_name} {cycle.award_year}"

    with django_capture_on_commit_callbacks(execute=True):
        assert len(conflicts_suggest(cycle=cycle, actor=staff)) == 2

    [email] = mail.outbox  # not to the staff member who ran the check
    assert email.to == ["zoe@example.gov"]
    assert email.subject == f"{name} panel: 2 suggested conflicts of interest to decide"
    assert "The system suggested 2 likely conflicts of interest on the " in email.body
    link = SITE + reverse("reviews:conflict_list", args=[cycle.pk]) + "?status=suggested"
    assert f"Decide:\n{link}\n" in email.body


@pytest.mark.django_db
def test_staff_home_lists_conflicts_to_decide_and_other_roles_see_none(client, staff):
    cycle = factories.review_cycle(nominations=2, panelists=2)
    first, second = cycle.nominations.order_by("pk")
    ana, ben = cycle.panel.members.order_by("pk")
    factories.conflict(first, ana)
    factories.conflict(second, ana, status=ConflictStatus.SUGGESTED)
    factories.conflict(second, ben, status=ConflictStatus.SUGGESTED)
    factories.conflict(first, ben, status=ConflictStatus.CONFIRMED)
    name = f"{cycle.program.short_name} {cycle.award_year}"
    url = reverse("reviews:conflict_list", args=[cycle.pk])
    client.force_login(staff)

    turn = [(i.text, i.count, i.url) for i in client.get(STAFF_HOME).context["turn"]]

    assert turn == [
        (f"declared conflict to confirm or waive ({name})", 1, f"{url}?status=declared"),
        (f"suggested conflicts to confirm or dismiss ({name})", 2, f"{url}?status=suggested"),
    ]
    client.force_login(ana.user)
    assert all("conflict" not in i.text for i in client.get(PANELIST_HOME).context["turn"])


# -- the panel invitation: the due date and the workload ---------------------------------------


@pytest.mark.django_db
def test_the_panel_invitation_states_the_due_date_and_the_number_of_nominations(
    staff, django_capture_on_commit_callbacks
):
    cycle, panel, _ = closed_cycle_with_panel()  # two cleared nominations, due March 14, 2031
    factories.nomination_in(NominationState.VETTING, cycle=cycle)  # not the panel's yet

    with django_capture_on_commit_callbacks(execute=True):
        panel_invite(panel=panel, actor=staff, email="dee@example.gov", full_name="Dee Roe")

    [email] = mail.outbox
    assert email.to == ["dee@example.gov"]
    assert (
        "The panel has 2 nominations to review so far; staff will assign you your share. "
        "Scores are due by Friday, March 14, 2031.\n"
    ) in email.body


@pytest.mark.django_db
def test_the_panel_invitation_without_nominations_or_due_date_says_so(
    staff, django_capture_on_commit_callbacks
):
    panel = factories.panel_of(factories.cycle_in(CycleState.OPEN))

    with django_capture_on_commit_callbacks(execute=True):
        panel_invite(panel=panel, actor=staff, email="dee@example.gov", full_name="Dee Roe")

    assert (
        "No nomination has been cleared for the panel yet; staff will assign you your share. "
        "The due date for scores is not set yet.\n"
    ) in mail.outbox[0].body


@pytest.mark.django_db
def test_a_refused_invitation_emails_nobody(django_capture_on_commit_callbacks):
    panel = factories.panel_of(factories.cycle_in(CycleState.CLOSED))

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(NotPermitted):
        panel_invite(
            panel=panel, actor=factories.panelist(), email="dee@example.gov", full_name="Dee Roe"
        )

    assert mail.outbox == []
    assert not OutboxMessage.objects.exists()
