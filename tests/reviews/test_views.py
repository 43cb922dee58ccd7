"""The panelist's home page: who may see it, what it shows, and its query cost."""

import datetime as dt

import pytest
from django.urls import reverse

from nominations.models import AuditEvent, NominationState
from reviews.models import Assignment, Panel, PanelMember
from tests import factories

PANELIST_HOME = reverse("reviews:panelist_home")


def seat(user, award_year: int, *, attested: bool = False, removed: bool = False, assignments=0):
    cycle = factories.CycleFactory(award_year=award_year)
    panel = Panel.objects.create(cycle=cycle, attestation_text="I have no conflict.")
    member = PanelMember.objects.create(
        panel=panel,
        user=user,
        attested_at=dt.datetime(2023, 5, 2, 14, 0, tzinfo=dt.UTC) if attested else None,
        removed_at=dt.datetime(2023, 5, 3, tzinfo=dt.UTC) if removed else None,
    )
    for sequence in range(1, assignments + 1):
        nomination = factories.NominationFactory(
            cycle=cycle, state=NominationState.IN_REVIEW, sequence=sequence
        )
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
def test_panelist_home_lists_current_seats_with_attestation_and_assignments(client):
    user = factories.panelist()
    seat(user, 2031, attested=True, assignments=2)
    seat(user, 2032)
    seat(user, 2033, removed=True)
    seat(factories.panelist(), 2034, attested=True)
    client.force_login(user)

    response = client.get(PANELIST_HOME)

    body = response.content.decode()
    assert response.status_code == 200
    rows = [
        (m.panel.cycle.award_year, bool(m.attested_at), m.assignment_count)
        for m in response.context["seats"]
    ]
    assert rows == [(2032, False, 0), (2031, True, 2)]
    assert '<span class="usa-tag bg-green">Signed</span> May 2, 2023' in body
    assert '<span class="usa-tag bg-gold text-ink">Not signed yet</span>' in body
    assert "2033" not in body
    assert "2034" not in body


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
        seat(user, 2040 + offset, attested=True, assignments=size)
    client.force_login(user)

    # session, user, role groups, seats with cycle, program and assignment counts
    with django_assert_num_queries(4):
        response = client.get(PANELIST_HOME)

    assert len(response.context["seats"]) == size
