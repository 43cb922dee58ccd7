"""The public call for nominations of a cycle."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from nominations.models import Nomination
from nominations.states import CycleState
from tests import factories
from tests.nominations import recipients


def call_url(cycle) -> str:
    return reverse("nominations:cycle_call", kwargs={"pk": cycle.pk})


def text(response) -> str:
    return response.content.decode()


def with_notices(cycle, **pra):
    cycle.privacy_authority = "22 U.S.C. 7109b; 5 U.S.C. 301."
    cycle.privacy_purpose = "To consider nominees for the award."
    cycle.privacy_routine_uses = "Shared with member agencies for clearance."
    cycle.privacy_disclosure = "Voluntary. Without it, the nomination cannot be considered."
    cycle.privacy_notice_url = "https://www.state.gov/system-of-records-notices-privacy-office/"
    for name, value in pra.items():
        setattr(cycle, name, value)
    cycle.save()
    return cycle


@pytest.mark.django_db
def test_call_shows_award_eligibility_criteria_windows_and_deadline_with_zone(client):
    cycle = recipients.open_cycle(deadline=timezone.now() + dt.timedelta(days=10, hours=1))
    cycle.program.eligibility = "Individuals and nongovernmental organizations."
    cycle.program.save(update_fields=["eligibility"])

    response = client.get(call_url(cycle))

    body = text(response)
    assert response.status_code == 200
    assert f"<h1>Call for nominations: the 2023 {cycle.program.name}</h1>" in body
    assert "Open for nominations" in body
    assert "</strong>: 10 days left." in body
    assert "Individuals and nongovernmental organizations." in body
    assert "January 1, 2022 to December 31, 2022" in body
    assert "Especially courageous conduct" in body
    assert "<li><strong>Impact</strong></li>" in body  # the cycle's rubric
    assert "How to nominate" in body
    local = cycle.deadline.astimezone(cycle.zone)
    assert local.strftime("%Z") in body  # EST or EDT: the zone is always shown


@pytest.mark.django_db
def test_call_shows_the_privacy_act_statement(client):
    cycle = with_notices(recipients.open_cycle())

    body = text(client.get(call_url(cycle)))

    assert "Privacy Act statement" in body
    for part in (
        "22 U.S.C. 7109b; 5 U.S.C. 301.",
        "To consider nominees for the award.",
        "Shared with member agencies for clearance.",
        "Voluntary. Without it, the nomination cannot be considered.",
        'href="https://www.state.gov/system-of-records-notices-privacy-office/"',
    ):
        assert part in body


@pytest.mark.django_db
def test_call_shows_the_pra_block_only_when_the_cycle_has_one(client):
    without = with_notices(recipients.open_cycle())
    with_pra = with_notices(
        recipients.open_cycle(award_year=2024),
        pra_control_number="1405-0001",
        pra_expires_on=dt.date(2027, 6, 30),
        pra_burden_minutes=90,
        pra_statement="An agency may not conduct or sponsor an information collection unless...",
    )

    assert "Paperwork Reduction Act" not in text(client.get(call_url(without)))
    body = text(client.get(call_url(with_pra)))
    assert "Paperwork Reduction Act statement" in body
    assert "1405-0001" in body
    assert "June 30, 2027" in body
    assert "90 minutes per nomination" in body
    assert "An agency may not conduct or sponsor" in body


@pytest.mark.django_db
def test_call_anonymous_is_asked_to_sign_up_or_in_and_come_back(client):
    """Back to a new draft's form, not to the call: one screen fewer (issue 15)."""
    cycle = recipients.open_cycle(deadline=timezone.now() + dt.timedelta(days=3))

    body = text(client.get(call_url(cycle)))

    start = reverse("nominations:nomination_start_link", args=[cycle.pk])
    assert f'href="{reverse("account_signup")}?next={start}"' in body
    assert f'href="{reverse("account_login")}?next={start}"' in body


@pytest.mark.django_db
def test_call_signed_in_nominator_can_start_from_it(client):
    cycle = recipients.open_cycle(deadline=timezone.now() + dt.timedelta(days=3))
    client.force_login(factories.nominator())

    body = text(client.get(call_url(cycle)))

    assert f'action="{reverse("nominations:nomination_start")}"' in body
    assert f'name="cycle" value="{cycle.pk}"' in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state", [CycleState.CLOSED, CycleState.REVIEW, CycleState.SELECTION, CycleState.ANNOUNCED]
)
def test_call_of_a_closed_cycle_says_so_plainly(client, state):
    cycle = factories.CycleFactory(program=recipients.program(), award_year=2021, state=state)
    client.force_login(factories.nominator())

    body = text(client.get(call_url(cycle)))

    assert "Nominations are closed" in body
    assert "Nominations for the 2021 award closed on" in body
    assert "Start a nomination" not in body


@pytest.mark.django_db
def test_call_closed_early_gives_the_day_it_closed_not_the_deadline(client):
    from nominations.services.cycle import cycle_close

    cycle = factories.cycle_in(
        CycleState.OPEN,
        deadline=dt.datetime(2099, 1, 15, 23, 59, tzinfo=dt.UTC),
        time_zone="America/New_York",
    )
    cycle_close(cycle=cycle, actor=factories.award_staff())
    assert cycle.closed_at is not None
    type(cycle).objects.filter(pk=cycle.pk).update(
        closed_at=dt.datetime(2098, 12, 6, 15, 28, tzinfo=dt.UTC)
    )

    body = " ".join(text(client.get(call_url(cycle))).split())

    assert f"Nominations for the {cycle.award_year} award closed on <time datetime=" in body
    assert ">December 6, 2098, 10:28 a.m. EST</time>, before the deadline." in body
    assert "January 15, 2099" not in body


@pytest.mark.django_db
def test_call_after_the_deadline_of_an_open_cycle_says_closed(client):
    cycle = recipients.open_cycle()  # its deadline, March 2023, has passed

    body = text(client.get(call_url(cycle)))

    assert "Nominations are closed" in body
    assert recipients.DEADLINE_2023_TEXT in body


@pytest.mark.django_db
def test_call_not_yet_open_gives_the_opening_date(client):
    cycle = factories.CycleFactory(
        program=recipients.program(),
        state=CycleState.OPEN,
        opens_at=timezone.now() + dt.timedelta(days=2),
    )

    body = text(client.get(call_url(cycle)))

    assert "Not open yet" in body
    assert "Nominations open on" in body


@pytest.mark.django_db
def test_call_of_a_cycle_in_setup_is_not_found(client):
    cycle = factories.CycleFactory(state=CycleState.SETUP)

    assert client.get(call_url(cycle)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 5])
def test_call_query_count_does_not_grow_with_rubric_size(client, django_assert_num_queries, size):
    cycle = recipients.open_cycle()
    for position in range(2, size + 1):
        cycle.rubric_criteria.create(position=position, name=f"Criterion {position}")

    # the cycle with its program, its rubric
    with django_assert_num_queries(2):
        response = client.get(call_url(cycle))

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (dt.timedelta(days=12, hours=5), "12 days"),
        (dt.timedelta(days=1, hours=6), "30 hours"),
        (dt.timedelta(hours=1, minutes=59), "119 minutes"),
        (dt.timedelta(minutes=1, seconds=30), "1 minute"),
    ],
)
def test_time_left_reads_in_one_unit(left, expected):
    from nominations.views.public import time_left_text

    assert time_left_text(left) == expected


@pytest.mark.django_db
def test_home_open_call_links_to_the_call_page(client):
    cycle = recipients.open_cycle()

    body = text(client.get(reverse("nominations:home")))

    assert f'href="{call_url(cycle)}">Read the call for nominations</a>' in body
    assert not Nomination.objects.exists()


@pytest.mark.django_db
def test_home_lists_each_open_call_closing_soonest_first(client):
    later = recipients.open_cycle(award_year=2024, deadline=timezone.now() + dt.timedelta(days=90))
    sooner = recipients.open_cycle(award_year=2023, deadline=timezone.now() + dt.timedelta(days=9))
    factories.CycleFactory(program=later.program, award_year=2025, state=CycleState.SETUP)

    response = client.get(reverse("nominations:home"))

    assert response.context["open_cycles"] == [sooner, later]
    body = text(response)
    assert "The 2023 award is open for nominations" in body
    assert "The 2024 award is open for nominations" in body
    assert "The 2025 award" not in body
    for cycle in (sooner, later):
        assert f'href="{call_url(cycle)}">Read the call for nominations</a>' in body
        assert f'id="open-call-{cycle.pk}-heading"' in body


@pytest.mark.django_db
def test_home_links_the_announcement_of_years_announced_here(client):
    call_command("seed_demo", stdout=StringIO())

    html = client.get(reverse("nominations:home")).content.decode()

    assert f'href="{reverse("selection:press_statement_public", args=[2022])}"' in html
    assert reverse("selection:press_statement_public", args=[2019]) not in html
