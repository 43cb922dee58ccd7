"""The "Copy to a new cycle" page: offered on the list and the cycle page, copies, refuses."""

import re

import pytest
from django.urls import reverse

from core.models import AuditEvent
from nominations.models import Cycle, RubricCriterion
from nominations.states import CycleState
from tests import factories

pytestmark = pytest.mark.django_db


def copy_url(cycle: Cycle) -> str:
    return reverse("nominations:staff_cycle_copy", args=[cycle.pk])


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_cycle_list_and_cycle_page_offer_copy_to_a_new_cycle(staff_client):
    cycle = factories.CycleFactory(state=CycleState.ANNOUNCED)

    for page in (
        reverse("nominations:staff_cycles"),
        reverse("nominations:staff_cycle", args=[cycle.pk]),
    ):
        assert f'href="{copy_url(cycle)}"' in staff_client.get(page).content.decode()


def test_copy_page_proposes_the_next_year_and_says_what_is_copied(staff_client):
    cycle = factories.CycleFactory(award_year=2030)

    response = staff_client.get(copy_url(cycle))

    assert response.status_code == 200
    assert response.context["form"]["award_year"].value() == 2031
    page = text(response)
    assert "The rubric (1 criterion) and the eligibility checklist (2 items), in order" in page
    assert "Panel members, invitations, assignments and reviews" in page


def test_copy_post_creates_the_cycle_in_setup_and_goes_to_it(staff_client, staff):
    source = factories.CycleFactory(award_year=2030, state=CycleState.OPEN)

    response = staff_client.post(copy_url(source), {"award_year": "2031", "shift_dates": "on"})

    cycle = Cycle.objects.get(program=source.program, award_year=2031)
    assert response.status_code == 302
    assert response["Location"] == reverse("nominations:staff_cycle", args=[cycle.pk])
    assert cycle.state == CycleState.SETUP
    assert list(cycle.rubric_criteria.values_list("name", flat=True)) == ["Impact"]
    assert AuditEvent.objects.get(action="cycle.copy").object_id == str(cycle.pk)


def test_copy_post_asks_staff_to_check_the_copied_signatory(staff_client):
    source = factories.CycleFactory(
        award_year=2030, signatory_name="Antony J. Blinken", signatory_title="Secretary of State"
    )

    response = staff_client.post(
        copy_url(source), {"award_year": "2031", "shift_dates": "on"}, follow=True
    )

    assert (
        f"{source.program.short_name} 2031 is set up as a copy of {source}. Check its dates and "
        "texts, and that Antony J. Blinken, Secretary of State still signs the certificates, "
        "then open it."
    ) in text(response)


def test_copy_post_with_a_taken_year_says_so_next_to_the_field(staff_client):
    source = factories.CycleFactory(award_year=2030)
    cycles = Cycle.objects.count()

    response = staff_client.post(copy_url(source), {"award_year": "2030"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "award_year": [f"{source.program.short_name} already has a cycle for 2030."]
    }
    assert Cycle.objects.count() == cycles
    assert not AuditEvent.objects.filter(action="cycle.copy").exists()


@pytest.mark.parametrize("make_user", [factories.nominator, factories.panelist])
def test_copy_post_by_anyone_but_staff_is_refused_and_changes_nothing(client, make_user):
    source = factories.CycleFactory(award_year=2030)
    client.force_login(make_user())
    done = AuditEvent.objects.filter(outcome="done")
    before = (Cycle.objects.count(), RubricCriterion.objects.count(), done.count())

    response = client.post(copy_url(source), {"award_year": "2031", "shift_dates": "on"})

    assert response.status_code == 403
    assert (Cycle.objects.count(), RubricCriterion.objects.count(), done.count()) == before
    assert not AuditEvent.objects.filter(action="cycle.copy").exists()
