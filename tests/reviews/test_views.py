"""The panelist's dashboard: who may see it, what each seat shows, and its query cost."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.dateformat import format as format_date

from core.models import AuditEvent
from nominations.models import Cycle, Nomination
from nominations.services.cycle import cycle_start_selection
from nominations.states import CycleState, NominationState
from reviews.models import Assignment, Panel, PanelMember
from reviews.selectors.home import assignment_status
from reviews.states import ConflictStatus
from tests import factories

PANELIST_HOME = reverse("reviews:panelist_home")


def seat(user, award_year: int, *, attested: bool = False, removed: bool = False, assignments=0):
    cycle = factories.CycleFactory(award_year=award_year, state=CycleState.REVIEW)
    panel = Panel.objects.create(
        cycle=cycle, attestation_text="I have no conflict.", review_due=dt.date(2031, 4, 30)
    )
    member = PanelMember.objects.create(
        panel=panel,
        user=user,
        attested_at=dt.datetime(2023, 5, 2, 14, 0, tzinfo=dt.UTC) if attested else None,
        removed_at=dt.datetime(2023, 5, 3, tzinfo=dt.UTC) if removed else None,
    )
    for _ in range(assignments):
        nomination = factories.nomination_in(NominationState.IN_REVIEW, cycle=cycle)
        Assignment.objects.create(nomination=nomination, member=member)
    return member


@pytest.mark.django_db
def test_panelist_home_anonymous_redirects_to_login(client):
    response = client.get(PANELIST_HOME)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={PANELIST_HOME}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make_user",
    [factories.nominator, factories.award_staff, factories.selecting_official],
)
def test_panelist_home_other_roles_forbidden(client, make_user):
    user = make_user()
    client.force_login(user)

    response = client.get(PANELIST_HOME)

    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.note) == (
        "page.denied",
        "denied",
        user,
        f"GET {PANELIST_HOME}",
    )


@pytest.mark.django_db
def test_panelist_home_unsigned_seat_shows_only_the_prompt(client):
    user = factories.panelist()
    member = seat(user, 2032, assignments=2)
    client.force_login(user)

    response = client.get(PANELIST_HOME)

    body = response.content.decode()
    (work,) = response.context["seats"]
    assert work.rows == []
    assert "Sign the attestation first" in body
    assert reverse("reviews:attestation_sign", args=[member.panel_id]) in body
    assert "Nominations assigned to you" not in body
    assert "April 30, 2031" not in body
    references = [n.reference for n in member.panel.cycle.nominations.all()]
    assert len(references) == 2
    for reference in references:
        assert reference not in body
    assert reverse("reviews:panel_nominations", args=[member.panel_id]) not in body


@pytest.mark.django_db
def test_panelist_home_lists_current_seats_newest_first(client):
    user = factories.panelist()
    seat(user, 2031, attested=True, assignments=2)
    seat(user, 2032)
    seat(user, 2033, removed=True)
    seat(factories.panelist(), 2034, attested=True)
    client.force_login(user)

    response = client.get(PANELIST_HOME)

    body = response.content.decode()
    rows = [
        (w.member.panel.cycle.award_year, w.signed, len(w.rows)) for w in response.context["seats"]
    ]
    assert rows == [(2032, False, 0), (2031, True, 2)]
    assert "2033" not in body
    assert "2034" not in body


@pytest.mark.django_db
def test_panelist_home_signed_seat_shows_status_due_date_and_progress(client):
    user = factories.panelist()
    member = seat(user, 2031, attested=True, assignments=5)
    first, second, third, fourth, _fifth = [
        a.nomination for a in member.assignments.order_by("nomination__reference")
    ]
    factories.review_of(first, member, submitted=True)
    factories.review_of(second, member, submitted=False)
    factories.conflict(third, member, status=ConflictStatus.CONFIRMED)
    Assignment.objects.filter(member=member, nomination=fourth).update(
        declined_at=dt.datetime(2031, 1, 1, tzinfo=dt.UTC), decline_reason="Too busy"
    )
    client.force_login(user)

    response = client.get(PANELIST_HOME)

    body = response.content.decode()
    (work,) = response.context["seats"]
    assert first.reference.endswith("-0001")
    assert [(row.nomination.reference, row.status_label) for row in work.rows] == [
        (first.reference, "Submitted"),
        (second.reference, "Draft"),
        (third.reference, "Conflict"),
        (fourth.reference, "Declined"),
        (_fifth.reference, "Not started"),
    ]
    assert (work.submitted, work.to_review) == (1, 3)
    assert f">{first.reference}</a>" in body
    assert "1 of 3 submitted" in body
    assert '<progress class="site-progress width-full"' in body
    assert 'max="3" value="1"' in body
    assert "Reviews are due April 30, 2031." in body
    assert reverse("reviews:review_nomination", args=[first.pk]) in body
    assert reverse("reviews:review_nomination", args=[third.pk]) not in body
    assert reverse("reviews:panel_nominations", args=[member.panel_id]) in body
    assert "style=" not in body


@pytest.mark.django_db
def test_panelist_home_signed_chair_links_to_results_and_calibration(client):
    user = factories.panelist()
    member = seat(user, 2031, attested=True, assignments=1)
    PanelMember.objects.filter(pk=member.pk).update(is_chair=True)
    cycle = member.panel.cycle
    client.force_login(user)

    body = client.get(PANELIST_HOME).content.decode()

    assert f'<a class="usa-link" href="{reverse("reviews:results", args=[cycle.pk])}">' in body
    assert f'href="{reverse("reviews:calibration", args=[cycle.pk])}"' in body
    assert client.get(reverse("reviews:results", args=[cycle.pk])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("chair", "attested"), [(False, True), (True, False)])
def test_panelist_home_no_results_links_for_a_panelist_or_an_unsigned_chair(
    client, chair, attested
):
    user = factories.panelist()
    member = seat(user, 2031, attested=attested, assignments=1)
    PanelMember.objects.filter(pk=member.pk).update(is_chair=chair)
    cycle = member.panel.cycle
    client.force_login(user)

    body = client.get(PANELIST_HOME).content.decode()

    assert reverse("reviews:results", args=[cycle.pk]) not in body
    assert reverse("reviews:calibration", args=[cycle.pk]) not in body


@pytest.mark.parametrize(
    ("declined", "conflicted", "review_state", "expected"),
    [
        (False, False, None, "not_started"),
        (False, False, "draft", "draft"),
        (False, False, "submitted", "submitted"),
        (True, False, "submitted", "declined"),
        (True, True, "draft", "conflict"),
    ],
)
def test_assignment_status_conflict_then_decline_then_review(
    declined, conflicted, review_state, expected
):
    status = assignment_status(declined=declined, conflicted=conflicted, review_state=review_state)

    assert status == expected


@pytest.mark.django_db
def test_panelist_home_without_seats_says_so(client):
    client.force_login(factories.panelist())

    response = client.get(PANELIST_HOME)

    assert "You are not on a review panel at the moment." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 5])
def test_panelist_home_query_count_does_not_grow(client, django_assert_num_queries, size):
    user = factories.panelist()
    for offset in range(size):
        member = seat(user, 2040 + offset, attested=True, assignments=size)
        nomination = member.assignments.first().nomination
        factories.review_of(nomination, member, submitted=False)
        factories.conflict(member.assignments.last().nomination, member)
        seat(user, 2060 + offset)
    client.force_login(user)

    # session, user, role groups, seats with cycle and program, assignments with status
    with django_assert_num_queries(5):
        response = client.get(PANELIST_HOME)

    assert len(response.context["seats"]) == 2 * size
    assert sum(len(work.rows) for work in response.context["seats"]) == size * size


# -- after panel review ends ------------------------------------------------------------------

LINK = re.compile(r'href="(/[^"#]*)')


def links_in_main(body: str) -> list[str]:
    """The site's own links in the page's main content (not the header or footer)."""
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    return sorted(set(LINK.findall(main)))


def chair_with_work(staff, cycle_state: str):
    """A signed chair assigned four nominations (submitted, draft, conflict, not started)
    of a cycle moved on to `cycle_state` the way staff move it."""
    cycle = factories.review_cycle(nominations=4, panelists=1)
    member = cycle.panel.members.select_related("user").get()
    PanelMember.objects.filter(pk=member.pk).update(is_chair=True)
    first, second, third, _fourth = cycle.nominations.order_by("reference")
    factories.review_of(first, member, submitted=True)
    factories.review_of(second, member, submitted=False)
    factories.conflict(third, member, status=ConflictStatus.CONFIRMED)
    if cycle_state != CycleState.REVIEW:
        Nomination.objects.filter(cycle=cycle).update(state=NominationState.SHORTLISTED)
        cycle_start_selection(cycle=cycle, actor=staff)
    if cycle_state in {CycleState.ANNOUNCED, CycleState.ARCHIVED}:
        Nomination.objects.filter(cycle=cycle).update(state=NominationState.NOT_SELECTED)
        Cycle.objects.filter(pk=cycle.pk).update(state=cycle_state)
    return cycle, member, [first, second, third, _fourth]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cycle_state",
    [CycleState.REVIEW, CycleState.SELECTION, CycleState.ANNOUNCED, CycleState.ARCHIVED],
)
def test_panelist_home_links_to_nothing_that_refuses_the_panelist(client, staff, cycle_state):
    _cycle, member, _nominations = chair_with_work(staff, cycle_state)
    client.force_login(member.user)

    links = links_in_main(client.get(PANELIST_HOME).content.decode())
    answers = {link: client.get(link).status_code for link in links}

    assert links
    assert [link for link, status in answers.items() if status == 403] == []
    assert not AuditEvent.objects.filter(outcome="denied").exists()


@pytest.mark.django_db
def test_panelist_home_in_selection_says_review_closed_and_keeps_reading_links(client, staff):
    cycle, member, (first, second, third, fourth) = chair_with_work(staff, CycleState.SELECTION)
    closed = AuditEvent.objects.get(action="cycle.start_selection")
    client.force_login(member.user)

    body = client.get(PANELIST_HOME).content.decode()

    local = closed.created_at.astimezone(ZoneInfo(cycle.time_zone))
    assert "Panel review closed on <time datetime=" in body
    assert format_date(local, "F j, Y") in body
    assert "You can still read the nominations and your reviews" in body
    for readable in (first, second, fourth):
        assert reverse("reviews:review_nomination", args=[readable.pk]) in body
    assert reverse("reviews:review_nomination", args=[third.pk]) not in body
    assert ">All the panel's nominations</a>" in body
    assert "declare conflicts" not in body
    page = client.get(reverse("reviews:review_nomination", args=[first.pk])).content.decode()
    assert "<caption>Your scores</caption>" in page


@pytest.mark.django_db
@pytest.mark.parametrize("cycle_state", [CycleState.ANNOUNCED, CycleState.ARCHIVED])
def test_panelist_home_after_announcement_lists_nominations_without_links(
    client, staff, cycle_state
):
    cycle, member, nominations = chair_with_work(staff, cycle_state)
    client.force_login(member.user)

    response = client.get(PANELIST_HOME)

    body = response.content.decode()
    assert "Panel review closed on" in body
    assert "The recipients have been announced" in body
    for nomination in nominations:
        assert nomination.reference in body
        assert reverse("reviews:review_nomination", args=[nomination.pk]) not in body
    assert reverse("reviews:panel_nominations", args=[member.panel_id]) not in body
    assert reverse("reviews:results", args=[cycle.pk]) in body
    assert [row.can_open for row in response.context["seats"][0].rows] == [False] * 4


@pytest.mark.django_db
def test_panelist_home_in_review_offers_declaring_conflicts_and_no_closed_note(client, staff):
    _cycle, member, _nominations = chair_with_work(staff, CycleState.REVIEW)
    client.force_login(member.user)

    body = client.get(PANELIST_HOME).content.decode()

    assert "All the panel's nominations: declare conflicts" in body
    assert "Panel review closed" not in body
