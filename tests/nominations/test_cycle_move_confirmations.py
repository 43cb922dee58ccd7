"""The irreversible cycle moves ask for an "I understand …" box, checked on the server:
their page states the consequences, and a POST without the box changes nothing."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from nominations.models import Cycle, OutboxMessage
from nominations.selectors.moves import deadline_sentence
from nominations.states import CycleState, NominationState
from tests import factories

pytestmark = pytest.mark.django_db
S = CycleState
ERROR = (
    '<span class="usa-error-message" id="id_confirm-error" role="alert">Tick the box to '
    "confirm that you understand. Nothing was changed.</span>"
)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def move_url(cycle, name) -> str:
    return reverse("nominations:staff_cycle_transition", args=[cycle.pk, name])


def recorded() -> tuple:
    return (AuditEvent.objects.count(), OutboxMessage.objects.count())


def test_deadline_sentence_counts_the_days_in_the_cycle_zone():
    zone = zoneinfo.ZoneInfo("America/New_York")
    cycle = Cycle(deadline=dt.datetime(2027, 1, 15, 23, 59, tzinfo=zone), time_zone=zone.key)
    now = dt.datetime(2026, 12, 6, 12, 0, tzinfo=zone)

    assert deadline_sentence(cycle, now) == (
        "Nominations close now, 40 days before the deadline of January 15, 2027, 11:59 p.m. "
        "EST; nominators can no longer submit."
    )
    assert deadline_sentence(cycle, dt.datetime(2027, 1, 16, tzinfo=zone)) == (
        "Nominations close now; the deadline of January 15, 2027, 11:59 p.m. EST has passed. "
        "Nominators can no longer submit."
    )


def test_close_page_states_the_consequences_and_asks_for_the_box(staff_client):
    cycle = factories.cycle_in(S.OPEN, deadline=timezone.now() + dt.timedelta(days=40, hours=2))
    factories.nomination_in(NominationState.DRAFT, cycle=cycle)

    body = text(staff_client.get(move_url(cycle, "close")))

    assert "Nominations close now, 40 days before the deadline of " in body
    assert "<li>1 draft will not be submitted unless nominations reopen" in body
    assert "I understand that nominators can no longer submit nominations.</label>" in body
    assert 'name="confirm" value="yes" required' in body
    # Staff can reopen, so the page does not claim otherwise.
    assert "cannot be undone" not in body


@pytest.mark.parametrize(
    ("name", "state"), [("start_review", S.CLOSED), ("start_selection", S.REVIEW)]
)
def test_irreversible_moves_say_so(staff_client, name, state):
    cycle = factories.cycle_in(state)

    body = text(staff_client.get(move_url(cycle, name)))

    assert "<p><strong>This cannot be undone from this site.</strong></p>" in body


def test_reopen_after_the_deadline_asks_for_one_without_calling_the_move_blocked(staff_client):
    cycle = factories.cycle_in(S.CLOSED, deadline=timezone.now() - dt.timedelta(days=1))

    for body in (
        text(staff_client.get(move_url(cycle, "reopen"))),
        text(staff_client.get(reverse("nominations:staff_cycle", args=[cycle.pk]))),
    ):
        assert "Cannot reopen nominations yet" not in body
        assert "blockers-reopen" not in body
        assert "cannot be undone" not in body
    assert "The deadline has passed: enter a new one below." in text(
        staff_client.get(move_url(cycle, "reopen"))
    )


def test_close_without_the_box_changes_nothing_and_says_why(staff_client):
    cycle = factories.cycle_in(S.OPEN)
    before = recorded()

    response = staff_client.post(move_url(cycle, "close"))

    assert response.status_code == 200
    assert ERROR in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.state == S.OPEN
    assert recorded() == before


def test_close_with_the_box_closes(staff_client):
    cycle = factories.cycle_in(S.OPEN)

    response = staff_client.post(move_url(cycle, "close"), {"confirm": "yes"})

    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.state == S.CLOSED
    assert AuditEvent.objects.filter(action="cycle.close", outcome="done").count() == 1


@pytest.mark.parametrize(
    ("name", "state", "says"),
    [
        ("start_review", S.CLOSED, "0 cleared nominations go to the panel now."),
        ("start_selection", S.REVIEW, "The selecting official is shown the slate: 0 nominations"),
    ],
)
def test_blocked_moves_without_the_box_record_nothing_with_it_the_refusal(
    staff_client, name, state, says
):
    """Without the box the service is not even asked (no denied event); with it, the
    service refuses and records the refusal."""
    cycle = factories.cycle_in(state)
    assert says in text(staff_client.get(move_url(cycle, name)))
    before = recorded()

    response = staff_client.post(move_url(cycle, name))

    assert ERROR in response.content.decode()
    assert recorded() == before
    staff_client.post(move_url(cycle, name), {"confirm": "yes"})
    cycle.refresh_from_db()
    assert cycle.state == state
    assert AuditEvent.objects.filter(action=f"cycle.{name}", outcome="denied").count() == 1


def test_open_needs_no_box(staff_client):
    cycle = factories.CycleFactory(state=S.SETUP)

    staff_client.post(move_url(cycle, "open"))

    cycle.refresh_from_db()
    assert cycle.state == S.OPEN
