"""The staff queue: filters, search, sort, pagination, and its query cost."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from nominations.models import NomineeKind
from nominations.states import CycleState, NominationState
from tests import factories

QUEUE = reverse("nominations:staff_queue")


@pytest.fixture
def cycle():
    return factories.cycle_in(CycleState.CLOSED, award_year=2023)


def refs(response) -> list[str]:
    return [nomination.reference for nomination in response.context["page"].object_list]


def make(cycle, state=NominationState.SUBMITTED, **kwargs):
    return factories.nomination_in(state, cycle=cycle, **kwargs)


@pytest.mark.django_db
def test_queue_shows_another_cycle_when_chosen(client, staff, cycle):
    make(cycle)
    earlier = factories.cycle_in(CycleState.REVIEW, award_year=2022)
    in_review = make(earlier, NominationState.IN_REVIEW)
    client.force_login(staff)

    response = client.get(QUEUE, {"cycle": earlier.pk})

    assert refs(response) == [in_review.reference]
    assert response.context["cycle"] == earlier
    html = response.content.decode()
    assert f'<option value="{earlier.pk}" selected>' in html
    assert f"{earlier.program.short_name} 2022 (Panel review)" in html


@pytest.mark.django_db
def test_queue_with_an_unknown_cycle_says_so_and_shows_the_current_one(client, staff, cycle):
    current = make(cycle)
    client.force_login(staff)

    response = client.get(QUEUE, {"cycle": "999999"})

    assert refs(response) == [current.reference]
    assert response.context["form"].errors == {
        "cycle": ["Select a valid choice. That choice is not one of the available choices."]
    }


@pytest.mark.django_db
def test_queue_lists_the_current_cycle_in_reference_order(client, staff, cycle):
    first = make(cycle)
    second = make(cycle, NominationState.VETTING)
    older = factories.cycle_in(CycleState.ARCHIVED, award_year=2022)
    make(older)
    client.force_login(staff)

    response = client.get(QUEUE)

    assert response.status_code == 200
    assert refs(response) == [first.reference, second.reference]
    assert (
        f'<a class="usa-link" href="{reverse("nominations:staff_nomination", args=[first.pk])}">'
        f"{first.reference}</a>"
    ) in response.content.decode()


@pytest.mark.django_db
def test_queue_filters_by_state(client, staff, cycle):
    make(cycle)
    vetting = make(cycle, NominationState.VETTING)
    client.force_login(staff)

    assert refs(client.get(QUEUE, {"state": "vetting"})) == [vetting.reference]


@pytest.mark.django_db
@pytest.mark.parametrize("criterion", ["courage", "sustained", "innovation"])
def test_queue_filters_by_criterion(client, staff, cycle, criterion):
    fields = {"courage": "criterion_courage", "sustained": "criterion_sustained"}
    chosen = {
        name: make(
            cycle,
            criterion_innovation=name == "innovation",
            **({fields[name]: True} if name in fields else {}),
        )
        for name in ("courage", "sustained", "innovation")
    }
    client.force_login(staff)

    assert refs(client.get(QUEUE, {"criterion": criterion})) == [chosen[criterion].reference]


@pytest.mark.django_db
def test_queue_filters_by_nominee_type(client, staff, cycle):
    make(cycle)
    person = make(
        cycle,
        nominee=factories.NomineeFactory(
            kind=NomineeKind.INDIVIDUAL, full_name="Ana Ruiz", possessive="her", legal_name=""
        ),
    )
    client.force_login(staff)

    assert refs(client.get(QUEUE, {"nominee_type": "individual"})) == [person.reference]


@pytest.mark.django_db
def test_queue_filters_by_duplicate_flag(client, staff, cycle):
    one = make(cycle, nominee=factories.NomineeFactory(legal_name="Polaris Project"))
    two = make(cycle, nominee=factories.NomineeFactory(legal_name="The Polaris Project, Inc."))
    other = make(cycle, nominee=factories.NomineeFactory(legal_name="Covenant House"))
    client.force_login(staff)

    flagged = client.get(QUEUE, {"duplicate": "yes"})

    assert refs(flagged) == [one.reference, two.reference]
    assert flagged.content.decode().count("Possible duplicate</span>") == 2
    assert refs(client.get(QUEUE, {"duplicate": "no"})) == [other.reference]


@pytest.mark.django_db
def test_queue_filters_overdue_responses_in_the_cycles_zone(client, staff, cycle):
    today = timezone.localdate(timezone=cycle.zone)
    overdue = make(cycle, NominationState.RETURNED, info_due_date=today - dt.timedelta(days=1))
    due_today = make(cycle, NominationState.RETURNED, info_due_date=today)
    client.force_login(staff)

    assert refs(client.get(QUEUE, {"state": "returned", "overdue": "yes"})) == [overdue.reference]
    assert refs(client.get(QUEUE, {"state": "returned", "overdue": "no"})) == [due_today.reference]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("term", "expected"),
    [("0002", [1]), ("harbor", [0]), ("ROSA", [1]), ("rosa@agency.example.gov", [1])],
)
def test_queue_search_by_reference_nominee_nominator(client, staff, cycle, term, expected):
    nominations = [
        make(cycle, nominee=factories.NomineeFactory(legal_name="Safe Harbor Alliance")),
        make(
            cycle,
            nominator_name="Rosa Park",
            nominator=factories.nominator(email="rosa@agency.example.gov"),
        ),
    ]
    client.force_login(staff)

    response = client.get(QUEUE, {"q": term})

    assert refs(response) == [nominations[index].reference for index in expected]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("reference", [0, 1, 2]),
        ("-reference", [2, 1, 0]),
        ("nominee", [1, 2, 0]),
        ("-nominee", [0, 2, 1]),
        ("submitted", [2, 0, 1]),
        ("-submitted", [1, 0, 2]),
        ("state", [0, 2, 1]),
        ("-state", [1, 2, 0]),
    ],
)
def test_queue_sorts(client, staff, cycle, sort, expected):
    now = timezone.now()
    nominations = [
        make(cycle, nominee=factories.NomineeFactory(legal_name="Zeta Org")),
        make(
            cycle,
            NominationState.CLEARED,
            nominee=factories.NomineeFactory(legal_name="alpha org"),
        ),
        make(
            cycle,
            NominationState.VETTING,
            nominee=factories.NomineeFactory(legal_name="Beta Org"),
        ),
    ]
    for nomination, days in zip(nominations, (2, 1, 3), strict=True):
        type(nomination).objects.filter(pk=nomination.pk).update(
            submitted_at=now - dt.timedelta(days=days)
        )
    client.force_login(staff)

    response = client.get(QUEUE, {"sort": sort})

    assert refs(response) == [nominations[index].reference for index in expected]


@pytest.mark.django_db
def test_queue_paginates_25_a_page_keeping_filters(client, staff, cycle):
    nominations = [make(cycle) for _ in range(27)]
    client.force_login(staff)

    first = client.get(QUEUE, {"state": "submitted"})
    second = client.get(QUEUE, {"state": "submitted", "page": 2})

    assert refs(first) == [n.reference for n in nominations[:25]]
    assert refs(second) == [n.reference for n in nominations[25:]]
    body = first.content.decode()
    assert "27 nominations, page 1 of 2" in body
    assert 'href="?state=submitted&amp;page=2"' in body
    assert 'aria-current="page">1</a>' in body


@pytest.mark.django_db
def test_queue_invalid_filter_is_reported_and_ignored(client, staff, cycle):
    nomination = make(cycle)
    client.force_login(staff)

    response = client.get(QUEUE, {"state": "bogus"})

    assert refs(response) == [nomination.reference]
    assert "Select a valid choice. bogus is not one of the available choices." in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_queue_without_cycle(client, staff):
    client.force_login(staff)

    response = client.get(QUEUE)

    assert "There is no current cycle." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 30])
def test_queue_query_count_does_not_grow(client, django_assert_num_queries, staff, cycle, size):
    for index in range(size):
        make(cycle, nominee=factories.NomineeFactory(legal_name=f"Same Name {index % 2}"))
    client.force_login(staff)

    # session, user, role groups, current cycle, duplicate flags, count, page of
    # nominations with cycle, nominee and nominator, the cycle picker's choices
    with django_assert_num_queries(8):
        response = client.get(QUEUE, {"sort": "nominee"})

    assert len(refs(response)) == min(size, 25)
    assert AuditEvent.objects.count() == 0
