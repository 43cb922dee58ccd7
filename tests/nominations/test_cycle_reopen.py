"""Reopening nominations (closed → open) while no nomination has been vetted."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.audit_context import recording_refusals
from core.exceptions import TransitionBlocked
from core.models import AuditEvent
from nominations.models import OutboxMessage
from nominations.services.cycle import cycle_reopen
from nominations.states import CycleState, NominationState
from tests import factories

pytestmark = pytest.mark.django_db
S = NominationState


def url(cycle) -> str:
    return reverse("nominations:staff_cycle_transition", args=[cycle.pk, "reopen"])


def closed_cycle(*, deadline_in=dt.timedelta(days=10), states=(S.SUBMITTED, S.DRAFT)):
    cycle = factories.cycle_in(CycleState.CLOSED, deadline=timezone.now() + deadline_in)
    for state in states:
        factories.nomination_in(state, cycle=cycle)
    return cycle


@pytest.mark.parametrize("states", [(), (S.SUBMITTED, S.DRAFT, S.WITHDRAWN)])
def test_reopen_keeps_the_deadline_and_is_audited(staff, states):
    cycle = closed_cycle(states=states)
    deadline = cycle.deadline

    cycle_reopen(cycle=cycle, actor=staff)

    cycle.refresh_from_db()
    assert (cycle.state, cycle.deadline) == (CycleState.OPEN, deadline)
    event = AuditEvent.objects.get(action="cycle.reopen")
    assert (event.outcome, event.from_state, event.to_state) == ("done", "closed", "open")


@pytest.mark.parametrize("vetted", [S.VETTING, S.RETURNED, S.INELIGIBLE, S.CLEARED])
def test_reopen_is_refused_once_a_nomination_has_been_vetted(staff, vetted):
    cycle = closed_cycle(states=(S.SUBMITTED, vetted))

    with recording_refusals(), pytest.raises(TransitionBlocked):
        cycle_reopen(cycle=cycle, actor=staff)

    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED
    event = AuditEvent.objects.get(action="cycle.reopen")
    assert event.outcome == "denied"
    assert event.note == "staff have already started vetting a nomination."


def test_reopen_is_refused_after_vetting_even_once_that_nomination_is_withdrawn(staff):
    from nominations.services.nomination import (
        nomination_return_for_info,
        nomination_start_vetting,
        nomination_withdraw,
    )

    cycle = closed_cycle(states=(S.SUBMITTED,))
    nomination = cycle.nominations.get()
    nomination_start_vetting(nomination=nomination, actor=staff)
    nomination_return_for_info(
        nomination=nomination,
        actor=staff,
        message="Please add the EIN.",
        due_date=timezone.localdate() + dt.timedelta(days=14),
    )
    nomination_withdraw(nomination=nomination, actor=nomination.nominator)
    assert nomination.state == S.WITHDRAWN

    with recording_refusals(), pytest.raises(TransitionBlocked) as refused:
        cycle_reopen(cycle=cycle, actor=staff)

    assert refused.value.reasons == ["staff have already started vetting a nomination"]
    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED


def test_reopen_after_the_deadline_needs_a_new_one(staff):
    cycle = closed_cycle(deadline_in=-dt.timedelta(days=1))
    stored = cycle.deadline

    with pytest.raises(TransitionBlocked):
        cycle_reopen(cycle=cycle, actor=staff)
    assert cycle.deadline == stored

    new = timezone.now() + dt.timedelta(days=7)
    cycle_reopen(cycle=cycle, actor=staff, deadline=new)

    cycle.refresh_from_db()
    assert (cycle.state, cycle.deadline) == (CycleState.OPEN, new)
    done = AuditEvent.objects.get(action="cycle.reopen", outcome="done")
    assert done.data["deadline"] == new.isoformat()


def test_reopen_page_states_the_deadline_and_asks_for_the_box(staff_client):
    cycle = closed_cycle()
    body = staff_client.get(url(cycle)).content.decode()
    assert "stays in force" in body
    assert "I understand that nominators can submit nominations again" in body
    assert (
        ">Reopen nominations…</a>"
        in staff_client.get(reverse("nominations:staff_cycle", args=[cycle.pk])).content.decode()
    )


def test_reopen_post_without_the_box_changes_nothing(staff_client):
    cycle = closed_cycle()
    before = (AuditEvent.objects.count(), OutboxMessage.objects.count())

    response = staff_client.post(url(cycle))

    assert response.status_code == 200
    assert "Tick the box to confirm that you understand." in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED
    assert (AuditEvent.objects.count(), OutboxMessage.objects.count()) == before


def test_reopen_page_with_a_passed_deadline_requires_a_new_one(staff_client):
    cycle = closed_cycle(deadline_in=-dt.timedelta(days=1))

    response = staff_client.post(url(cycle), {"confirm": "yes"})

    assert "The deadline has passed: enter a new one." in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED

    later = (timezone.now() + dt.timedelta(days=5)).astimezone(cycle.zone)
    response = staff_client.post(
        url(cycle), {"confirm": "yes", "deadline": later.strftime("%Y-%m-%dT%H:%M")}
    )

    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.state == CycleState.OPEN
    assert cycle.deadline == later.replace(second=0, microsecond=0)


def test_reopen_with_a_new_deadline_the_clocks_skip_says_so_and_changes_nothing(staff_client):
    cycle = closed_cycle(deadline_in=-dt.timedelta(days=1))
    year = timezone.now().year + 1
    march = [d for d in range(8, 15) if dt.date(year, 3, d).weekday() == 6][0]

    response = staff_client.post(
        url(cycle), {"confirm": "yes", "deadline": f"{year}-03-{march:02d}T02:30"}
    )

    assert "does not exist in America/New_York: the clocks go forward then." in (
        response.content.decode()
    )
    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED


def test_reopen_with_a_new_deadline_the_clocks_repeat_asks_which_then_saves_the_one_chosen(
    staff_client,
):
    cycle = closed_cycle(deadline_in=-dt.timedelta(days=1))
    year = timezone.now().year + 1
    # The first Sunday of November, 1:30 a.m.: New York's clocks show it twice.
    day = [d for d in range(1, 8) if dt.date(year, 11, d).weekday() == 6][0]
    typed = f"{year}-11-{day:02d}T01:30"
    edt = dt.datetime(year, 11, day, 5, 30, tzinfo=dt.UTC)
    est = dt.datetime(year, 11, day, 6, 30, tzinfo=dt.UTC)
    before = (AuditEvent.objects.count(), OutboxMessage.objects.count(), cycle.deadline)

    asked = staff_client.post(url(cycle), {"confirm": "yes", "deadline": typed})

    body = re.sub(r"\s+", " ", asked.content.decode())
    assert f"1:30 a.m. on November {day}, {year} happens twice in America/New_York" in body
    assert '<legend class="usa-legend">New deadline: which 1:30 a.m. do you mean?</legend>' in body
    for index, (reading, zone) in enumerate([(edt, "EDT"), (est, "EST")]):
        assert (
            f'id="id_deadline_reading_{index}" value="{reading.isoformat()}"> '
            f'<label class="usa-radio__label" for="id_deadline_reading_{index}">'
            f"November {day}, {year}, 1:30 a.m. {zone}</label>"
        ) in body
    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED
    assert (AuditEvent.objects.count(), OutboxMessage.objects.count(), cycle.deadline) == before

    chosen = staff_client.post(
        url(cycle), {"confirm": "yes", "deadline": typed, "deadline_reading": est.isoformat()}
    )

    assert chosen.status_code == 302
    cycle.refresh_from_db()
    assert (cycle.state, cycle.deadline) == (CycleState.OPEN, est)
